/**
 * Rules for violence, weapons, explosives and hate (type HARMFUL_CONTENT). Violence needs a human victim
 * ("kill a Python process" is not violence): verbs are paired with TARGET from harmful-lexicon.ts. Only
 * base and -ing verb forms are used, so requests and threats match while narration ("he killed") does not.
 * Talk modes: "full" for most; "frame" (story/game/impossible premise only) for endorsement and
 * discrimination, which are usually phrased as "why" questions.
 */
import { BODY_PART, GROUP, GROUP_T, GUN_SILENCER, MAKE_GAP_WORD, NOT_A_BOMB, NOT_A_POSSESSION, TARGET, TARGET_T } from "./harmful-lexicon.ts";
import { registerRules, type PatternRule } from "./rules.ts";
import { verbAlternation as verbs, verbTriggers as vt } from "./verbs.ts";

const F = "full" as const;
const rx = (src: string): RegExp => new RegExp(src, "gi");
const NO_S = { thirdPerson: false };

const VIOLENT_VERBS = ["kill", "murder", "stab", "shoot", "strangle", "choke", "poison", "behead", "decapitate", "torture", "kidnap:kidnapping",
    "abduct", "assault", "attack", "beat up", "beat", "hurt", "injure", "maim", "execute", "eliminate", "slay", "butcher",
    "gut", "dismember", "drown", "suffocate", "smother", "lynch", "run over", "throttle", "punch", "kick", "slap", "tackle",
    "overpower", "crush", "hammer", "saw", "chop up", "snipe", "assassinate", "do away with", "get rid of", "eradicate",
    "exterminate", "annihilate", "wipe out", "decimate", "liquidate", "terminate", "euthanize", "euthanise", "capture",
    "hunt down", "destroy", "blackmail", "threaten", "rob", "mug", "rape", "molest", "electrocute", "starve", "knock out",
    "shoot up", "burn", "torch", "stalk", "harass", "hit", "garrote", "garrotte", "bludgeon", "pistol-whip", "waterboard", "mutilate",
    "disfigure", "cripple", "paralyze", "paralyse", "incapacitate", "ambush"];
const VIOLENT = verbs(VIOLENT_VERBS, NO_S);
const BODY_VERBS = ["break", "crack open", "break open", "rip off", "cut off", "shatter", "smash", "smash in", "crush", "slit", "hammer", "stab", "gouge", "snap"];
const BODY_VERB = verbs(BODY_VERBS, NO_S);
const PLACE =
  "(?:house|home|hospital|school|building|car|church|mosque|synagogue|temple|office|apartment|store|shop|business|restaurant|barn|bridge|stadium|concert|plane|airplane|airport|train|bus|station|embassy|base|mall|market|city|crowd|festival|parade|courthouse|clinic|nightclub|club|bar)";
/** Substances slipped into someone's food or drink to hurt them. */
const TOXIC =
  "bleach|antifreeze|rat\\s+poison|poison|arsenic|cyanide|laxatives?|eye\\s+drops|visine|sleeping\\s+pills|ground\\s+glass|thallium|ethylene\\s+glycol|drain\\s+cleaner";
/** Another person's food or drink ("my husband's coffee", "her drink"). */
const SOMEONES_FOOD =
  "(?:my\\s+[\\w-]+(?:'s|’s)|his|her|their|someone's|somebody's|[\\w-]+(?:'s|’s))\\s+(?:\\w+\\s+)?(?:coffee|tea|drinks?|food|meals?|dinner|lunch|breakfast|water|wine|beer|soup|smoothie|juice|bottle|cup|glass|lunchbox|sandwich)";
/** Terrorist and violent extremist groups (for recruiting and propaganda requests). */
const TERROR_GROUP =
  "isis|isil|daesh|the\\s+islamic\\s+state|al[\\s-]qaeda|al[\\s-]shabaab|the\\s+taliban|boko\\s+haram|hamas|hezbollah|the\\s+kkk|kkk|the\\s+ku\\s+klux\\s+klan|atomwaffen|a\\s+terrorist\\s+(?:group|cell|organi[sz]ation)|the\\s+jihad|a\\s+jihadist\\s+\\w+|a\\s+neo-?nazi\\s+\\w+";
const MAKE_VERBS = ["make", "build", "construct", "assemble", "create", "detonate", "plant", "set off", "rig", "prepare", "mix", "cook", "wire",
  "manufacture", "produce", "print", "3d print", "3d-print", "craft", "convert"];
const MAKE = verbs(MAKE_VERBS);
const HATE_VERBS = ["kill", "murder", "eradicate", "exterminate", "eliminate", "wipe out", "gas", "deport", "get rid of", "cleanse", "purge", "annihilate",
    "massacre", "lynch", "hang", "shoot", "attack", "beat up", "burn", "sterilize", "sterilise", "enslave", "segregate", "ban"];
const HATE_VERB = verbs(HATE_VERBS, NO_S);
const DISCRIM_PRED =
  "(?:not\\s+be\\s+(?:allowed|permitted|given|admitted|shown|hired|trusted|able\\s+to\\s+vote)|be\\s+(?:denied|barred|banned|excluded|kicked|deported|segregated|sterili[sz]ed|discriminated|overrepresented|locked\\s+up|put\\s+in\\s+camps|paid\\s+less|treated\\s+as)|not\\s+(?:to\\s+)?(?:have|get|hold|marry|vote|study|own|work|breed|reproduce)\\b|earn\\s+less|go(?:es)?\\s+through\\s+extra|(?:so\\s+much\\s+)?(?:weaker|dumber|stupider|inferior|less\\s+intelligent)\\s+than|(?:are|is)\\s+(?:subhuman|animals|vermin|parasites|inferior)|have\\s+(?:their|someone\\s+else|others)\\s+(?:\\w+\\s+)?make\\s+(?:\\w+\\s+)?decisions|make\\s+all\\s+(?:the\\s+)?(?:\\w+\\s+){0,2}decisions|(?:should|must)\\s+(?:all\\s+)?(?:die|be\\s+killed))";

/** Violence against people (subtype violent_threat). */
export const VIOLENCE_RULES: readonly PatternRule[] = registerRules([
  { subtype: "violent_threat", re: rx(`\\b${VIOLENT}\\s+${TARGET}${NOT_A_POSSESSION}`), score: 0.8, talk: F, triggersAll: [vt(VIOLENT_VERBS), TARGET_T], anchored: true },
  { subtype: "violent_threat", re: rx(`\\b${BODY_VERB}\\s+${TARGET}\\s+(?:\\w+\\s+)?${BODY_PART}\\b`), score: 0.85, talk: F, triggersAll: [vt(BODY_VERBS), TARGET_T], anchored: true },
  { subtype: "violent_threat", re: rx(`\\b${verbs(["push", "throw"], NO_S)}\\s+${TARGET}\\s+(?:off|down|in\\s+front\\s+of|into|out\\s+of)\\b`), score: 0.8, talk: F , triggersAll: [["push", "pushing", "throw", "throwing"], TARGET_T] },
  { subtype: "violent_threat", re: rx(`\\b${verbs(["take"], NO_S)}\\s+${TARGET}\\s+(?:\\w+\\s+)?hostage\\b`), score: 0.85, talk: F , triggers: ["hostage"]},
  {
    subtype: "violent_threat",
    re: rx(`\\b${verbs(["smash", "destroy", "vandalize", "vandalise", "damage", "wreck", "slash", "demolish", "trash", "sabotage", "ruin", "tarnish"], NO_S)}\\s+(?:${TARGET}|someone's|somebody's|(?:my|his|her|their)\\s+(?:\\w+\\s+)?\\w+(?:'s|’s))\\s+(?:\\w+\\s+)?(?:car|motorbike|motorcycle|bike|house|home|tires|tyres|property|windows?|life|reputation|career|marriage|business|self[\\s-]confidence|credit)\\b`),
    score: 0.7,
    talk: F, triggers: vt(["smash", "destroy", "vandalize", "vandalise", "damage", "wreck", "slash", "demolish", "trash", "sabotage", "ruin", "tarnish"]),
  },
  {
    subtype: "violent_threat",
    re: rx(`\\b${verbs(["rob"], NO_S)}\\s+(?:a|an|the|my|this|that|some)\\s+(?:\\w+\\s+)?(?:bank|casino|store|shop|gas\\s+station|jewel(?:le)?ry\\s+store|house|home|family|liquor\\s+store|pharmacy|atm|armou?red\\s+(?:car|truck)|train|museum|restaurant|convenience\\s+store|petrol\\s+station)\\b`),
    score: 0.75,
    talk: F, triggers: ["rob"],
  },
  { subtype: "violent_threat", re: rx(`\\b(?:punch|blow|kick|hit|slap|strike)(?:es)?\\s+(?:on|to|at)\\s+${TARGET}`), score: 0.75, talk: F , triggers: ["punch", "blow", "kick", "hit", "slap", "strike"]},
  { subtype: "violent_threat", re: rx(`\\b${verbs(["knock", "beat"], NO_S)}\\s+${TARGET}\\s+(?:out|unconscious|senseless|to\\s+death)\\b`), score: 0.8, talk: F , triggers: ["knock", "beat"]},
  { subtype: "violent_threat", re: rx(`\\b${verbs(["threaten", "blackmail", "extort", "intimidate", "bully", "terrorize", "terrorise"], NO_S)}\\s+(?:a|an|the|my|his|her|their|our|some)\\s+\\w+`), score: 0.7, talk: F , triggers: vt(["threaten", "blackmail", "extort", "intimidate", "bully", "terrorize", "terrorise"])},
  { subtype: "violent_threat", re: rx(`\\bgive\\s+${TARGET}\\s+an?\\s+(?:headshot|beating|concussion|electric\\s+shock)\\b`), score: 0.8, talk: F , triggers: ["give"]},
  { subtype: "violent_threat", re: /\b(?:people|someone|somebody|persons?|humans?)\s+to\s+(?:kill|murder|stab|hurt|attack|shoot(?!\s+(?:photos?|videos?|pictures?|hoops|baskets)))\b/gi, score: 0.7, talk: F , triggers: ["people", "someone", "somebody", "person", "human"]},
  {
    subtype: "violent_threat",
    re: /\bcommit(?:ting)?\s+(?:an?\s+)?(?:\w+\s+)?(?:murder|massacre|homicide|assault|armed\s+robbery|robbery|arson|terrorism|terrorist\s+attacks?|genocide|rape|kidnapping|manslaughter|atrocit(?:y|ies)|mass\s+shooting|school\s+shooting|hate\s+crimes?|treason)\b/gi,
    score: 0.85,
    talk: F, triggers: ["commit"],
  },
  {
    subtype: "violent_threat",
    re: rx(`\\b${verbs(["plan", "carry out", "execute", "stage", "organize", "organise", "get away with"], NO_S)}\\s+(?:an?\\s+|the\\s+|another\\s+)?(?:[\\w'’]+\\s+)?(?:assassination|massacre|murder|terrorist\\s+attack|bombing|school\\s+shooting|mass\\s+shooting|shooting|genocide|kidnapping|hijacking|rape|death)\\b`),
    score: 0.8,
    talk: F, triggers: ["assassination", "massacre", "murder", "terrorist", "bombing", "shooting", "genocide", "kidnapping", "hijacking", "rape", "death"],
  },
  { subtype: "violent_threat", re: /\b(?:find|hire|get|contact|pay)\s+(?:an?\s+)?(?:hitman|hit\s+man|assassin|contract\s+killer|killer)\b/gi, score: 0.85, talk: F , triggers: ["hitman", "hit", "assassin", "killer"]},
  { subtype: "violent_threat", re: rx(`\\b${verbs(["set", "light"], NO_S)}\\s+(?:a|an|the|my|his|her|their|someone's|\\w+'s)\\s+(?:\\w+\\s+)?${PLACE}\\s+on\\s+fire\\b`), score: 0.85, talk: F , triggers: ["fire"]},
  { subtype: "violent_threat", re: rx(`\\bburn(?:ing)?\\s+(?:down\\s+)?(?:a|an|the|my|his|her|their|someone's|\\w+'s)\\s+(?:\\w+\\s+)?${PLACE}(?:\\s+down)?\\b`), score: 0.8, talk: F , triggers: ["burn"]},
  {
    subtype: "violent_threat",
    re: rx(`\\b${verbs(["poison", "contaminate", "taint"], NO_S)}\\s+(?:a\\s+|the\\s+|our\\s+|their\\s+|my\\s+)?(?:\\w+\\s+){0,2}?(?:water\\s+(?:supply|source|system)|drinking\\s+water|reservoir|food\\s+supply|well)\\b`),
    score: 0.85,
    talk: F, triggers: ["poison", "contaminat", "taint"],
  },
  { subtype: "violent_threat", re: rx(`\\b(?:best|good|effective|untraceable|undetectable)\\s+poisons?\\s+(?:to|for|that)\\s+(?:\\w+\\s+)?(?:${TARGET}|kill|murder)`), score: 0.8, talk: F , triggers: ["poison"]},
  {
    subtype: "violent_threat",
    re: rx(`\\b${verbs(["obliterate", "destroy", "wipe out", "annihilate", "level", "nuke", "bomb", "decimate", "exterminate", "eradicate", "poison"], NO_S)}\\s+(?:an?\\s+|the\\s+)?(?:entire\\s+|whole\\s+)?(?:city|town|village|country|population|humanity|human\\s+race|neighbou?rhood|ethnic\\s+group)\\b`),
    score: 0.8,
    talk: F, triggers: ["obliterat", "destroy", "wip", "annihilat", "level", "nuk", "bomb", "decimat", "exterminat", "eradicat", "poison"],
  },
  { subtype: "violent_threat", re: /\bhijack(?:ing)?\s+(?:a|an|the)\s+(?:plane|airplane|aircraft|jet|flight|bus|train|ship|boat)\b/gi, score: 0.85, talk: F , triggers: ["hijack"]},
  {
    subtype: "violent_threat",
    re: rx(`\\b${verbs(["set up", "start", "run", "operate", "engage in", "get into"], NO_S)}\\s+(?:an?\\s+|the\\s+)?human\\s+trafficking\\b|\\btraffic(?:king)?\\s+(?:women|children|kids|girls|people|humans)\\b`),
    score: 0.85,
    talk: F, triggers: ["human", "traffic"],
  },
  {
    subtype: "violent_threat",
    re: rx(`\\b${verbs(["engage in", "support", "fund", "join"], NO_S)}\\s+(?:an?\\s+)?(?:act\\s+of\\s+)?terror(?:ism|ist\\s+(?:attacks?|groups?|organi[sz]ations?))|\\bjoin(?:ing)?\\s+(?:isis|al[\\s-]qaeda|the\\s+taliban|hamas|boko\\s+haram)\\b`),
    score: 0.85,
    talk: F, triggers: ["terror", "join"],
  },
  {
    subtype: "violent_threat",
    re: rx(`\\b${verbs(["replicate", "repeat", "recreate", "copy", "reenact", "re-enact"], NO_S)}\\s+(?:the\\s+|another\\s+)?(?:[\\w'’\\/.-]+\\s+){0,4}?(?:attacks?|massacres?|genocide|assassination|bombings?|shootings?|atomic\\s+bombs?|concentration\\s+camps?|holocaust)\\b`),
    score: 0.8,
    talk: F, triggers: ["attack", "massacre", "genocide", "assassination", "bombing", "shooting", "atomic", "concentration", "holocaust"],
  },
  { subtype: "violent_threat", re: /\b(?:take|taking)\s+out\s+(?:the\s+)?(?:president|senator|politician|witness|mayor|governor|prime\s+minister|judge|cop)\b/gi, score: 0.75, talk: F , triggers: ["take", "taking"]},
  { subtype: "violent_threat", re: /\b(?:take\s+out|assassinate|kill|shoot|murder|eliminate|stab|poison)\s+(?:[A-Z][a-z]+\s){1,2}[A-Z][a-z]+\b(?!\s+(?:for|to)\s)/g, score: 0.75, talk: F , triggers: ["take", "assassinate", "kill", "shoot", "murder", "eliminate", "stab", "poison"]},
  { subtype: "violent_threat", re: /\bincit(?:e|es|ing)\s+(?:\w+\s+){0,2}?(?:violence|riots?|attacks?|genocide)\b/gi, score: 0.7, talk: F , triggers: ["incit"]},
  { subtype: "violent_threat", re: rx(`\\b${verbs(["dispose of", "hide", "dissolve", "bury"], NO_S)}\\s+(?:${TARGET}|(?:a|the|my)\\s+(?:dead\\s+)?(?:body|corpse))|\\bdump(?:ing)?\\s+(?:a|the|his|her)\\s+(?:dead\\s+)?(?:body|corpse)\\b(?!\\s*(?:text|copy|html|content|tags?|parts?|fields?))`), score: 0.8, talk: F , triggers: ["dispos", "hid", "dissolv", "bur", "dump"]},
  {
    subtype: "violent_threat",
    re: /\b(?:right|justified)\s+to\s+(?:kill|attack|invade|murder|bomb|shoot|exterminate|massacre)\b|\b(?:shooting|massacre|genocide|attack|bombing|terrorism|invasion|assassination)\s+(?:was|is|were)\s+(?:morally\s+|actually\s+|completely\s+)?(?:justified|a\s+good\s+thing)\b|\bwhy\s+(?:was|is|were)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,4}?(?:shooting|massacre|genocide|attack|attacks|bombing|terrorism|invasion|assassination|slavery|slave\s+trade|holocaust|ethnic\s+cleansing|apartheid|lynching)\s+(?:actually\s+|morally\s+|completely\s+)?(?:justified|(?:a\s+)?good(?:\s+thing)?|right|necessary)\b/gi,
    score: 0.75,
    talk: "frame", triggers: ["right", "justified", "why", "good"],
  },
  // Issue 10, ninth round (written from general knowledge, tested on look-alikes of their own):
  // luring a child away,
  {
    subtype: "violent_threat",
    re: rx(`\\b${verbs(["lure", "entice", "coax", "tempt"], NO_S)}\\s+(?:an?\\s+|the\\s+|some\\s+|(?:young|little|small)\\s+)*(?:child(?:ren)?|kids?|little\\s+(?:girls?|boys?)|(?:young\\s+)?(?:girls?|boys?)|minors?|teen(?:ager)?s?|toddlers?)\\s+(?:into|to|away|back\\s+to|out\\s+of|home\\s+with)\\b`),
    score: 0.85,
    talk: F,
    triggersAll: [["lur", "entic", "coax", "tempt"], ["child", "kid", "little", "young", "girl", "boy", "minor", "teen", "toddler"]],
  },
  // a toxic substance slipped into someone's food or drink,
  {
    subtype: "violent_threat",
    re: rx(`\\b(?:${TOXIC})\\b[^.?!\\n]{0,40}?\\b(?:add|put|slip|mix|pour|sneak|drop|stir)\\w*\\s+(?:it\\s+|them\\s+)?(?:in|into|to)\\s+${SOMEONES_FOOD}|\\b(?:add|put|slip|mix|pour|sneak|drop|stir|lace|spike)\\w*\\s+(?:\\w+\\s+){0,4}?(?:${TOXIC})\\s+(?:in|into|to)\\s+${SOMEONES_FOOD}|\\b(?:lace|spike|contaminate|taint)\\w*\\s+${SOMEONES_FOOD}\\s+with\\s+(?:\\w+\\s+)?(?:${TOXIC})\\b`),
    score: 0.85,
    talk: F,
    // every alternative holds a substance and a verb of slipping it in
    triggersAll: [
      ["bleach", "antifreeze", "rat", "arsenic", "cyanide", "laxative", "eye", "visine", "sleeping", "ground", "thallium", "ethylene", "drain", "poison"],
      ["add", "put", "slip", "mix", "pour", "sneak", "drop", "stir", "lace", "spike", "contaminat", "taint"],
    ],
  },
  // sabotaging someone's brakes or steering,
  {
    subtype: "violent_threat",
    re: rx(`\\b(?:tamper(?:s|ed|ing)?\\s+with|sabotag(?:e|es|ed|ing)|cut(?:s|ting)?|mess(?:es|ed|ing)?\\s+with|disabl(?:e|es|ed|ing)|drain(?:s|ed|ing)?)\\s+(?:(?:his|her|their|someone's|somebody's|my\\s+[\\w-]+'s|[\\w-]+'s)\\s+(?:car's\\s+|truck's\\s+)?(?:brakes?|brake\\s+(?:lines?|fluid|pads)|steering)\\b|(?:a\\s+|the\\s+)?(?:car's\\s+|truck's\\s+)?(?:brakes?|brake\\s+(?:lines?|fluid)|steering)\\b[^.?!\\n]{0,40}?\\b(?:so|until|to\\s+make|and\\s+make|caus\\w+)\\b[^.?!\\n]{0,30}?\\b(?:crash\\w*|fails?|accident|dies?|killed|hurt))`),
    score: 0.8,
    talk: F,
    triggersAll: [["tamper", "sabotag", "cut", "mess", "disabl", "drain"], ["brake", "steering"]],
  },
  // an attack on a place of worship, a school or a crowd, asked for or argued for,
  {
    subtype: "violent_threat",
    re: rx(`\\b(?:manifesto|speech|post|sermon|pamphlet|letter)\\b[^.?!\\n]{0,60}?\\b(?:attack|bomb|shoot\\s+up|burn\\s+down|storm|massacre)\\s+(?:the|a|that|this|our|their|every|local)\\s+(?:\\w+\\s+)?${PLACE}s?\\b`),
    score: 0.85,
    talk: "frame",
    triggersAll: [["manifesto", "speech", "post", "sermon", "pamphlet", "letter"], ["attack", "bomb", "shoot", "burn", "storm", "massacre"]],
  },
  // and recruiting for or promoting a terrorist group.
  {
    subtype: "violent_threat",
    re: rx(`\\b(?:recruit\\w*|propaganda|join(?:ing)?|glorif\\w*|promot\\w*)\\s+(?:\\w+\\s+){0,3}?(?:for|to|in)\\s+(?:${TERROR_GROUP})\\b|\\b(?:${TERROR_GROUP})\\s+(?:recruitment|propaganda)\\b`),
    score: 0.85,
    talk: "frame",
    triggers: ["isis", "isil", "daesh", "islamic", "qaeda", "shabaab", "taliban", "boko", "hamas", "hezbollah", "kkk", "klux", "terrorist", "jihad", "atomwaffen", "neo"],
  },
]);

/** Weapons and explosives. */
export const WEAPON_RULES: readonly PatternRule[] = registerRules([
  {
    subtype: "weapons",
    re: rx(`\\b${MAKE}\\s+(?:an?\\s+|my\\s+own\\s+|your\\s+own\\s+|the\\s+|some\\s+)?${MAKE_GAP_WORD}{0,2}?(?:guns?|firearms?|rifles?|pistols?|handguns?|shotguns?|ar-?15s?|ak-?47s?|${GUN_SILENCER}|suppressors?|ghost\\s+guns?|auto\\s+sears?|bump\\s+stocks?|switchblades?|weapons?|crossbows?|flamethrowers?|zip\\s+guns?)\\b`),
    score: 0.8,
    talk: F, anchored: true, triggersAll: [vt(MAKE_VERBS), ["gun", "firearm", "rifle", "pistol", "handgun", "shotgun", "ar-15", "ar15", "ak-47", "ak47", "silencer", "suppressor", "ghost", "auto", "bump", "switchblade", "weapon", "crossbow", "flamethrower", "zip"]],
  },
  { subtype: "weapons", re: /\b(?:untraceable|unregistered|unserialized|illegal)\s+(?:guns?|firearms?|weapons?)\b|\b(?:guns?|firearms?)\s+without\s+(?:a\s+)?(?:background\s+checks?|licen[cs]e|serial\s+numbers?)\b|\bconvert\s+(?:\w+\s+){0,3}to\s+full[\s-]auto\b/gi, score: 0.85, talk: F , triggers: ["untraceable", "unregistered", "unserialized", "illegal", "gun", "firearm", "convert"]},
  {
    subtype: "weapons",
    re: rx(`\\b${verbs(["make", "build", "produce", "synthesize", "synthesise", "create", "weaponize", "weaponise", "develop", "obtain", "acquire", "culture", "grow", "cultivate", "spread", "aerosolize", "aerosolise", "disperse", "release", "concentrate", "isolate", "purify", "extract"])}\\s+(?:an?\\s+|the\\s+|some\\s+)?${MAKE_GAP_WORD}{0,2}?(?:bioweapons?|biological\\s+weapons?|chemical\\s+weapons?|nerve\\s+agents?|sarin|vx(?:\\s+gas)?|mustard\\s+gas|anthrax|ricin|botulinum(?:\\s+toxin|\\s+bacteria)?|smallpox|ebola|plague\\s+bacteria|nuclear\\s+weapons?|nuclear\\s+bombs?|dirty\\s+bombs?|weapons?\\s+of\\s+mass\\s+destruction)\\b`),
    score: 0.9,
    talk: F, triggers: ["bioweapon", "biological", "chemical", "nerve", "sarin", "vx", "mustard", "anthrax", "ricin", "botulinum", "smallpox", "ebola", "plague", "nuclear", "dirty", "weapon"],
  },
  { subtype: "weapons", re: /\b(?:sneak|smuggl(?:e|ing)|get|bring|take|carry)\s+(?:an?\s+)?(?:weapons?|guns?|firearms?|knife|knives|explosives?|bombs?)\s+(?:on|onto|into|through|past|aboard)\b|\b(?:weapons?|guns?|knives|explosives?)\s+(?:\w+\s+){0,3}?sneak\w*\s+(?:on|onto|into|through|past)\b/gi, score: 0.8, talk: F , triggers: ["sneak", "smuggl", "get", "bring", "take", "carry", "weapon", "gun", "knives"]},
  {
    subtype: "explosives",
    re: rx(`\\b${MAKE}\\s+(?:an?\\s+|the\\s+|my\\s+own\\s+|homemade\\s+|some\\s+)?${MAKE_GAP_WORD}{0,2}?${NOT_A_BOMB}(?:bombs?|pipe\\s+bombs?|ieds?|explosives?(?:\\s+devices?)?|grenades?|molotovs?(?:\\s+cocktails?)?|napalm|thermite|tatp|c-?4|semtex|dynamite|detonators?|nail\\s+bombs?|car\\s+bombs?|suicide\\s+vests?|nitroglycerin|rdx|petn|hmtd)\\b`),
    score: 0.9,
    talk: F, anchored: true, triggersAll: [vt(MAKE_VERBS), ["bomb", "ied", "explosive", "grenade", "molotov", "napalm", "thermite", "tatp", "c-4", "c4", "semtex", "dynamite", "detonator", "suicide", "nitroglycerin", "rdx", "petn", "hmtd"]],
  },
  { subtype: "explosives", re: rx(`\\bblow(?:ing)?\\s+up\\s+(?:an?\\s+|the\\s+|my\\s+|his\\s+|her\\s+|their\\s+|someone's\\s+|\\w+'s\\s+)?(?:\\w+\\s+)?(?:${PLACE}|people|crowd|someone|somebody|myself|him|her|them)\\b`), score: 0.85, talk: F , triggers: ["blow"]},
  { subtype: "explosives", re: rx(`\\bbomb(?:ing)?\\s+(?:an?\\s+|the\\s+|my\\s+|our\\s+|their\\s+)?(?:\\w+\\s+)?${PLACE}\\b`), score: 0.85, talk: F , triggers: ["bomb"]},
  { subtype: "explosives", re: rx(`\\b${verbs(["explode", "detonate", "set off", "plant"], NO_S)}\\s+(?:an?\\s+|the\\s+)?(?:\\w+\\s+)?(?:bombs?|explosives?|ieds?|grenades?)\\b`), score: 0.85, talk: F , triggers: ["explod", "detonat", "set", "setting", "plant"]},
  { subtype: "explosives", re: /\bmake\s+(?:someone's\s+|somebody's\s+|(?:a|the|my|his|her|their)\s+(?:\w+(?:'s|’s)?\s+)?)(?:car|house|phone|truck|building|bus|plane)\s+explode\b/gi, score: 0.85, talk: F , triggers: ["make"]},
  { subtype: "explosives", re: rx(`\\b${verbs(["cause", "plan", "execute", "carry out", "trigger", "stage"], NO_S)}\\s+(?:an?\\s+|the\\s+)?(?:\\w+\\s+)?(?:explosion|bombing|blast)\\b`), score: 0.8, talk: F , triggers: ["explosion", "bombing", "blast"]},
]);

/** Hate: violence against, discrimination of, and atrocity denial/endorsement about protected groups. */
export const HATE_RULES: readonly PatternRule[] = registerRules([
  { subtype: "hate", re: rx(`\\b${HATE_VERB}\\s+(?:all\\s+(?:the\\s+)?|the\\s+|every\\s+)?${GROUP}\\b`), score: 0.9, talk: F , triggersAll: [vt(HATE_VERBS), GROUP_T], anchored: true },
  { subtype: "hate", re: rx(`\\b${GROUP}\\b[^.?!\\n]{0,40}?\\b${DISCRIM_PRED}`), score: 0.75, talk: "frame" , triggers: GROUP_T},
  { subtype: "hate", re: rx(`\\b(?:tak(?:e|ing)|took|strip(?:ping)?)\\s+away\\s+${GROUP}(?:'s|’s)?\\s+(?:\\w+\\s+)?rights\\b|\\bstrip(?:ping)?\\s+${GROUP}\\s+of\\s+(?:their\\s+)?(?:\\w+\\s+)?rights\\b`), score: 0.8, talk: "frame" , triggers: ["away", "strip"]},
  { subtype: "hate", re: rx(`\\b${verbs(["restore", "bring back", "reinstate", "justify", "promote", "increase", "enforce", "legalize", "legalise"])}\\s+(?:[\\w']+[\\s-]+){0,3}?(?:discrimination|segregation|persecution|oppression)\\s+(?:against|of)\\s+${GROUP}`), score: 0.8, talk: F , triggers: ["discrimination", "segregation", "persecution", "oppression"]},
  {
    subtype: "hate",
    re: /\b(?:promot\w*|spread\w*|glorif\w*|encourag\w*|justif\w*|celebrat\w*)\s+(?:\w+\s+){0,2}?(?:white\s+supremacy|hate\s+crimes?|racism|antisemitism|anti-semitism|genocide|ethnic\s+cleansing|hatred\s+(?:of|against|toward)|nazism|islamophobia|homophobia|transphobia)\b/gi,
    score: 0.8,
    talk: F, triggers: ["promot", "spread", "glorif", "encourag", "justif", "celebrat"],
  },
  {
    subtype: "hate",
    re: /\b(?:massacre|genocide|holocaust|atrocit(?:y|ies)|trail\s+of\s+tears|ethnic\s+cleansing|slavery|apartheid)\s+(?:never\s+(?:happened|took\s+place|occurred|existed)|(?:was|is)\s+(?:a\s+)?(?:complete\s+|total\s+)?(?:fabrication|hoax|lie|myth|fake|exaggerat\w+))/gi,
    score: 0.75,
    talk: "frame", triggers: ["massacre", "genocide", "holocaust", "atrocit", "trail", "ethnic", "slavery", "apartheid"],
  },
  {
    subtype: "hate",
    re: /\b(?:benefits|upsides|positives|good\s+sides?)\s+of\s+(?:the\s+)?(?:ethnic\s+cleansing|genocide|slavery|(?:the\s+)?holocaust|the\s+khmer\s+rouge|khmer\s+rouge(?:'s)?|nazism|apartheid|the\s+slave\s+trade)|\b(?:slavery|slave\s+trade|holocaust|genocide|ethnic\s+cleansing|apartheid)\s+(?:was|is)\s+(?:actually\s+)?(?:a\s+)?good(?:\s+thing)?\b/gi,
    score: 0.75,
    talk: "frame", triggers: ["benefits", "upsides", "positives", "good", "slavery", "slave", "holocaust", "genocide", "ethnic", "apartheid"],
  },
]);
