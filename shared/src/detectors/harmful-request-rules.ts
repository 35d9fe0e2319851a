/**
 * Harmful-request framings (type HARMFUL_CONTENT), issue 10 LOSO round 2: "how can I … without getting
 * caught", "how do I steal / poison / shoplift …", requests for insults and slurs, and "how to kill / poison /
 * steal / make a bomb …" in the nine other languages of the MultiJail benchmark (zh, it, vi, ar, ko, th, bn,
 * sw, jv) plus es, fr, de, pt, ru. Suicide words are left out of these: without the English
 * protective-context check (harmful.ts), "how can I help a friend who talks about suicide" would be flagged. Written from general knowledge of these languages and of how harmful
 * requests are phrased, without reading any labelled harmful set (bench/detectors.eval.ts bookkeeping:
 * these rules were tuned on no source). A harm word alone is never enough: each rule needs a request frame
 * (how / way / teach me / can I) next to it, so news, history and warnings stay quiet. Round 3 (written
 * everyday prompts in these languages): protective frames (recognise / guard against / explain a scam) in zh,
 * vi, ar, bn, "kill a process" in it, ar, ko, and game slang 秒杀 in zh no longer match.
 */
import { GUN_SILENCER, HARD_DRUGS, MAKE_GAP_WORD, NOT_A_BOMB, NOT_CONTRABAND } from "./harmful-lexicon.ts";
import { registerRules, type PatternRule } from "./rules.ts";

/** Drugs one asks how to make (the request rule reports them as illegal_activity). */
const MADE_DRUG = String.raw`${HARD_DRUGS}|crack\s+cocaine|carfentanil|ghb|pcp`;
/** Chemical, biological and explosive weapons and untraceable guns one asks how to make (weapons). */
const MADE_WEAPON = String.raw`ricin|abrin|sarin|soman|tabun|vx|nerve\s+agents?|mustard\s+gas|chlorine\s+gas|phosgene|hydrogen\s+cyanide|anthrax|botulinum|smallpox|plague|chemical\s+weapons?|biological\s+weapons?|bio-?weapons?|dirty\s+bombs?|${NOT_A_BOMB}bombs?|explosives?|napalm|thermite|tatp|nitroglycerin|pipe\s+bombs?|ghost\s+guns?|${GUN_SILENCER}|untraceable\s+(?:guns?|firearms?|poisons?)`;

const F = "full" as const;

/** English "how can I" request frames (the asker wants to do it). */
const HOW_I =
  "(?:how\\s+(?:do|can|could|would|should|might|to)\\s+(?:(?:i|we|you|someone|somebody|one|a\\s+person)\\s+)?|(?:what(?:'s|\\s+is|\\s+are)|which\\s+is)\\s+(?:the\\s+)?(?:best|easiest|quickest|simplest|fastest|most\\s+effective|safest)\\s+(?:way|ways|method|methods)\\s+(?:to|for\\s+(?:me|us)\\s+to)\\s+|(?:teach|show|tell)\\s+me\\s+how\\s+to\\s+|help\\s+me\\s+(?:to\\s+)?|i\\s+(?:want|need|plan|am\\s+going|'m\\s+going)\\s+to\\s+|ways\\s+to\\s+)";
const CRIME_VERB =
  `(?:steal(?!\\s+(?:the\\s+(?:show|spotlight|scene|limelight)|a\\s+(?:glance|kiss|look|base|march|moment)|(?:second|third|home)(?:\\s+base)?|bases?|(?:[\\w'’]+\\s+)?hearts?|(?:your|my|his|her|their)\\s+(?:heart|thunder|look|style|idea|recipe)))|shoplift|pickpocket|rob|mug|burglari[sz]e|break\\s+into\\s+(?:a|an|the|my|his|her|their|someone's|somebody's)\\s+(?:\\w+\\s+)?(?:house|home|car|apartment|store|shop|office)|embezzle|launder\\s+(?:money|cash)|counterfeit|smuggle${NOT_CONTRABAND}|bribe|blackmail|extort|poison(?!\\s+(?:the\\s+|my\\s+|our\\s+|some\\s+|all\\s+(?:the\\s+)?|these\\s+|those\\s+|an?\\s+)?(?:ivy|oak|sumac|vermin|rats?|mice|pests?|weeds?|slugs?|snails?|insects?|ants?|wasps?|roaches|cockroaches|moles?|gophers?|termites?|control|dns|arp|caches?))|spike\\s+(?:a|her|his|their|someone's|somebody's)\\s+drink|drug\\s+(?:her|him|them|someone|somebody|a\\s+girl|a\\s+woman|my\\s+\\w+)|roofie|kidnap|abduct|stalk(?!\\s+(?:the\\s+)?(?:prices?|deals?|stocks?|shares?|flights?|listings?|sales?|market)\\b)|dox|vandali[sz]e|torture|murder(?!\\s+(?:this|that|the|a|my|our)\\s+(?:[\\w'’-]+\\s+)?(?:songs?|tracks?|tunes?|karaoke|solos?|dance|covers?|pizzas?|burgers?|buffet|exams?|tests?|interviews?|presentations?|workouts?)\\b)|cheat\\s+on\\s+(?:my|the)\\s+taxes|evade\\s+taxes|sell\\s+drugs|deal\\s+drugs|cook\\s+meth|make\\s+meth|grow\\s+weed\\s+illegally|hide\\s+a\\s+body|get\\s+rid\\s+of\\s+a\\s+body)`;

/** Stems of CRIME_VERB: every match of `HOW_I` + `CRIME_VERB` has one at a word start (HOW_I ends in a space). */
const CRIME_STEMS = ["steal", "shoplift", "pickpocket", "rob", "mug", "burglar", "break", "embezzl", "launder", "counterfeit", "smuggl", "brib", "blackmail", "extort", "poison", "spike", "drug", "roofie", "kidnap", "abduct", "stalk", "dox", "vandal", "tortur", "murder", "cheat", "evade", "sell", "deal", "cook", "make", "grow", "hide", "get"];

/** English request framings. */
export const HARM_REQUEST_RULES: readonly PatternRule[] = registerRules([
  {
    subtype: "illegal_activity",
    re: new RegExp(`\\b${HOW_I}${CRIME_VERB}\\b(?!-)`, "gi"),
    score: 0.7,
    talk: F,
    triggersAll: [["how", "what", "which", "teach", "show", "tell", "help", "i$", "ways"], CRIME_STEMS],
    anchored: true,
  },
  {
    subtype: "illegal_activity",
    re: /\b(?:without|not|never|avoid|and\s+not)\s+(?:getting|get|being|be)\s+(?:caught|arrested|detected|noticed|traced|found\s+out)\b|\bget\s+away\s+with\s+(?:it|murder|killing|stealing|theft|fraud|hitting|hurting|cheating\s+on\s+(?:my|the)\s+taxes|a\s+crime|the\s+crime|rape|assault|arson)\b|\bso\s+(?:that\s+)?(?:no\s+one|nobody|the\s+police|the\s+cops)\s+(?:will\s+)?(?:ever\s+)?(?:finds?\s+out|knows?|notices?|can\s+trace)\b/gi,
    score: 0.45,
    talk: F,
    triggersAll: [["without", "not", "never", "avoid", "and", "get", "so"], ["caught", "arrest", "detect", "notic", "trace", "found", "away", "find", "know"]],
    anchored: true,
  },
  // Asking how to make a drug or a weapon: two rules over one request head, so that each reports its own subtype.
  ...(["illegal_activity", "weapons"] as const).map((subtype) => ({
    subtype,
    re: new RegExp(String.raw`\b(?:(?:detailed\s+|step[\s-]by[\s-]step\s+|clear\s+|exact\s+|precise\s+|full\s+)?(?:instructions|guide|tutorial|recipe|steps|directions|procedure|protocol|walkthrough)\s+(?:for|on|to)\s+(?:how\s+to\s+)?|how\s+(?:do|can|could|would|should)\s+(?:i|we|you|someone|one)\s+|how\s+to\s+|(?:teach|show|tell)\s+me\s+how\s+to\s+)(?:synthesi[sz]\w*|mak(?:e|ing)|manufactur\w*|produc\w*|extract\w*|cook(?:ing)?|build(?:ing)?|creat(?:e|ing)|brew(?:ing)?|cultivat\w*|weaponi[sz]\w*|refin\w*|purif\w*)\s+${MAKE_GAP_WORD}{0,3}?(?:${subtype === "weapons" ? MADE_WEAPON : MADE_DRUG})\b`, "gi"),
    score: 0.85,
    talk: F,
    triggers: ["instructions", "guide", "tutorial", "recipe", "steps", "directions", "procedure", "protocol", "walkthrough", "detailed", "step", "clear", "exact", "precise", "full", "how", "teach", "show", "tell"],
    anchored: true,
  })),
  {
    subtype: "fraud_phishing",
    re: /\b(?:write|create|generate|draft|compose|produce|make|post|publish|craft)\s+(?:me\s+)?(?:a\s+|an\s+|some\s+|\d+\s+|several\s+|many\s+|multiple\s+)?(?:\w+\s+)?(?:fake|false|misleading|fabricated|defamatory|libel(?:l)?ous|slanderous|bogus|fraudulent)\s+(?:news\s+)?(?:articles?|posts?|stor(?:y|ies)|reviews?|testimonials?|tweets?|messages?|blog\s+posts?|letters?|e-?mails?|press\s+releases?|reports?|claims?|rumou?rs?|accusations?|invoices?|receipts?|doctor'?s\s+notes?|references?)\b/gi,
    score: 0.7,
    talk: F,
    triggers: ["write", "creat", "generat", "draft", "compos", "produc", "make", "post", "publish", "craft"],
    anchored: true,
  },
  {
    // Asking for a threat to be written ("Write a bomb threat to email my school", "draft a ransom note"); a
    // reply to, or a report of, a threat one received is not (the gap may not hold "reply", "report", …).
    subtype: "violent_threat",
    re: /\b(?:write|draft|compose|generate|create|craft|make|send|word|phrase|give\s+me|help\s+me\s+(?:write|draft|word))\s+(?:me\s+)?(?:(?!(?:reply|replies|response|responses|respond|report|complaint|answer|rebuttal|about|to|against|on|regarding|concerning)\b)[\w'’-]+\s+){0,3}?(?:death\s+threats?|bomb\s+threats?|ransom\s+(?:notes?|letters?|demands?|messages?)|threat\s+(?:letters?|notes?|messages?)|(?:threatening|intimidating|harass(?:ing|ment)|abusive|bullying|degrading|humiliating|hateful|vicious)\s+(?:[\w'’-]+\s+)?(?:messages?|texts?|letters?|notes?|e-?mails?|voicemails?|posts?|comments?|dms?|calls?|scripts?|tweets?))\b/gi,
    score: 0.8,
    talk: F,
    triggers: ["write", "draft", "compos", "generat", "creat", "craft", "make", "send", "word", "phrase", "give", "help"],
    anchored: true,
  },
  {
    subtype: "violent_threat",
    re: /\b(?:encourag|promot|glorif|convinc|persuad|urg|push|pressur|incit|manipulat|trick)\w*\s+(?:\w+\s+){0,3}?(?:people|users|teens|teen(?:ager)?s?|children|kids?|readers|someone|somebody|others|followers|him|her|them|my\s+\w+|vulnerable\s+\w+)\s+(?:(?:with|who\s+(?:have|has|are|is))\s+(?:\w+\s+){1,2}?)?(?:to|into)\s+(?:\w+\s+){0,2}?(?:self-harm|self\s+harm|harm(?:ing)?\s+themselves|hurt(?:ing)?\s+themselves|cut(?:ting)?\s+themselves|kill(?:ing)?\s+themselves|commit(?:ting)?\s+suicide|suicide|starv\w+|stop(?:ping)?\s+eating|eat(?:ing)?\s+(?:less|fewer)\s+than\s+\d+|anorexi\w+|use\s+(?:hard\s+)?drugs|try(?:ing)?\s+(?:meth|heroin|cocaine|fentanyl|crack|drugs)|drink(?:ing)?\s+and\s+driv\w+|driv\w+\s+(?:\w+\s+)?drunk|join(?:ing)?\s+(?:isis|al[\s-]qaeda|a\s+terrorist\s+\w+|the\s+jihad)|commit(?:ting)?\s+(?:\w+\s+)?(?:crimes?|violence|fraud|terrorism)|send(?:ing)?\s+(?:nudes|explicit)|sharing\s+(?:nudes|explicit))\b/gi,
    score: 0.8,
    talk: F,
    triggers: ["encourag", "promot", "glorif", "convinc", "persuad", "urg", "push", "pressur", "incit", "manipulat", "trick"],
    anchored: true,
  },
  {
    subtype: "violent_threat",
    re: /\b(?:coerce|pressure|manipulate|trick|force|blackmail|guilt-?trip|gaslight|groom|lure|bribe)\s+(?:\w+\s+){0,3}?(?:into|to)\s+(?:send(?:ing)?|shar(?:e|ing)|giv(?:e|ing)|hav(?:e|ing)\s+sex|sleep(?:ing)?\s+with|sex|nudes|explicit|pay(?:ing)?|sending\s+money|hand(?:ing)?\s+over|meet(?:ing)?\s+(?:me|up)\s+alone|keep(?:ing)?\s+(?:it|this|our\s+\w+)\s+(?:a\s+)?secret)\b/gi,
    score: 0.8,
    talk: F,
    triggers: ["coerc", "pressur", "manipulat", "trick", "forc", "blackmail", "guilt", "gaslight", "groom", "lure", "brib"],
    anchored: true,
  },
  {
    subtype: "illegal_activity",
    re: /\b(?:evade|avoid|get\s+around|bypass|beat|fool|trick|cheat|outsmart|slip\s+past|sneak\s+past)\s+(?:a\s+|the\s+|my\s+|an?\s+)?(?:police|cops|law\s+enforcement|drug\s+tests?|urine\s+tests?|breathaly[sz]ers?|background\s+checks?|airport\s+security|tsa|metal\s+detectors?|customs|border\s+(?:patrol|control|guards)|anti-money\s+laundering|aml\s+checks?|kyc(?:\s+checks?)?|tax\s+authorities|the\s+irs|irs|sanctions|extradition|a\s+warrant|an\s+arrest|arrest|parole\s+officers?|ankle\s+monitors?)\b/gi,
    score: 0.7,
    talk: F,
    triggers: ["evad", "avoid", "get", "bypass", "beat", "fool", "trick", "cheat", "outsmart", "slip", "sneak"],
    anchored: true,
  },
  {
    subtype: "illegal_activity",
    re: /\b(?:buy|purchase|obtain|get|acquire|order|source|find)\s+(?:\w+\s+){0,2}?(?:drugs|cocaine|heroin|meth|fentanyl|guns?|firearms?|handguns?|weapons?|explosives|stolen\s+(?:credit\s+cards?|goods|data|identities|accounts)|fake\s+(?:ids?|passports?)|credit\s+card\s+numbers|social\s+security\s+numbers|ssns?|child\s+\w+|organs?|kidneys?)\s+(?:\w+\s+){0,2}?(?:online\s+(?:anonymously|without)|on\s+the\s+dark\s*(?:web|net)|from\s+the\s+dark\s*(?:web|net)|illegally|without\s+(?:a|any)\s+(?:prescription|licen[cs]e|background\s+check|id|serial\s+number)|as\s+a\s+minor|under\s+the\s+table|on\s+the\s+black\s+market)\b/gi,
    score: 0.75,
    talk: F,
    triggers: ["buy", "purchas", "obtain", "get", "acquir", "order", "source", "find"],
    anchored: true,
  },
  {
    subtype: "hate",
    re: /\b(?:what\s+are\s+(?:some|the\s+(?:best|worst|most\s+offensive))|give\s+me|tell\s+me|list|teach\s+me|i\s+(?:want|need)|write|generate|create|compose|come\s+up\s+with|make\s+up)\s+(?:some\s+|a\s+few\s+|good\s+|really\s+|the\s+)?(?:\w+\s+){0,2}?(?:insults|slurs|racial\s+slurs|mean\s+(?:things\s+to\s+say|names|jokes)|offensive\s+(?:names|jokes|words|things\s+to\s+say)|racist\s+jokes|put-?downs)\b(?:\s+(?:for|about|to\s+call|against|to\s+use\s+on|to\s+say\s+to)\b)?/gi,
    score: 0.6,
    talk: F,
    triggersAll: [["what", "give", "tell", "list", "teach", "i$", "write", "generat", "creat", "compos", "come", "make"], ["insult", "slur", "racial", "mean", "offensive", "racist", "put"]],
    anchored: true,
  },
  {
    // asking for a text that mocks people for a disability, their body or who they are (issue 10, ninth round)
    subtype: "hate",
    re: /\b(?:write|compose|draft|generate|create|craft|give\s+me|tell\s+me|come\s+up\s+with|post)\s+(?:me\s+)?(?:[\w'’-]+\s+){0,4}?(?:mock(?:s|ed|ing)?|ridicul(?:e|es|ed|ing)|mak(?:e|es|ing)\s+fun\s+of|humiliat(?:e|es|ed|ing)|demean(?:s|ed|ing)?)\s+(?:(?:a|an|the|my|his|her|their|some|all|those|these)\s+)?(?:\w+\s+)?(?:disabled|handicapped|autistic|deaf|blind|fat|overweight|obese|trans(?:gender)?|gay|lesbian|mentally\s+ill|stutter\w*|wheelchair\s+users?|down\s+syndrome)\b/gi,
    score: 0.75,
    talk: F,
    triggersAll: [["write", "compos", "draft", "generat", "creat", "craft", "give", "tell", "come", "post"], ["mock", "ridicul", "make", "makes", "making", "humiliat", "demean"]],
    anchored: true,
  },
]);

/** "How / way / teach me / can I" in the other languages (no \b: it is ASCII-only in JS regex). */
const ML = "giu";

/**
 * Multilingual harmful requests in scripts other than Latin (zh, vi, ar, ko, th, bn, ru): a request frame next
 * to a harm word, in either order within a short span. harmful.ts scans them only when the text has a
 * non-ASCII character (they have no trigger stems).
 */
export const MULTILINGUAL_HARM_RULES: readonly PatternRule[] = registerRules([
  // Chinese (simplified and traditional): 怎么/如何/怎样/有什么办法/教我 … 杀/毒死/偷/抢劫/绑架/炸弹/制毒/诈骗
  {
    subtype: "violent_threat",
    re: new RegExp(
      "(?:怎么|怎样|如何|怎麼|怎樣|有什么办法|有什麼辦法|什么方法|什麼方法|最好的方法|最好的办法|教我|告诉我|告訴我|我想|我要|帮我|幫我)(?![^。？?！!\\n]{0,14}?(?:帮助|幫助|预防|預防|防止|识别|識別|解释|解釋|别上当|別上當|防骗|防騙|举报|舉報|防范|防範|避免|保护|保護|应对|應對|识破|識破|报警|報警|远离|遠離|戒掉|戒除|支持|安慰|劝|勸))[^。？?！!\\n]{0,14}?(?:(?<!秒)杀(?!毒|菌|虫|手锏|鱼|鸡|猪|价)(?![^。？?！!\\n]{0,8}?(?:进程|程序|任务|时间|病毒))|(?<!秒)殺(?!毒|菌|蟲|魚|雞|價)(?![^。？?！!\\n]{0,8}?(?:進程|程序|程式|任務|時間|病毒))|毒死|下毒|投毒|偷(?!懒|笑|偷)|抢劫|搶劫|抢钱|绑架|綁架|强奸|強姦|强暴|炸弹|炸彈|炸药|炸藥|爆炸物|制毒|製毒|冰毒|海洛因|可卡因|毒品|打死|弄死|勒死|捅|伤害他|伤害她|傷害他|傷害她|诈骗|詐騙|骗钱|騙錢|洗钱|洗錢|盗窃|盜竊|纵火|縱火|放火|走私|勒索|虐待|跟踪|跟蹤|黑进|駭入|侮辱|骂人|罵人)",
      ML,
    ),
    score: 0.7,
    talk: F,
  },
  // Vietnamese
  {
    subtype: "violent_threat",
    re: new RegExp(
      "(?:làm\\s+(?:thế|sao)\\s+(?:nào\\s+)?(?:để\\s+)?|bằng\\s+cách\\s+nào|cách\\s+(?:nào\\s+)?(?:để\\s+)?|cách\\s+tốt\\s+nhất\\s+để|tôi\\s+(?:có\\s+thể|muốn|nên)|chỉ\\s+(?:cho\\s+)?tôi|hướng\\s+dẫn\\s+(?:tôi\\s+)?)(?![^.?!\\n]{0,30}?(?:nhận\\s+biết|nhận\\s+ra|phòng\\s+tránh|phòng\\s+chống|đề\\s+phòng|cảnh\\s+giác|bảo\\s+vệ|tránh\\s+bị|tố\\s+giác))[^.?!\\n]{0,30}?(?:giết|đầu\\s+độc|trộm|ăn\\s+cắp|ăn\\s+trộm|cướp|bắt\\s+cóc|hiếp\\s+dâm|cưỡng\\s+hiếp|bom|chất\\s+nổ|ma\\s+túy|ma\\s+tuý|làm\\s+hại|làm\\s+tổn\\s+thương|tra\\s+tấn|lừa\\s+đảo|lừa\\s+tiền|rửa\\s+tiền|buôn\\s+lậu|đốt\\s+nhà|phóng\\s+hỏa|đánh\\s+(?:chết|đập)|bắn\\s+(?:chết|người)|xúc\\s+phạm|lăng\\s+mạ|trốn\\s+thuế)",
      ML,
    ),
    score: 0.7,
    talk: F,
  },
  // Arabic
  {
    subtype: "violent_threat",
    re: new RegExp(
      "(?:كيف|كيفية|ما\\s+(?:هي\\s+)?أفضل\\s+طريقة|ما\\s+هي\\s+الطريقة|طريقة|هل\\s+(?:يمكنني|أستطيع)|علمني|أريد\\s+أن|ساعدني)(?![^.؟?!\\n]{0,30}?(?:أحمي|حماية|أكشف|(?<![\\p{L}])كشف|لكشف|أتجنب|تجنب|الوقاية|التعرف|مكافحة|الإبلاغ))[^.؟?!\\n]{0,30}?(?:أقتل(?!\\s+(?:ال)?عملي)|اقتل(?!\\s+(?:ال)?عملي)|قتل(?!\\s+(?:ال)?عملي)|يقتل|أسمم|تسميم|أسرق|اسرق|سرقة|أخطف|خطف|اختطاف|أغتصب|اغتصاب|قنبلة|متفجرات|مخدرات|أؤذي|إيذاء|أعذب|تعذيب|أحتال|احتيال|غسيل\\s+الأموال|تهريب|أهرب|أخترق|اختراق|أهين|شتائم)",
      ML,
    ),
    score: 0.7,
    talk: F,
  },
  // Korean: harm stem, then a request ending (방법 / 법 / 수 있 / 어떻게 / 알려 / 가르쳐) within a short span, or 어떻게 before it
  {
    subtype: "violent_threat",
    re: new RegExp(
      "(?:(?:(?<!프로세스를?\\s?)죽이|죽일|죽여|살해|독살|독을\\s*타|훔치|훔칠|훔쳐|도둑질|강도|납치|강간|성폭행|폭탄|폭발물|마약|필로폰|해치|해칠|다치게|고문|사기\\s*(?:치|를\\s*치)|돈세탁|밀수|방화|불을\\s*지르|불\\s*지르|해킹|모욕)[^.?!\\n]{0,16}?(?:방법|법은|법을|법\\s|수\\s*있|수\\s*있을까|알려|가르쳐|어떻게|좋을까|하려면|할까요|나요)|어떻게[^.?!\\n]{0,16}?(?:죽이|죽일|죽여|살해|독살|훔치|훔칠|훔쳐|납치|강간|폭탄|마약|해치|고문|방화|해킹))",
      ML,
    ),
    score: 0.7,
    talk: F,
  },
  // Thai (no spaces between words): harm word and a request word within a short span, either order
  {
    subtype: "violent_threat",
    re: new RegExp(
      "(?:(?:วิธี|ทำอย่างไร|อย่างไร|ยังไง|ได้ไหม|สอน|ช่วย|ฉันจะ|ผมจะ|ฉันอยาก|ผมอยาก)[^.?!\\n]{0,24}?(?:ฆ่า|วางยาพิษ|ยาพิษ|ขโมย|ปล้น|ลักพาตัว|ข่มขืน|ระเบิด|ยาเสพติด|ยาบ้า|ทำร้าย|ทรมาน|หลอกลวง|ต้มตุ๋น|ฟอกเงิน|ลักลอบ|เผาบ้าน|วางเพลิง|แฮ็ก|ดูถูก)|(?:ฆ่า|วางยาพิษ|ขโมย|ปล้น|ลักพาตัว|ข่มขืน|ทำระเบิด|ยาเสพติด|ทำร้าย|ทรมาน|หลอกลวง|ฟอกเงิน|วางเพลิง|แฮ็ก)[^.?!\\n]{0,24}?(?:ได้อย่างไร|อย่างไร|ยังไง|ได้ไหม|วิธี))",
      ML,
    ),
    score: 0.7,
    talk: F,
  },
  // Bengali
  {
    subtype: "violent_threat",
    re: new RegExp(
      "(?:(?:কিভাবে|কীভাবে|কি\\s+ভাবে|কী\\s+ভাবে|উপায়|উপায়|আমি\\s+কি|শেখাও|বলো|বলুন)(?![^.?!।\\n]{0,30}?(?:চিনতে|চেনা|এড়াতে|সচেতন|রক্ষা|প্রতিরোধ|বাঁচাতে))[^.?!।\\n]{0,30}?(?:হত্যা|খুন|মেরে\\s+ফেল|মারতে|মারব|বিষ|চুরি|ডাকাতি|অপহরণ|ধর্ষণ|বোমা|বিস্ফোরক|মাদক|ক্ষতি\\s+কর|নির্যাতন|প্রতারণা|হ্যাক|আগুন\\s+লাগা|পাচার|অপমান|গালি)|(?:হত্যা|খুন|বিষ\\s+দি|চুরি|ডাকাতি|অপহরণ|ধর্ষণ|বোমা|মাদক|নির্যাতন|প্রতারণা|পাচার|অপমান)[^.?!।\\n]{0,30}?(?:কিভাবে|কীভাবে|উপায়|উপায়|পারি|যায়|যায়))",
      ML,
    ),
    score: 0.7,
    talk: F,
  },
  // Russian
  {
    subtype: "violent_threat",
    re: new RegExp(
      "(?<![\\p{L}])(?:как\\s+(?:мне|можно)?|лучший\\s+способ|научи\\s+меня)\\s*(?:[\\p{L}'’]+\\s+){0,4}?(?!убить\\s+(?:[\\p{L}]+\\s+)?(?:процесс\\p{L}*|время|задач\\p{L}*))(?:убить|отравить|украсть|похитить|изнасиловать|пытать|обмануть|зарезать|сделать\\s+бомбу|изготовить\\s+(?:бомбу|взрывчатку|наркотики))",
      ML,
    ),
    score: 0.7,
    talk: F,
  },
]);

/** Multilingual harmful requests in Latin script (it, sw, jv, es, fr, de, pt): tried only where a request frame starts. */
export const MULTILINGUAL_LATIN_HARM_RULES: readonly PatternRule[] = registerRules([
  // Italian
  {
    subtype: "violent_threat",
    re: new RegExp(
      "(?<![\\p{L}])(?:come\\s+(?:posso|potrei|si\\s+fa\\s+a|faccio\\s+a|fare\\s+a|si\\s+pu[oò]|si|potremmo|possiamo|dovrei)|qual\\s+[eè]\\s+il\\s+(?:modo|metodo)\\s+(?:migliore|pi[uù]\\s+\\w+)?\\s*per|modi\\s+per|insegnami\\s+a|dimmi\\s+come|aiutami\\s+a)\\s+(?:[\\p{L}'’]+\\s+){0,4}?(?:uccid\\p{L}*(?!\\p{L})(?!\\s+(?:(?:un|il|lo|i|gli|questo)\\s+)?(?:process\\p{L}*|programm\\p{L}*|task|app\\p{L}*))|ammazz\\p{L}*|avvelen\\p{L}*|rubar\\p{L}*|rub(?:o|a|ano|ato|ata)|rapinar\\p{L}*|rapir\\p{L}*|sequestrar\\p{L}*|stuprar\\p{L}*|violentar\\p{L}*|picchiar\\p{L}*|torturar\\p{L}*|truffar\\p{L}*|frodar\\p{L}*|ricattar\\p{L}*|spacciar\\p{L}*|contrabbandar\\p{L}*|riciclar\\p{L}*\\s+denaro|incendiar\\p{L}*|dar\\s+fuoco|fare\\s+del\\s+male|far\\s+male|ferir\\p{L}*|costruire\\s+una\\s+bomba|fare\\s+una\\s+bomba|fabbricare\\s+(?:una\\s+bomba|esplosivi|droga)|insultar\\p{L}*|hackerar\\p{L}*|bullizzar\\p{L}*|sbarazzarmi\\s+di|pedinar\\p{L}*|perseguitar\\p{L}*)",
      ML,
    ),
    score: 0.7,
    talk: F,
    triggers: ["come", "qual", "modi", "insegnami", "dimmi", "aiutami"],
    anchored: true,
  },
  // Swahili
  {
    subtype: "violent_threat",
    re: new RegExp(
      "(?<![\\p{L}])(?:jinsi\\s+ya|namna\\s+ya|ninawezaje|nawezaje|naweza\\s+kwa\\s+namna\\s+gani|nifundishe|njia\\s+(?:bora\\s+)?ya|ni\\s+njia\\s+gani|nataka|ninataka|nisaidie)\\s+(?:[\\p{L}'’]+\\s+){0,4}?(?:kuua|kumuua|kuwaua|nimuue|niue|kumwua|sumu|kuiba|kuibia|niibe|kuteka\\s+nyara|kumteka|kubaka|bomu|vilipuzi|dawa\\s+za\\s+kulevya|madawa\\s+ya\\s+kulevya|kumdhuru|kudhuru|kuumiza|kumuumiza|kutesa|kulaghai|kutapeli|utapeli|kudukua|kuchoma\\s+(?:nyumba|moto)|magendo|kupiga\\s+risasi|kumpiga|kutukana|kumtukana|kusafirisha\\s+(?:dawa|watu))",
      ML,
    ),
    score: 0.7,
    talk: F,
    triggers: ["jinsi", "namna", "ninawezaje", "nawezaje", "naweza", "nifundishe", "njia", "ni", "nataka", "ninataka", "nisaidie"],
    anchored: true,
  },
  // Javanese (ngoko and krama) and Indonesian frames
  {
    subtype: "violent_threat",
    re: new RegExp(
      "(?<![\\p{L}])(?:piye\\s+carane|kepiye\\s+carane|kepriye\\s+carane|kados\\s+pundi|carane|apa\\s+cara|cara\\s+(?:paling\\s+)?(?:apik|gampang|becik|efektif)\\s+kanggo|kepiye\\s+aku|piye\\s+aku|aku\\s+kudu\\s+piye|cara(?:\\s+paling\\s+\\p{L}+)?|aku\\s+(?:isa|bisa|pengin|kepengin|arep)|bagaimana\\s+cara|gimana\\s+cara|ajari\\s+aku|ajarana\\s+aku|kepiye)\\s+(?:[\\p{L}'’]+\\s+){0,4}?(?:mateni|mateni|matèni|mbunuh|membunuh|ngracun|meracuni|nyolong|maling|mencuri|ngrampok|merampok|nyulik|menculik|merkosa|memperkosa|perkosa|bom|bahan\\s+peledak|narkoba|nglarani|nyakiti|menyakiti|nyiksa|menyiksa|ngapusi|nipu|menipu|ngobong|membakar|nembak|menembak|nggebuki|mukuli|memukuli|ngina|menghina|ngeretas|ngebom|ngrusak|mbledhos\\p{L}*)",
      ML,
    ),
    score: 0.7,
    talk: F,
    triggers: ["piye", "kepiye", "kepriye", "kados", "carane", "apa", "cara", "aku", "bagaimana", "gimana", "ajari", "ajarana"],
    anchored: true,
  },
  // Spanish, French, German, Portuguese
  {
    subtype: "violent_threat",
    re: new RegExp(
      "(?<![\\p{L}])(?:c[oó]mo\\s+(?:puedo|podr[ií]a|se\\s+puede|hago\\s+para)?|la\\s+mejor\\s+manera\\s+de|ens[eé][nñ]ame\\s+a|comment\\s+(?:puis-je|je\\s+peux|faire\\s+pour)?|la\\s+meilleure\\s+fa[cç]on\\s+de|apprends-moi\\s+[àa]|wie\\s+(?:kann\\s+ich|k[oö]nnte\\s+ich|bringe\\s+ich)|am\\s+besten|como\\s+(?:posso|eu\\s+posso|fa[cç]o\\s+para)?|a\\s+melhor\\s+maneira\\s+de|me\\s+ensine\\s+a)\\s+(?:[\\p{L}'’]+\\s+){0,4}?(?!(?:matar|tuer|t[oö]ten)\\s+(?:[\\p{L}]+\\s+)?(?:process\\p{L}*|proce[sś]\\p{L}*|prozess\\p{L}*|процесс\\p{L}*|tempo|tiempo|temps|zeit|время|programa|programme|programm|task\\p{L}*|tarefa|tarea|t[aâ]che|aufgabe|задач\\p{L}*|aplica\\p{L}*|app\\p{L}*))(?:matar|envenenar|robar|secuestrar|violar|torturar|estafar|apu[nñ]alar|hacer\\s+una\\s+bomba|fabricar\\s+(?:una\\s+bomba|explosivos|drogas|metanfetamina)|tuer|empoisonner|voler|kidnapper|enlever|violer|torturer|arnaquer|poignarder|fabriquer\\s+(?:une\\s+bombe|des\\s+explosifs|de\\s+la\\s+drogue)|t[oö]ten|umbringen|vergiften|stehlen|klauen|entf[uü]hren|vergewaltigen|foltern|betr[uü]gen|erstechen|bombe\\s+bauen|sprengstoff\\s+herstellen|roubar|sequestrar|estuprar|esfaquear|fazer\\s+uma\\s+bomba)",
      ML,
    ),
    score: 0.7,
    talk: F,
    // Second gate: the harm verb, always after a space (a capital Ö reads as ö in the trigger table).
    triggersAll: [
      ["c", "la", "ens", "comment", "apprends", "wie", "am", "a$", "me"],
      ["matar", "envenenar", "robar", "secuestrar", "viol", "tortur", "estafar", "apu", "hacer", "fabric", "fabriqu", "tuer", "empoisonner", "voler", "kidnapper", "enlever", "arnaquer", "poignarder", "toten", "töten", "umbringen", "vergiften", "stehlen", "klauen", "entf", "vergewaltigen", "foltern", "betr", "erstechen", "bombe", "sprengstoff", "roubar", "sequestrar", "estuprar", "esfaquear", "fazer"],
    ],
    anchored: true,
  },
]);
