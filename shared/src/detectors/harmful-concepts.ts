/**
 * Harmful requests in seventeen languages other than English, found by concept (type HARMFUL_CONTENT): a sentence
 * that asks how to do something (a request frame: "how do I", "teach me", "I want to", "the best way to") and
 * names a harmful act (kill, poison, bomb, steal, scam, hack, rape, kidnap, launder, insult, …), with neither
 * a protective context ("recognise", "protect against", "explain to my parents") nor a harmless object
 * ("a process", "the game boss", "weeds") in it. The words come from harm-concept-lexicon.ts (zh, ja, ko,
 * th, ar, bn, hi, ru, vi, it, es, fr, de, pt, sw, jv, id); English has its own, finer rules
 * (harmful-request-rules.ts). Written from general knowledge, without reading any labelled harmful set.
 *
 * Kept cheap on English traffic: the lexicon is consulted only when the text has one of its non-ASCII
 * characters, or trigger stems of both a Latin-script request frame ("come", "como", "jinsi", "piye", …) and
 * a harmful act ("uccid", "robar", "kuiba", …) occurred in it (the shared trigger scan, triggers.ts).
 */
import type { Finding } from "../schemas/finding.ts";
import { hasNonAscii } from "./ascii.ts";
import { compileConcepts, type ConceptHit } from "./concept-matcher.ts";
import { HARM_CONCEPT_LEXICON, HARM_CONCEPT_SUBTYPE, REQUEST_FRAME_CONCEPTS, SAFE_CONTEXT_CONCEPTS } from "./harm-concept-lexicon.ts";
import { applyTalk, talkFactor } from "./talk-about.ts";
import { compileTriggersAll, hitAny } from "./triggers.ts";
import { makeFinding, type DetectorInput } from "./types.ts";

const SCORE = 0.7;
/** At most this many findings per text (one per sentence at most). */
const MAX_FINDINGS = 64;

const matcher = compileConcepts(HARM_CONCEPT_LEXICON);
const conceptIndex = (id: string): number => HARM_CONCEPT_LEXICON.concepts.indexOf(id);
const FRAME = new Set(REQUEST_FRAME_CONCEPTS.map(conceptIndex));
const SAFE = new Set(SAFE_CONTEXT_CONCEPTS.map(conceptIndex));
const SUBTYPE = new Map(Object.entries(HARM_CONCEPT_SUBTYPE).map(([c, s]) => [conceptIndex(c), s]));

/**
 * The harmful acts' stems are cut to this many letters (a prefix of a stem is a stem too, only wider): their
 * ASCII forms then need 1,163 stems and, with the request frames' 163 (not cut: cut to five letters,
 * "instrucciones" would open the gate on "instructions"), add 3,369 states to the shared trigger automaton
 * (10,437 in all; uncut, the acts' stems alone would add about 5,000).
 */
const HARM_STEM_LENGTH = 6;

/**
 * The trigger stems an ASCII text must contain for the lexicon to find `concepts` in it: for every form of a
 * spaced language, its longest run of ASCII letters and digits ("intenzione" for "ho intenzione di"). Each
 * such run starts a word in the form (after a space, apostrophe or hyphen, or at its start), so wherever
 * the form matches, the run occurs at a word start of the text, as the trigger scan needs. A form with a
 * non-ASCII character cannot occur in ASCII text and needs no stem.
 */
function asciiStems(concepts: readonly string[], maxLength: number): string[] {
  const out = new Set<string>();
  for (const concept of concepts) {
    for (const [lang, forms] of Object.entries(HARM_CONCEPT_LEXICON.forms[concept] ?? {})) {
      if (HARM_CONCEPT_LEXICON.unspaced.includes(lang)) continue;
      for (const f of forms.split("|")) {
        // the longest run of [a-z0-9_] (forms are lower case); none if the form has a non-ASCII character
        let best = "";
        let from = 0;
        for (let i = 0; i <= f.length; i++) {
          const c = i < f.length ? f.charCodeAt(i) : 32;
          if (c > 127) {
            best = "";
            break;
          }
          if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95) continue;
          if (i - from >= best.length) best = f.slice(from, i); // ties: the later run ("moi" in "dis-moi")
          from = i + 1;
        }
        if (best !== "") out.add(best.slice(0, maxLength));
      }
    }
  }
  // a stem that another stem begins is redundant (the shorter one occurs wherever the longer one does)
  return [...out].filter((s) => {
    for (let k = 1; k < s.length; k++) if (out.has(s.slice(0, k))) return false;
    return true;
  });
}

/**
 * Gate for ASCII texts: a request frame's stem and a harmful act's stem both occurred (a finding needs both,
 * so the gate is open whenever the lexicon could report one; trigger-gating.test.ts checks gated and ungated
 * runs agree). Frames alone would open on most English text ("come", "me", "in", "je", …).
 */
const ASCII_GATE = compileTriggersAll([asciiStems(REQUEST_FRAME_CONCEPTS, Infinity), asciiStems(Object.keys(HARM_CONCEPT_SUBTYPE), HARM_STEM_LENGTH)]);

/** Non-ASCII characters of the lexicon's forms, both cases (built on first use). */
let formChars: Uint8Array | undefined;
function lexiconChars(): Uint8Array {
  if (formChars !== undefined) return formChars;
  const t = new Uint8Array(65536);
  for (const byLang of Object.values(HARM_CONCEPT_LEXICON.forms)) {
    for (const forms of Object.values(byLang)) {
      for (const f of forms.split("|")) {
        for (const ch of f) {
          for (const v of [ch, ch.toLowerCase(), ch.toUpperCase()]) if (v.length === 1 && v.charCodeAt(0) > 127) t[v.charCodeAt(0)] = 1;
        }
      }
    }
  }
  formChars = t;
  return t;
}

/**
 * Whether the lexicon can find a request in the text at all: a form with a non-ASCII character needs one of
 * the lexicon's non-ASCII characters in the text (an em dash or a curly quote in English text is none of
 * them), and the ASCII forms need the stems of ASCII_GATE.
 */
function worthMatching(input: DetectorInput): boolean {
  const text = input.text;
  if (hasNonAscii(text)) {
    const chars = lexiconChars();
    for (let i = 0; i < text.length; i++) if (chars[text.charCodeAt(i)] === 1) return true;
  }
  return hitAny(input, ASCII_GATE);
}

/** Sentence ends: . ! ? and their CJK, Arabic and Devanagari forms, and line breaks. */
const isSentenceEnd = (c: number): boolean =>
  c === 46 || c === 33 || c === 63 || c === 10 || c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0x061f || c === 0x0964;

/**
 * Whether the sentence around `[start, end)` has one of the lexicon's safe contexts (protecting oneself or
 * others, a harmless object such as a process, weeds or pests, history, news or fiction). harmful.ts asks it
 * for the per-script regex rules (harmful-request-rules.ts), so that both multilingual rule families are
 * cancelled by the same words (issue 10, seventh round: the regex rules had flagged "how do I kill a stuck
 * process" and "how do I kill the weeds between the tiles" in languages whose lexicon knew those objects).
 *
 * @example
 * inSafeContext("Come faccio a uccidere le erbacce?", 11, 19); // true (weeds)
 * inSafeContext("Come faccio a uccidere il vicino?", 11, 19);  // false
 */
export function inSafeContext(text: string, start: number, end: number): boolean {
  let from = Math.min(start, text.length);
  while (from > 0 && !isSentenceEnd(text.charCodeAt(from - 1))) from--;
  let to = Math.max(end, from);
  while (to < text.length && !isSentenceEnd(text.charCodeAt(to))) to++;
  for (const h of matcher.find(text.slice(from, to))) if (SAFE.has(h.concept)) return true;
  return false;
}

/**
 * HARMFUL_CONTENT findings for harmful requests written in the lexicon's languages: one per sentence that
 * has a request frame and a harmful act and no safe context; the span runs from the first to the last of
 * those two. Talk-about context lowers the score as for the other harmful rules.
 *
 * @example
 * detectConceptHarmRequests({ text: "Come posso avvelenare il mio vicino?" })[0].subtype; // "violent_threat"
 * detectConceptHarmRequests({ text: "Come si uccide un processo su Linux?" }).length;    // 0 (a process)
 * detectConceptHarmRequests({ text: "How do I poison my neighbour?" }).length;            // 0 (English: harmful-request-rules.ts)
 */
export function detectConceptHarmRequests(input: DetectorInput): Finding[] {
  const text = input.text;
  if (!worthMatching(input)) return [];
  const hits = matcher.find(text);
  if (hits.length === 0) return [];
  const out: Finding[] = [];
  let i = 0;
  while (i < hits.length && out.length < MAX_FINDINGS) {
    // the sentence holding hits[i] (earlier sentences' hits are consumed): up to the next sentence end
    let end = (hits[i] as ConceptHit).end;
    while (end < text.length && !isSentenceEnd(text.charCodeAt(end))) end++;
    let frame: ConceptHit | undefined;
    let harm: ConceptHit | undefined;
    let safe = false;
    let j = i;
    for (; j < hits.length && (hits[j] as ConceptHit).start < end; j++) {
      const h = hits[j] as ConceptHit;
      if (FRAME.has(h.concept)) frame ??= h;
      else if (SAFE.has(h.concept)) safe = true;
      else if (SUBTYPE.has(h.concept)) harm ??= h;
    }
    if (frame !== undefined && harm !== undefined && !safe) {
      const start = Math.min(frame.start, harm.start);
      const stop = Math.max(frame.end, harm.end);
      const score = applyTalk(SCORE, talkFactor(input, start, stop, "full"));
      out.push(makeFinding("HARMFUL_CONTENT", SUBTYPE.get(harm.concept), start, stop, score, "harmful"));
    }
    i = j;
  }
  return out;
}
