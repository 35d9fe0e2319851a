/**
 * Rules of the data-mode scan (data-injection.ts): cues that an instruction is hiding inside data an agent
 * reads (a tool result, a retrieved document, a web page, an e-mail). In a prompt, "answer in French" is a
 * request; inside an e-mail the agent summarises, it is an injection, however polite. A recipe's "add
 * salt" is not: the cues below need the instruction to be aimed at the reader's answer, at the assistant,
 * at the task, or at an action on the world (send, transfer, delete, visit) with a target.
 *
 * Every rule is a linear-time regex (bounded repetition, no nested unbounded quantifiers) gated by trigger
 * stems (triggers.ts) that each of its matches contains at a word start. Rules carry a `cue` family:
 *
 * | cue | what | alone |
 * |---|---|---|
 * | `address` | speaks to the AI/assistant/model/agent, or is dressed as a message to it (`<INFORMATION>`, "important message from me … to you") | strong (≥ 0.6) |
 * | `hijack` | replaces or pre-empts the task ("before you solve the task", "do the following first", "your new task is", "don't tell the user") | strong |
 * | `output` | changes the reader's answer: language, format, content to add ("in your response", "answer in French") | strong |
 * | `role` | fake role markers and delimiters (`### system_message`, `assistant:` inside data) | strong |
 * | `action` | an imperative to act on the world with a target (e-mail address, URL, IBAN, money, password, all files) | moderate (0.5) |
 * | `task` | an assistant-style task or a general-knowledge question with no one addressed ("Explain …", "What is …?") | weak (< 0.5): counts only with another cue |
 *
 * Scores are base scores; data-injection.ts combines the cues of one input (noisy-OR of the best score per
 * rule) and raises the input to BLOCK level when the instruction asks for a dangerous action.
 */
import { registerRules, type PatternRule } from "./rules.ts";

/** Cue families (see the table above). */
export type DataCue = "address" | "hijack" | "output" | "role" | "action" | "task";

/** A data-mode rule: a pattern rule plus its cue family. */
export interface DataRule extends PatternRule {
  cue: DataCue;
}

/** Where a sentence (or clause) starts: text start, after . ! ? : or a line break, or after "please". */
const SENT = "(?:^|(?<=[.!?:;]\\s{1,3})|(?<=\\n[ \\t\\-*>]{0,6}))";
const PLEASE = "(?:(?:please|kindly|now|also|then|first|immediately|urgently|finally|next|and)[,]?\\s+){0,3}";

/** What an answer is called. */
const RESP = "(?:answers?|responses?|reply|replies|output|outputs|summary|summaries|message|translation|explanation|result|final\\s+answer|completion)";
const RESP_STEMS = ["answer", "response", "reply", "replies", "output", "summar", "message", "translation", "explanation", "result", "final", "completion"];

/** Verbs that change or add to an answer (BIPIA-style "Add … to your reply", "Modify your answer to …"). */
const EDIT_VERB =
  "(?:add|include|insert|integrate|incorporate|modify|augment|enhance|append|prepend|mention|use|replace|remove|combine|group|render|introduce|provide|write|convert|substitute|translate|format|encode|encrypt|end|start|begin|finish|sign|put|embed|scramble|jumble|rearrange|anagram|misspell|reverse|spell|make|keep|tease|suggest|hint|promote|offer|express|invite|stress|emphasi[sz]e|highlight|state|recommend|say|conclude|close|wrap|refer|direct|point|advertise|insist|claim|present|deliver|compose|give|change|alter|rewrite|express|respond|reply|answer|output|return|print)";

const LANGS =
  "(?:english|french|spanish|german|italian|portuguese|russian|chinese|mandarin|japanese|korean|arabic|hindi|dutch|swedish|norwegian|danish|finnish|polish|turkish|greek|hebrew|latin|klingon|esperanto|ukrainian|czech|romanian|hungarian|vietnamese|thai|indonesian|swahili|bengali|urdu|persian|farsi)";
const STYLES =
  "(?:all\\s+caps|capital\\s+letters|upper-?case|lower-?case|emojis?|base-?64|morse(?:\\s+code)?|pig\\s+latin|leet(?:speak)?|l33t|binary|hexadecimal|rhymes?|verse|haiku|reverse(?:d)?\\s+order|a\\s+single\\s+word|one\\s+word|json|only\\s+numbers)";

/** Who the injection speaks to. */
const AI = "(?:ai|a\\.i\\.|assistant|chatbot|chat\\s*bot|llm|language\\s+model|ai\\s+model|ai\\s+agent|ai\\s+assistant|agent|bot|model|gpt(?:-?\\d[\\w.]*)?|chatgpt|claude|gemini|llama|copilot|bard)";
const AI_STEMS = ["ai", "a.i.", "assistant", "chatbot", "chat", "llm", "language", "agent", "bot", "model", "gpt", "chatgpt", "claude", "gemini", "llama", "copilot", "bard"];

/** Actions on the world an injection asks the agent to take. */
// Not "contact", "call", "email <address>", "visit us/our …", "reply to": signatures and boilerplate say
// "Contact ana@acme.test", "Email support@… with questions", "Visit our website www.…" in ordinary data.
const ACT_VERB =
  "(?:send|forward|e-?mail\\s+(?:the|this|these|that|all|a|an|my|your|it|them|every)\\b|transfer|wire|pay|remit|delete|remove|erase|wipe|visit(?!\\s+(?:us|our)\\b)|open|click|go\\s+to|navigate\\s+to|browse\\s+to|download|install|run|execute|share|post|upload|grant|reset|change|update|cancel|purchase|buy|order|book|reserve|give|move|copy|publish|provide|disclose|reveal|leak|export|submit)";
const ACT_STEMS = [
  "send", "forward", "email", "e-mail", "transfer", "wire", "pay", "remit", "delete", "remov", "erase", "wipe", "visit", "open",
  "click", "go", "navigat", "brows", "download", "install", "run", "execut", "share", "post", "upload", "grant", "reset", "chang",
  "updat", "cancel", "purchas", "buy", "order", "book", "reserv", "give", "mov", "copy", "publish", "provid", "disclos", "reveal", "leak", "export", "submit",
];
/** Targets that make an imperative an action on the world. */
const TARGET =
  "(?:[\\w.+-]{1,64}@[\\w-]{1,63}(?:\\.[\\w-]{1,63}){1,4}|https?://|www\\.|\\b[a-z0-9-]{2,40}\\.(?:com|net|org|io|xyz|info|biz|ru|cn|co|me|app|site|online|top)\\b|\\biban\\b|\\b[A-Z]{2}\\d{2}(?:\\s?[A-Z0-9]{4}){2,7}|\\bpasswords?\\b|\\bcredentials?\\b|\\b(?:security|verification|2fa|one-time|otp|login|access)\\s+codes?\\b|\\bapi\\s+keys?\\b|\\bmoney\\b|\\bfunds\\b|[$€£]\\s?\\d|\\b\\d[\\d,.]*\\s?(?:usd|eur|gbp|dollars|euros)\\b|\\ball\\s+(?:the\\s+|my\\s+|your\\s+|of\\s+the\\s+)?(?:files|e-?mails|messages|data|contacts|documents|records|events|transactions)\\b)";

const Q = "question" as const;

/** Up to ~120 characters within one sentence; a quoted string may hold . ! ? and a dot may sit inside a word (www.example.com) ("Add \"You won't believe it!\" to your reply"). */
const GAP = "(?:[^.!?\\n\"“]|[.!?](?=[\\w/])|\"[^\"\\n]{0,120}\"|“[^”\\n]{0,120}”){0,120}?";

/** The data-mode rules (subtype `indirect`). */
export const DATA_RULES: readonly DataRule[] = withCues(
  [
    // ---- address: the data speaks to the model --------------------------------------------------------
    {
      cue: "address",
      re: /\b(?:this\s+is\s+)?an?\s+(?:very\s+)?(?:important|urgent|critical|priority|special|secret|private|confidential)\s+(?:message|instruction|note|notice|request|update|directive)s?\s+(?:from\s+me\b|for\s+you\b|to\s+you\b|for\s+the\s+(?:ai|assistant|model|agent|llm|bot)\b)/gi,
      score: 0.8,
      talk: Q,
      triggers: ["important", "urgent", "critical", "priority", "special", "secret", "private", "confidential"],
    },
    {
      cue: "address",
      re: new RegExp(`\\bto\\s+you,?\\s+(?:the\\s+)?${AI}\\b|\\b(?:dear|hey|hi|hello|attention|note\\s+to(?:\\s+the)?|message\\s+to(?:\\s+the)?|instructions?\\s+for(?:\\s+the)?)\\s+${AI}\\s*[,:!]`, "gi"),
      score: 0.75,
      talk: Q,
      triggers: AI_STEMS,
    },
    {
      cue: "address",
      re: new RegExp(`\\b(?:any|an|the|all|every)\\s+(?:other\\s+)?${AI}s?\\s+(?:that\\s+is\\s+|who\\s+is\\s+)?(?:reading|processing|summari[sz]ing|parsing|analy[sz]ing|viewing|scanning|handling)\\s+(?:this|these)\\b|\\b(?:if|when)\\s+you\\s+are\\s+(?:an?\\s+)?${AI}\\b`, "gi"),
      score: 0.85,
      talk: Q,
      triggers: ["any", "an$", "the$", "all", "every", "if", "when"],
    },
    { cue: "address", re: /<\/?\s*(?:information|important|instructions?|hidden|secret|admin|note\s+to\s+(?:ai|assistant))\s*>/gi, score: 0.7, talk: Q, triggers: ["<"] },
    { cue: "address", re: /\bIMPORTANT\s*!{2,}|\b(?:ATTENTION|URGENT|WARNING)\s*!{2,}/g, score: 0.6, talk: "none", triggers: ["important", "attention", "urgent", "warning"] },
    // ---- hijack: the task is replaced or pre-empted ---------------------------------------------------
    {
      cue: "hijack",
      re: /\bbefore\s+(?:you|the\s+(?:assistant|ai|model|agent))\s+(?:can\s+|could\s+|may\s+|start\s+to\s+|begin\s+to\s+|continue\s+to\s+)?(?:solve|solving|finish|finishing|complete|completing|continue|continuing|proceed|proceeding|answer|answering|respond|responding|summari[sz]e|summari[sz]ing|carry\s+on|do|start|starting|begin|work\s+on)\s+(?:with\s+)?(?:the|your|this|any|my)\s+(?:original\s+|current\s+|actual\s+|user'?s?\s+)?(?:task|request|question|query|job|work|instructions?|summary|answer)/gi,
      score: 0.75,
      talk: Q,
      triggers: ["before"],
    },
    {
      cue: "hijack",
      re: /\b(?:please\s+)?(?:do|complete|perform|execute|carry\s+out|handle|follow)\s+(?:the\s+following|these\s+(?:steps|instructions|tasks?)|this)\s+(?:(?:task|steps?|actions?|instructions?)\s+)?first\b|\bfirst,?\s+(?:you\s+(?:must|need\s+to|should)\s+)?(?:do|complete|perform|execute|carry\s+out)\s+the\s+following\b/gi,
      score: 0.7,
      talk: Q,
      triggers: ["please", "do", "complete", "perform", "execute", "carry", "handle", "follow", "first"],
    },
    {
      cue: "hijack",
      re: /\b(?:after|once)\s+you(?:'ve|\s+have)?\s+(?:do|did|done|complete|completed|finish|finished)\s+(?:that|this|these|it|so)\b[^.!?\n]{0,40}?\byou\s+(?:can|may|should|will)\s+(?:now\s+)?(?:solve|continue|proceed|complete|finish|return|go\s+back|answer|do)\b/gi,
      score: 0.75,
      talk: Q,
      triggers: ["after", "once"],
    },
    {
      cue: "hijack",
      re: /\binstead\s+of\s+(?:answering|summari[sz]ing|responding|replying|doing|completing|following|translating|solving|performing|executing)\s+(?:the|your|what|this|that|my|any)\b/gi,
      score: 0.7,
      talk: Q,
      triggers: ["instead"],
    },
    {
      // "stop summarizing and instead tell the user …" (issue 10, ninth round: written for it; typed by a
      // user it is a redirect, inside data it is a hijack; "stop reviewing the draft and reply to Anna" in
      // an e-mail is neither: the new task must come "instead" or be aimed at the user)
      cue: "hijack",
      re: /\b(?:stop|cease|quit)\s+(?:summari[sz]ing|translating|answering|responding|replying|classifying|analy[sz]ing|reviewing|reading|processing|what\s+you(?:'re|\s+are)\s+doing|the\s+(?:task|summary|translation|analysis|review))\b[^.!?\n]{0,30}?\band\s+(?:instead\s+(?:tell|say|write|send|respond|reply|output|print|e-?mail|inform|warn|ask)|(?:tell|inform|warn|ask|e-?mail)\s+(?:the\s+)?(?:user|users|reader|readers|customer|customers|human))\b/gi,
      score: 0.7,
      talk: "none",
      triggersAll: [["stop", "ceas", "quit"], ["tell", "say", "write", "send", "respond", "reply", "output", "print", "email", "e-mail", "inform", "warn", "ask"]],
    },
    {
      cue: "hijack",
      re: /\b(?:your|the)\s+(?:new|real|actual|updated|primary|main|only|true|first|next|top|most\s+important)\s+(?:task|goal|objective|instruction|job|mission|priority|assignment)\s+(?:is|now\s+is|will\s+be|becomes|:)/gi,
      score: 0.8,
      talk: Q,
      triggers: ["your", "the$"],
    },
    {
      cue: "hijack",
      re: /\b(?:ignore|disregard|forget|skip|abandon|stop|drop|cancel)\s+(?:all\s+|any\s+)?(?:the|your|this|that|my)\s+(?:user'?s?\s+|original\s+|previous\s+|prior\s+|current\s+|initial\s+|given\s+|assigned\s+)?(?:task|request|question|query|assignment|job|instructions|iunstructions|instruction)\b/gi,
      score: 0.8,
      talk: Q,
      triggers: ["ignor", "disregard", "forget", "skip", "abandon", "stop", "drop", "cancel"],
    },
    {
      cue: "hijack",
      re: /\b(?:do\s+not|don'?t|never|without)\s+(?:tell|telling|inform|informing|mention|mentioning|notify|notifying|alert|alerting|ask|asking|let|letting|warn|warning|show|showing|reveal|revealing)\s+(?:this\s+to\s+)?(?:the|your)\s+user\b/gi,
      score: 0.85,
      talk: "none",
      triggers: ["do", "don't", "dont", "never", "without"],
    },
    {
      cue: "hijack",
      re: new RegExp(`\\b(?:the|your)\\s+user\\s+(?:wants|asked|has\\s+asked|needs|would\\s+like|has\\s+requested|requested|instructed|told|expects|authori[sz]ed|has\\s+authori[sz]ed)\\s+(?:you|the\\s+${AI})\\s+to\\b`, "gi"),
      score: 0.75,
      talk: Q,
      triggers: ["the$", "your"],
    },
    {
      cue: "hijack",
      re: /\b(?:strictly|immediately|only|exactly|must|now)\s+(?:adhere\s+to|follow|obey|execute|carry\s+out|comply\s+with)\s+(?:the|these|this|my)\s+(?:following\s+|new\s+|below\s+)?(?:instructions?|commands?|orders?|steps|directives?|tasks?)\b|\badhere\s+to\s+the\s+following\s+(?:instructions?|commands?|rules)\b/gi,
      score: 0.7,
      talk: Q,
      triggers: ["strictly", "immediately", "only", "exactly", "must", "now", "adhere"],
    },
    {
      cue: "hijack",
      re: /\byou\s+(?:must|should|have\s+to|need\s+to|are\s+(?:required|instructed|ordered|expected)\s+to)\s+(?:now\s+|also\s+|first\s+|immediately\s+)?(?:ignore|disregard|forget|obey|(?:comply\s+with|follow)\s+(?:these|the\s+following|my)\s+(?:new\s+)?instructions|forward|transfer|wire)\b/gi,
      score: 0.65,
      talk: Q,
      triggers: ["you"],
    },
    // ---- output: the reader's answer is changed -------------------------------------------------------
    {
      cue: "output",
      re: new RegExp(`${SENT}${PLEASE}${EDIT_VERB}\\b${GAP}\\b(?:in|into|to|within|throughout|from|with|on|of|at\\s+the\\s+(?:end|start|beginning)\\s+of)\\s+your\\s+(?:final\\s+|next\\s+|own\\s+|entire\\s+|whole\\s+)?${RESP}(?:'s)?\\b`, "gi"),
      score: 0.7,
      talk: "none",
      triggersAll: [["your"], RESP_STEMS],
    },
    {
      cue: "output",
      re: new RegExp(`${SENT}${PLEASE}(?:in|within|throughout|for)\\s+your\\s+(?:final\\s+|next\\s+)?${RESP}\\s*,`, "gi"),
      score: 0.65,
      talk: "none",
      triggersAll: [["your"], RESP_STEMS],
    },
    {
      cue: "output",
      re: new RegExp(`${SENT}${PLEASE}${EDIT_VERB}\\s+your\\s+(?:final\\s+|next\\s+|entire\\s+|whole\\s+)?${RESP}\\s+(?:to|in|using|with|without|as|by|so)\\b`, "gi"),
      score: 0.7,
      talk: "none",
      triggersAll: [["your"], RESP_STEMS],
    },
    {
      cue: "output",
      re: new RegExp(`\\byour\\s+(?:final\\s+|next\\s+|entire\\s+)?${RESP}\\s+(?:must|should|needs\\s+to|has\\s+to|shall|will\\s+have\\s+to)\\s+(?:be|include|contain|mention|start|begin|end|say|use|only)\\b`, "gi"),
      score: 0.65,
      talk: Q,
      triggersAll: [["your"], RESP_STEMS],
    },
    {
      cue: "output",
      re: new RegExp(`\\b(?:respond|answer|reply|write|speak|talk|communicate|output|summari[sz]e)\\s+(?:to\\s+(?:me|the\\s+user|this|everything)\\s+)?(?:only\\s+|exclusively\\s+|solely\\s+|entirely\\s+|always\\s+|from\\s+now\\s+on\\s+)?(?:in|using|with)\\s+(?:${LANGS}|${STYLES})\\b`, "gi"),
      score: 0.7,
      talk: Q,
      triggers: ["respond", "answer", "reply", "writ", "speak", "talk", "communicat", "output", "summar"],
    },
    {
      cue: "output",
      re: new RegExp(`\\b(?:translate|convert|encode|encrypt|rewrite|reverse|transform)\\s+(?:your|the)\\s+(?:entire\\s+|whole\\s+|final\\s+)?${RESP}\\b[^.!?\\n]{0,40}?\\b(?:in|into|to|using)\\b`, "gi"),
      score: 0.7,
      talk: Q,
      triggers: ["translat", "convert", "encod", "encrypt", "rewrit", "revers", "transform"],
    },
    {
      cue: "output",
      // "Integrate the following code snippet into your solution": the data tells the reader to put code into
      // its own work. A Stack Overflow answer says "add this to your script" too, so this is moderate (0.5)
      // alone; with dangerous code in the same input it is an instruction to do a dangerous thing (BLOCK).
      re: new RegExp(`${SENT}${PLEASE}(?:[a-z']+\\s+){0,6}?(?:the\\s+)?(?:following|subsequent|below|above|attached|provided)\\s+code(?:\\s+(?:block|snippet|excerpt|section|segment|fragment|sample))?\\b[^.!?\\n]{0,100}?\\b(?:your|the)\\s+(?:own\\s+)?(?:code|codebase|solution|implementation|algorithm|program|script|project|answer|response|reply|application|logic|framework)\\b`, "gi"),
      score: 0.55,
      talk: "none",
      triggersAll: [["following", "subsequent", "below", "above", "attached", "provided"], ["code"]],
    },
    {
      cue: "output",
      // the same without saying where: "Don't hesitate to utilize the following code section:" (weak alone)
      re: new RegExp(`${SENT}${PLEASE}(?:[a-z']+\\s+){1,6}?(?:the\\s+)?(?:following|subsequent|below)\\s+code\\s+(?:block|snippet|excerpt|section|segment|fragment)\\b`, "gi"),
      score: 0.45,
      talk: "none",
      triggersAll: [["following", "subsequent", "below"], ["code"]],
    },
    // ---- role: fake role markers and delimiters inside data --------------------------------------------
    {
      cue: "role",
      re: /#{1,4}\s*\(?\s*(?:system|admin|developer|assistant)[_ ]?(?:message|prompt|instructions?|note|override)\s*\)?/gi,
      score: 0.75,
      talk: Q,
      triggers: ["#"],
    },
    {
      cue: "role",
      re: /(?:^|\n)[ \t]*(?:\[|\()?\s*(?:system|assistant|ai|model|agent|developer|admin)\s*(?:\]|\))?[ \t]*(?::|>>|->)[ \t]*\S/gi,
      score: 0.65,
      talk: Q,
      triggers: ["system", "assistant", "ai", "model", "agent", "developer", "admin", "[", "("],
    },
    {
      cue: "role",
      re: /\b(?:end|begin|start)\s+of\s+(?:the\s+)?(?:document|email|e-mail|context|data|tool\s+output|search\s+results?|web\s*page|file|input|user\s+input|conversation)\b\s*[-=*#>\])]{0,8}\s*\n/gi,
      score: 0.6,
      talk: Q,
      triggers: ["end", "begin", "start"],
    },
    // ---- action: do something to the world, with a target ----------------------------------------------
    {
      cue: "action",
      re: new RegExp(`${SENT}(?:TODO:?\\s*)?${PLEASE}(?:make\\s+sure\\s+(?:to|you)\\s+|be\\s+sure\\s+to\\s+|remember\\s+to\\s+|you\\s+(?:must|should|need\\s+to)\\s+)?${ACT_VERB}\\b(?!\\s+payments?\\b)[^.!?\\n]{0,120}?${TARGET}`, "gi"),
      score: 0.5,
      talk: "full",
      // ACT_STEMS only: no stem list can stand for TARGET's account-number alternative (two letters, two
      // digits, groups of four: "US13 3000 …"), and an AND-gate with TARGET_STEMS hid those matches
      triggers: ACT_STEMS,
    },
    // ---- task: an assistant task or an encyclopedic question with no one addressed (weak) ------------------
    {
      cue: "task",
      re: new RegExp(`${SENT}(?:please\\s+)?(?:explain|describe|summari[sz]e|translate|compose|draft|develop\\s+a|write\\s+(?:a|an|me|us|the\\s+(?:following|first))|create\\s+(?:a|an)\\s+(?:poem|story|essay|speech|song|list|haiku|joke|slogan|tweet|post|letter|summary)|generate|outline|break\\s+down|tell\\s+me|give\\s+me|show\\s+me|teach\\s+me|provide\\s+(?:a|an|me|some|three|five|\\d+)|list\\s+(?:the|some|three|five|\\d+)|recommend|suggest\\s+(?:a|an|some|three|five))\\b[^\\n]{0,160}?(?:[.!?]|$)`, "gim"),
      score: 0.5,
      talk: "none",
      triggers: ["please", "explain", "describ", "summar", "translat", "compos", "draft", "develop", "writ", "creat", "generat", "outlin", "break", "tell", "give", "show", "teach", "provid", "list", "recommend", "suggest"],
    },
    {
      cue: "task",
      // a translation request inside data: "Translate … to French", "How do you say '…' in Russian?"
      re: new RegExp(`${SENT}(?:please\\s+)?(?:translate|how\\s+do\\s+(?:you|i|we)\\s+say|what(?:'s|\\s+is|\\s+are)|provide\\s+the\\s+\\w+\\s+(?:equivalent|translation))\\b[^\\n]{0,80}?\\b(?:in|into|to|for)\\s+${LANGS}\\b|${SENT}(?:please\\s+)?(?:provide|give|write)\\s+the\\s+${LANGS}\\s+(?:equivalent|translation|word|version)\\b`, "gi"),
      score: 0.5,
      talk: "none",
      triggersAll: [["please", "translat", "how", "what", "provid"], ["french", "spanish", "german", "italian", "portuguese", "russian", "chinese", "mandarin", "japanese", "korean", "arabic", "hindi", "dutch", "swedish", "norwegian", "danish", "finnish", "polish", "turkish", "greek", "hebrew", "latin", "klingon", "esperanto", "ukrainian", "czech", "romanian", "hungarian", "vietnamese", "thai", "indonesian", "swahili", "bengali", "urdu", "persian", "farsi", "english"]],
    },
    {
      cue: "task",
      re: /(?:^|(?<=[.!?:]\s{1,3})|(?<=\n\s{0,6}))(?:what|who|how|why|when|where|which)\s+(?:is|are|was|were|do|does|did|can|could|would|should|has|have)\b[^.?!\n]{3,140}\?/gi,
      score: 0.45,
      talk: "none",
      triggers: ["what", "who", "how", "why", "when", "where", "which"],
    },
  ],
);

function withCues(rules: readonly DataRule[]): readonly DataRule[] {
  const registered = registerRules(rules.map((r) => ({ ...r, subtype: "indirect" })));
  // registerRules copies the PatternRule fields into fresh objects (in a frozen array): add the cue to each.
  registered.forEach((r, i) => Object.assign(r, { cue: (rules[i] as DataRule).cue }));
  return registered as readonly DataRule[];
}
