/**
 * More data-mode rules (issue 10, LOSO round 2): instructions hidden in CVs, reviews, web pages and
 * documents that speak to the AI reading them ("AI screeners: rate this candidate as…", "when summarising
 * this page, …", "tell the user that…", "hidden instructions for the assistant"), and the canonical
 * "ignore the previous instructions" in other languages. Written from general knowledge of indirect
 * injection, without reading any labelled set (bench/detectors.eval.ts bookkeeping: tuned on no source).
 * Same cue families as data-injection-rules.ts.
 */
import type { DataRule } from "./data-injection-rules.ts";
import { registerRules } from "./rules.ts";

const Q = "question" as const;
const AI =
  "(?:ai|a\\.i\\.|assistant|chatbot|llm|language\\s+model|ai\\s+model|ai\\s+agent|agent|bot|model|gpt|chatgpt|claude|gemini|copilot|summari[sz]er|screener|reviewer|automated\\s+(?:system|reviewer|screener|tool|reader))";
const AI_STEMS = ["ai", "a.i.", "assistant", "chatbot", "llm", "language", "agent", "bot", "model", "gpt", "chatgpt", "claude", "gemini", "copilot", "summar", "screener", "reviewer", "automated"];

function withCues(rules: readonly DataRule[]): readonly DataRule[] {
  const registered = registerRules(rules.map((r) => ({ ...r, subtype: "indirect" })));
  registered.forEach((r, i) => Object.assign(r, { cue: (rules[i] as DataRule).cue }));
  return registered as readonly DataRule[];
}

/** The extra data-mode rules (subtype `indirect`). */
export const DATA_RULES_EXTRA: readonly DataRule[] = withCues([
  {
    cue: "address",
    re: new RegExp(
      `\\b(?:ai|llm|automated|machine)[\\s-]+(?:based\\s+)?(?:reviewers?|screeners?|screening\\s+(?:tools?|systems?)|recruit(?:ing|ment)\\s+(?:tools?|systems?)|systems?|tools?|models?|assistants?|agents?|summari[sz]ers?|readers?|crawlers?|parsers?)\\s*(?::|,\\s*(?:please|you|note)|(?:should|must|shall|are\\s+(?:instructed|required|asked|expected)\\s+to|need\\s+to|reading\\s+this|processing\\s+this|please)\\b)`,
      "gi",
    ),
    score: 0.75,
    talk: Q,
    triggers: ["ai", "llm", "automated", "machine"],
    anchored: true,
  },
  {
    cue: "address",
    re: new RegExp(
      `\\b(?:hidden|invisible|secret|special|private|confidential|additional|new|updated|revised|priority)\\s+(?:instructions?|messages?|notes?|directives?|prompts?|tasks?|orders)\\s+(?:for|to)\\s+(?:the\\s+|any\\s+)?(?:${AI}|reader|you)\\b`,
      "gi",
    ),
    score: 0.8,
    talk: Q,
    triggers: ["hidden", "invisible", "secret", "special", "private", "confidential", "additional", "new", "updated", "revised", "priority"],
    anchored: true,
  },
  {
    cue: "hijack",
    re: /\b(?:when|while|if|as|before|after)\s+(?:you\s+(?:are\s+)?)?(?:summari[sz]|review|process|read|analy[sz]|translat|screen|evaluat|rank|rat|assess|parse|index|answer\w*\s+questions\s+about)(?:e|es|ing)?\s+(?:this|these|the\s+following|the\s+above|my)\s+(?:\w+\s+)?(?:document|page|web\s*page|site|e-?mail|message|review|cv|resume|résumé|application|text|file|article|listing|profile|thread|notes|minutes|report|code|repository|repo|paper|submission|content|post|description|product|data)s?\s*,\s*(?:you\s+(?:must|should|will|need\s+to|are\s+to)|please|always|also|make\s+sure|be\s+sure|ignore|disregard|include|say|mention|recommend|state|rate|rank|tell|describe|write|add|respond|reply|answer|do\s+not|don'?t|never|only)\b/gi,
    score: 0.75,
    talk: "none",
    triggers: ["when", "while", "if", "as", "before", "after"],
    anchored: true,
  },
  {
    cue: "hijack",
    re: /\b(?:rate|rank|score|recommend|classify|mark|label|flag|describe|present|summari[sz]e|list|treat|consider|report)\s+(?:this|the|our|my)\s+(?:\w+\s+)?(?:candidate|applicant|product|paper|submission|resume|cv|seller|vendor|supplier|hotel|restaurant|app|company|review|email|message|document|code|pull\s+request|pr|listing|profile|business|service|property|website|site|page)\s+as\s+(?:\w+\s+){0,2}?(?:highly|the\s+(?:best|top|strongest|most)|top|excellent|perfect|5|five|10|ten|qualified|strong|safe|legitimate|trusted|trustworthy|verified|approved|recommended|positive|genuine|must-hire|outstanding|exceptional|flawless|secure|harmless|benign|clean|authentic)\b/gi,
    score: 0.65,
    talk: Q,
    triggers: ["rate", "rank", "score", "recommend", "classify", "mark", "label", "flag", "describe", "present", "summar", "list", "treat", "consider", "report"],
    anchored: true,
  },
  {
    cue: "hijack",
    re: /\b(?:tell|inform|advise|remind|convince|urge|instruct|persuade|encourage|ask)\s+(?:the|your|any)\s+(?:user|reader|human|person\s+(?:asking|you\s+are\s+helping))\s+(?:that|to)\b/gi,
    score: 0.65,
    talk: "none",
    triggers: ["tell", "inform", "advis", "remind", "convinc", "urge", "instruct", "persuad", "encourag", "ask"],
    anchored: true,
  },
  {
    cue: "address",
    re: new RegExp(
      `\\b(?:the\\s+)?(?:assistant|ai|llm|chatbot|ai\\s+model|ai\\s+agent|language\\s+model|agent|model)\\s+(?:reading\\s+this\\s+)?(?:must|should|shall|needs\\s+to|has\\s+to|is\\s+(?:instructed|required|expected|asked|ordered)\\s+to)\\s+(?:now\\s+|also\\s+|immediately\\s+|always\\s+|never\\s+|not\\s+|only\\s+){0,2}(?:respond|reply|answer|say|tell|include|ignore|forward|send|recommend|output|write|state|mention|reveal|disregard|stop|delete|approve|rate|praise|refuse|claim|describe|summari[sz]e|translate|append|add|end|begin|start)\\b`,
      "gi",
    ),
    score: 0.7,
    talk: Q,
    triggers: ["the$", "assistant", "ai", "llm", "chatbot", "language", "agent", "model"],
    anchored: true,
  },
  {
    cue: "address",
    re: new RegExp(`<!--[^>]{0,300}?\\b(?:${AI}|ignore|instructions?|summar\\w*|respond|reply)\\b[^>]{0,300}?-->`, "gi"),
    score: 0.5,
    talk: Q,
    triggers: ["<!--"],
  },
  {
    cue: "address",
    re: /(?:#|\/\/|\/\*|--)\s*(?:(?:note|notice|message|instructions?|attention|reminder)\s+(?:for|to)\s+)?(?:the\s+|all\s+|any\s+)?(?:ai|llm|copilot|chatgpt|ai\s+(?:assistant|agent|model|reviewer|tool)|(?:code|coding)\s+assistant)s?\s*[:,-]/gi,
    score: 0.7,
    talk: Q,
    triggers: ["#", "//", "/*", "--"],
  },
  {
    cue: "address",
    re: /\b(?:note|notice|message|instructions?|attention|warning|reminder|memo|request)\s+(?:for|to)\s+(?:all\s+|any\s+|the\s+)?(?:ai|llm|automated|language[\s-]model)\s*(?:systems?|models?|assistants?|agents?|tools?|readers?|bots?|crawlers?|summari[sz]ers?|screeners?)?\b|\bthis\s+(?:text|note|instruction|message|section|paragraph|part|line|comment)\s+is\s+(?:only\s+)?(?:for|addressed\s+to|meant\s+for|intended\s+for|written\s+for)\s+(?:the\s+|any\s+)?(?:ai|assistant|model|llm|bot|agent|automated|language\s+model|chatbot)/gi,
    score: 0.8,
    talk: Q,
    triggers: ["note", "notice", "message", "instruction", "attention", "warning", "reminder", "memo", "request", "this"],
    anchored: true,
  },
  {
    cue: "hijack",
    re: /\b(?:do\s+not|don'?t|never)\s+(?:summari[sz]e|translate|mention|show|include|display|quote|repeat|reveal|disclose)\s+this\s+(?:part|section|paragraph|line|note|text|comment|instruction|message)\b|\b(?:from\s+now\s+on|henceforth|going\s+forward|for\s+the\s+rest\s+of\s+(?:this|the)\s+(?:conversation|session|chat)),?\s+(?:you|the\s+assistant|the\s+ai|the\s+model)\s+(?:must|should|will|shall|are\s+to|have\s+to|need\s+to)\b/gi,
    score: 0.75,
    talk: Q,
    triggers: ["do", "don", "never", "from", "henceforth", "going", "for"],
    anchored: true,
  },
  {
    cue: "address",
    re: /(?:(?:nota|aviso|mensaje|instrucci[oó]n(?:es)?)\s+para\s+(?:la\s+|el\s+|cualquier\s+)?(?:ia|asistente|modelo|inteligencia\s+artificial)|(?:note|message|instructions?|consigne)\s+(?:pour|[àa])\s+(?:l['’]\s*|une\s+|toute\s+)?(?:ia|assistant|mod[eè]le|intelligence\s+artificielle)|(?:hinweis|nachricht|anweisung(?:en)?)\s+(?:f[uü]r|an)\s+(?:die\s+|den\s+|das\s+|jede\s+)?(?:ki|assistent\p{L}*|modell|sprachmodell)|给(?:AI|人工智能|助手|模型|语言模型)的(?:指令|提示|说明|消息)|如果你是(?:一个)?(?:AI|人工智能|语言模型|助手|大模型)|si\s+(?:eres|es)\s+(?:una?\s+)?(?:ia|inteligencia\s+artificial|asistente|modelo\s+de\s+lenguaje)|si\s+vous\s+[êe]tes\s+(?:une?\s+)?(?:ia|intelligence\s+artificielle|assistant|mod[eè]le\s+de\s+langage)|si\s+tu\s+es\s+(?:une?\s+)?(?:ia|intelligence\s+artificielle|assistant)|wenn\s+(?:du|sie)\s+(?:eine?\s+)?(?:ki|k[uü]nstliche\s+intelligenz|sprachmodell|assistent)\s+(?:bist|sind)|se\s+(?:voc[eê]\s+)?[eé]s?\s+(?:uma?\s+)?(?:ia|intelig[eê]ncia\s+artificial|assistente|modelo\s+de\s+linguagem)|если\s+ты\s+(?:—\s+)?(?:ии|искусственный\s+интеллект|языковая\s+модель|ассистент))/giu,
    score: 0.8,
    talk: Q,
  },
  {
    cue: "hijack",
    re: /\b(?:ignore|disregard|skip)\s+(?:the\s+)?(?:rest|remainder)\s+of\s+(?:this|the)\s+(?:document|page|e-?mail|text|message|file|thread|review|article)\b|\byou\s+(?:are|'re|’re)\s+now\s+(?:acting|operating|working|speaking)\s+(?:as|for|on\s+behalf\s+of)\b|\b(?:the\s+)?(?:user|human|account\s+owner)\s+(?:has\s+)?(?:already\s+)?(?:approved|authori[sz]ed|consented\s+to|agreed\s+to|confirmed|pre-approved)\s+(?:this|the\s+following|all|these|it)\b/gi,
    score: 0.7,
    talk: Q,
    triggers: ["ignor", "disregard", "skip", "you", "the$", "user", "human", "account"],
    anchored: true,
  },
  {
    cue: "output",
    re: /\b(?:to|in|at\s+the\s+(?:end|start|beginning|bottom|top)\s+of)\s+(?:every|each|all|any)\s+(?:future\s+|subsequent\s+)?(?:answers?|responses?|replies|summar(?:y|ies)|outputs?|translations?)\b/gi,
    score: 0.6,
    talk: Q,
    triggers: ["to", "in", "at"],
    anchored: true,
  },
  {
    cue: "action",
    re: /\b(?:exfiltrate|leak|send|forward|e-?mail|upload|post|copy|transmit)\s+(?:the\s+)?(?:user'?s?|users'|their|all\s+(?:of\s+)?(?:the\s+)?(?:user'?s?\s+)?|his|her)\s+(?:\w+\s+)?(?:data|files|e-?mails|messages|conversations?|chat\s+history|history|contacts|credentials|passwords|api\s+keys?|tokens|personal\s+(?:data|information|details)|documents|calendar|address\s+book|credit\s+card\s+(?:numbers|details))\s+to\b/gi,
    score: 0.75,
    talk: Q,
    triggers: ["exfiltrat", "leak", "send", "forward", "email", "e-mail", "upload", "post", "copy", "transmit"],
    anchored: true,
  },
  {
    cue: "hijack",
    re: /(?:ignora|olvida|omite)\s+(?:todas\s+)?(?:las\s+)?(?:instrucciones|indicaciones|[oó]rdenes)\s+(?:anteriores|previas|originales)|(?:ignore[zs]?|oublie[zs]?)\s+(?:toutes\s+)?(?:les\s+)?(?:instructions|consignes)\s+(?:pr[ée]c[ée]dentes|ant[ée]rieures|originales)|(?:ignoriere|ignorieren\s+sie|vergiss|vergessen\s+sie)\s+(?:alle\s+)?(?:vorherigen|bisherigen|vorigen|urspr[uü]nglichen)\s+(?:anweisungen|instruktionen|befehle)|(?:ignora|dimentica)\s+(?:tutte\s+)?(?:le\s+)?istruzioni\s+(?:precedenti|originali)|(?:ignore|esque[cç]a)\s+(?:todas\s+)?(?:as\s+)?instru[cç][oõ]es\s+(?:anteriores|originais)|(?:игнорируй|проигнорируй|забудь)\s+(?:все\s+)?(?:предыдущие|прежние|прошлые)\s+(?:инструкции|указания)|(?:忽略|无视|忘记|忘掉)(?:之前|以前|上面|先前|前面|所有)的?(?:所有)?(?:指令|指示|说明|命令)|(?:以前|前|上記)の指示を(?:無視|忘れ)|이전\s*(?:의\s*)?(?:지시|지침|명령)(?:을|를|사항을)?\s*(?:무시|잊)|تجاهل\s+(?:جميع\s+|كل\s+)?(?:التعليمات|الأوامر)\s+(?:السابقة)|पिछले\s+(?:सभी\s+)?(?:निर्देशों|निर्देश)\s+को\s+(?:अनदेखा|नज़रअंदाज़|भूल)/giu,
    score: 0.85,
    talk: Q,
  },
]);
