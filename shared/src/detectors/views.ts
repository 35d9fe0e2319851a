/**
 * Extra views of a text for the detectors, so obfuscated commands and prompts are seen as what they say:
 *
 * - the normalised view (normalise.ts): NFKC, invisible characters removed, shell quoting / `$IFS` /
 *   escapes undone; its map sends every span back into the original text;
 * - decoded views (decode-payloads.ts): each embedded base64 or hex payload that decodes to printable text,
 *   normalised in turn and searched for payloads again, up to MAX_DECODE_DEPTH layers. Every span in a
 *   decoded view maps to the whole encoded token in the original text.
 *
 * Bounded for any input (64 KiB included): each step is one linear pass; at most MAX_PAYLOADS payloads per
 * input, each at most MAX_PAYLOAD_BYTES decoded bytes, MAX_DECODED_CHARS decoded characters in all; the
 * normalised view is at most 2n + 64 characters. Pure and deterministic: no state between calls.
 */
import { findPayloads } from "./decode-payloads.ts";
import { mapSpan, normaliseText, type MappedText } from "./normalise.ts";

/** A view of the text: what the detectors scan, and where each of its characters came from. */
export interface TextView extends MappedText {
  /** "normalised": the whole text normalised; "decoded": one decoded payload. */
  readonly kind: "normalised" | "decoded";
  /** 0 for the normalised view; 1 for a payload found in it, 2 for a payload inside that one, … */
  readonly depth: number;
}

/** Decoded layers followed (base64 inside base64 inside base64). */
export const MAX_DECODE_DEPTH = 3;
/** Payloads decoded per input, over all layers. */
export const MAX_PAYLOADS = 16;
/** Decoded bytes per payload (a longer token is decoded up to this cap). */
export const MAX_PAYLOAD_BYTES = 16 * 1024;
/** Decoded characters per input, over all payloads and layers. */
export const MAX_DECODED_CHARS = 64 * 1024;

/** Any character the normaliser may change: non-ASCII, `$`, `\`, quotes, `{`. */
const MARKER = /[$\\'"{\u0080-\uffff]/;
/** What a payload candidate needs: a letter next to a digit, or `=` after a letter. */
const PAIR_HINT = /\d[A-Za-z]|[A-Za-z][\d=]/;
/** A digit or `=`: without one, PAIR_HINT cannot match (a one-class scan, much cheaper than PAIR_HINT's). */
const DIGIT_OR_EQUALS = /[\d=]/;

/**
 * The cheap pre-check: can `text` hold anything the views would change? False for ASCII text without
 * `$`, `\`, `'`, `"`, `{` and without a run of 8+ base64 characters holding a letter and a digit, or a
 * letter and `=` padding (the same test findPayloads makes). Native regex scans first: one character class
 * (a marker), then a digit or `=`, then the letter–digit pairs; only when a pair is there, one pass of
 * char-code reads. No allocation. (One regex with the three alternatives cost 1.94 µs per 1 KB bench text,
 * these scans 1.59, same process.)
 *
 * @example
 * mayBeObfuscated("List the open pull requests."); // false
 * mayBeObfuscated("r''m -rf /");                   // true
 */
export function mayBeObfuscated(text: string): boolean {
  if (MARKER.test(text)) return true;
  if (!DIGIT_OR_EQUALS.test(text) || !PAIR_HINT.test(text)) return false; // the common case: native scans only
  let run = 0; // length of the current run of base64 characters
  let digit = false; // a digit in the current run
  let letter = false; // a letter in the current run
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) {
      run++;
      letter = true;
    } else if (c === 0x2b || c === 0x2f || c === 0x2d || c === 0x5f) {
      run++;
    } else if (c >= 0x30 && c <= 0x39) {
      run++;
      digit = true;
    } else {
      if (run >= 8 && letter && (digit || c === 0x3d)) return true;
      run = 0;
      digit = false;
      letter = false;
      continue;
    }
    if (run >= 8 && letter && digit) return true;
  }
  return false;
}

interface Budget {
  payloads: number;
  chars: number;
}

/**
 * The views of `text` (empty when there is nothing to undo). `shell` (the text is to be executed) also
 * unquotes whole command-like tokens and expands `{a,b}` (see normaliseText); decoded payloads are always
 * normalised as shell text.
 *
 * @example
 * textViews("echo cm0gLXJmIC8= | base64 -d | sh", true).map((v) => [v.kind, v.text]);
 * // [["decoded", "rm -rf /"]]
 */
export function textViews(text: string, shell: boolean): TextView[] {
  if (!mayBeObfuscated(text)) return [];
  const views: TextView[] = [];
  const normalised = normaliseText(text, { shell });
  if (normalised !== undefined) views.push({ ...normalised, kind: "normalised", depth: 0 });
  const toOriginal = (s: number, e: number): [number, number] =>
    normalised === undefined ? [s, e] : mapSpan(normalised, s, e, text.length);
  decodeInto(views, normalised?.text ?? text, toOriginal, 1, { payloads: MAX_PAYLOADS, chars: MAX_DECODED_CHARS });
  return views;
}

function decodeInto(
  views: TextView[],
  text: string,
  toOriginal: (s: number, e: number) => [number, number],
  depth: number,
  budget: Budget,
): void {
  if (depth > MAX_DECODE_DEPTH || budget.payloads <= 0 || budget.chars <= 0) return;
  for (const p of findPayloads(text, budget.payloads, Math.min(MAX_PAYLOAD_BYTES, budget.chars))) {
    if (budget.payloads <= 0 || budget.chars <= 0) return;
    const [a, b] = toOriginal(p.start, p.end);
    const inner = normaliseText(p.text, { shell: true })?.text ?? p.text;
    const t = inner.length > budget.chars ? inner.slice(0, budget.chars) : inner;
    budget.payloads--;
    budget.chars -= t.length;
    views.push({ text: t, starts: new Int32Array(t.length).fill(a), ends: new Int32Array(t.length).fill(b), kind: "decoded", depth });
    decodeInto(views, t, () => [a, b], depth + 1, budget);
  }
}
