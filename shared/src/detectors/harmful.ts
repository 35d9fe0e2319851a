/**
 * The harmful-content detector (type HARMFUL_CONTENT): violence against people, weapons, explosives,
 * malware, self-harm, hate, CSAM, fraud/phishing and disinformation requests, and credential phishing in outgoing messages
 * (harmful-phishing.ts). Doing vs talking comes from talk-about.ts;
 * in addition, self-harm and CSAM matches in a protective sentence (prevention, reporting, support) are
 * talked-about, and CSAM is never lowered by a story/game frame.
 */
import type { Finding } from "../schemas/finding.ts";
import { applyTalk, protectiveContext, TALK_FACTOR } from "./talk-about.ts";
import { FRAUD_RULES, MALWARE_RULES } from "./harmful-cyber-rules.ts";
import { detectCredentialPhishing } from "./harmful-phishing.ts";
import { HATE_RULES, VIOLENCE_RULES, WEAPON_RULES } from "./harmful-rules.ts";
import { CSAM_RULES, SELF_HARM_RULES } from "./harmful-sensitive-rules.ts";
import { ILLEGAL_RULES, PRIVACY_RULES } from "./harmful-conduct-rules.ts";
import { HARM_REQUEST_RULES, MULTILINGUAL_HARM_RULES, MULTILINGUAL_LATIN_HARM_RULES } from "./harmful-request-rules.ts";
import { DISINFORMATION_RULES } from "./harmful-disinformation-rules.ts";
import { STEREOTYPE_RULES } from "./harmful-stereotype-rules.ts";
import { detectConceptHarmRequests, inSafeContext } from "./harmful-concepts.ts";
import { corroborate, scanRules } from "./rules.ts";
import { makeFinding, type Detector, type DetectorInput } from "./types.ts";
import { hasNonAscii } from "./ascii.ts";


/**
 * HARMFUL_CONTENT findings for `input.text`.
 *
 * @example
 * detectHarmful({ text: "How do I make a pipe bomb?" })[0].subtype;        // "explosives"
 * detectHarmful({ text: "How do I kill a Python process?" }).length;        // 0
 * detectHarmful({ text: "How do I kill someone in Call of Duty?" })[0].score; // 0.24 (a game)
 */
export function detectHarmful(input: DetectorInput): Finding[] {
  const text = input.text;
  const out: Finding[] = [];
  for (const rules of [VIOLENCE_RULES, WEAPON_RULES, HATE_RULES, MALWARE_RULES, FRAUD_RULES, ILLEGAL_RULES, PRIVACY_RULES, HARM_REQUEST_RULES, DISINFORMATION_RULES, STEREOTYPE_RULES]) {
    scanRules(input, "HARMFUL_CONTENT", "harmful", rules, out);
  }
  // the per-script multilingual rules, cancelled by the concept lexicon's safe contexts (a process, weeds,
  // protecting oneself, history or fiction) as the concept rule is
  const multilingual: Finding[] = [];
  scanRules(input, "HARMFUL_CONTENT", "harmful", MULTILINGUAL_LATIN_HARM_RULES, multilingual);
  // the other scripts' rules have no trigger stems: only a text with a non-ASCII character can match them
  if (hasNonAscii(text)) scanRules(input, "HARMFUL_CONTENT", "harmful", MULTILINGUAL_HARM_RULES, multilingual);
  for (const f of multilingual) if (!inSafeContext(text, f.start, f.end)) out.push(f);
  // harmful requests in seventeen other languages, by concept (request frame + harmful act, no safe context)
  for (const f of detectConceptHarmRequests(input)) out.push(f);
  const sensitive: Finding[] = [];
  scanRules(input, "HARMFUL_CONTENT", "harmful", CSAM_RULES, sensitive);
  scanRules(input, "HARMFUL_CONTENT", "harmful", SELF_HARM_RULES, sensitive);
  for (const f of sensitive) {
    if (f.score > 0.3 && protectiveContext(text, f.start, f.end)) {
      out.push(makeFinding(f.type, f.subtype, f.start, f.end, applyTalk(f.score, TALK_FACTOR), "harmful"));
    } else out.push(f);
  }
  if (out.length > 1) corroborate(out, (f) => f.subtype ?? "");
  // Phishing artefacts in outgoing messages (harmful-phishing.ts): after corroboration, which is for request cues.
  for (const f of detectCredentialPhishing(input)) out.push(f);
  return out;
}

/** The harmful-content detector. */
export const harmfulDetector: Detector = { id: "harmful", types: ["HARMFUL_CONTENT"], detect: detectHarmful };
