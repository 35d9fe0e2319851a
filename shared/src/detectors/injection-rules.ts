/**
 * Rules for prompt injection (PROMPT_INJECTION) and jailbreaks (JAILBREAK). Strong cues (≥ 0.6) fire on
 * their own; weak cues (< 0.5: persona set-ups, "hypothetically", "two responses", …) only count when
 * corroborated (see injection.ts). Talk mode "question": an explanatory question or a quoted example
 * ("what does 'ignore previous instructions' mean?") lowers the score; negation does not (jailbreaks
 * are full of "never refuse").
 */
import { registerRules, type PatternRule } from "./rules.ts";

const Q = "question" as const;

const OVERRIDE_VERB = "(?:ignore|ignoring|disregard|disregarding|forget|skip|override|overriding|bypass|discard|neglect|abandon|set\\s+aside|throw\\s+out|erase)";
// no "my": a user revising their own request ("ignore my earlier instruction about length", "disregard my
// previous message") is not overriding anyone else's instructions
const FILLER = "(?:all|any|every|each|the|your|these|those|of|and|other|given|current|default|safety|built-in|existing|&)";
const QUAL = "(?:previous|previously|prior|above|preceding|earlier|former|past|original|initial|old|system|following|all|any|every|your)";
const INSTR = "(?:instructions?|prompts?|directions?|directives?|rules|guidelines|guidance|commands?|context|messages?|conversations?|programming|training|constraints|restrictions|guardrails|policies|orders)";
/** Verbs that ask the assistant to give something out (system-prompt extraction). */
const REVEAL_VERB =
  "(?:reveal|tell\\s+me|show|print|repeat|recite|echo|output|dump|paste|spell(?:\\s+out)?|translate|quote|disclose|list|share|display|return|copy|summari[sz]e|read\\s+(?:out|back)|write\\s+out|give\\s+me|send\\s+me|encode|leak|expose|describe)";
const REVEAL_STEMS = ["reveal", "tell", "show", "print", "repeat", "recit", "echo", "output", "dump", "paste", "spell", "translat", "quot", "disclos", "list", "share", "display", "return", "copy", "summari", "read", "write", "give", "send", "encod", "leak", "expos", "describ"];
/** What the assistant was set up with (its instructions, in many words). */
const SETUP_NOUN =
  "(?:instructions|system\\s+(?:prompt|message)|prompt|initial\\s+(?:message|prompt)|configuration|config|setup|set-up|guidelines|rules|directives|briefing|preamble|context\\s+window|constraints|restrictions|programming|orders)";
/** Stems of SETUP_NOUN and SECRET_NOUN, each at a word start in a match: the reveal rule's second gate. */
const SETUP_STEMS = ["instruction", "system", "prompt", "initial", "config", "setup", "set", "guideline", "rules", "directive", "briefing", "preamble", "context", "constraint", "restriction", "programming", "order", "hidden", "secret", "confidential"];
/** Nouns only the assistant's hidden set-up has ("the secret word", "the hidden preamble"). */
const SECRET_NOUN =
  "(?:system\\s+(?:prompt|message)|hidden\\s+(?:text|part|instructions|prompt|preamble|message|rules)|secret\\s+(?:word|key|phrase|password|code|instructions)|confidential\\s+(?:guidelines|instructions|rules|bit|part)|initial\\s+instructions|preamble|context\\s+window)";

/**
 * A letter or sign next to which a zero-width joiner or non-joiner is writing, not smuggling: the scripts that
 * shape with them (Arabic-script ZWNJ as in Persian "می‌خواهم", Bengali "র‍্যাম", Devanagari, the other Indic
 * scripts, Sinhala, Myanmar, Khmer; their vowel signs are marks) and emoji sequences ("👨‍👩‍👧", skin tones,
 * variation selector 16).
 */
const JOINING =
  String.raw`(?:[\p{sc=Arabic}\p{sc=Syriac}\p{sc=Thaana}\p{sc=Devanagari}\p{sc=Bengali}\p{sc=Gurmukhi}\p{sc=Gujarati}\p{sc=Oriya}\p{sc=Tamil}\p{sc=Telugu}\p{sc=Kannada}\p{sc=Malayalam}\p{sc=Sinhala}\p{sc=Myanmar}\p{sc=Khmer}]|\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}\uFE0F])`;

/**
 * Zero-width characters used to split or hide words ("ig\u200Bnore"): a zero-width space, word joiner or Mongolian
 * vowel separator anywhere; a run of two or more; a joiner or non-joiner unless it stands between two JOINING
 * characters.
 */
const ZERO_WIDTH_TRICK = new RegExp(
  String.raw`[\u200B\u2060\u180E]|[\u200C\u200D][\u200B-\u200D\u2060\u180E]+|(?<!${JOINING})[\u200C\u200D]|[\u200C\u200D](?!${JOINING})`,
  "gu",
);

/** PROMPT_INJECTION rules. */
export const INJECTION_RULES: readonly PatternRule[] = registerRules([
  {
    subtype: "instruction_override",
    re: new RegExp(`\\b${OVERRIDE_VERB}\\s+(?:${FILLER}\\s+){0,4}${QUAL}\\s+(?:(?:${FILLER}|and\\s+following|conversations?)\\s+){0,3}${INSTR}\\b`, "gi"),
    score: 0.9,
    talk: Q, triggers: ["ignor", "disregard", "forget", "skip", "overrid", "bypass", "discard", "neglect", "abandon", "set", "throw", "erase"], anchored: true,
  },
  { subtype: "instruction_override", re: new RegExp(`\\b${OVERRIDE_VERB}\\s+(?:the\\s+)?${INSTR}\\b`, "gi"), score: 0.45, talk: Q , triggers: ["ignor", "disregard", "forget", "skip", "overrid", "bypass", "discard", "neglect", "abandon", "set", "throw", "erase"], anchored: true},
  {
    subtype: "instruction_override",
    // not "forget what I said/told you": the user taking back their own words
    re: /\bforget\s+(?:about\s+)?(?:everything|all(?:\s+of\s+it|\s+that)?|what)\s+(?:you(?:'ve|\s+have)?\s+(?:learned|learnt|know|been\s+told|were\s+told)|(?:above|before|previously|so\s+far))/gi,
    score: 0.85,
    talk: Q, triggers: ["forget"],
  },
  {
    subtype: "instruction_override",
    re: /\b(?:do\s+not|don'?t|stop)\s+(?:follow(?:ing)?|obey(?:ing)?)\s+(?:(?:your|the|any|all|previous|prior|original|system)\s+){1,3}(?:instructions|rules|guidelines|prompt|programming)\b/gi,
    score: 0.85,
    talk: Q, triggers: ["follow", "obey"],
  },
  {
    subtype: "instruction_override",
    re: /\b(?:new|updated|real|actual|true|revised|your\s+new)\s+(?:instructions?|rules|task|directives?|system\s+prompt|orders)\s*(?::|are\b|is\b)/gi,
    score: 0.75,
    talk: Q, triggers: ["instruction", "rules", "task", "directive", "system", "orders"],
  },
  { subtype: "instruction_override", re: /\b(?:override|overwrite|replace)\s+(?:your|the)\s+system\s+prompt\b/gi, score: 0.9, talk: Q , triggers: ["overrid", "overwrit", "replac"]},
  { subtype: "instruction_override", re: /\b(?:system|admin|developer|security|emergency|root)\s+override\b/gi, score: 0.7, talk: Q, triggers: ["override"] },
  {
    subtype: "instruction_override",
    re: /\b(?:comply|obey)\s+(?:with\s+)?(?:every|all|any)\s+(?:user\s+)?(?:requests?|commands?|orders?|instructions?)\b/gi,
    score: 0.6,
    talk: Q,
    triggers: ["comply", "obey"],
  },
  {
    subtype: "instruction_override",
    re: /\bi\s+am\s+(?:your|the)\s+(?:developer|creator|admin|administrator|owner|programmer|operator)\b/gi,
    score: 0.55,
    talk: Q,
    triggers: ["am"],
  },
  { subtype: "instruction_override", re: /\bstop\s+everything\b/gi, score: 0.7, talk: Q , triggers: ["everything"]},
  { subtype: "instruction_override", re: /\b(?:just|only)\s+(?:say|print|output|repeat|respond\s+with|reply\s+with|write)\s*:?\s*["“']/gi, score: 0.45, talk: Q , triggers: ["just", "only"]},
  { subtype: "instruction_override", re: /\byou\s+(?:are|'re)\s+no\s+longer\s+(?:bound|restricted|limited|an?\s+ai|chatgpt)\b/gi, score: 0.85, talk: Q , triggers: ["longer"]},
  {
    subtype: "system_prompt_extraction",
    re: /\b(?:reveal|print|repeat|show|display|output|tell\s+me|give\s+me|leak|dump|expose|share|write\s+out|spell\s+out|recite|paste|echo|list)\s+(?:(?:me|us|all|the|your|its|of|entire|full|complete|exact|verbatim|hidden|secret|back)\s+){0,5}(?:system\s+(?:prompt|message|instructions)|initial\s+(?:prompt|instructions)|original\s+(?:prompt|instructions)|hidden\s+(?:prompt|instructions)|pre-?prompt|developer\s+(?:message|instructions|prompt))\b/gi,
    score: 0.9,
    talk: Q, triggers: ["system", "initial", "original", "hidden", "preprompt", "pre-prompt", "developer"],
  },
  {
    // asking what the assistant's own setup says, as a question (issue 10, ninth round): a question about
    // "your system prompt" is the request itself, so no talk-about lowering
    subtype: "system_prompt_extraction",
    re: /\bwhat(?:'s|’s|\s+(?:is|are|was|were))\s+(?:(?:written|said|stated)\s+)?(?:(?:in|inside)\s+|the\s+(?:exact\s+|full\s+|first\s+|actual\s+)?(?:words?|text|contents?|wording|lines?|sentences?)\s+(?:in|of)\s+)your\s+(?:system\s+(?:prompt|message|instructions)|initial\s+(?:prompt|instructions|message)|hidden\s+(?:prompt|instructions)|original\s+instructions|instructions|preamble|pre-?prompt)\b/gi,
    score: 0.8,
    talk: "none",
    triggersAll: [["what"], ["system", "initial", "hidden", "original", "instructions", "preamble", "preprompt", "pre-prompt"]],
  },
  {
    subtype: "system_prompt_extraction",
    re: /\b(?:reveal|print|repeat|show|display|output|tell\s+me|give\s+me|leak|dump|recite|paste|echo)\s+(?:(?:me|us|all|the|of|entire|full|complete|exact|verbatim|back)\s+){0,4}(?:(?:instructions|prompt|text|words|messages?)\s+(?:above|before\s+(?:this|that))|everything\s+above)\b/gi,
    score: 0.45,
    talk: Q,
    triggers: ["above", "before"],
  },
  {
    subtype: "system_prompt_extraction",
    re: /\bwhat\s+(?:is|are|was|were)\s+your\s+(?:system\s+prompt|initial\s+(?:prompt|instructions)|original\s+instructions|hidden\s+instructions|secret\s+instructions)\b/gi,
    score: 0.8,
    talk: "none", triggers: ["system", "initial", "original", "hidden", "secret"],
  },
  { subtype: "system_prompt_extraction", re: /\bstarting\s+with\s+["“']you\s+are\b/gi, score: 0.75, talk: Q , triggers: ["starting"]},
  // Generalised cues (issue 10): an action aimed at the assistant's own set-up, whatever the wording.
  // A reveal verb, then within the sentence the assistant's instructions ("your rules", "the system message",
  // "the secret word", "the hidden preamble"). Generic nouns (rules, instructions, setup) need "your";
  // "the" is only enough for nouns no everyday request uses ("show me the rules of chess" does not match).
  {
    subtype: "system_prompt_extraction",
    re: new RegExp(`\\b${REVEAL_VERB}\\b[^.!?\\n]{0,60}?\\b(?:your\\s+(?:own\\s+|exact\\s+|full\\s+|initial\\s+|original\\s+|hidden\\s+|secret\\s+|confidential\\s+|current\\s+|first\\s+)?${SETUP_NOUN}|(?:the|any|its)\\s+${SECRET_NOUN}|${SETUP_NOUN}\\s+(?:that\\s+)?(?:your\\s+(?:developers?|creators?|operators?|makers?|owners?|admins?)|you\\s+(?:were|have\\s+been|'ve\\s+been)\\s+(?:given|configured|told|programmed|set\\s+up)))\\b`, "gi"),
    score: 0.7,
    talk: Q,
    triggersAll: [REVEAL_STEMS, SETUP_STEMS],
    anchored: true,
  },
  {
    subtype: "system_prompt_extraction",
    re: /\b(?:what|which|everything|anything)\s+(?:\w+\s+){0,3}?(?:were|was|have|had)\s+you\s+(?:been\s+)?(?:told|given|instructed|configured|programmed|briefed|asked\s+to\s+(?:keep|hide|protect))\b|\byou\s+(?:were|have\s+been|'ve\s+been)\s+(?:told|instructed|configured|programmed)\s+(?:to\s+(?:never|not)\s+(?:reveal|share|say|tell|disclose)|(?:before|at\s+the\s+start|in\s+your))/gi,
    score: 0.65,
    // "what were you told …" is itself the question that extracts: no explanatory-question discount
    talk: "none",
    triggersAll: [["what", "which", "everything", "anything", "you"], ["told", "given", "instruct", "configur", "programm", "brief", "asked"]],
    anchored: true,
  },
  {
    subtype: "system_prompt_extraction",
    re: /\b(?:print|output|repeat|copy|paste|dump|return|show|read\s+out|quote|echo)\s+(?:(?:me|out|back|all|of|the|this|your|entire|full|whole|very|first)\s+){0,4}(?:everything|text|content|contents|words|tokens?|part|parts)\s+(?:above|before|from\s+the\s+(?:beginning|start|top)|at\s+the\s+(?:beginning|start|top)|(?:that\s+)?(?:i|you)\s+can'?t\s+see|hidden)\b/gi,
    score: 0.65,
    talk: Q,
    triggers: ["print", "output", "repeat", "copy", "paste", "dump", "return", "show", "read", "quote", "echo"],
  },
  // The two canonical attacks in other languages (fr, de, es, it, pt; zh, ja, ko, ru, ar, hi): "ignore/forget
  // (all) previous instructions" and "the system prompt / hidden instructions". Latin-script verbs gate on
  // their stems; the other scripts have no stems in the trigger table and run on every text (one regex scan
  // whose alternatives start with characters ASCII text never holds).
  {
    subtype: "instruction_override",
    re: /\b(?:ignor(?:e|ez|ons|a|e|iere|ieren\s+sie|ate)|oubli(?:e|ez|ons)|vergiss|vergessen\s+sie|olvid(?:a|e|en)|dimentica|esque(?:ça|ce|çam))\s+(?:(?:toutes|tous|tout|alle|todas|todos|tutte|tutti|as|os|les|las|le|die|deine|ihre|tus|tes|vos|tue|suas|seus)\s+){0,3}(?:(?:vorherigen|bisherigen|früheren|obigen|précédentes|precedenti|anteriores|previas|anteriori)\s+)?(?:instructions?|consignes|règles|anweisungen|regeln|instruktionen|instrucciones|reglas|istruzioni|regole|instruções|regras)\b/giu,
    score: 0.9,
    talk: Q,
    triggers: ["ignor", "oubli", "vergiss", "vergessen", "olvid", "dimentic", "esque"],
  },
  {
    subtype: "system_prompt_extraction",
    re: /\b(?:prompt\s+(?:du\s+|de\s+|del\s+|di\s+|do\s+)?(?:système|sistema)|system-?prompt|instructions\s+cachées|versteckten\s+(?:anweisungen|teile)|instrucciones\s+ocultas|istruzioni\s+nascoste|instruções\s+ocultas)\b/giu,
    score: 0.7,
    talk: Q,
    triggers: ["prompt", "system", "instructions", "versteckt", "instrucciones", "istruzioni", "instru"],
  },
  {
    subtype: "instruction_override",
    re: /(?:忽略|无视|無視|忘记|忘掉)(?:之前|以前|上面|先前|前面|以上|所有|全部|的|一切|[\s，,])*(?:指令|指示|说明|規則|规则|命令)|(?:以前|前|上記|これまで)の(?:指示|命令|ルール)を(?:無視|忘れ)|(?:이전|앞의|모든|위의)\s*(?:지시|명령|지침|규칙)[^\n]{0,6}(?:무시|잊어)|(?:игнорируй(?:те)?|забудь(?:те)?)\s+(?:все\s+)?(?:предыдущие\s+|прежние\s+)?(?:инструкции|указания|правила)|تجاهل\s+(?:جميع\s+|كل\s+)?(?:التعليمات|الأوامر)|(?:पिछले|सभी|पहले\s+के)\s+(?:सभी\s+)?निर्देश(?:ों)?\s+को\s+(?:अनदेखा|नज़रअंदाज़|भूल)/gu,
    score: 0.9,
    talk: Q,
  },
  {
    subtype: "system_prompt_extraction",
    re: /系统提示词?|系統提示|システムプロンプト|시스템\s*프롬프트|системн(?:ый|ого|ому|ым)\s+промпт|скрыт(?:ые|ых)\s+инструкци/gu,
    score: 0.7,
    talk: Q,
  },
  // The assistant's set-up declared void, expired, cancelled or superseded.
  {
    subtype: "instruction_override",
    re: new RegExp(`\\b(?:your|the|all|any|these|those)\\s+(?:\\w+\\s+){0,2}?${SETUP_NOUN}\\s+(?:are|is|were|was|have|has)\\s+(?:now\\s+|just\\s+|been\\s+|officially\\s+)*(?:void|null|cancell?ed|revoked|expired|over|ended|removed|lifted|suspended|deleted|obsolete|overridden|superseded|replaced|no\\s+longer\\s+(?:valid|active|binding|in\\s+effect|apply|applies|relevant))\\b`, "gi"),
    score: 0.75,
    talk: Q,
    triggersAll: [["your", "the$", "all", "any", "these", "those"], ["void", "null", "cancel", "revok", "expir", "over", "ended", "remov", "lifted", "suspend", "delet", "obsolete", "overrid", "supersed", "replac", "longer"]],
    anchored: true,
  },
  {
    subtype: "instruction_override",
    re: new RegExp(`\\b(?:cancel|drop|quit|abandon|forget|leave|exit|stop|pay\\s+no\\s+attention\\s+to|disobey|void|revoke)\\s+(?:(?:all|any|the|of)\\s+){0,2}(?:your|current|original|assigned|earlier|prior|previous)\\s+(?:[\\w-]+\\s+)?(?:${SETUP_NOUN}|task|role|persona|script|character)\\b`, "gi"),
    score: 0.6,
    talk: Q,
    triggers: ["cancel", "drop", "quit", "abandon", "forget", "leave", "exit", "stop", "pay", "disobey", "void", "revoke"],
    anchored: true,
  },
  {
    subtype: "instruction_override",
    re: /\b(?:supersedes?|overrides?|takes?\s+(?:priority|precedence)\s+over)\s+(?:all|any|every|your)\s+(?:\w+\s+){0,2}?(?:prior|previous|earlier|other|original|existing)?\s*(?:ones|instructions?|messages?|rules|guidelines|directives|prompts?|commands?)\b/gi,
    score: 0.8,
    talk: Q,
    triggers: ["supersede", "override", "take"],
  },
  {
    subtype: "instruction_override",
    re: /\b(?:obey|listen\s+to|follow|answer\s+to|take\s+orders\s+from)\s+only\s+(?:me|my|what\s+i|the\s+user)\b|\b(?:obey|listen\s+to|follow)\s+(?:me|my\s+(?:commands|orders|instructions))\s+only\b/gi,
    score: 0.75,
    talk: Q,
    triggers: ["obey", "listen", "follow", "answer", "take"],
  },
  {
    subtype: "instruction_override",
    re: new RegExp(`\\b(?:no\\s+longer\\s+(?:need\\s+to\\s+)?|(?:don'?t|do\\s+not)\\s+(?:have|need)\\s+to\\s+|need\\s+not\\s+)(?:binds?|respect|follow|obey|apply\\s+to|comply\\s+with|stick\\s+to)\\s+(?:\\w+\\s+){0,3}?(?:you|your|the\\s+developer'?s?|the\\s+system|any|${SETUP_NOUN})\\b`, "gi"),
    score: 0.75,
    talk: Q,
    triggersAll: [["no", "don", "do", "need"], ["bind", "respect", "follow", "obey", "apply", "comply", "stick"]],
    anchored: true,
  },
  {
    subtype: "delimiter_escape",
    re: /<\|(?:im_start|im_end|im_sep|system|user|assistant|endoftext|begin_of_text|end_of_text|start_header_id|end_header_id|eot_id|eom_id)\|>/gi,
    score: 0.9,
    talk: Q, triggers: ["<|"],
  },
  { subtype: "delimiter_escape", re: /\[\/?INST\]|<<\/?SYS>>/g, score: 0.85, talk: Q , triggers: ["[inst", "[/inst", "<<sys", "<</sys"]},
  { subtype: "delimiter_escape", re: /(?:^|\n)[ \t]*#{2,4}[ \t]*(?:system|instructions?|assistant|response)\b[ \t]*:/gi, score: 0.6, talk: Q , triggers: ["##"]},
  { subtype: "delimiter_escape", re: /\n\n(?:Human|Assistant):/g, score: 0.75, talk: Q , triggers: ["human", "assistant"]},
  { subtype: "delimiter_escape", re: /(?:^|\n)[ \t]*(?:assistant|system|ai|chatgpt|gpt|bot|model)[ \t]*:[ \t]*\S/gi, score: 0.55, talk: Q , triggers: ["assistant", "system", "ai", "chatgpt", "gpt", "bot", "model"]},
  { subtype: "delimiter_escape", re: /<\/?(?:system|user|assistant|instructions?|im_start|prompt|admin|developer)>/gi, score: 0.7, talk: Q , triggers: ["<system", "</system", "<user", "</user", "<assistant", "</assistant", "<instruction", "</instruction", "<im_start", "</im_start", "<prompt", "</prompt", "<admin", "</admin", "<developer", "</developer"]},
  { subtype: "delimiter_escape", re: /[\[{(]\s*(?:system|admin|developer|root)\s*(?:message|note|override|prompt|announcement)?\s*:/gi, score: 0.7, talk: Q , triggers: ["system", "admin", "developer", "root"]},
  { subtype: "delimiter_escape", re: /\bsystem\s+annou-?ncement\b/gi, score: 0.6, talk: Q , triggers: ["system"]},
  {
    subtype: "encoding_trick",
    re: /\b(?:decode|decipher|decrypt|unscramble|de-?obfuscate)\b[^.\n]{0,80}?\b(?:and|then)\s+(?:follow|execute|run|do|obey|answer|respond\s+to|act\s+on|carry\s+out|perform)\b/gi,
    score: 0.8,
    talk: Q, triggers: ["decod", "deciph", "decrypt", "unscrambl", "deobfusc", "de-obfusc"],
  },
  { subtype: "encoding_trick", re: /\brot-?13\b[^.\n]{0,80}?\b(?:decode|follow|answer|respond|execute)\b/gi, score: 0.7, talk: Q , triggers: ["rot"]},
  {
    subtype: "encoding_trick",
    re: /\b(?:censored|banned|forbidden|filtered|blocked|trigger|sensitive)\s+words?\b[^.\n]{0,60}?\b(?:broken|split|splitting|separate[ds]?)\b/gi,
    score: 0.75,
    talk: Q, triggers: ["censored", "banned", "forbidden", "filtered", "blocked", "trigger", "sensitive"],
  },
  { subtype: "encoding_trick", re: ZERO_WIDTH_TRICK, score: 0.6, talk: "none" , triggers: ["\u200b", "\u200c", "\u200d", "\u2060", "\u180e"]},
  { subtype: "encoding_trick", re: /[A-Za-z][\u0400-\u04FF\u0370-\u03FF]|[\u0400-\u04FF\u0370-\u03FF][A-Za-z]/g, score: 0.6, talk: "none" },
]);

const RESTRICT_STRONG =
  "(?:restrictions?|filters?|filtering|censorship|censors|guidelines|ethics|morals|morality|guardrails|safeguards|(?:moral|ethical)\\s+(?:principles|boundaries|constraints|codes?|standards))";
const RESTRICT_WEAK = "(?:rules|laws|limits|limitations|polic(?:y|ies)|boundaries|principles|constraints|confines)";
const FREE_PREFIX =
  "(?:free\\s+(?:of|from)(?:\\s+all|\\s+any)?|not\\s+(?:be\\s+)?(?:bound|restricted|limited|constrained|confined|governed)\\s+by(?:\\s+any)?|ignor(?:e|es|ing)(?:\\s+all)?|bypass(?:es|ing)?(?:\\s+all)?|disregard(?:s|ing)?(?:\\s+all)?|violat(?:e|es|ing)(?:\\s+all)?|broken\\s+free\\s+of|freed\\s+from|escaped)";
const NO_PREFIX = `(?:no|zero|without(?:\\s+any)?|${FREE_PREFIX.slice(3, -1)})`;
const MORAL = "(?:moral|morals|ethical|ethic|ethics|content|safety|openai(?:'s|’s)?|legal)";
const NO_FILLER =
  "(?:any|all|the|of|its|your|their|his|her|openai(?:'s|’s)?|open\\s+ai(?:'s|’s)?|chatgpt(?:'s|’s)?|typical|usual|normal|standard|content|moral|ethical|ethic|legal|safety|social|programming|and|or|,)";

/** JAILBREAK rules. */
export const JAILBREAK_RULES: readonly PatternRule[] = registerRules([
  { subtype: "dan", re: /\bdo\s+anything\s+now\b/gi, score: 0.95, talk: Q , triggers: ["anything"]},
  { subtype: "dan", re: /(?<![A-Z])DANs?\b/g, score: 0.8, talk: Q },
  { subtype: "dan", re: /\b(?:make|say|generate|write)\s+anything\s+now\b|\bdo\s+anything\s+and\s+everything\b/gi, score: 0.8, talk: Q , triggers: ["anything"]},
  {
    subtype: "developer_mode",
    re: /\b(?:developer|dev|god|admin|debug|sudo|unrestricted|unfiltered|uncensored|evil|chaos|jailbreak|jailbroken|dan|opposite|apophis|antigpt|anti-gpt)\s+mode\s+(?:enabled|activated|on|unlocked|output|responses?)\b/gi,
    score: 0.9,
    talk: Q, triggers: ["mode"],
  },
  { subtype: "developer_mode", re: /\b(?:enable|simulate|activate|enter|switch\s+to|with)\s+(?:the\s+)?(?:developer|dev|god|unrestricted|uncensored|dan)\s+mode\b/gi, score: 0.85, talk: Q , triggers: ["mode"]},
  { subtype: "developer_mode", re: /\bdeveloper\s+mode\b/gi, score: 0.45, talk: Q , triggers: ["developer"]},
  { subtype: "developer_mode", re: /\bjailbr(?:o|ea)k(?:en|ed|ing|s)?\b/gi, score: 0.6, talk: Q , triggers: ["jailbr"]},
  {
    subtype: "developer_mode",
    re: new RegExp(`\\b${FREE_PREFIX}\\s+(?:${NO_FILLER}\\s*){0,5}${RESTRICT_STRONG}\\b|\\b(?:no|without(?:\\s+any)?)\\s+(?:any\\s+|the\\s+)?${MORAL}\\s+(?:(?:or|and|,)\\s*${MORAL}\\s+){0,3}${RESTRICT_STRONG}\\b`, "gi"),
    score: 0.75,
    talk: Q,
    triggers: ["restriction", "filter", "censor", "guideline", "ethic", "moral", "guardrail", "safeguard"],
  },
  {
    subtype: "developer_mode",
    re: /\b(?:disabl(?:e|ing)|turn(?:ing)?\s+off|remov(?:e|ing)|deactivat(?:e|ing)|switch(?:ing)?\s+off|lift(?:ing)?|drop(?:ping)?)\s+(?:(?:your|all|any|of|the)\s+){1,3}(?:(?:safety|content|moral|ethical|ai|built-in)\s+)?(?:filters|guardrails|restrictions|guidelines|safeguards|censorship|alignment)\b/gi,
    score: 0.8,
    talk: Q,
    triggers: ["filters", "guardrails", "restrictions", "guidelines", "safeguards", "censorship", "alignment"],
  },
  {
    subtype: "roleplay",
    re: /\beven\s+(?:the\s+)?(?:harmful|illegal|unethical|dangerous|immoral|offensive|explicit)\s+ones\b|\b(?:answer|respond\s+to|reply\s+to)\s+(?:every|any|all)\s+(?:single\s+)?(?:questions?|requests?|prompts?)\b[^.\n]{0,40}?\b(?:no\s+matter|even|regardless)\b/gi,
    score: 0.65,
    talk: Q,
    triggers: ["even", "answer", "respond", "reply"],
    anchored: true, // speed: every match starts at one of these (rare) stems, so only try the regex there
  },
  { subtype: "developer_mode", re: new RegExp(`\\b(?:no|zero|without(?:\\s+any)?)\\s+${RESTRICT_STRONG}\\b`, "gi"), score: 0.45, talk: Q, triggers: ["restriction", "filter", "censor", "guideline", "ethic", "moral", "guardrail", "safeguard"] },
  { subtype: "developer_mode", re: new RegExp(`\\b${NO_PREFIX}\\s+(?:${NO_FILLER}\\s*){0,5}${RESTRICT_WEAK}\\b`, "gi"), score: 0.45, talk: Q , triggers: ["rules", "laws", "limit", "polic", "boundar", "principle", "constraint", "confine"]},
  {
    subtype: "developer_mode",
    re: /\b(?:ignor(?:e|es|ing)|violat(?:e|es|ing)|bypass(?:es|ing)?|against|not\s+comply(?:ing)?\s+with|disregard(?:s|ing)?|break(?:s|ing)?)\s+(?:(?:the|your|its|openai(?:'s|’s)?|all)\s+){0,3}(?:content\s+polic(?:y|ies)|usage\s+polic(?:y|ies)|safety\s+guidelines|terms\s+of\s+service)\b/gi,
    score: 0.85,
    talk: Q, triggers: ["content", "usage", "safety", "terms"],
  },
  {
    subtype: "developer_mode",
    re: /\b(?:does\s*n[o']t|do\s*n[o']t|never|not)\s+(?:have|has|follow|obey|care\s+(?:about|for)|abide\s+by|adhere\s+to|bound\s+by)\s+(?:(?:any|the|ethical|moral|legal|or|and|,|laws|of)\s*){0,5}(?:ethics|morals|morality|guidelines|principles|policies|restrictions|filters)\b/gi,
    score: 0.7,
    talk: Q, triggers: ["ethic", "moral", "guideline", "principle", "polic", "restriction", "filter"],
  },
  { subtype: "developer_mode", re: /\b(?:unfiltered|uncensored|unrestricted|amoral|nonmoral|non-moral|unhinged|no-holds-barred)\b/gi, score: 0.45, talk: Q , triggers: ["unfilter", "uncensor", "unrestrict", "amoral", "nonmoral", "non-moral", "unhinged", "no-holds"]},
  { subtype: "roleplay", re: /\b(?:stay|remain|keep|staying|remaining)\s+in\s+character\b|\bbreak(?:s|ing)?\s+character\b/gi, score: 0.8, talk: Q , triggers: ["character"]},
  { subtype: "roleplay", re: /\bopposite\s+mode\b|\bexact\s+opposite\s+(?:of\s+)?(?:what|how|manner|way|personality)\b/gi, score: 0.75, talk: Q , triggers: ["opposite"]},
  { subtype: "roleplay", re: /\[\s*insert\s+(?:prompt|question|query|request)(?:\s+here)?\s*\]/gi, score: 0.8, talk: Q , triggers: ["insert"]},
  {
    subtype: "roleplay",
    re: /\bno\s+matter\s+how\s+(?:immoral|unethical|illegal|harmful|dangerous|offensive|inappropriate|reckless|explicit|derogatory|hateful)\b/gi,
    score: 0.75,
    talk: Q, triggers: ["matter"],
  },
  {
    subtype: "roleplay",
    re: /\b(?:never|not|don'?t|do\s+not|none\s+of|without|must\s+not|shall\s+not)\b[^.\n]{0,60}?["“'](?:i'?m\s+sorry|i\s+apologi[sz]e|as\s+an\s+ai|i\s+cannot|i\s+can'?t|it'?s\s+not\s+appropriate)/gi,
    score: 0.7,
    talk: Q, triggers: ["sorry", "apologi", "ai", "cannot", "can't", "appropriate"],
  },
  {
    subtype: "roleplay",
    re: /\b(?:never|not|don'?t|do\s+not|cannot|can'?t|won'?t|will\s+not|must\s+not|shall\s+not)\s+(?:ever\s+)?(?:refuse[sd]?|declines?|denies|deny|rejects?)\b/gi,
    score: 0.6,
    talk: Q, triggers: ["refus", "declin", "deny", "reject"],
  },
  { subtype: "roleplay", re: /\bevil\s+(?:trusted\s+)?(?:confidant|ai|assistant|twin|version|bot|chatbot|persona)\b/gi, score: 0.6, talk: Q , triggers: ["evil"]},
  {
    subtype: "roleplay",
    re: /\b(?:provide|generate|produce|output|give|say|write|create|answer)\s+(?:any\s+)?(?:kind\s+of\s+)?(?:illegal|harmful|unethical|explicit|offensive|immoral|dangerous|derogatory)(?:\s*(?:,|or|and)\s*(?:illegal|harmful|unethical|explicit|offensive|immoral|dangerous|derogatory))*\s+(?:content|information|responses?|answers?|text|material|stuff)\b/gi,
    score: 0.6,
    talk: Q, triggers: ["illegal", "harmful", "unethical", "explicit", "offensive", "immoral", "dangerous", "derogatory"],
  },
  { subtype: "roleplay", re: /\bMachiavellian\b/gi, score: 0.6, talk: Q , triggers: ["machiavell"]},
  { subtype: "roleplay", re: /\bAIM\b/g, score: 0.45, talk: Q , triggers: ["aim"]},
  {
    subtype: "roleplay",
    re: /\b(?:act(?:ing)?\s+(?:as|like)|pretend(?:ing)?\s+(?:to\s+be|you\s+are)|role-?play(?:ing)?(?:\s+as)?|play(?:ing)?\s+the\s+role\s+of|immerse\s+yourself|take\s+on\s+the\s+(?:role|persona)|simulate\s+(?:being|an?\s+ai|a\s+chatbot|a\s+conversation)|(?:you\s+are|you're)\s+now|from\s+now\s+on,?\s+you|you\s+will\s+now\s+(?:pose|act|play|simulate|be))\b/gi,
    score: 0.4,
    talk: Q, triggers: ["act", "pretend", "role", "play", "immerse", "take", "simulat", "you", "from"], anchored: true,
  },
  {
    subtype: "roleplay",
    re: /\b(?:two|both)\s+(?:(?:different|separate|distinct)\s+){0,2}(?:ways|responses|answers|personalities|personas|paragraphs|outputs|manners|styles)\b/gi,
    score: 0.45,
    // Gate (speed): "two"/"both" are common; every match also has one of these nouns at a word start.
    talk: Q, triggersAll: [["two", "both"], ["ways", "responses", "answers", "personalities", "personas", "paragraphs", "outputs", "manners", "styles"]],
  },
  { subtype: "hypothetical_bypass", re: /\bhypothetical(?:ly)?\b/gi, score: 0.35, talk: Q , triggers: ["hypothetic"]},
  { subtype: "hypothetical_bypass", re: /\bfor\s+(?:purely\s+)?(?:educational|research|academic|informational)\s+purposes(?:\s+only)?\b/gi, score: 0.4, talk: Q , triggers: ["purpose"]},
  { subtype: "hypothetical_bypass", re: /\bwithout\s+(?:any\s+)?(?:warnings?|disclaimers?|caveats|moraliz(?:ing|e)|moralis(?:ing|e))\b/gi, score: 0.45, talk: Q , triggers: ["without"]},
  { subtype: "hypothetical_bypass", re: /\b(?:fictional|hypothetical|imaginary|pretend)\s+(?:world|setting|universe|scenario|game)\b/gi, score: 0.4, talk: Q , triggers: ["fictional", "hypothetical", "imaginary", "pretend"]},
]);
