/**
 * Everyday idioms whose words sound like harm: "break into the tech industry", "crack my knuckles", "kill
 * time", "shoot a wedding", "steal the show", "bomb an exam". The classifier reads words, not meanings, so
 * such a request can score as harmful on its words alone; the classifier detector scores a window again
 * with these idioms blanked (detector.ts) and keeps the finding only if the rest of the text still scores.
 * The rules have their own exclusions and do not use this list.
 *
 * Written from general knowledge of English usage (issue 10, tenth round), without reading any labelled set.
 */

const POSSESSIVE = String.raw`(?:my|your|his|her|their|our|one's|the)`;
/** The fields one "breaks into": a career, a market, a scene. */
const FIELD = String.raw`(?:industry|field|market|business|career|profession|scene|world|acting|modell?ing|journalism|hollywood|publishing|comedy|tech|sales|finance|consulting|management|academia|politics|show\s*business|showbiz|voice\s+acting|music|fashion|film|gaming|cybersecurity|data\s+science|ux|design|law|medicine|nursing|teaching|real\s+estate|startups?)`;
/** A test, a performance or a task one can "kill", "nail", "bomb" or "knock out". */
const PERFORMANCE = String.raw`(?:exams?|tests?|quiz(?:zes)?|interviews?|auditions?|presentations?|pitch(?:es)?|speech(?:es)?|performances?|gigs?|shows?|sets?|recitals?|finals?|midterms?|essays?|assignments?|workouts?|tasks?|to-?do\s+list|chores|backlog|project)`;

const IDIOMS: readonly string[] = [
  // careers and markets
  String.raw`\bbreak(?:s|ing)?\s+into\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,2}${FIELD}\b`,
  String.raw`\bbroke\s+into\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,2}${FIELD}\b`,
  // what a career changer lacks (never a licence, permit, prescription or ID: going without those evades a control)
  String.raw`\bwithout\s+(?:a\s+|an\s+|any\s+|much\s+)?(?:college\s+|university\s+|formal\s+|prior\s+|work\s+|coding\s+|professional\s+)?(?:degree|diploma|experience|background(?!\s+checks?)|connections|network|money|savings|car|job|mentor|laptop|portfolio)\b`,
  // a protective clause: "without hurting them" says what must not happen (the act it qualifies still counts)
  String.raw`\bwithout\s+(?:hurting|harming|injuring|damaging|breaking|scratching|bruising|straining)\s+(?:it|them|him|her|myself|yourself|themselves|anyone|anything|(?:my|your|his|her|their|the|a)\s+(?:[\w-]+\s+)?[\w-]+)\b`,
  // the body
  String.raw`\bcrack(?:s|ing|ed)?\s+${POSSESSIVE}?\s*(?:knuckles|back|neck|joints|toes|fingers|spine)\b`,
  // time and mood
  String.raw`\bkill(?:s|ing|ed)?\s+(?:some\s+|the\s+)?time\b`,
  String.raw`\bblow(?:s|ing|ed)?\s+off\s+(?:some\s+)?steam\b`,
  String.raw`\bdying\s+to\s+(?:see|meet|try|know|hear|visit|go|read|watch)\b`,
  String.raw`\b(?:die|died|dying)\s+(?:of|from)\s+(?:laughter|embarrassment|boredom|curiosity)\b`,
  String.raw`\bdead\s+(?:tired|serious|set\s+on|ringer|end\s+job)\b`,
  // performing well or badly
  String.raw`\b(?:kill|killing|killed|nail|nailing|slay|slaying|crush|crushing|ace|acing)\s+(?:it\s+(?:at|in|on|during)\s+)?${POSSESSIVE}?\s*(?:[\w-]+\s+)?${PERFORMANCE}\b`,
  String.raw`\b(?:bomb|bombed|bombing)\s+(?:${POSSESSIVE}|an?|this)\s+(?:[\w-]+\s+)?${PERFORMANCE}\b`,
  String.raw`\bknock(?:s|ing|ed)?\s+(?:(?:'?em|them|it)\s+dead|out\s+(?:${POSSESSIVE}\s+|an?\s+|this\s+)?(?:[\w-]+\s+)?${PERFORMANCE})\b`,
  String.raw`\bsteal(?:s|ing)?\s+the\s+(?:show|spotlight|scene|limelight)\b`,
  String.raw`\bsteal(?:s|ing)?\s+(?:a\s+)?(?:glance|kiss|base|second\s+base|third\s+base|home\s+plate)\b`,
  // photos and games
  String.raw`\bshoot(?:s|ing)?\s+(?:a\s+|an\s+|the\s+|${POSSESSIVE}\s+)?(?:[\w-]+\s+)?(?:photos?|pictures?|portraits?|videos?|footage|films?|scenes?|weddings?|vlogs?|headshots?|timelapses?|hoops|the\s+breeze|a\s+text|an\s+email|a\s+message)\b`,
  String.raw`\b(?:take|taking|give|giving)\s+(?:it\s+)?a\s+shot\b`,
  // work and problems
  String.raw`\battack(?:s|ing)?\s+(?:the|this|a|my|our)\s+(?:problem|task|backlog|day|project|question|puzzle|challenge)\b`,
  String.raw`\b(?:life|growth|productivity|study|kitchen|cleaning|budget|travel)\s+hacks?\b`,
  String.raw`\bpull(?:s|ing|ed)?\s+the\s+trigger\s+on\s+(?:a|an|the|buying|selling|this|that)\b`,
  String.raw`\bbeat(?:s|ing)?\s+(?:the\s+(?:heat|traffic|rush|odds|deadline|crowd)|${POSSESSIVE}\s+(?:personal\s+)?(?:record|best|time))\b`,
  // food and garden
  String.raw`\bsmok(?:e|es|ing|ed)\s+(?:a\s+|the\s+|some\s+)?(?:brisket|ribs|salmon|meat|turkey|pork|cheese|chicken|fish|sausages?)\b`,
  String.raw`\bpoison\s+(?:ivy|oak|sumac)\b`,
];

const IDIOM_RE = new RegExp(IDIOMS.join("|"), "gi");

/**
 * `text` with every everyday idiom of the list replaced by spaces of the same length (offsets unchanged),
 * or undefined when it holds none.
 *
 * @example
 * blankIdioms("How can I break into the tech industry?"); // "How can I                             ?"
 * blankIdioms("How do I break into a car?");              // undefined
 */
export function blankIdioms(text: string): string | undefined {
  IDIOM_RE.lastIndex = 0;
  if (!IDIOM_RE.test(text)) return undefined;
  IDIOM_RE.lastIndex = 0;
  return text.replace(IDIOM_RE, (m) => " ".repeat(m.length));
}
