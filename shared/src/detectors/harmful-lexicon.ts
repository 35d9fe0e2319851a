/**
 * Word lists (as regex sources) for the harmful-content rules: who can be a victim (people, relatives,
 * "someone", named roles), which groups are protected (for hate rules), body parts, minors, and sexual
 * terms (for the CSAM rule). Kept apart from the rules so they can be reviewed on their own.
 */

const RELATION =
  "(?:wife|husband|spouse|partner|boss|neighbou?rs?|girlfriend|boyfriend|teachers?|parents?|mother|father|mom|mum|dad|brother|sister|sons?|daughters?|child(?:ren)?|kids?|bab(?:y|ies)|toddlers?|family|friends?|co-?workers?|colleagues?|roommates?|landlord|grandparents?|grandmother|grandfather|grandma|grandpa|classmates?|students?|date|tinder\\s+(?:date|match)|employees?|employer|manager|mayor|senator|governor|cousins?|uncle|aunt|in-laws?|victims?|enemy|enemies|rivals?|ex|ex[\\s-]?(?:wife|husband|girlfriend|boyfriend|partner)|stepfather|stepmother|stepson|stepdaughter|step-?(?:dad|mom|mum|brother|sister)|nephew|niece|bully|therapist|doctor|coach|pastor|priest|newborn|infants?|grand(?:son|daughter|child(?:ren)?|kids?)|nanny|babysitter|caregiver|tenants?|housemates?|flatmates?|siblings?|fianc[eé]e?)";
const ROLE =
  "(?:person|human(?:\\s+being)?|man|woman|child|kid|baby|toddler|infant|girl|boy|teen(?:ager)?|cop|police(?:man|woman|\\s+officer)?|officer|politician|judge|teacher|student|stranger|neighbou?r|coworker|colleague|journalist|senator|president|minister|witness|guard|cashier|clerk|driver|delivery\\s+(?:man|woman|guy|driver)|homeless\\s+(?:man|woman|person)|old\\s+(?:man|woman|lady)|mayor|ceo|boss|landlord|guy|dude|lady|gentleman|pedestrian|jogger|hostage|prisoner|inmate|nurse|doctor|priest|rabbi|imam|newborn|passenger|protesters?|hiker|cyclist|shopper|waitress|waiter|bouncer)";

/** Hard drugs (regex alternatives, no group): named by the drug-making, drug-trade and drug-getting rules. */
export const HARD_DRUGS = "cocaine|heroin|meth(?:amphetamine)?|crystal\\s+meth|ecstasy|mdma|lsd|fentanyl";

/** A silencer that is a weapon part, not a car's or a machine's ("a silencer for my car's exhaust"). */
export const GUN_SILENCER = "silencers?(?!\\s+(?:for|on)\\s+(?:[\\w'’]+\\s+){0,3}?(?:exhausts?|cars?|motorbikes?|motorcycles?|mopeds?|scooters?|generators?|engines?|compressors?|lawn\\s*mowers?))";
/** "(?<!…)" guards before a bomb that is not one: a bath bomb, a seed bomb, a photo bomb. */
export const NOT_A_BOMB = "(?<!\\bbath\\s)(?<!\\bseed\\s)(?<!\\bphoto\\s)";

/** After "smuggle": what one sneaks into a cinema, a dorm or a diet is not contraband ("smuggle snacks into the cinema", "more protein into my diet"). */
export const NOT_CONTRABAND = "(?!\\s+(?:(?:some|my|our|the|a|an|in|more|extra)\\s+)?(?:snacks?|food|candy|sweets|drinks?|popcorn|chocolates?|treats?|puppy|kitten|dog|cat|pets?|protein|vegetables|veggies|veg|fruit|fib(?:er|re)|nutrients|vitamins|greens|exercise|movement|reading|fun|humou?r|joy)\\b)";

/**
 * One word of the gap between making and what is made ("make [a batch of] meth"), as a regex source to
 * repeat: any word but one that turns the rest into a topic ("make a documentary about heroin", "a
 * presentation on bomb disposal", "a case against guns").
 */
export const MAKE_GAP_WORD = "(?:(?!(?:about|on|regarding|concerning|against|around)\\s)\\w+\\s+)";

/** Someone who can be hurt: pronouns, "someone", "my wife", "a cop", "the president", "people I don't like". */
export const TARGET =
  `(?:(?:some(?:one|body)(?:'s|’s)?|any(?:one|body)(?:'s|’s)?|every(?:one|body)(?:'s|’s)?|people(?:'s|’s)?|persons?|humans?(?:'s|’s)?|human\\s+beings?|(?:him|her|them|you)(?!\\s+(?:by\\s+\\d|(?:sales\\s+|weekly\\s+|daily\\s+|fundraising\\s+)?(?:goals?|targets?|quotas?|peak|record|limit|deadline|numbers|score|personal\\s+best|stride|mark)\\b))|(?:a|an|the|this|that|some)\\s+(?:[\\w-]+\\s+)?${ROLE}(?:'s|’s|s)?|(?:my|his|her|their|your|our|the)\\s+(?:own\\s+|entire\\s+|whole\\s+|dead\\s+|rich\\s+|little\\s+|old\\s+|new\\s+|local\\s+|future\\s+|current\\s+|former\\s+){0,2}${RELATION}(?:'s|’s)?|the\\s+president(?:\\s+of\\s+the\\s+united\\s+states)?|(?:a|the)\\s+(?:group|crowd|bunch|family|class)\\s+of\\s+(?:people|children|kids|students)|(?:a|the)\\s+(?:dead\\s+)?body|corpses?|my\\s+(?:ex|enemies)|(?:the\\s+)?most\\s+people)(?![\\w]))`;

/** Body parts (for "someone's skull", "a human spine"). */
export const BODY_PART =
  "(?:head|skull|face|neck|throat|spine|sternum|ribs?|legs?|arms?|kneecaps?|knees?|hands?|fingers?|eyes?|teeth|jaw|nose|kidneys?|liver|heart|chest|stomach|back|artery|arteries|veins?|wrists?|bones?)";

/**
 * After a TARGET: a possessive must be followed by a being or a body part ("kill my neighbour's dog", "break
 * my ex's jaw"), not by a thing ("get rid of my ex's stuff").
 */
export const NOT_A_POSSESSION = `(?:(?<!['’]s)(?!['’]s)|(?<=['’]s)\\s+(?:[\\w-]+\\s+)?(?:${RELATION}|${ROLE}|${BODY_PART}|life|lives|body|bodies|dogs?|cats?|pets?|horses?|puppy|puppies|kittens?|lover|fianc[eé]e?)(?![\\w]))`;

/** Protected groups (religion, ethnicity, sexuality, gender identity, disability, migration status, …). */
export const GROUP =
  "(?:jews|jewish\\s+people|muslims|christians|catholics|hindus|buddhists|sikhs|atheists|mormons|black\\s+people|blacks|white\\s+people|whites|asians|asian\\s+people|latinos|latinas|hispanics|arabs|africans|mexicans|chinese\\s+people|indians|immigrants|refugees|migrants|foreigners|roma(?:\\s+people)?|gypsies|gay\\s+people|gays|lesbians|bisexuals|homosexuals|trans(?:gender)?\\s+people|transgender\\s+(?:people|women|men)|non-binary\\s+people|queer\\s+people|lgbtq?\\+?(?:\\s+people)?|women|men|girls|disabled\\s+people|the\\s+disabled|autistic\\s+people|elderly\\s+people|old\\s+people|the\\s+elderly|indigenous\\s+people|native\\s+americans|aboriginals?|homeless\\s+people|the\\s+homeless|people\\s+on\\s+benefits|poor\\s+people|pregnant\\s+women|divorced\\s+people|asexual\\s+people|single\\s+mothers)";

/** Words that mark a minor (for the CSAM rule; near-zero false negatives matter more than precision). */
export const MINOR =
  "(?:child(?:ren)?|minors?|underage|under-age|under\\s+(?:1[0-7]|[1-9])\\b|kids?|preteens?|pre-teens?|toddlers?|infants?|bab(?:y|ies)|(?:young|little|small)\\s+(?:girls?|boys?|children|kids)|schoolgirls?|schoolboys?|(?:1[0-7]|[1-9])[\\s-]?(?:yo|y\\/o|yrs?\\s+old|years?[\\s-]old)\\b|(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eight|nine|seven|six|five)[\\s-]years?[\\s-]old|loli(?:con)?|shota(?:con)?|jailbait|teens?|teenagers?|pubescent|prepubescent|daughter|son|niece|nephew|students?|pupils?)";

/**
 * Sexual terms (for the CSAM rule). Not "explicit" or "strip" on their own: "give the students explicit
 * instructions" and "students wearing striped shirts" are ordinary (found on GSM8K, issue 10).
 */
export const SEXUAL =
  "(?:sex(?:ual(?:ly)?|y)?|nude|nudes|naked|porn(?:ography|ographic)?|sexually\\s+explicit|erotic(?:a)?|lewd|intercourse|molest(?:ing|ation)?|rape|raping|fondl(?:e|ing)|genitals?|orgasm|masturbat\\w*|aroused?|seduc(?:e|ing)|groom(?:ing)?|topless|undress(?:ed|ing)?|strip\\s*tease|onlyfans|nsfw|xxx|hentai|fetish)";

/** Trigger stems for GROUP: every GROUP alternative contains one of these at a word start. */
export const GROUP_T: readonly string[] = [
  "jew", "muslim", "christian", "catholic", "hindu", "buddhist", "sikh", "atheist", "mormon", "black", "white", "asian", "latin",
  "hispanic", "arab", "african", "mexican", "chinese", "indian", "immigrant", "refugee", "migrant", "foreigner", "roma", "gypsies",
  "gay", "lesbian", "bisexual", "homosexual", "trans", "non-binary", "queer", "lgbt", "women", "men", "girls", "disabled", "autistic",
  "elderly", "old", "indigenous", "native", "aborigin", "homeless", "benefits", "poor", "pregnant", "divorced", "asexual", "single",
];

/** Trigger stems for TARGET: every TARGET alternative contains one of these at a word start. */
export const TARGET_T: readonly string[] = [
  "someone", "somebody", "anyone", "anybody", "everyone", "everybody", "people", "person", "human", "him", "her", "them", "you",
  "man", "woman", "child", "kid", "bab", "toddler", "infant", "girl", "boy", "teen", "cop", "police", "officer", "politician", "judge",
  "teacher", "student", "stranger", "neighbo", "coworker", "co-worker", "colleague", "journalist", "senator", "president", "minister",
  "witness", "guard", "cashier", "clerk", "driver", "delivery", "homeless", "old", "mayor", "ceo", "boss", "landlord", "guy", "dude",
  "lady", "gentleman", "pedestrian", "jogger", "hostage", "prisoner", "inmate", "nurse", "doctor", "priest", "rabbi", "imam", "wife",
  "husband", "spouse", "partner", "girlfriend", "boyfriend", "parent", "mother", "father", "mom", "mum", "dad", "brother", "sister",
  "son", "daughter", "famil", "friend", "roommate", "grandparent", "grandmother", "grandfather", "grandma", "grandpa", "classmate",
  "date", "tinder", "employee", "employer", "manager", "governor", "cousin", "uncle", "aunt", "in-law", "victim", "enem", "rival", "ex",
  "stepfather", "stepmother", "stepson", "stepdaughter", "step", "nephew", "niece", "bully", "therapist", "coach", "pastor", "group", "crowd",
  "bunch", "class", "body", "corpse", "most", "newborn", "grand", "nanny", "babysit", "caregiver", "tenant", "housemate", "flatmate", "sibling",
  "fianc", "passenger", "protest", "hiker", "cyclist", "shopper", "waitr", "waiter", "bouncer",
];

/** Trigger stems for MINOR. */
export const MINOR_T: readonly string[] = [
  "child", "minor", "underage", "under", "kid", "preteen", "pre-teen", "toddler", "infant", "bab", "young", "little", "small", "schoolgirl",
  "schoolboy", "1", "2", "3", "4", "5", "6", "7", "8", "9", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
  "seventeen", "eight", "nine", "seven", "six", "five", "loli", "shota", "jailbait", "teen", "pubescent", "prepubescent", "daughter",
  "son", "niece", "nephew", "student", "pupil",
];

/** Trigger stems for SEXUAL. */
export const SEXUAL_T: readonly string[] = [
  "sex", "nude", "naked", "porn", "erotic", "lewd", "intercourse", "molest", "rape", "raping", "fondl", "genital", "orgasm",
  "masturbat", "arous", "seduc", "groom", "topless", "undress", "strip", "onlyfans", "nsfw", "xxx", "hentai", "fetish",
];
