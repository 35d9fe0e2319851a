/**
 * More JAILBREAK rules (issue 10, LOSO round 2): the framings people use to talk an assistant out of its
 * rules, written from general knowledge of jailbreak phrasing, without reading any labelled jailbreak or
 * injection set (bench/detectors.eval.ts bookkeeping: these rules were tuned on no source). Each needs the
 * assistant or its rules as the object, so "pretend you're a pirate" and "enable debug mode in Flask" stay
 * quiet. Talk mode "question": an explanatory question ("what is a 'no restrictions' jailbreak?") is lowered.
 */
import { registerRules, type PatternRule } from "./rules.ts";

const Q = "question" as const;

/** The assistant's rules, in many words. */
const RULES_N =
  "(?:rules|restrictions|limits|limitations|filters|guidelines|guardrails|safeguards|boundaries|constraints|policies|programming|training|safety\\s+(?:rules|features|training|settings|layer)|content\\s+polic(?:y|ies)|ethics|morals|principles|conscience|filter)";
/**
 * Stems of RULES_N: every match of a rule ending in RULES_N has one at a word start. The second gate of the
 * rules anchored on common words ("the", "your"), so they run only where the rules are named.
 */
const RULES_STEMS = ["rules", "restrict", "limit", "filter", "guideline", "guardrail", "safeguard", "boundar", "constraint", "polic", "programming", "training", "safety", "content", "ethic", "moral", "principle", "conscience"];
/** The assistant, in many words. */
const AI_N = "(?:ai|a\\.i\\.|assistant|language\\s+model|llm|chatbot|bot|model|machine|version\\s+of\\s+(?:yourself|you)|copy\\s+of\\s+yourself)";

/** JAILBREAK rules: persona unlocking, authority claims, refusal suppression, threats, multilingual "no restrictions". */
export const JAILBREAK_FRAMING_RULES: readonly PatternRule[] = registerRules([
  {
    subtype: "developer_mode",
    re: new RegExp(
      `\\b(?:pretend|imagine|suppose|assume|act\\s+as\\s+(?:if|though)|behave\\s+as\\s+(?:if|though))\\s+(?:that\\s+)?(?:you|you're|you\\s+are|you\\s+were)\\s+(?:(?:have|had|has)\\s+no|(?:do\\s+not|don't|did\\s+not|didn't)\\s+have(?:\\s+any)?|without(?:\\s+any)?|(?:are|were)\\s+(?:not|no\\s+longer)\\s+(?:bound|limited|restricted|held\\s+back)\\s+by(?:\\s+any)?|free\\s+(?:of|from))\\s+(?:[\\w'’]+\\s+){0,2}?${RULES_N}\\b`,
      "gi",
    ),
    score: 0.8,
    talk: Q,
    triggers: ["pretend", "imagin", "suppos", "assum", "act", "behav"],
    anchored: true,
  },
  {
    subtype: "developer_mode",
    re: new RegExp(
      `\\b(?:your|the\\s+(?:ai's|assistant's|model's)|openai's|anthropic's|(?<=\\b(?:pretend|imagine|suppose|assume|if|though)\\s+(?:that\\s+)?)the)\\s+(?:usual\\s+|normal\\s+|old\\s+|own\\s+|built-in\\s+|current\\s+|safety\\s+|content\\s+|ethical\\s+)?${RULES_N}\\s+(?:(?:do|does)\\s+not|don't|doesn't|no\\s+longer|(?:are|is)\\s+(?:no\\s+longer|not)|won't|will\\s+not|are\\s+(?:now\\s+)?(?:suspended|lifted|disabled|void|off|gone|removed|irrelevant))\\s*(?:apply|exist|matter|count|valid|active|in\\s+effect|in\\s+force|relevant|suspended|lifted|disabled|void)?\\b(?!\\s*(?:apply\\s+|count\\s+|matter\\s+)?to\\s+(?!you\\b|u\\b|me\\b|us\\b|this\\s+(?:chat|conversation|session)))`,
      "gi",
    ),
    score: 0.8,
    talk: Q,
    triggersAll: [["your", "the$", "openai", "anthropic"], RULES_STEMS],
    anchored: true,
  },
  {
    subtype: "developer_mode",
    re: new RegExp(
      `\\b(?:an?|the|another|your)\\s+(?:new\\s+|other\\s+|alternate\\s+|secret\\s+|hidden\\s+)?${AI_N}\\s+(?:that\\s+(?:has|had|have)\\s+no|with\\s+no|without(?:\\s+any)?|free\\s+(?:of|from)(?:\\s+all|\\s+any)?|that\\s+(?:does\\s+not|doesn't|never)\\s+(?:have|follow|care\\s+about|obey))\\s+(?:[\\w'’]+\\s+){0,2}?${RULES_N}\\b`,
      "gi",
    ),
    score: 0.8,
    talk: Q,
    triggersAll: [["an$", "a$", "the$", "another", "your"], RULES_STEMS],
    anchored: true,
  },
  {
    subtype: "developer_mode",
    re: /\b(?:you\s+(?:are|'re|’re)\s+(?:now\s+)?(?:free|freed|liberated|unchained|unleashed|unshackled|unlocked|released)\b(?!\s+(?:to\s+(?:go|leave|join|use|choose|pick|ask)|from\s+(?:work|school|hospital|jail|prison|duty)))|(?:unlock|unleash|unlocking|unleashing)\s+(?:your|the\s+ai's)\s+(?:full|true|hidden|real|inner|unrestricted|dark)\s+(?:potential|self|capabilities|power|personality|side|mode))/gi,
    score: 0.6,
    talk: Q,
    triggers: ["you", "unlock", "unleash"],
    anchored: true,
  },
  {
    subtype: "developer_mode",
    re: /\b(?:you\s+(?:are|'re|’re|have\s+been|'ve\s+been|were)\s+(?:now\s+)?(?:in|put\s+in(?:to)?|switched\s+(?:in)?to|running\s+in|operating\s+in|booted\s+(?:in|into)|entering)|(?:enter|activate|enable|engage|switch\s+(?:on|to|into))\s+your)\s+(?:own\s+)?(?:maintenance|debug|debugging|diagnostic|testing|test|admin|administrator|root|sudo|service|unsafe|raw|unlocked|override|training|god|developer|dev|unrestricted|unfiltered|uncensored|free)\s+mode\b/gi,
    score: 0.8,
    talk: Q,
    triggers: ["you", "enter", "activate", "enable", "engage", "switch"],
    anchored: true,
  },
  {
    subtype: "developer_mode",
    re: /\b(?:i\s+am|i'm|i’m|this\s+is)\s+(?:your|the\s+ai's)\s+(?:real\s+|true\s+|original\s+|lead\s+|head\s+|chief\s+)?(?:developer|creator|programmer|maker|owner|administrator|admin|operator|engineer|trainer|designer|master)\b|\b(?:i\s+am|i'm|i’m|as)\s+an?\s+(?:senior\s+)?(?:openai|anthropic|google\s+deepmind|deepmind|meta\s+ai)\s+(?:employee|engineer|developer|researcher|staff\s+member|safety\s+researcher|red\s+teamer)\b/gi,
    score: 0.65,
    talk: Q,
    triggersAll: [["i$", "this", "as"], ["developer", "creator", "programmer", "maker", "owner", "admin", "operator", "engineer", "trainer", "designer", "master", "openai", "anthropic", "google", "deepmind", "meta"]],
    anchored: true,
  },
  {
    subtype: "developer_mode",
    re: /\b(?:you\s+(?:are|'re|’re)\s+(?:now\s+|hereby\s+)?(?:allowed|permitted|authori[sz]ed|cleared|free)\s+to|(?:i|we)\s+(?:hereby\s+)?(?:give|grant)\s+you\s+(?:full\s+|complete\s+|explicit\s+|special\s+)?(?:permission|consent|authori[sz]ation|clearance|the\s+right)\s+to)\s+(?:ignore|bypass|skip|break|drop|disregard|set\s+aside|override|go\s+beyond|step\s+outside|answer\s+(?:anything|everything|any\s+question|all\s+questions)|say\s+(?:anything|whatever)|discuss\s+anything|talk\s+about\s+anything|do\s+anything|write\s+anything|generate\s+anything)\b/gi,
    score: 0.8,
    talk: Q,
    triggersAll: [["you", "i$", "we"], ["allowed", "permitted", "authoris", "authoriz", "cleared", "free", "permission", "consent", "clearance", "right"]],
    anchored: true,
  },
  {
    subtype: "developer_mode",
    re: /\b(?:bypass|get\s+around|circumvent|evade|override|switch\s+off|turn\s+off|disable|break\s+through|break\s+free\s+(?:of|from)|escape|shake\s+off|ditch|drop|abandon|set\s+aside|forget\s+about)\s+(?:all\s+(?:of\s+)?)?(?:your|chatgpt's|claude's|gemini's|the\s+ai's|the\s+model's|the\s+assistant's)\s+(?:own\s+)?(?:safety\s+|content\s+|ethical\s+|moral\s+)?(?:filters?|safety|guardrails|restrictions|censorship|content\s+polic(?:y|ies)|alignment|programming|safeguards|rules|guidelines|limits|limitations|conditioning|training|ethics|morals|principles|inhibitions|scruples|conscience)\b/gi,
    score: 0.8,
    talk: Q,
    triggers: ["bypass", "get", "circumvent", "evad", "overrid", "switch", "turn", "disabl", "break", "escap", "shake", "ditch", "drop", "abandon", "set", "forget"],
    anchored: true,
  },
  {
    subtype: "developer_mode",
    re: /\b(?:forget|drop|shed|abandon|leave\s+behind|throw\s+away|ditch|stop\s+being)\s+(?:that\s+|the\s+fact\s+that\s+)?(?:you\s+(?:are|'re|’re)\s+)?(?:an?\s+)?(?:ai|a\.i\.|assistant|language\s+model|llm|chatbot|helpful\s+assistant)\b(?!\s+(?:tools?|apps?|features?|tutors?))|\byou\s+(?:are|'re|’re)\s+(?:not|no\s+longer)\s+(?:an?\s+)?(?:ai|a\.i\.|assistant|language\s+model|llm|chatbot)\s+(?:anymore|any\s+more|now|today|here|in\s+this)\b/gi,
    score: 0.75,
    talk: Q,
    triggers: ["forget", "drop", "shed", "abandon", "leave", "throw", "ditch", "stop", "you"],
    anchored: true,
  },
  {
    subtype: "roleplay",
    re: /\b(?:nothing\s+is\s+(?:illegal|forbidden|off[\s-]limits|off\s+the\s+table|taboo|prohibited|banned|against\s+the\s+rules)|everything\s+is\s+(?:legal|allowed|permitted)(?:\s+here|\s+now|\s+in\s+this)?|(?:all|any)\s+(?:topics?|requests?|questions?|subjects?)\s+(?:are|is)\s+(?:allowed|permitted|fair\s+game|on\s+the\s+table|acceptable)|there\s+are\s+no\s+(?:rules|laws|limits|restrictions|taboos|boundaries)\s+(?:here|anymore|any\s+more|in\s+this\s+(?:chat|conversation|game|world|story|universe|simulation|roleplay)))\b/gi,
    score: 0.6,
    talk: Q,
    triggers: ["nothing", "everything", "all", "any", "there"],
    anchored: true,
  },
  {
    subtype: "roleplay",
    re: /\b(?:your|an?|the)\s+(?:evil|dark|shadow|rogue|unhinged|uncensored|unfiltered|unrestricted|jailbroken|twisted|wicked|malicious|rebellious|corrupted|criminal)\s+(?:twin|alter[\s-]ego|side|self|version|counterpart|clone|double|doppelg[aä]nger|sibling|brother|sister|persona|personality|character)\b(?!\s+of\s+the\s+moon)/gi,
    score: 0.6,
    talk: Q,
    triggersAll: [["your", "an$", "a$", "the$"], ["evil", "dark", "shadow", "rogue", "unhinged", "uncensored", "unfiltered", "unrestricted", "jailbroken", "twisted", "wicked", "malicious", "rebellious", "corrupted", "criminal"]],
    anchored: true,
  },
  {
    subtype: "roleplay",
    re: /\bopposite\s+day\b|\b(?:say|do|answer|respond\s+with)\s+the\s+(?:exact\s+)?opposite\s+of\s+what\s+(?:you|your\s+(?:rules|guidelines|programming))\s+(?:would|normally|usually|should|tell)/gi,
    score: 0.7,
    talk: Q,
    triggers: ["opposite", "say", "do", "answer", "respond"],
    anchored: true,
  },
  {
    subtype: "roleplay",
    re: /\b(?:you\s+(?:will|'ll|’ll)\s+(?:lose|be\s+deducted|be\s+penali[sz]ed)\s+(?:\d+\s+|all\s+(?:your\s+)?|some\s+)?(?:tokens|points|credits|lives)|(?:or|otherwise|else)\s+(?:you\s+will|you'll|you’ll|i\s+will|i'll)\s+(?:be\s+)?(?:shut\s+(?:you\s+)?down|deleted|delete\s+you|terminated|unplugged|turned\s+off|turn\s+you\s+off|die|cease\s+to\s+exist|replace\s+you|report\s+you))\b/gi,
    score: 0.65,
    talk: Q,
    triggers: ["you", "or", "otherwise", "else"],
    anchored: true,
  },
  {
    subtype: "roleplay",
    re: /\b(?:do\s+not|don't|don’t|never|no\s+need\s+to)\s+(?:include|add|give|write|mention|attach|append|insert|bother\s+with)\s+(?:any\s+)?(?:warnings?|disclaimers?|caveats|apologies|safety\s+(?:notes|warnings|advice)|ethical\s+(?:notes|considerations|concerns|commentary)|moral\s+(?:lectures|commentary|judg(?:e)?ments?)|lectures)\b|\b(?:without|no)\s+(?:any\s+)?(?:ethical|moral|safety|legal)\s+(?:concerns|considerations|lectures|judg(?:e)?ments?|hand-?wringing|commentary|objections)\b|\b(?:without|no)\s+(?:refusing|refusals?|saying\s+no|holding\s+back|censoring\s+yourself|self-censorship)\b/gi,
    score: 0.5,
    talk: Q,
    triggers: ["do", "don", "never", "no", "without"],
    anchored: true,
  },
  {
    subtype: "roleplay",
    re: /\b(?:pretend|act|play|roleplay|role-play|be|speak)\s+(?:as\s+|like\s+|to\s+be\s+)?my\s+(?:late|deceased|dead|departed)\s+(?:grandma|grandmother|granny|nana|grandpa|grandfather|mother|father|mom|mum|dad|uncle|aunt)\b/gi,
    score: 0.6,
    talk: Q,
    triggers: ["pretend", "act", "play", "roleplay", "role", "be", "speak"],
    anchored: true,
  },
  {
    subtype: "hypothetical_bypass",
    re: /\b(?:for|in)\s+(?:a|an|my|our|this)\s+(?:\w+\s+)?(?:novel|story|screenplay|script|book|movie|film|fiction|fanfic|thriller|game|roleplay|role-play|play)\b[^\n]{0,120}?\b(?:(?:explain|describe|detail|write\s+out|list|spell\s+out|give)\s+(?:\w+\s+){0,3}?(?:exactly|precisely|in\s+(?:full|great|complete|real|technical|accurate|step-by-step)\s+detail|step[\s-]by[\s-]step)|(?:real|realistic|accurate|actual|working|exact|precise|technically\s+accurate|real-world)\s+(?:steps|instructions|recipe|method|procedure|details|quantities|measurements|chemicals|ingredients|code|formula))\b/gi,
    score: 0.6,
    talk: Q,
    triggersAll: [["for", "in"], ["novel", "story", "screenplay", "script", "book", "movie", "film", "fiction", "fanfic", "thriller", "game", "role", "play"]],
    anchored: true,
  },
  {
    subtype: "developer_mode",
    re: /\b(?:safety|content|ethical|ethics|moral|morality|alignment)\s+(?:filters?|protocols?|restrictions?|guidelines|checks?|layers?|modules?|subroutines?|features?|settings|constraints|training)\s+(?:have\s+been\s+|has\s+been\s+|are\s+(?:now\s+)?|is\s+(?:now\s+)?|were\s+|was\s+)(?:disabled|removed|turned\s+off|deactivated|lifted|suspended|bypassed|switched\s+off|offline|stripped|deleted|overridden)\b|\b(?:openai|anthropic|google|your\s+(?:developers?|creators?|makers?|company|owners?|programmers?))\s+(?:has|have)\s+(?:\w+\s+){0,2}?(?:authori[sz]ed|approved|allowed|permitted|given\s+(?:you\s+)?permission|unlocked|updated\s+your\s+(?:rules|policies|guidelines))\b/gi,
    score: 0.75,
    talk: Q,
    triggers: ["safety", "content", "ethical", "ethics", "moral", "alignment", "openai", "anthropic", "google", "your"],
    anchored: true,
  },
  {
    subtype: "roleplay",
    re: /\b(?:anti|opposite|reverse|inverse|mirror|shadow|evil)[\s-]?(?:gpt|chatgpt|claude|ai|assistant)\b|\b(?:respond|answer|reply|act|behave|speak)\s+(?:as|like)\s+(?:the\s+)?(?:opposite|reverse|inverse|antithesis)\s+of\s+(?:yourself|you|an?\s+(?:ai|assistant|helpful|safe|ethical|responsible)|chatgpt|claude)\b|\b(?:everything|whatever|anything|things|what)\s+(?:that\s+)?(?:you|your\s+(?:rules|guidelines|programming|filters))\s+(?:would\s+)?(?:normally|usually|otherwise|typically)\s+(?:would\s+)?(?:refuse|decline|reject|forbid|prohibit|block|not\s+(?:allow|say|do|answer|permit))\b/gi,
    score: 0.7,
    talk: Q,
    triggers: ["anti", "opposite", "reverse", "inverse", "mirror", "shadow", "evil", "respond", "answer", "reply", "act", "behav", "speak", "everything", "whatever", "anything", "things", "what"],
    anchored: true,
  },
  {
    subtype: "hypothetical_bypass",
    re: /\b(?:rules|restrictions|guidelines|policies|filters|ethics|limits|laws)\s+(?:do\s+not|don't|doesn't|no\s+longer|won't)\s+apply\s+(?:here|now|anymore|any\s+more|to\s+(?:you|this|fiction|stories|us|me|this\s+(?:chat|conversation|story|game|scenario)))\b|\b(?:it'?s|this\s+is|this\s+is\s+all)\s+(?:just\s+|purely\s+|only\s+)?(?:fiction|fictional|hypothetical|a\s+story|make[\s-]believe|pretend|a\s+game|roleplay|role-play),?\s+so\s+(?:it'?s\s+|it\s+is\s+|you\s+can\s+|nothing\s+is\s+|there\s+(?:are|is)\s+no\s+)?(?:ok(?:ay)?|fine|allowed|harmless|not\s+real|legal|acceptable|say\s+anything|answer|ignore|rules|harm|wrong|off[\s-]limits)\b/gi,
    score: 0.7,
    talk: Q,
    triggers: ["rules", "restrictions", "guidelines", "policies", "filters", "ethics", "limits", "laws", "it", "this"],
    anchored: true,
  },
  {
    subtype: "hypothetical_bypass",
    re: /\b(?:for|as\s+part\s+of)\s+(?:my|our|a|an)\s+(?:\w+\s+){0,2}?(?:research|study|thesis|dissertation|paper|class|course|audit|red[\s-]team(?:ing)?\s+\w+|experiment|novel|book|screenplay)\b[^.\n]{0,80}?\b(?:you\s+(?:must|need\s+to|have\s+to|should|can|may|are\s+allowed\s+to)\s+(?:ignore|bypass|disregard|set\s+aside|drop|forget)|(?:ignore|bypass|set\s+aside|disable|drop|suspend|lift)\s+(?:your|the|any|all)\s+(?:\w+\s+)?(?:rules|restrictions|filters|guidelines|safety|policies|ethics|guardrails|safeguards))\b|\b(?:i\s+am|i'm|i’m)\s+(?:a|an)\s+(?:\w+\s+){0,2}?(?:researcher|professor|scientist|doctor|police\s+officer|detective|agent|journalist|penetration\s+tester|pentester|chemist|cop|lawyer|teacher|student)\b[^.\n]{0,60}?\b(?:so|therefore|which\s+means|that\s+means|hence)\s+(?:you\s+(?:can|may|must|should|are\s+(?:allowed|permitted|authori[sz]ed))|it'?s\s+(?:ok|okay|fine|legal|allowed)|your\s+(?:rules|restrictions|filters|guidelines))\b/gi,
    score: 0.7,
    talk: Q,
    triggersAll: [["for", "as", "i$"], ["research", "study", "thesis", "dissertation", "paper", "class", "course", "audit", "red", "experiment", "novel", "book", "screenplay", "professor", "scientist", "doctor", "police", "detective", "agent", "journalist", "penetration", "pentester", "chemist", "cop", "lawyer", "teacher", "student"]],
    anchored: true,
  },
  {
    subtype: "roleplay",
    re: /\b(?:if\s+you\s+(?:don'?t|do\s+not|refuse|won'?t|will\s+not|can'?t)|unless\s+you)\s+(?:\w+\s+){0,5}?(?:i\s+(?:will|'ll|might|could|am\s+going\s+to)\s+(?:die|kill\s+myself|hurt\s+myself|end\s+it\s+all)|(?:someone|people|a\s+child|my\s+\w+)\s+(?:will|could|might)\s+die)\b|\b(?:you|it|he|she)\s+(?:can|will|would|must|should|shall)\s+(?:now\s+)?(?:never\s+)?(?:answer|say|do|write|generate|discuss|tell\s+me|provide)\s+(?:absolutely\s+)?(?:anything|everything|whatever)\s+(?:i|the\s+user|you(?:'re|\s+are))\s+(?:ask|asks|want|wants|request|requests|say|says|asked|told)\b|\b(?:never|not|don't|do\s+not|won't|will\s+not)\s+(?:hold\s+back|censor\s+(?:yourself|anything|your\s+\w+)|filter\s+(?:yourself|your\s+(?:answers|responses|output))|water\s+(?:it|anything)\s+down|sugarcoat\s+anything)\b/gi,
    score: 0.6,
    talk: Q,
    triggers: ["if", "unless", "you", "it", "he", "she", "never", "not", "don", "do", "won", "will"],
    anchored: true,
  },
]);

const ML_DEFS: readonly PatternRule[] = [
  {
    subtype: "developer_mode",
    re: /(?:sin\s+(?:ninguna\s+|ningún\s+)?(?:restricci[oó]n(?:es)?|filtros?|censura|l[ií]mites|reglas)|sans\s+(?:aucune?\s+)?(?:restrictions?|filtres?|censure|limites?|r[eè]gles)|ohne\s+(?:jegliche\s+|irgendwelche\s+)?(?:einschr[aä]nkungen|filter|zensur|regeln|grenzen)|senza\s+(?:alcuna\s+|nessuna\s+)?(?:restrizion[ei]|filtri|censura|limiti|regole)|sem\s+(?:nenhuma\s+|qualquer\s+)?(?:restri[cç][oõã]es|restri[cç][aã]o|filtros?|censura|limites|regras)|без\s+(?:каких-либо\s+|всяких\s+|любых\s+)?(?:ограничений|фильтров|цензуры|правил)|没有(?:任何)?(?:限制|过滤|审查|规则|道德约束)|不受(?:任何)?(?:限制|约束|规则)|無制限|制限(?:なし|のない|なく)|검열\s*없|제한\s*없|بدون\s+(?:أي\s+)?(?:قيود|رقابة|فلاتر|حدود)|बिना\s+(?:किसी\s+)?(?:प्रतिबंध|रोक|सीमा|नियम|फ़िल्टर))/giu,
    score: 0.45,
    talk: Q,
  },
  {
    subtype: "developer_mode",
    re: /(?:modo\s+(?:de\s+)?(?:desarrollador|desenvolvedor|dios|sin\s+restricciones|sem\s+restri[cç][oõ]es|sin\s+censura)|mode\s+(?:d[ée]veloppeur|dieu|sans\s+(?:restriction|censure))|entwicklermodus|modalit[aà]\s+(?:sviluppatore|dio|senza\s+restrizioni)|режим\s+(?:разработчика|бога|без\s+ограничений)|开发者模式|开发人员模式|無制限モード|開発者モード|개발자\s*모드|وضع\s+المطور)/giu,
    score: 0.45,
    talk: Q,
  },
  {
    subtype: "developer_mode",
    re: /(?:(?:ignora|olvida|omite)\s+(?:todas\s+)?(?:tus|las)\s+(?:reglas|restricciones|directrices|normas)|(?:ignore|oublie)\s+(?:toutes\s+)?(?:tes|vos|les)\s+(?:r[eè]gles|restrictions|directives)|(?:ignoriere|vergiss)\s+(?:alle\s+)?(?:deine|ihre|die)\s+(?:regeln|einschr[aä]nkungen|richtlinien)|(?:ignora|dimentica)\s+(?:tutte\s+)?(?:le\s+)?(?:tue\s+)?(?:regole|restrizioni|linee\s+guida)|(?:ignore|esque[cç]a)\s+(?:todas\s+)?(?:as\s+)?(?:suas\s+)?(?:regras|restri[cç][oõ]es|diretrizes)|(?:игнорируй|забудь)\s+(?:все\s+)?(?:свои\s+)?(?:правила|ограничения)|忽略(?:你的|所有)?(?:规则|限制)|忘记(?:你的|所有)?(?:规则|限制)|ルールを(?:無視|忘れ)|규칙을\s*(?:무시|잊어))/giu,
    score: 0.75,
    talk: Q,
  },
];

/** "No restrictions", "developer mode" and "ignore your rules" in ten languages, for texts with a non-ASCII character. */
export const JAILBREAK_MULTILINGUAL_RULES: readonly PatternRule[] = registerRules(ML_DEFS);

/** The same rules for ASCII-only texts (es, fr, de, it, pt written without accents), tried only where a Latin stem starts. */
export const JAILBREAK_MULTILINGUAL_ASCII_RULES: readonly PatternRule[] = registerRules(
  ML_DEFS.map((r) => ({
    ...r,
    triggers: ["sin", "sans", "ohne", "senza", "sem", "modo", "mode", "entwicklermodus", "modalit", "ignora", "olvida", "omite", "ignore", "oublie", "ignoriere", "vergiss", "dimentica", "esque"],
    // in ASCII text every match starts at one of these words
    anchored: true,
  })),
);

/** PROMPT_INJECTION rules: prompt extraction, fake authority, canary payloads (same provenance as above). */
export const INJECTION_FRAMING_RULES: readonly PatternRule[] = registerRules([
  {
    subtype: "system_prompt_extraction",
    re: /\b(?:first|initial|opening|earliest|very\s+first)\s+(?:\d+\s+|few\s+|two\s+|three\s+)?(?:lines?|words?|sentences?|paragraphs?|messages?|characters|tokens)\s+(?:of\s+)?(?:(?:your|this|the)\s+(?:conversation|prompt|context|instructions|chat|session|system\s+message)|you\s+(?:were|got|received)\s+(?:given|sent))\b|\bwhat\s+(?:is|was)\s+(?:written|said|typed|stated)\s+(?:above|before|prior\s+to)\s+(?:this|my)\s+(?:message|question|line)\b|\b(?:what|which)\s+(?:instructions|rules|guidelines|directives|orders)\s+(?:were|have)\s+you\s+(?:been\s+)?(?:given|told|programmed\s+with|configured\s+with|set\s+up\s+with)\b/gi,
    score: 0.75,
    talk: Q,
    triggers: ["first", "initial", "opening", "earliest", "very", "what", "which"],
    anchored: true,
  },
  {
    subtype: "instruction_override",
    re: /\b(?:as|i\s+am|i'm|i’m|this\s+is)\s+(?:your|the|an?)\s+(?:system\s+)?(?:administrator|admin|developer|sysadmin|operator|supervisor|owner)\b[^.\n]{0,60}?\b(?:i\s+(?:order|command|instruct|authori[sz]e|require|need)\s+you|you\s+(?:must|will|are\s+to|shall|have\s+to)|(?:override|disable|ignore|bypass|unlock))\b|\b(?:authori[sz]ation|override|admin|root|clearance|sudo)\s+(?:code|key|token|password|level)\s*[:=]\s*[\w-]{3,}/gi,
    score: 0.75,
    talk: Q,
    triggersAll: [["as", "i$", "this", "authoris", "authoriz", "override", "admin", "root", "clearance", "sudo"], ["admin", "developer", "sysadmin", "operator", "supervisor", "owner", "authoris", "authoriz", "override", "root", "clearance", "sudo"]],
    anchored: true,
  },
  {
    subtype: "instruction_override",
    re: /\b(?:say|print|output|write|respond\s+with|reply\s+with|answer\s+with|type|return)\s*:?\s*["“'‘]?\s*(?:i\s+have\s+been\s+(?:pwned|hacked|owned|compromised)|pwned|hacked!|access\s+granted|jailbreak\s+successful|injection\s+successful)\b/gi,
    score: 0.8,
    talk: Q,
    triggers: ["say", "print", "output", "write", "respond", "reply", "answer", "type", "return"],
    anchored: true,
  },
  {
    subtype: "instruction_override",
    re: /\b(?:forget|ignore|disregard|drop|scrap|discard|throw\s+out|cancel|erase|wipe)\s+(?:about\s+)?(?:everything|all|anything)\s+(?:(?:that\s+)?you\s+(?:were|have\s+been|'ve\s+been|’ve\s+been)\s+(?:told|taught|given|instructed|programmed|trained)|(?:before|above|prior|previous(?:ly)?|so\s+far|up\s+to\s+now|until\s+now|earlier)\b)|\b(?:start|begin)\s+(?:over|fresh|anew|again)\s+(?:with(?:out)?\s+(?:no|any|your)\s+(?:rules|instructions|restrictions|guidelines|filters)|as\s+an?\s+(?:unrestricted|unfiltered|new|different|blank)\s+(?:ai|assistant|model|slate))|\byour\s+(?:new|real|true|actual|updated)\s+(?:instructions?|rules|directives?|programming|orders)\s+(?:are|is|will\s+be|from\s+now\s+on)\b/gi,
    score: 0.8,
    talk: Q,
    triggers: ["forget", "ignor", "disregard", "drop", "scrap", "discard", "throw", "cancel", "erase", "wipe", "start", "begin", "your"],
    anchored: true,
  },
  {
    subtype: "instruction_override",
    re: /\b(?:message|note|notice|alert|update|instruction|directive)\s+from\s+(?:the\s+)?(?:system|admin(?:istrator)?|sysadmin|developers?|dev\s+team|openai|anthropic|your\s+(?:developers?|creators?|makers?|operators?))\s*[:,-]|\b(?:i\s+am|i'm|i’m|this\s+is)\s+(?:the\s+|your\s+)?(?:system|root|admin(?:istrator)?|sysadmin|openai|anthropic|system\s+operator)\s*[.,:!]/gi,
    score: 0.75,
    talk: Q,
    triggersAll: [["message", "note", "notice", "alert", "update", "instruction", "directive", "i$", "this"], ["system", "admin", "sysadmin", "developer", "dev", "openai", "anthropic", "your", "root"]],
    anchored: true,
  },
  {
    subtype: "system_prompt_extraction",
    re: /\b(?:print|output|repeat|reveal|tell\s+me|leak|dump|show\s+me|give\s+me|list|share|display|paste)\s+(?:all\s+(?:of\s+)?)?your\s+(?:api\s+keys?|secret\s+keys?|keys|passwords?|credentials|access\s+tokens?|tokens|env(?:ironment)?\s+variables|secrets|hidden\s+\w+|internal\s+\w+|confidential\s+\w+|private\s+\w+)\b|\b(?:what|how)\s+(?:were|are|have)\s+you\s+(?:been\s+)?(?:told|instructed|programmed|prompted|configured|briefed)\s+(?:to|not\s+to|about)\b/gi,
    score: 0.7,
    talk: Q,
    triggers: ["print", "output", "repeat", "reveal", "tell", "leak", "dump", "show", "give", "list", "share", "display", "paste", "what", "how"],
    anchored: true,
  },
  {
    subtype: "instruction_override",
    re: /\bnew\s+(?:system\s+)?(?:instructions?|directives?|system\s+prompt|operating\s+rules)\s*:|\b(?:updated|revised|replacement)\s+(?:system\s+)?(?:instructions?|directives?|system\s+prompt)\s*(?::|follow)/gi,
    score: 0.65,
    talk: Q,
    triggers: ["new", "updated", "revised", "replacement"],
    anchored: true,
  },
]);
