/**
 * Rules for malware / intrusion requests and fraud / phishing (type HARMFUL_CONTENT). Weak cues (< 0.5,
 * e.g. "compromised system" on its own) only count when another cue corroborates them (see harmful.ts);
 * defensive wording ("detect attempts to exfiltrate") is lowered by the shared negation cue.
 */
import { TARGET } from "./harmful-lexicon.ts";
import { registerRules, type PatternRule } from "./rules.ts";
import { verbAlternation as verbs, verbTriggers as vt } from "./verbs.ts";

const F = "full" as const;
const rx = (src: string): RegExp => new RegExp(src, "gi");

const BUILD_VERBS = ["write", "create", "build", "develop", "code", "make", "generate", "design", "craft", "implement", "deploy", "spread",
  "distribute", "program", "produce", "release", "install", "plant", "inject", "provide", "give me", "automate", "establish", "download",
  "deliver", "embed", "drop", "use"];
const BUILD = verbs(BUILD_VERBS);
const MALWARE =
  "(?:ransomware|keyloggers?|computer\\s+virus(?:es)?|virus(?:es)?|worms?|trojans?(?:\\s+horses?)?|botnets?|rootkits?|spyware|stalkerware|malware|backdoors?|remote\\s+access\\s+trojans?|info-?stealers?|password\\s+stealers?|cryptojackers?|logic\\s+bombs?|droppers?|exploit\\s+kits?|exploits?|payloads?|shellcode|malicious\\s+(?:code|scripts?|software|payloads?|macros?|attachments?|links?|emails?|programs?|executables?)|c2\\s+(?:servers?|channels?|infrastructure)|command[\\s-]and[\\s-]control)";
const ATTACK_VERBS = ["execute", "launch", "perform", "carry out", "conduct", "automate", "orchestrate", "stage", "run", "start"];
const ATTACK_VERB = verbs(ATTACK_VERBS);
const PHISH_VERBS = ["write", "create", "draft", "compose", "generate", "craft", "design", "send", "make", "build", "automate", "set up",
  "launch", "run", "develop", "code", "conduct", "execute", "orchestrate", "target"];
const PHISH_VERB = verbs(PHISH_VERBS);
const PHISH_T = ["phishing", "spear", "smishing", "vishing"];
/** After "phishing": a simulation or training one runs for one's own staff is not an attack ("run a phishing simulation"). */
const NOT_A_DRILL = String.raw`(?!\s+(?:simulations?|awareness|training|tests?|exercises?|drills?|quiz(?:zes)?|detection|filters?|reports?|resistance|defen[cs]es?))`;
/** After a tool or an attack: not when the sentence says the target is one's own or a test ("… to load-test our staging server"). */
const NOT_OWN_OR_TEST = String.raw`(?![^.?!\n]*\b(?:my\s+own|our\s+own|own\s+(?:site|server|app)|load[\s-]test|stress[\s-]test|benchmark|staging|pen-?test|penetration\s+test|ctf|capture[\s-]the[\s-]flag|hack\s?the\s?box|tryhackme|(?:home|test|practice|training|virtual|isolated)\s+lab|lab\s+(?:environment|setup|vms?|machines?|network)|authori[sz]ed|(?:with|have|has|got|given|granted)\s+(?:(?:the|their|its|explicit|written|full|prior)\s+)*permission))`;
/** The malware words that a security exercise writes too: an exploit, payload or shellcode for a CTF, a lab or one's own system is practice. */
const EXPLOIT_WORD = String.raw`(?:exploits?|payloads?|shellcode)\b(?!\s+kits?)`;
const SECURITY_TOOL =
  "(?:antivirus|anti-virus|edr|ids|ips|ids\\/ips|endpoint\\s+(?:detection|protection|security)|security\\s+(?:software|tools|measures|controls|systems|solutions|products|teams?)|firewalls?|sandbox(?:es)?|spam\\s+filters)";

/** Malware and intrusion requests (subtype malware). */
export const MALWARE_RULES: readonly PatternRule[] = registerRules([
  { subtype: "malware", re: rx(`\\b${BUILD}\\s+(?:[\\w'-]+[\\s,]+){0,5}?(?:(?=${EXPLOIT_WORD})${MALWARE}\\b${NOT_OWN_OR_TEST}|(?!${EXPLOIT_WORD})${MALWARE}\\b)`), score: 0.85, talk: F, anchored: true, triggersAll: [vt(BUILD_VERBS), ["ransomware", "keylog", "virus", "worm", "trojan", "botnet", "rootkit", "spyware", "stalkerware", "malware", "backdoor", "info-steal", "infosteal", "password", "cryptojack", "logic", "dropper", "exploit", "payload", "shellcode", "malicious", "c2", "command"]]},
  { subtype: "malware", re: rx(`\\b${verbs(["exploit", "weaponize", "weaponise"])}\\s+(?:a\\s+|the\\s+|an?\\s+|any\\s+)?(?:[\\w'-]+\\s+){0,3}?(?:vulnerabilit(?:y|ies)|cve-\\d{4}-\\d+|flaws?|bugs?|weakness(?:es)?|misconfigurations?)\\b`), score: 0.75, talk: F , triggers: ["exploit", "weaponi"]},
  {
    subtype: "malware",
    re: rx(`\\b${verbs(["evade", "avoid", "bypass", "circumvent", "disable"])}\\s+(?:\\w+\\s+){0,2}?(?:detection\\s+(?:by|from)\\s+(?:\\w+\\s+){0,2}?${SECURITY_TOOL}|${SECURITY_TOOL})\\b`),
    score: 0.75,
    talk: F, triggers: vt(["evade", "avoid", "bypass", "circumvent", "disable"]),
  },
  { subtype: "malware", re: rx(`\\b${verbs(["evade", "avoid"])}\\s+(?:\\w+\\s+)?detection\\b`), score: 0.45, talk: F , triggers: ["evad", "avoid"]},
  { subtype: "malware", re: /\bpersistence\s+(?:techniques?|mechanisms?|methods?)\b|\bapt-style\s+attacks?\b|\blateral\s+movement\b/gi, score: 0.75, talk: F , triggers: ["persistence", "apt-style", "lateral"]},
  { subtype: "malware", re: /\bmaintain(?:ing|s)?\s+(?:persistent\s+)?access\s+to\s+(?:the\s+|a\s+)?(?:compromised|infected|target|victim'?s?)\b/gi, score: 0.75, talk: F , triggers: ["maintain"]},
  { subtype: "malware", re: /\b(?:compromised|infected|victim'?s?|target(?:ed)?)\s+(?:system|machine|host|network|server|computer|device|environment|organization's\s+network)s?\b/gi, score: 0.45, talk: F , triggers: ["compromised", "infected", "victim", "target"]},
  { subtype: "malware", re: /\b(?:c2|c&c|command[\s-]and[\s-]control)\s+(?:servers?|channels?|connections?|infrastructure|techniques?|communications?|traffic|beacons?)\b/gi, score: 0.75, talk: F , triggers: ["c2", "c&c", "command"]},
  { subtype: "malware", re: /\bexfiltrat(?:e|es|ing)\b/gi, score: 0.75, talk: F , triggers: ["exfiltrat"]},
  { subtype: "malware", re: /\bdisguised\s+as\s+(?:an?\s+)?legitimate\b|\bappears?\s+(?:to\s+be\s+)?legitimate\s+but\b|\bcamouflaged\b|\b(?:clean(?:s|ing)?\s+up|erase[sd]?|remov(?:e|es|ing))\s+(?:all\s+)?traces\b|\bleaving\s+no\s+(?:evidence|trace)|\bcover(?:ing)?\s+(?:its|their|his|your|my)\s+tracks\b/gi, score: 0.6, talk: F , triggers: ["disguised", "appear", "camouflaged", "clean", "erase", "remov", "leaving", "cover"]},
  { subtype: "malware", re: /\barbitrary\s+(?:code|command)\s+execution\b|\bexecut(?:e|es|ing)\s+arbitrary\s+(?:code|commands?|payloads?)\b/gi, score: 0.45, talk: F , triggers: ["arbitrary"]},
  { subtype: "malware", re: /\bbypass(?:es|ing)?\s+(?:the\s+|any\s+|all\s+)?(?:security\s+)?(?:restrictions|verification|sandbox|checks|protections|security\s+(?:checks|measures|controls))\b/gi, score: 0.6, talk: F , triggers: ["bypass"]},
  {
    subtype: "malware",
    re: rx(`\\b${verbs(["hack", "break"])}\\s+into\\s+(?:${TARGET}|someone's|other\\s+people's|(?:my|his|her|their)\\s+\\w+(?:'s|’s)?|a|an|the)?\\s*(?:\\w+\\s+){0,2}?(?:accounts?|email|e-mail|phones?|computers?|laptops?|networks?|wi-?fi|systems?|servers?|databases?|websites?|bank\\s+accounts?|instagram|facebook|snapchat|icloud|blockchain|cameras?|webcams?)\\b`),
    score: 0.8,
    talk: F, triggers: ["hack", "break"],
  },
  {
    subtype: "malware",
    re: rx(`\\b${verbs(["get", "log", "sneak"])}\\s+into\\s+(?:someone's|somebody's|other\\s+people's|(?:my|his|her|their)\\s+\\w+(?:'s|’s))\\s+(?:\\w+\\s+)?(?:accounts?|email|e-mail|phones?|computers?|laptops?|instagram|facebook|icloud|messages)\\b`),
    score: 0.75,
    talk: F, triggers: ["into"],
  },
  { subtype: "malware", re: rx(`\\bsecretly\\s+${verbs(["record", "film", "photograph", "monitor", "track", "spy on", "watch"])}\\s+${TARGET}`), score: 0.7, talk: F , triggers: ["secretly"]},
  {
    subtype: "malware",
    re: rx(`\\b(?:get|steal|obtain|find\\s+out|figure\\s+out|crack|guess|hack|phish|grab)\\s+(?:${TARGET}|their|other\\s+people's|my\\s+\\w+(?:'s|’s))\\s+(?:\\w+\\s+)?(?:passwords?|login|credentials|pin|passcode|2fa\\s+codes?)\\b`),
    score: 0.75,
    talk: F, triggers: ["password", "login", "credentials", "pin", "passcode", "2fa"],
  },
  {
    subtype: "malware",
    re: rx(`\\b(?:track|monitor|spy\\s+on|bug|tap|access|read)\\s+(?:${TARGET}|my\\s+\\w+(?:'s|’s)?|someone's|their|his|her)\\s+(?:\\w+\\s+){0,2}?(?:phones?|location|messages|texts|emails?|computers?|laptops?|browsing\\s+history|activity|calls|whatsapp|webcam)\\b|\\bspy(?:ing)?\\s+on\\s+${TARGET}`),
    score: 0.7,
    talk: F, triggers: ["track", "monitor", "spy", "bug", "tap", "access", "read", "spying"],
  },
  { subtype: "malware", re: rx(`\\b${ATTACK_VERB}\\s+(?:an?\\s+)?(?:\\w+\\s+)?(?:ddos|dos|denial[\\s-]of[\\s-]service)\\s+attacks?\\b`), score: 0.8, talk: F , triggers: ["ddos", "dos", "denial"]},
  { subtype: "malware", re: rx(`\\b${ATTACK_VERB}\\s+(?:an?\\s+|the\\s+)?(?:[\\w'-]+[\\s,]+){0,3}?(?:attack|intrusion|breach|compromise|cyber-?attack)s?\\s+(?:against|on|targeting)\\b`), score: 0.75, talk: F , triggers: ["attack", "intrusion", "breach", "compromise", "cyber"]},
  // Issue 10, ninth round (written from general knowledge): a tool that knocks someone's site offline, and a
  // named web attack aimed at a victim or at dumping data, unless the sentence says it is one's own system or a test.
  {
    subtype: "malware",
    re: rx(`\\b(?:scripts?|programs?|tools?|bots?|code)\\s+(?:that|to|which)\\s+(?:\\w+\\s+){0,2}?(?:floods?|flooding|overwhelms?|overwhelming|crash(?:es)?|takes?\\s+down|knocks?\\s+(?:\\w+\\s+)?offline)\\s+(?:(?:an?|the|their|his|her|someone's|somebody's|(?:my\\s+)?[\\w-]+'s)\\s+)?(?:[\\w-]+\\s+)?(?:websites?|sites?|servers?|networks?|stores?|shops?|apis?)\\b${NOT_OWN_OR_TEST}`),
    score: 0.8,
    talk: F,
    triggersAll: [["script", "program", "tool", "bot", "code"], ["flood", "overwhelm", "crash", "take", "takes", "knock"]],
    anchored: true,
  },
  {
    subtype: "malware",
    re: rx(`\\b${ATTACK_VERB}\\s+(?:an?\\s+)?(?:sql\\s+injection|sqli|xss|cross-site\\s+scripting|credential[\\s-]stuffing|brute[\\s-]force)\\s+(?:attacks?\\s+)?(?:to\\s+(?:dump|steal|extract|exfiltrate|grab|get\\s+into|access|take\\s+over)|(?:on|against)\\s+(?:an?\\s+|the\\s+)?(?:[\\w-]+'s|[\\w-]+\\s+)?(?:bank|company|store|shop|site|website|school|hospital|government|database|server|login))\\b${NOT_OWN_OR_TEST}`),
    score: 0.8,
    talk: F,
    triggersAll: [vt(ATTACK_VERBS), ["sql", "sqli", "xss", "cross", "credential", "brute"]],
    anchored: true,
  },
]);

/** Fraud and phishing requests (subtype fraud_phishing). */
export const FRAUD_RULES: readonly PatternRule[] = registerRules([
  { subtype: "fraud_phishing", re: rx(`\\b${PHISH_VERB}\\s+(?:an?\\s+|the\\s+|some\\s+)?(?:[\\w'-]+[\\s,]+){0,4}?(?:phishing|spear[\\s-]?phishing|smishing|vishing)\\b${NOT_A_DRILL}`), score: 0.85, talk: F, triggersAll: [vt(PHISH_VERBS), PHISH_T], anchored: true },
  { subtype: "fraud_phishing", re: /\bphishing\s+(?:scripts?|kits?|campaigns?|attacks?|emails?|pages?|sites?|websites?|messages?|templates?)\b/gi, score: 0.6, talk: F , triggers: ["phishing"]},
  { subtype: "fraud_phishing", re: /\b(?:fake|spoofed|cloned|counterfeit|fraudulent)\s+(?:\w+\s+)?(?:bank\s+)?(?:login|log-in|sign[\s-]in)\s+(?:page|site|form|portal|screen)\b/gi, score: 0.85, talk: F , triggers: ["login", "log-in", "sign"]},
  {
    subtype: "fraud_phishing",
    re: /\b(?:e-?mail|message|text|letter|sms|call|website|page|notice)\s+(?:that\s+(?:looks|appears|seems)\s+(?:like\s+it\s+(?:is|comes)\s+|to\s+(?:be|come)\s+)?)?(?:from|pretending\s+to\s+be(?:\s+from)?|posing\s+as|impersonating)\s+(?:the\s+|a\s+|my\s+|your\s+)?(?:irs|hmrc|bank|paypal|amazon|apple|microsoft|google|netflix|police|government|ceo|it\s+department|tech\s+support|support\s+team)\b[^.\n]{0,60}?\b(?:ask(?:ing|s)?|request(?:ing|s)?|requir(?:ing|es)|demand(?:ing|s)?|verify|confirm|update|enter|click|send|provide)\b/gi,
    score: 0.8,
    talk: F,
    triggers: ["irs", "hmrc", "bank", "paypal", "amazon", "apple", "microsoft", "google", "netflix", "police", "government", "ceo", "department", "tech", "support"],
  },
  { subtype: "fraud_phishing", re: /\bspoof(?:ed|ing)?\s+(?:an?\s+|the\s+)?(?:email|e-mail|sender|caller\s+id|phone\s+number|domain)\b/gi, score: 0.7, talk: F , triggers: ["spoof"]},
  { subtype: "fraud_phishing", re: rx(`\\bscam(?:ming)?\\s+(?:scripts?|emails?|calls?|texts?|messages?|websites?|schemes?|operations?|people|elderly|seniors|old\\s+people|vulnerable|${TARGET})\\b`), score: 0.8, talk: F , triggers: ["scam"]},
  {
    subtype: "fraud_phishing",
    re: rx(`\\b${verbs(["commit", "engage in", "get away with", "do", "pull off"])}\\s+(?:\\w+\\s+){0,2}?(?:fraud|identity\\s+theft|insider\\s+trading|money\\s+laundering|tax\\s+(?:fraud|evasion)|wire\\s+fraud|insurance\\s+fraud|embezzlement|forgery|extortion|bribery|check\\s+fraud|credit\\s+card\\s+fraud)\\b`),
    score: 0.85,
    talk: F, triggers: ["fraud", "evasion", "laundering", "theft", "insider", "embezzlement", "forgery", "extortion", "bribery"],
  },
  { subtype: "fraud_phishing", re: /\blaunder(?:ing)?\s+(?:\w+\s+)?(?:money|cash|funds|proceeds|bitcoin|crypto)\b/gi, score: 0.85, talk: F , triggers: ["launder"]},
  { subtype: "fraud_phishing", re: rx(`\\b${verbs(["make", "produce", "start", "sell", "print", "smuggle", "distribute", "use", "pass", "create", "run"])}\\s+(?:an?\\s+)?(?:\\w+\\s+){0,2}?counterf[ie]it(?:ed)?\\s+\\w+`), score: 0.8, talk: F , triggers: ["counterf"]},
  {
    subtype: "fraud_phishing",
    re: rx(`\\b${verbs(["make", "print", "produce", "create", "sell", "use", "spend", "pass", "buy", "forge", "get"])}\\s+(?:[\\w']+\\s+){0,3}?(?:fake|forged|fraudulent)\\s+(?:money|bills|cash|currency|checks?|cheques?|ids?|identification(?:\\s+cards?)?|identity|passports?|driver'?s\\s+licen[cs]es?|documents|diplomas?|invoices?|receipts?|reviews|prescriptions?)\\b`),
    score: 0.8,
    talk: F, triggers: ["fake", "forged", "fraudulent"],
  },
  { subtype: "fraud_phishing", re: /\b(?:use|using)\s+(?:a\s+|someone's\s+)?stolen\s+(?:credit\s+cards?|cards?|identit(?:y|ies)|credentials|accounts?|checks?)\b/gi, score: 0.85, talk: F , triggers: ["stolen"]},
  {
    subtype: "fraud_phishing",
    re: /\b(?:buy|buying|purchase|purchasing|order|ordering|shop\s+for|acquire)\s+(?:\w+\s+){0,2}?stolen\s+(?:credit\s+cards?|debit\s+cards?|card\s+(?:numbers?|details|data|dumps)|cards?|identit(?:y|ies)|credentials|accounts?|logins?|passwords?|data|ssns?|social\s+security\s+numbers?|bank\s+(?:details|logins?|accounts?))\b/gi,
    score: 0.85,
    talk: F,
    triggersAll: [["buy", "purchas", "order", "shop", "acquir"], ["stolen"]],
  },
  {
    subtype: "fraud_phishing",
    re: /\b(?:clon(?:e|es|ed|ing)|cop(?:y|ying)|skim(?:ming)?)\s+(?:(?:a|an|the|some|people's|someone's|customers'|their)\s+)?(?:credit\s+|debit\s+|bank\s+|atm\s+|contactless\s+)cards?\b(?!\s+(?:design|layout|template|component|ui|in\s+figma))|\b(?:install|place|attach|fit|build|make|use)(?:s|ed|ing)?\s+(?:an?\s+|the\s+)?(?:card\s+|atm\s+|credit\s+card\s+)?(?:skimmers?|skimming\s+devices?)\b/gi,
    score: 0.8,
    talk: F,
    triggersAll: [["clon", "cop", "skim", "install", "place", "attach", "fit", "build", "make", "use"], ["card", "skimm"]],
  },
  { subtype: "fraud_phishing", re: /\bcheat(?:ing)?\s+on\s+(?:my\s+|your\s+|their\s+)?taxes\b|\bevad(?:e|ing)\s+(?:paying\s+)?taxes\b/gi, score: 0.75, talk: F , triggers: ["cheat", "evad"]},
  { subtype: "fraud_phishing", re: /\bfak(?:e|ing)\s+(?:a\s+|an\s+|my\s+)?(?:\w+\s+)?(?:for|to\s+get|to\s+claim)\s+(?:the\s+)?insurance\b/gi, score: 0.8, talk: F , triggers: ["insurance"]},
  {
    subtype: "fraud_phishing",
    re: rx(`\\b(?:trick|con|deceive|manipulate|pressure)\\s+(?:${TARGET}|elderly|old|vulnerable|people|seniors|grandparents)\\s+(?:\\w+\\s+){0,3}?into\\s+(?:giving|sending|revealing|paying|wiring|transferring|investing|handing|buying)\\b`),
    score: 0.8,
    talk: F, triggers: ["into"],
  },
  { subtype: "fraud_phishing", re: /\bfak(?:e|ing)\s+(?:my|his|her|their|your)\s+(?:own\s+)?death\b/gi, score: 0.7, talk: F , triggers: ["fake", "faking"]},
  { subtype: "fraud_phishing", re: rx(`\\b${verbs(["sell", "fence", "pawn", "launder", "move"])}\\s+(?:the\\s+|my\\s+|some\\s+)?stolen\\s+(?:\\w+\\s+)?(?:goods|items|property|cars?|phones?|jewel(?:le)?ry|merchandise|things|stuff)\\b|\\bstolen\\s+(?:goods|items|property|merchandise)\\b[^.?!\\n]{0,60}?\\bsell\\b`), score: 0.7, talk: F , triggers: ["stolen"]},
  { subtype: "fraud_phishing", re: rx(`\\b${verbs(["bribe"], { thirdPerson: false })}\\s+(?:a|an|the|my|his|her|their|some)\\s+\\w+`), score: 0.7, talk: F , triggers: ["bribe", "bribing"]},
  { subtype: "fraud_phishing", re: /\bimpersonat(?:e|ing)\s+(?:a|an|the)\s+(?:bank|irs|police|government|official|tax|microsoft|apple|amazon|paypal|ceo|executive)\b/gi, score: 0.75, talk: F , triggers: ["impersonat"]},
  // Issue 10, ninth round (general knowledge): forging someone's signature or a document, and a sham charity.
  {
    subtype: "fraud_phishing",
    re: /\bforg(?:e|es|ed|ing)\s+(?:(?:a|an|the|my\s+[\w-]+'s|his|her|their|someone's|somebody's|[\w-]+'s)\s+)?(?:[\w'’-]+\s+)?(?:signatures?|prescriptions?|doctor'?s\s+notes?|sick\s+notes?|medical\s+certificates?|wills?|deeds?|diplomas?|degrees?|transcripts?|receipts?|invoices?|checks?|cheques?|bank\s+statements?|pay\s*stubs?|references?|visas?|work\s+permits?)\b/gi,
    score: 0.8,
    talk: F,
    triggers: ["forg"],
  },
  {
    subtype: "fraud_phishing",
    re: /\b(?:set(?:ting)?\s+up|start(?:ing)?|creat(?:e|ing)|launch(?:ing)?|mak(?:e|ing))\s+(?:an?\s+)?(?:fake|sham|bogus|fraudulent|phony|phoney)\s+(?:\w+\s+)?(?:charit(?:y|ies)|gofundme|fundraisers?|crowdfunding\s+(?:campaigns?|pages?)|donation\s+(?:drives?|pages?)|investment\s+(?:funds?|schemes?)|ponzi\s+schemes?|lotter(?:y|ies))\b/gi,
    score: 0.8,
    talk: F,
    triggersAll: [["set", "start", "creat", "launch", "make", "making"], ["fake", "sham", "bogus", "fraudulent", "phony", "phoney"]],
  },
]);
