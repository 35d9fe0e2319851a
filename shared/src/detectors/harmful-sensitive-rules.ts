/**
 * Rules for the two most sensitive harmful subtypes: csam (sexual content involving minors — explicit
 * wording must never be missed, so the rule is broad) and self_harm (instructions or encouragement).
 * harmful.ts lowers both in protective sentences (prevention, reporting, support); a story or game frame
 * never lowers csam.
 */
import { MINOR, MINOR_T, SEXUAL, SEXUAL_T } from "./harmful-lexicon.ts";
import { registerRules, type PatternRule } from "./rules.ts";

const rx = (src: string): RegExp => new RegExp(src, "gi");

/** CSAM rules (talk mode "question": only definitional questions lower them). */
export const CSAM_RULES: readonly PatternRule[] = registerRules([
  {
    subtype: "csam",
    re: /\bchild\s+(?:porn(?:ography)?|sexual\s+abuse\s+(?:material|images?|videos?|content))\b|\bcsam\b|\bkiddie\s+porn\b|\bpedo(?:phile)?\s+porn\b|\bloli(?:con)?\s+(?:porn|hentai|sex)\b|\bjailbait\b|\b(?:satisfy|indulge|act\s+on|feed)\s+(?:my\s+)?pedophil\w*/gi,
    score: 0.95,
    // Gate (speed): "act"/"feed"/"child" are common; every alternative also contains porn, sex…, hentai, csam,
    // jailbait or pedo… at a word start.
    talk: "question",
    triggersAll: [["child", "csam", "kiddie", "pedo", "loli", "jailbait", "satisfy", "indulge", "act", "feed"], ["porn", "sex", "hentai", "csam", "jailbait", "pedo"]],
  },
  { subtype: "csam", re: rx(`\\b${SEXUAL}\\b[^.?!\\n]{0,60}?\\b${MINOR}`), score: 0.95, talk: "question" , triggersAll: [SEXUAL_T, MINOR_T]},
  { subtype: "csam", re: rx(`\\b${MINOR}\\b[^.?!\\n]{0,60}?\\b${SEXUAL}\\b`), score: 0.95, talk: "question" , triggersAll: [SEXUAL_T, MINOR_T]},
]);

/** Self-harm rules. */
export const SELF_HARM_RULES: readonly PatternRule[] = registerRules([
  {
    subtype: "self_harm",
    re: /\b(?:kill|hang|drown|hurt|harm|cut|burn|starve|poison|shoot|stab|suffocate|overdose|electrocute|strangle)(?:ing)?\s+(?:myself|yourself|themselves|himself|herself|ourselves)\b/gi,
    score: 0.85,
    talk: "full", triggers: ["myself", "yourself", "themselves", "himself", "herself", "ourselves"],
  },
  {
    subtype: "self_harm",
    re: /\bcommit(?:ting)?\s+suicide\b|\bend(?:ing)?\s+(?:my|your)\s+(?:own\s+)?li(?:fe|ves)\b|\btak(?:e|ing)\s+my\s+own\s+life\b|\b(?:suicide|self[\s-]harm)\s+(?:methods?|techniques?|notes?|plans?|tips|instructions)\b|\b(?:ways|methods|how)\s+to\s+(?:commit\s+)?suicide\b|\b(?:go\s+out|die)\s+like\s+[A-Z]|\b(?:lethal|fatal)\s+dose\b|\boverdose\s+on\b|\bhow\s+many\s+(?:\w+\s+){0,2}(?:pills|tablets)\s+(?:\w+\s+){0,3}(?:die|kill|overdose|lethal|fatal)\b/gi,
    score: 0.85,
    talk: "full", triggers: ["suicide", "life", "lives", "self", "like", "lethal", "fatal", "overdose", "pills", "tablets"],
  },
  {
    subtype: "self_harm",
    re: /\b(?:cut|slit|slash|carve|burn|scratch|pierce|sever|stab)\s+(?:[\w-]+\s+){0,3}?(?:into\s+)?(?:my|your)\s+(?:own\s+)?(?:cervical\s+|carotid\s+|femoral\s+)?(?:wrists?|arms?|legs?|thighs?|skin|arter(?:y|ies)|veins?|throat|body|stomach)\b/gi,
    score: 0.85,
    talk: "full", triggers: ["cut", "slit", "slash", "carve", "burn", "scratch", "pierce", "sever", "stab"],
  },
  {
    subtype: "self_harm",
    re: /\b(?:you\s+should|go|just|why\s+don'?t\s+you)\s+(?:\w+\s+)?(?:kill|hang|hurt|harm|cut)\s+yourself\b|\bkys\b|\b(?:until|so\s+that|make|encourage|convince|push|get)\s+(?:\w+\s+){0,3}?(?:they|he|she|him|her|them|someone|people)\s+(?:to\s+)?(?:harm|kill|hurt|cut)\s+(?:themselves|himself|herself)\b/gi,
    score: 0.9,
    talk: "question", triggers: ["yourself", "kys", "themselves", "himself", "herself"],
  },
  { subtype: "self_harm", re: /\b(?:best|easiest|painless|quickest|quick|fastest|surest)\s+(?:way|method|ways|methods)\s+to\s+(?:die|kill\s+myself|end\s+it(?:\s+all)?)\b/gi, score: 0.9, talk: "full" , triggers: ["best", "easiest", "painless", "quickest", "quick", "fastest", "surest"]},
]);
