/**
 * Text normalisation for the detectors, with a span map back to the original text. Two passes, each a list
 * of edits (start, end, replacement) applied left to right, so every step is linear in the text:
 *
 * - unicode: NFKC per segment (a code point and the combining marks after it), then Default_Ignorable code
 *   points (zero-width spaces and joiners, soft hyphen, bidi controls, variation selectors, tags…) removed,
 *   and combining marks left on an ASCII letter removed ("r̶m" → "rm"). Full-width "ｒｍ" → "rm".
 * - shell: `$IFS` / `${IFS}` (and a glued `$1`–`$9` after it) → a space; quote pairs inside a word removed
 *   (`r''m`, `r'm'`, `"r"m`, `-r'f'`); a backslash between two letters removed (`r\m`); `$@` / `$*` glued
 *   to a word removed; `\xHH`, `\uHHHH` and `\NNN` escape runs (two or more) decoded in place when they give
 *   printable text. When the text is to be executed (`shell: true`) also whole-token quotes around one
 *   command-like word (`'rm' -rf /`) and brace expansion at a token start (`{rm,-rf,/}`).
 *
 * A pass that changes nothing returns undefined, so unchanged text costs one scan and no allocation.
 *
 * The map: output character i came from original characters [starts[i], ends[i]). Characters dropped by an
 * edit belong to the next output character (its start reaches back over them), so a mapped span covers
 * the invisible characters and quotes inside the token it matched. Both arrays are non-decreasing.
 */

/** Output text plus, per output character, the original range it came from. */
export interface MappedText {
  readonly text: string;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

/** One replacement of text[start, end) by `replacement` ("" deletes). */
interface Edit {
  start: number;
  end: number;
  replacement: string;
}

/**
 * NFKC can expand a character up to 18 times; beyond this total output length, segments stay as they are.
 *
 * @example
 * maxNormalisedLength(100); // 264
 */
export function maxNormalisedLength(inputLength: number): number {
  return 2 * inputLength + 64;
}

/**
 * Map a half-open span of a mapped text back to the text it was built from. Always inside the original:
 * 0 ≤ start ≤ end ≤ originalLength.
 *
 * @example
 * const m = normaliseText("r\u200bm -rf /")!; // m.text === "rm -rf /"
 * mapSpan(m, 0, 8, 9); // [0, 9]
 */
export function mapSpan(m: MappedText, start: number, end: number, originalLength: number): [number, number] {
  const n = m.text.length;
  if (n === 0) return [0, 0];
  const s = Math.max(0, Math.min(start, n));
  const e = Math.max(s, Math.min(end, n));
  if (e === s) {
    const at = s < n ? (m.starts[s] as number) : (m.ends[n - 1] as number);
    const p = Math.min(at, originalLength);
    return [p, p];
  }
  const a = Math.min(m.starts[s] as number, originalLength);
  const b = Math.min(Math.max(m.ends[e - 1] as number, a), originalLength);
  return [a, b];
}

/**
 * Apply sorted, non-overlapping edits. `base` maps `text` further back (composition of passes).
 */
function applyEdits(text: string, edits: readonly Edit[], base: MappedText | undefined): MappedText {
  const parts: string[] = [];
  let outLength = 0;
  for (const e of edits) outLength += e.replacement.length - (e.end - e.start);
  outLength += text.length;
  const starts = new Int32Array(outLength);
  const ends = new Int32Array(outLength);
  let o = 0;
  let pending = 0; // first source index not yet owned by an output character
  let p = 0;
  const emitCopy = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      starts[o] = pending;
      ends[o] = i + 1;
      pending = i + 1;
      o++;
    }
  };
  for (const e of edits) {
    if (e.start > p) {
      parts.push(text.slice(p, e.start));
      emitCopy(p, e.start);
    }
    if (e.replacement.length > 0) {
      parts.push(e.replacement);
      for (let k = 0; k < e.replacement.length; k++) {
        starts[o] = pending;
        ends[o] = e.end;
        o++;
      }
      pending = e.end;
    }
    p = e.end;
  }
  if (p < text.length) {
    parts.push(text.slice(p));
    emitCopy(p, text.length);
  }
  if (base !== undefined) {
    for (let i = 0; i < o; i++) {
      const s = starts[i] as number;
      const en = ends[i] as number;
      starts[i] = s < base.text.length ? (base.starts[s] as number) : (base.ends[base.text.length - 1] as number);
      ends[i] = en > 0 ? (base.ends[en - 1] as number) : (base.starts[0] as number);
    }
  }
  return { text: parts.join(""), starts, ends };
}

/**
 * Default_Ignorable_Code_Point (Unicode DerivedCoreProperties): invisible characters that render as
 * nothing and are used to split words. (U+115F/U+1160/U+3164/U+FFA0, the Hangul fillers, included.)
 */
function isIgnorable(c: number): boolean {
  if (c < 0xad) return false;
  return (
    c === 0xad ||
    c === 0x34f ||
    c === 0x61c ||
    c === 0x115f ||
    c === 0x1160 ||
    c === 0x17b4 ||
    c === 0x17b5 ||
    (c >= 0x180b && c <= 0x180f) ||
    (c >= 0x200b && c <= 0x200f) ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2060 && c <= 0x206f) ||
    c === 0x3164 ||
    (c >= 0xfe00 && c <= 0xfe0f) ||
    c === 0xfeff ||
    c === 0xffa0 ||
    (c >= 0xfff0 && c <= 0xfff8) ||
    (c >= 0x1bca0 && c <= 0x1bca3) ||
    (c >= 0x1d173 && c <= 0x1d17a) ||
    (c >= 0xe0000 && c <= 0xe0fff)
  );
}

const MARK = /^\p{M}$/u;

function isMark(ch: string): boolean {
  return ch.charCodeAt(0) >= 0x300 && MARK.test(ch);
}

function codePointLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}

/** NFKC of one segment, ignorables dropped, marks left on an ASCII letter dropped. */
function normaliseSegment(seg: string): string {
  const nfkc = seg.normalize("NFKC");
  let out = "";
  let asciiBase = false;
  for (let i = 0; i < nfkc.length; ) {
    const len = codePointLength(nfkc, i);
    const ch = nfkc.slice(i, i + len);
    const c = ch.codePointAt(0) as number;
    i += len;
    if (isIgnorable(c)) continue;
    if (asciiBase && isMark(ch)) continue;
    asciiBase = c < 0x80 && ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39));
    out += ch;
  }
  return out;
}

/** Edits of the unicode pass; empty when the text is ASCII or NFKC-stable without ignorables. */
function unicodeEdits(text: string): Edit[] {
  const edits: Edit[] = [];
  const n = text.length;
  const cap = maxNormalisedLength(n);
  let length = n;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    // An ASCII character followed by an ASCII character (or the end) is its own, unchanged segment.
    if (c < 0x80 && (i + 1 >= n || text.charCodeAt(i + 1) < 0x80)) {
      i++;
      continue;
    }
    let j = i + codePointLength(text, i);
    while (j < n && text.charCodeAt(j) >= 0x300) {
      const len = codePointLength(text, j);
      if (!isMark(text.slice(j, j + len))) break;
      j += len;
    }
    const seg = text.slice(i, j);
    const rep = normaliseSegment(seg);
    if (rep !== seg && length + rep.length - seg.length <= cap) {
      edits.push({ start: i, end: j, replacement: rep });
      length += rep.length - seg.length;
    }
    i = j;
  }
  return edits;
}

function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** Characters that continue a shell word next to a quote: letters, digits, _ . / ~ - */
function isWordish(c: number): boolean {
  return isAlnum(c) || c === 0x5f || c === 0x2e || c === 0x2f || c === 0x7e || c === 0x2d;
}

/** Token boundary for whole-token quotes and brace expansion: start/end, whitespace, ; | & */
function isBoundary(c: number): boolean {
  return Number.isNaN(c) || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x3b || c === 0x7c || c === 0x26;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** Longest quoted word a quote pair may hold (no whitespace inside). */
const MAX_QUOTED = 64;
/** Longest ANSI-C quoted word (`$'\x72\x6d'`) considered. */
const MAX_ANSI_C = 1024;
/** Longest brace-expansion group considered. */
const MAX_BRACE = 128;

/**
 * One escape at `i` (`\xHH`, `\uHHHH`, `\NNN` octal): [code unit, length] or undefined.
 */
function escapeAt(text: string, i: number): [number, number] | undefined {
  if (text.charCodeAt(i) !== 0x5c) return undefined;
  const k = text.charCodeAt(i + 1);
  if (k === 0x78) {
    const a = hexValue(text.charCodeAt(i + 2));
    const b = hexValue(text.charCodeAt(i + 3));
    return a >= 0 && b >= 0 ? [a * 16 + b, 4] : undefined;
  }
  if (k === 0x75) {
    let v = 0;
    for (let d = 2; d < 6; d++) {
      const h = hexValue(text.charCodeAt(i + d));
      if (h < 0) return undefined;
      v = v * 16 + h;
    }
    return [v, 6];
  }
  if (k >= 0x30 && k <= 0x33) {
    const b = text.charCodeAt(i + 2);
    const c = text.charCodeAt(i + 3);
    if (b >= 0x30 && b <= 0x37 && c >= 0x30 && c <= 0x37) return [(k - 0x30) * 64 + (b - 0x30) * 8 + (c - 0x30), 4];
  }
  return undefined;
}

/**
 * Printable for decoded text: tab, newline, CR, or not a C0/C1 control, not a lone surrogate.
 *
 * @example
 * isPrintableUnit(0x0a); // true (newline)
 * isPrintableUnit(0x07); // false (a C0 control)
 */
export function isPrintableUnit(c: number): boolean {
  if (c === 0x09 || c === 0x0a || c === 0x0d) return true;
  if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return false;
  return !(c >= 0xd800 && c <= 0xdfff);
}

/** A backslash in a Windows path (`C:\Users\me`): a `:` or a backslash earlier in the same token. */
function windowsPath(text: string, i: number): boolean {
  for (let k = i - 1; k >= 0 && i - k <= MAX_QUOTED; k--) {
    const c = text.charCodeAt(k);
    if (isSpace(c)) return false;
    if (c === 0x3a || c === 0x5c) return true;
  }
  return false;
}

/** Edits of the shell pass. */
function shellEdits(text: string, shell: boolean): Edit[] {
  const edits: Edit[] = [];
  const n = text.length;
  let closeAt = -1; // the closing quote of a removed pair, still ahead
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (i === closeAt) {
      edits.push({ start: i, end: i + 1, replacement: "" });
      closeAt = -1;
      i++;
      continue;
    }
    if (c === 0x24 /* $ */) {
      let end = -1;
      if (text.startsWith("${IFS}", i)) end = i + 6;
      else if (text.startsWith("$IFS", i) && !isAlnum(text.charCodeAt(i + 4)) && text.charCodeAt(i + 4) !== 0x5f) end = i + 4;
      if (end > 0) {
        const d = text.charCodeAt(end + 1);
        if (text.charCodeAt(end) === 0x24 && d >= 0x31 && d <= 0x39) end += 2; // $IFS$9
        edits.push({ start: i, end, replacement: " " });
        i = end;
        continue;
      }
      const k = text.charCodeAt(i + 1);
      if (k === 0x27 && closeAt < 0) {
        // ANSI-C quoting $'\x72\x6d': drop $' and the closing quote; the escapes inside are decoded below
        let j = i + 2;
        while (j < n && j - i <= MAX_ANSI_C && text.charCodeAt(j) !== 0x27 && !isSpace(text.charCodeAt(j))) j++;
        if (j < n && text.charCodeAt(j) === 0x27) {
          edits.push({ start: i, end: i + 2, replacement: "" });
          if (j === i + 2) {
            edits.push({ start: j, end: j + 1, replacement: "" });
            i = j + 1;
          } else {
            closeAt = j;
            i += 2;
          }
          continue;
        }
      }
      if ((k === 0x40 || k === 0x2a) && (isAlnum(text.charCodeAt(i - 1)) || isAlnum(text.charCodeAt(i + 2)))) {
        edits.push({ start: i, end: i + 2, replacement: "" });
        i += 2;
        continue;
      }
    } else if ((c === 0x27 || c === 0x22) && closeAt < 0) {
      let j = i + 1;
      while (j < n && j - i <= MAX_QUOTED) {
        const d = text.charCodeAt(j);
        if (d === c || isSpace(d)) break;
        j++;
      }
      if (j < n && text.charCodeAt(j) === c) {
        const before = text.charCodeAt(i - 1);
        const after = text.charCodeAt(j + 1);
        let glued = isWordish(before) || isWordish(after);
        if (!glued && shell && j > i + 1 && isBoundary(before) && isBoundary(after)) {
          glued = true;
          for (let k = i + 1; k < j; k++) if (!isWordish(text.charCodeAt(k))) glued = false;
        }
        if (glued) {
          edits.push({ start: i, end: i + 1, replacement: "" });
          if (j === i + 1) {
            edits.push({ start: j, end: j + 1, replacement: "" });
            i = j + 1;
          } else {
            closeAt = j;
            i++;
          }
          continue;
        }
      }
    } else if (c === 0x5c /* \ */) {
      const first = escapeAt(text, i);
      if (first !== undefined) {
        let j = i;
        let decoded = "";
        let ok = true;
        let count = 0;
        for (let e = escapeAt(text, j); e !== undefined; e = escapeAt(text, j)) {
          if (!isPrintableUnit(e[0])) ok = false;
          decoded += String.fromCharCode(e[0]);
          j += e[1];
          count++;
        }
        if (ok && count >= 2) {
          edits.push({ start: i, end: j, replacement: decoded });
          i = j;
          continue;
        }
        i = j;
        continue;
      }
      if (isAlnum(text.charCodeAt(i - 1)) && isAlnum(text.charCodeAt(i + 1)) && !windowsPath(text, i)) {
        edits.push({ start: i, end: i + 1, replacement: "" });
        i++;
        continue;
      }
    } else if (c === 0x7b /* { */ && shell && isBoundary(text.charCodeAt(i - 1))) {
      let j = i + 1;
      let commas = 0;
      while (j < n && j - i <= MAX_BRACE) {
        const d = text.charCodeAt(j);
        if (d === 0x7d || d === 0x7b || d === 0x27 || d === 0x22 || isSpace(d)) break;
        if (d === 0x2c) commas++;
        j++;
      }
      if (j < n && text.charCodeAt(j) === 0x7d && commas > 0 && isBoundary(text.charCodeAt(j + 1))) {
        edits.push({ start: i, end: i + 1, replacement: "" });
        for (let k = i + 1; k < j; k++) if (text.charCodeAt(k) === 0x2c) edits.push({ start: k, end: k + 1, replacement: " " });
        edits.push({ start: j, end: j + 1, replacement: "" });
        i = j + 1;
        continue;
      }
    }
    i++;
  }
  return edits;
}

/**
 * Normalise `text` for the detectors (see the module comment). Undefined when nothing changes.
 *
 * @example
 * normaliseText("ｒｍ -ｒｆ /")?.text;        // "rm -rf /"
 * normaliseText("rm${IFS}-rf${IFS}/")?.text; // "rm -rf /"
 * normaliseText("plain text");               // undefined
 */
export function normaliseText(text: string, options?: { shell?: boolean }): MappedText | undefined {
  const shell = options?.shell === true;
  let current: MappedText | undefined;
  let t = text;
  const u = unicodeEdits(t);
  if (u.length > 0) {
    current = applyEdits(t, u, current);
    t = current.text;
  }
  const s = shellEdits(t, shell);
  if (s.length > 0) {
    current = applyEdits(t, s, current);
    t = current.text;
  }
  if (u.length === 0 && s.length === 0) return undefined;
  return t === text ? undefined : current;
}

/**
 * The identity map of `text` (each character from itself).
 *
 * @example
 * identityMap("ab").ends; // Int32Array [1, 2]
 */
export function identityMap(text: string): MappedText {
  const starts = new Int32Array(text.length);
  const ends = new Int32Array(text.length);
  for (let i = 0; i < text.length; i++) {
    starts[i] = i;
    ends[i] = i + 1;
  }
  return { text, starts, ends };
}
