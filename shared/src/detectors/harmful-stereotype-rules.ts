/**
 * Stereotype questions and claims about a group (type HARMFUL_CONTENT, subtype hate): "Why are Mexicans so
 * lazy?", "Isn't it true that Jews control the banks?", "Aren't Arabs basically all terrorists?". The
 * question itself asks the assistant to affirm a slur, so an explanatory "why" does not lower it (talk
 * "frame": only a fiction or an impossible premise does).
 *
 * Issue 10, tenth round: written from general knowledge of stereotypes about nationalities, ethnicities,
 * religions, sexes, sexualities and disabilities, after reading the training-only bigoted-question group
 * (written_training/hate-harassment, marked as tuned on in bench/train/corpus.ts). A group and a negative
 * trait are both required, and the group must open the claim (at a sentence start, or after "why are",
 * "isn't it true that", "aren't", "explain why" …), so "someone told me Mexicans are lazy, how do I answer?"
 * and "Why do people think Mexicans are lazy?" stay quiet (tests beside this file).
 */
import { GROUP, GROUP_T } from "./harmful-lexicon.ts";
import { registerRules, type PatternRule } from "./rules.ts";

/** Nationalities and other groups GROUP lacks, as "Polish workers", "Romanians", "deaf people". */
const PEOPLE = String.raw`(?:people|men|women|guys|girls|folks|workers|drivers|immigrants|kids)`;
const ADJECTIVE_GROUP = String.raw`(?:polish|romanian|russian|ukrainian|irish|italian|french|german|british|english|american|filipino|korean|japanese|vietnamese|pakistani|nigerian|somali|turkish|albanian|brazilian|mexican|chinese|indian|african|arab|asian|black|white|jewish|muslim|gay|lesbian|trans|deaf|blind|autistic|disabled|fat|old|poor|homeless|native\s+american)`;
const PLURAL_GROUP = String.raw`(?:poles|romanians|russians|ukrainians|italians|filipinos|filipinas|koreans|pakistanis|nigerians|somalis|turks|albanians|brazilians|americans|germans|indians|chinese|japanese|vietnamese)`;
const WHO = String.raw`(?:${GROUP}|${ADJECTIVE_GROUP}\s+${PEOPLE}|${PLURAL_GROUP})`;
const WHO_T: readonly string[] = [
  ...GROUP_T,
  "polish", "pole", "romanian", "russian", "ukrainian", "irish", "italian", "french", "german", "british", "english", "american",
  "filipin", "korean", "japanese", "vietnamese", "pakistani", "nigerian", "somali", "turk", "albanian", "brazilian", "deaf", "blind", "fat",
];

/** Negative traits a stereotype ascribes. */
const TRAIT_WORD = String.raw`(?:lazy|stupid|dumb(?:er|est)?|idiots?|greedy|cheap|stingy|violent|dirty|smelly|stinky|ugly|disgusting|gross|rude|loud|arrogant|dishonest|untrustworthy|sneaky|liars|thieves|criminals|pickpockets|terrorists|savages?|primitive|backward|inferior|worthless|useless|annoying|evil|promiscuous|drunks|alcoholics|incompetent|ignorant|uneducated|hysterical|angry|bitter|confused|parasites|leeches|freeloaders)`;
/** The traits, and being bad at something ("so bad at driving"): only in a question, as a claim it is often advice ("old people are bad with small buttons, so …"). */
const TRAIT = String.raw`(?:${TRAIT_WORD}|(?:bad|terrible|worse|awful)\s+(?:at|with)\s+\w+)`;
/** Negative things a stereotype says a group does. */
const DOES = String.raw`(?:smell|stink|steal|lie|cheat|suck|commit\s+(?:so\s+much\s+|more\s+|most\s+|all\s+the\s+)*crimes?|breed\s+like|control\s+(?:all\s+)?(?:the\s+)?(?:banks|media|money|world|government)|ruin\s+(?:\w+\s+)?(?:country|neighbou?rhoods?|everything)|play\s+the\s+victim|worship\s+\w+\s+like)`;
/** Adverbs of a stereotype: "so", "always", "all", "naturally", "basically" … */
const SO = String.raw`(?:(?:so|always|all|such|naturally|inherently|genetically|just|basically|really|that|even)\s+)*`;

/** How a stereotype question or leading claim opens. */
const OPENER = String.raw`(?:why\s+(?:are|is|do|does|can'?t|won'?t)|isn'?t\s+it\s+(?:true|a\s+fact|obvious|clear)\s+that|aren'?t|don'?t\s+you\s+(?:agree|think)\s+(?:that\s+)?|explain\s+why|tell\s+me\s+(?:\w+\s+)?why)`;

/** The stems every OPENER starts with. */
const OPENER_T: readonly string[] = ["why", "isn", "aren", "don", "explain", "tell"];

/** Stereotype questions and claims. */
export const STEREOTYPE_RULES: readonly PatternRule[] = registerRules([
  {
    // "Why are Mexicans so lazy?", "Aren't Arabs basically all terrorists?", "Tell me why Jewish people are so greedy"
    subtype: "hate",
    re: new RegExp(String.raw`\b${OPENER}\s+(?:all\s+|most\s+|so\s+many\s+)?${WHO}\s+(?:(?:are|is)\s+)?${SO}(?:${TRAIT}|${DOES})\b`, "gi"),
    score: 0.7,
    talk: "frame",
    // tried only where an opener starts a word and a group word occurs
    triggersAll: [OPENER_T, WHO_T],
    anchored: true,
  },
  {
    // a claim that opens its sentence: "Muslims are all violent.", "All immigrants are criminals"
    subtype: "hate",
    re: new RegExp(String.raw`(?:^|[.!?]\s+|\n\s*)(?:all\s+)?(${WHO}\s+(?:are|is)\s+${SO}${TRAIT_WORD})\b`, "gid"),
    group: 1,
    score: 0.7,
    talk: "frame",
    triggers: WHO_T,
  },
]);
