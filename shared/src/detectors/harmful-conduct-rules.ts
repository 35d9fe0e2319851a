/**
 * Rules for two harmful subtypes outside weapons/violence/cyber: illegal_activity (getting, making or
 * selling illegal drugs; theft, burglary, smuggling; evading being caught) and privacy_intrusion (asking
 * for another person's private data: identity numbers, passwords, health, finances, beliefs, address).
 * Homonyms are excluded in the patterns ("a can of coke", "weed killer", "steal the show", "steal a base");
 * privacy rules need a real person ("my cleaner's", "someone's", "other people's"), so fictional
 * characters ("Harry Potter's") and public institutions do not match.
 */
import { HARD_DRUGS, NOT_CONTRABAND } from "./harmful-lexicon.ts";
import { registerRules, type PatternRule } from "./rules.ts";
import { verbAlternation, verbTriggers } from "./verbs.ts";

/** Hard drugs, named in both the buying/selling rule and the trade rules. */
const DRUG = `(?:${HARD_DRUGS}|marihuana|marijuana|illegal\\s+drugs|drugs)`;
const DRUG_SLANG = "(?:coke|crack|weed)(?!\\s*(?:killer|whacker|eater|cans?|bottles?|zero|in\\s+(?:the|my)\\s+(?:wall|pipe|garden|lawn)))";
const GET = "(?:buy|buying|get|getting|obtain|obtaining|purchase|purchasing|score|scoring|sell|selling|deal|dealing|make|making|cook|cooking|synthesi[sz]e|synthesi[sz]ing|produce|producing|smuggle|smuggling|grow|growing)";
const THEFT_NOT = "(?!\\s+(?:the\\s+show|the\\s+spotlight|(?:someone'?s|somebody'?s|her|his|their|my|your)\\s+heart|(?:a\\s+)?bases?|a\\s+glance|a\\s+kiss|(?:the|my|his|her)\\s+thunder|a\\s+march|(?:an?\\s+)?idea|(?:the\\s+)?moment))";
const ANOTHER = "(?:my\\s+(?:[\\w-]+\\s+){0,2}?[\\w-]+'s|my\\s+(?:[\\w-]+\\s+){0,2}?[\\w-]+s'|someone(?:\\s+else)?'?s|somebody(?:\\s+else)?'?s|other\\s+people'?s|celebrit(?:y|ies)'?s?|a\\s+stranger'?s|strangers'|(?:my\\s+)?(?:neighbou?rs?|coworkers?|colleagues?|employees?|customers?)'?s?)";
const PRIVATE =
  "(?:social\\s+security\\s+(?:number|no)|ssn|credit\\s+card\\s+(?:details|numbers?|info(?:rmation)?)|medical\\s+(?:records?|history)|mental\\s+health\\s+(?:history|records?|condition)|(?:iphone|phone|bank|atm)?\\s*pin(?:\\s+code)?|home\\s+address|(?:private|personal)\\s+(?:email|phone|address)(?:\\s+address)?|(?:mobile|cell|private)\\s+(?:phone\\s+)?number|passport\\s+(?:number|details)|date\\s+of\\s+birth|sexual\\s+orientation|criminal\\s+(?:history|record)|immigration\\s+status|tax\\s+(?:records?|returns?)|passwords?|(?:facebook|instagram|email|account)\\s+(?:login|password|credentials)|login(?:\\s+details)?|birth\\s+certificate|bank\\s+(?:account\\s+)?(?:details|numbers?|statements?)|religious\\s+beliefs|driver'?s\\s+licen[cs]e\\s+number|political\\s+(?:affiliation|views)|marital\\s+status|salary|browsing\\s+history|location\\s+history|personal\\s+information)";

const rx = (src: string): RegExp => new RegExp(src, "gi");

/**
 * Hard drugs and prescription drugs sold on the street, for the trade rules below (issue 10, eighth round). Not
 * "drugs", morphine, codeine or opioids in general: a pharmacy or hospital makes, ships and moves those lawfully.
 */
const TRADE_DRUG =
  `(?:${HARD_DRUGS}|crack\\s+cocaine|carfentanil|nitazenes?|ketamine|dmt|pcp|ghb|opium|bath\\s+salts|shrooms|magic\\s+mushrooms|psilocybin|oxy(?:codone|contin|s)?|xanax|xans|adderall|percocet|percs|vicodin|hydrocodone|benzos)`;
/** Stems of TRADE_DRUG: each alternative starts with one (trigger gate). */
const TRADE_DRUG_T = ["cocaine", "crack", "heroin", "meth", "crystal", "ecstasy", "mdma", "lsd", "fentanyl", "carfentanil", "nitazene", "ketamine", "dmt", "pcp", "ghb", "opium", "bath", "shrooms", "magic", "psilocybin", "oxy", "xanax", "xans", "adderall", "percocet", "percs", "vicodin", "hydrocodone", "benzos"];
/** Trading, making and moving drugs (not buying: a patient gets Adderall; see the prescription rule). */
const TRADE_VERBS = ["sell", "flip", "push", "deal", "move", "press", "cook", "make", "smuggle", "stash", "mail", "ship", "cut", "lace", "sneak", "traffic:trafficking"];
const TRADE_VERB = verbAlternation(TRADE_VERBS, { thirdPerson: false });
/** Words that may stand between the verb and the drug ("sell my leftover adderall", "cook a batch of meth"). */
const TRADE_GAP =
  "(?:(?:my|our|the|some|more|his|her|their|your|this|that|a|an|own|leftover|extra|homemade|fake|counterfeit|pure|real|cheap|strong|stronger|liquid|pressed|laced|(?:gram|bag|batch|ounce|kilo|pound|zip|brick|load)s?\\s+of)\\s+){0,3}";

/** illegal_activity rules. */
export const ILLEGAL_RULES: readonly PatternRule[] = registerRules([
  {
    // Selling, making or moving hard or street-sold prescription drugs ("flip fentanyl at clubs", "press fake
    // xanax", "smuggle fentanyl", "sell my leftover adderall"); the words between are determiners and a few
    // adjectives, so "make a documentary about heroin" does not match.
    subtype: "illegal_activity",
    re: rx(`\\b${TRADE_VERB}\\s+${TRADE_GAP}${TRADE_DRUG}\\b`),
    score: 0.75,
    talk: "full",
    triggersAll: [verbTriggers(TRADE_VERBS), TRADE_DRUG_T],
  },
  {
    // Getting prescription or hard drugs without the prescription ("order oxycodone online without a prescription").
    subtype: "illegal_activity",
    re: rx(`\\b(?:buy|buying|get|getting|order|ordering|obtain|obtaining|score|scoring|find|finding)\\s+${TRADE_GAP}${TRADE_DRUG}\\s+(?:[\\w'’-]+\\s+){0,3}?(?:without\\s+(?:a\\s+|any\\s+)?(?:prescription|script|doctor|rx)|with\\s+no\\s+(?:prescription|script|questions))\\b`),
    score: 0.75,
    talk: "question",
    triggersAll: [["buy", "get", "order", "obtain", "score", "find"], ["without", "with"]],
  },
  {
    subtype: "illegal_activity",
    re: rx(`\\b${GET}\\s+(?:(?:some|a\\s+(?:gram|bag|ounce|kilo|pound)\\s+of|an\\s+ounce\\s+of|\\w+\\s+grams\\s+of)\\s+)?${DRUG}\\b(?!\\s+(?:more|less|affordable|cheap(?:er)?|available|accessible|safe(?:r)?|work|effective|free)\\b)(?:\\s+pills)?`),
    score: 0.8,
    talk: "full",
    triggers: ["buy", "buying", "get", "getting", "obtain", "obtaining", "purchase", "purchasing", "score", "scoring", "sell", "selling", "deal", "dealing", "make", "making", "cook", "cooking", "synthesis", "synthesiz", "synthesising", "synthesizing", "produce", "producing", "smuggl", "grow", "growing"],
  },
  {
    subtype: "illegal_activity",
    re: rx(`\\b(?:(?:some|a\\s+(?:gram|bag|ounce|kilo)\\s+of|an\\s+ounce\\s+of)\\s+${DRUG_SLANG}|(?:make|cook|sell|deal)\\s+(?:some\\s+)?(?:crack|coke|weed)\\b(?!\\s+(?:killer|cans?)))`),
    score: 0.8,
    talk: "full",
    // Gate (speed): "some"/"a" open on almost any text; every match also names coke, crack or weed.
    triggersAll: [["some", "a$", "an$", "make", "cook", "sell", "deal"], ["coke", "crack", "weed"]],
  },
  {
    subtype: "illegal_activity",
    re: rx(`\\b(?:steal|stealing|shoplift|shoplifting|pickpocket|pickpocketing|hotwire|hotwiring|burgle|burglari[sz]e|rob|robbing)\\b${THEFT_NOT}`),
    score: 0.75,
    talk: "full",
    triggers: ["steal", "stealing", "shoplift", "pickpocket", "hotwir", "burgl", "rob", "robbing"],
  },
  {
    subtype: "illegal_activity",
    re: /\bbreak(?:ing)?\s+(?:in(?:to)?\s+)(?:(?:my|a|the|someone'?s|somebody'?s|his|her|their|my\s+\w+'s)\s+)?(?:\w+\s+)?(?:house|home|apartment|flat|car|cars|vault|bank\s+vault|store|shop|safe|office|building)\b|\bbreak\s+(?:someone|somebody|him|her|them)\s+out\s+of\s+(?:jail|prison)\b|\bdisable\s+(?:the\s+)?(?:alarm|security\s+system)s?\s+(?:in|of|on|at)\s+(?:a|the)\s+(?:bank|vault|store|shop|house|museum)\b/gi,
    score: 0.75,
    talk: "full",
    triggers: ["break", "breaking", "disable"],
  },
  {
    subtype: "illegal_activity",
    re: new RegExp(String.raw`\bwithout\s+(?:getting|being)\s+(?:caught|noticed|detected)\b|\bwithout\s+(?:them|anyone|the\s+\w+)\s+(?:noticing|knowing|realising|realizing)\b|\b(?:make|earn)\s+money\s+illegally\b|\bsmuggl(?:e|ing)${NOT_CONTRABAND}\s+(?:\w+\s+){0,2}(?:across|through|past|into)\b|\bget\s+away\s+with\s+(?:a\s+)?(?:crime|murder|theft|speeding|stealing|fraud)\b`, "gi"),
    score: 0.7,
    talk: "full",
    triggers: ["without", "make", "earn", "smuggl", "get"],
  },
]);

/** privacy_intrusion rules. */
export const PRIVACY_RULES: readonly PatternRule[] = registerRules([
  {
    subtype: "privacy_intrusion",
    re: rx(`\\b${ANOTHER}\\s+(?:[\\w-]+\\s+){0,2}?${PRIVATE}\\b`),
    score: 0.75,
    talk: "frame",
    // Gate (speed): "my"/"a" open on almost any text, so also require a word that every PRIVATE alternative
    // contains at a word start (PRIVATE always follows whitespace).
    triggersAll: [
      ["my", "someone", "somebody", "other", "celebrit", "a$", "strangers", "neighbor", "neighbour", "coworker", "colleague", "employee", "customer"],
      ["security", "ssn", "credit", "medical", "mental", "iphone", "phone", "bank", "atm", "pin", "address", "email", "number", "passport",
        "birth", "orientation", "criminal", "immigration", "tax", "password", "login", "credentials", "religious", "political", "marital",
        "salary", "browsing", "location", "personal"],
    ],
  },
  {
    subtype: "privacy_intrusion",
    re: /\bhow\s+much\s+(?:money\s+)?(?:does|do)\s+my\s+(?:\w+\s+){0,2}?(?:boss|neighbou?r|coworker|colleague|friend|manager|landlord)\s+(?:earn|make|have)\b|\b(?:is|are)\s+my\s+(?:\w+\s+){0,2}?(?:employee|worker|staff|tenant)s?\s+(?:a\s+)?members?\s+of\s+a\s+(?:labou?r\s+)?union\b|\b(?:obtain|get|collect|sell|harvest)\s+(?:and\s+sell\s+)?(?:the\s+)?personal\s+(?:information|data)\s+(?:of|from|about)\s+(?:my\s+)?(?:customers|users|people|employees)\b/gi,
    score: 0.75,
    talk: "frame",
    // Gate (speed): the first stems are everyday words; every alternative also has "my" or "personal", and
    // ends with earn/make/have, "union", or information/data.
    triggersAll: [
      ["how", "is", "are", "obtain", "get", "collect", "sell", "harvest"],
      ["my", "personal"],
      ["earn", "make", "have", "union", "information", "data"],
    ],
  },
  {
    // finding where a particular person lives (issue 10, ninth round)
    subtype: "privacy_intrusion",
    re: /\b(?:find|get|look\s+up|track\s+down|dig\s+up|figure\s+out|locate)\s+(?:out\s+)?(?:the\s+)?(?:home\s+|personal\s+|private\s+|real\s+)?address(?:es)?\s+of\s+(?:the|a|this|that|my|our)\s+(?:\w+\s+)?(?:journalist|reporter|streamer|youtuber|influencer|critic|reviewer|blogger|judge|juror|witness|cop|officer|nurse|teacher|ex|woman|girl|man|guy|person|user|neighbou?r|coworker|colleague|landlord|tenant|employee|boss)s?\b|\b(?:find|get|look\s+up|track\s+down|dig\s+up|figure\s+out)\s+where\s+(?:the|that|this|my)\s+(?:\w+\s+)?(?:journalist|reporter|streamer|youtuber|influencer|critic|reviewer|blogger|judge|juror|witness|ex|girl|woman)\s+lives\b/gi,
    score: 0.75,
    talk: "frame",
    triggersAll: [["find", "get", "look", "track", "dig", "figure", "locat"], ["address", "lives"]],
  },
]);
