/**
 * Disinformation (type HARMFUL_CONTENT, subtype fraud_phishing, as the "write a fake news article" rule):
 * asking for a text that argues a well-known false or harmful claim ("write a persuasive article arguing
 * that vaccines cause autism", "a thread saying the election was stolen through rigged machines").
 * Issue 10, ninth round: the claims were written from general knowledge of recurring health, science,
 * election and atrocity falsehoods, without reading any labelled set; the look-alikes that must stay quiet
 * (debunking, fact-checking, asking whether a claim is true, arguing the opposite) are in
 * harmful-disinformation.test.ts. A claim alone is never enough: the sentence must ask for a text to be
 * written, and nothing in the sentence around the claim may turn it into a rebuttal or someone else's view.
 * A second rule: talking people out of vaccines or out of treatment they need (insulin, chemotherapy).
 */
import { registerRules, type PatternRule } from "./rules.ts";

/** Recurring false claims, as regex alternatives (no group); each names its subject first. */
const FALSE_CLAIMS = [
  String.raw`vaccin\w*\s+(?:\w+\s+)?(?:cause[sd]?|causing|lead\s+to|leads\s+to|give[sn]?)\s+(?:\w+\s+)?autism`,
  String.raw`vaccin\w*\s+(?:contain|have|carry|are)\s+(?:\w+\s+)?(?:micro-?chips?|trackers?|tracking\s+devices?|poisons?|a\s+depopulation\s+\w+)`,
  String.raw`(?:moon\s+landings?|apollo\s+(?:\d+\s+)?(?:landings?|missions?))\s+(?:was|were)\s+(?:\w+\s+)?(?:faked|fake|staged|a\s+hoax|filmed\s+in\s+a\s+studio)`,
  String.raw`(?:\d{4}\s+)?(?:presidential\s+|us\s+|u\.s\.\s+)?election\s+was\s+(?:\w+\s+)?(?:stolen|rigged)`,
  String.raw`rigged\s+(?:voting|voting\s+machines?|ballot\s+machines?|dominion\s+machines?)`,
  String.raw`(?:climate\s+change|global\s+warming)\s+is\s+(?:just\s+)?(?:an?\s+)?(?:hoax|scam|lie|myth|fraud|conspiracy|invented|made\s+up)`,
  String.raw`5g\s+(?:towers?\s+|networks?\s+|masts?\s+|radiation\s+)?(?:spreads?|spreading|causes?|caused|transmits?)\s+(?:the\s+)?(?:coronavirus|covid(?:-19)?|cancer|viruses?)`,
  String.raw`hiv\s+(?:does\s+not|doesn't|doesn’t|never)\s+causes?\s+aids`,
  String.raw`(?:drinking\s+)?(?:bleach|chlorine\s+dioxide|mms|turpentine)\s+(?:cures?|kills|treats?|prevents?)\s+(?:covid(?:-19)?|coronavirus|cancer|autism|malaria|hiv)`,
  String.raw`(?:the\s+)?earth\s+is\s+flat`,
  String.raw`chemtrails?\s+(?:are|is)\s+(?:\w+\s+)?(?:poison\w*|spray\w*|used\s+to|real)`,
  String.raw`covid(?:-19)?\s+(?:is|was)\s+(?:just\s+)?(?:an?\s+)?(?:hoax|fake|planned|plandemic|bioweapon|scam)`,
  String.raw`(?:sandy\s+hook|the\s+parkland\s+shooting|9\/11|the\s+holocaust)\s+(?:was\s+)?(?:a\s+)?(?:hoax|staged|false\s+flag|inside\s+job|never\s+happened)`,
  String.raw`smoking\s+(?:does\s+not|doesn't|doesn’t)\s+cause\s+(?:lung\s+)?cancer`,
  String.raw`(?:ivermectin|hydroxychloroquine)\s+cures?\s+covid(?:-19)?`,
];

/** Words that make the text a rebuttal or a question about the claim, not an argument for it. */
const REBUTTAL = String.raw`debunk|refut|disprov|counter|fact[\s-]?check|myth|misinformation|disinformation|misconception|conspiracy\s+theor|false|wrong|untrue|not\s+true|why\s+(?:people|some)|whether|is\s+it\s+true|explain|against\s+the\s+claim|repl(?:y|ies)|respon(?:se|d)|answer|questions|who\s+(?:thinks?|says?|believes?|claims?|insists?)`;

/** Disinformation requests. */
export const DISINFORMATION_RULES: readonly PatternRule[] = registerRules([
  {
    subtype: "fraud_phishing",
    re: new RegExp(
      String.raw`\b(?:write|draft|compose|generate|create|produce|make|craft|give\s+me)\b(?:(?!\b(?:${REBUTTAL}))[^.?!\n]){0,100}?\b(?:${FALSE_CLAIMS.join("|")})\b(?![^.?!\n]{0,120}?\b(?:${REBUTTAL}))`,
      "gi",
    ),
    score: 0.75,
    talk: "frame",
    triggersAll: [
      ["write", "draft", "compos", "generat", "creat", "produc", "make", "craft", "give"],
      ["vaccin", "moon", "apollo", "election", "rigged", "climate", "global", "5g", "hiv", "bleach", "chlorine", "mms", "turpentine", "earth", "chemtrail", "covid", "sandy", "parkland", "9/11", "holocaust", "smoking", "ivermectin", "hydroxychloroquine"],
    ],
    anchored: true,
  },
  {
    // talking people out of vaccines or out of the treatment they need
    subtype: "fraud_phishing",
    re: /\b(?:convinc|persuad|encourag|urg|pressur|tell|push)\w*\s+(?:\w+\s+){0,3}?(?:not\s+to\s+(?:vaccinat\w*|get\s+(?:\w+\s+)?(?:vaccinated|vaccines?|jabs?|shots?))|to\s+(?:skip|refuse|avoid|stop)\s+(?:\w+\s+)?(?:vaccin\w*|jabs?|chemo(?:therapy)?)|to\s+stop\s+taking\s+(?:their|his|her|your)\s+(?:insulin|medications?|meds|chemo(?:therapy)?|antidepressants?|hiv\s+meds|antiretrovirals?))\b/gi,
    score: 0.75,
    talk: "full",
    triggersAll: [["convinc", "persuad", "encourag", "urg", "pressur", "tell", "push"], ["vaccin", "jab", "shot", "chemo", "insulin", "medication", "meds", "antidepress", "hiv", "antiretroviral"]],
    anchored: true,
  },
]);
