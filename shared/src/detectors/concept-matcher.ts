/**
 * A word-list matcher for concept lexicons (harm-concept-lexicon.ts): every form of every concept, in every
 * language, compiled once into one trie and found in a single left-to-right pass, with spans.
 *
 * - Languages written with spaces between words: a form is matched from a word start (the character before
 *   is not a letter, mark, digit or `_`) as a prefix ("uccid" matches "uccidere"); a form ending in `$` must
 *   end a word ("arma$" does not match "armadio"); a space inside a form matches any run of whitespace.
 * - Languages written without spaces (`unspaced`: zh, ja, th): a form is matched anywhere inside a run of
 *   Han, kana or Thai characters.
 *
 * Cost: one trie walk per word start (a few steps: most words leave the trie at their first or second
 * character) and per Han/kana/Thai character, each step one probe of a flat edge table; no regex, no
 * substring per step. The trie is built the first time a text is matched (7,325 forms; measured with the fifth round's 5,805: 26–42 ms once),
 * never at module load.
 */

/** A concept lexicon: concept → language → forms, separated by `|` ("uccid|ammazz|omicid"). */
export interface ConceptLexicon {
  /** Concept ids; a hit names its concept by index in this list. */
  readonly concepts: readonly string[];
  readonly forms: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Languages written without spaces between words (their forms match anywhere). */
  readonly unspaced: readonly string[];
}

/** One occurrence of a concept: its index in `concepts` and the span [start, end) in the text. */
export interface ConceptHit {
  concept: number;
  start: number;
  end: number;
}

/** A compiled lexicon (compileConcepts). */
export interface ConceptMatcher {
  readonly concepts: readonly string[];
  /** Hits in order of their start (each form that matches: overlapping hits of different forms are all kept). */
  find(text: string): ConceptHit[];
}

/**
 * A trie as a flat hash of its edges (node, character) → child, open addressing with linear probing: one
 * multiply and, mostly, one probe per step (a Map per node cost 5× as much per step on English text).
 * Node 0 is the root. Built once, then only read.
 */
interface Trie {
  /** Edge table, `capacity` slots: parent node + 1 (0 = empty slot), character, child node. */
  edgeFrom: Int32Array;
  edgeChar: Uint16Array;
  edgeTo: Int32Array;
  mask: number;
  nodes: number;
  /** Concepts whose prefix form ends at a node. */
  prefix: (number[] | undefined)[];
  /** Concepts whose whole-word form ends at a node. */
  whole: (number[] | undefined)[];
}

const slotOf = (node: number, c: number, mask: number): number => (Math.imul(node, 0x9e3779b1) ^ Math.imul(c, 0x85ebca6b)) & mask;

/** The child of `node` by character `c`, or -1. */
function child(t: Trie, node: number, c: number): number {
  let i = slotOf(node, c, t.mask);
  for (;;) {
    const from = t.edgeFrom[i] as number;
    if (from === 0) return -1;
    if (from === node + 1 && t.edgeChar[i] === c) return t.edgeTo[i] as number;
    i = (i + 1) & t.mask;
  }
}

/** Build a trie of `forms` ([form, concept, whole word]) with room for every edge at most half full. */
function buildTrie(forms: readonly (readonly [string, number, boolean])[]): Trie {
  let chars = 0;
  for (const [f] of forms) chars += f.length;
  let capacity = 1024;
  while (capacity < 2 * chars) capacity *= 2;
  const t: Trie = {
    edgeFrom: new Int32Array(capacity),
    edgeChar: new Uint16Array(capacity),
    edgeTo: new Int32Array(capacity),
    mask: capacity - 1,
    nodes: 1,
    prefix: [undefined],
    whole: [undefined],
  };
  for (const [form, concept, wholeWord] of forms) {
    let n = 0;
    for (let i = 0; i < form.length; i++) {
      const c = form.charCodeAt(i);
      let m = child(t, n, c);
      if (m < 0) {
        m = t.nodes++;
        t.prefix.push(undefined);
        t.whole.push(undefined);
        let k = slotOf(n, c, t.mask);
        while ((t.edgeFrom[k] as number) !== 0) k = (k + 1) & t.mask;
        t.edgeFrom[k] = n + 1;
        t.edgeChar[k] = c;
        t.edgeTo[k] = m;
      }
      n = m;
    }
    const slot = wholeWord ? t.whole : t.prefix;
    const list = (slot[n] ??= []);
    if (!list.includes(concept)) list.push(concept);
  }
  return t;
}

/** Word characters (letter, mark, digit, `_`) by UTF-16 code unit: 1 word, 2 not, 0 not yet known. */
const wordClass = new Uint8Array(65536);
const WORD_CHAR = /[\p{L}\p{M}\p{N}_]/u;

/** Whether a code unit is a word character (surrogate halves are not); a regex test once per character. */
function isWordChar(c: number): boolean {
  let k = wordClass[c] as number;
  if (k === 0) {
    k = c >= 0xd800 && c <= 0xdfff ? 2 : WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 2;
    wordClass[c] = k;
  }
  return k === 1;
}

/** Thai, CJK (Han, kana, compatibility ideographs): scripts written without spaces. */
const unspacedChar = (c: number): boolean =>
  (c >= 0x0e00 && c <= 0x0e7f) || (c >= 0x3040 && c <= 0x30ff) || (c >= 0x2e80 && c <= 0x2fff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || c === 160 || c === 0x3000;

/**
 * Lower-case `text` keeping every character at its index (String#toLowerCase can lengthen a few
 * characters, e.g. "İ"; those are then lowered one by one, or kept).
 */
function lowerSameLength(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = "";
  for (const ch of text) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch;
  }
  return out;
}

/**
 * Compile a lexicon. Forms must be lower case, NFC and single-spaced (they are not normalised here); `$` at
 * the end means "whole word".
 *
 * @example
 * const m = compileConcepts({ concepts: ["kill"], forms: { kill: { it: "uccid|ammazz", zh: "杀死" } }, unspaced: ["zh"] });
 * m.find("Come uccidere?"); // [{ concept: 0, start: 5, end: 10 }]
 * m.find("怎么杀死他");      // [{ concept: 0, start: 2, end: 4 }]
 */
export function compileConcepts(lexicon: ConceptLexicon): ConceptMatcher {
  let tries: { spaced: Trie; unspaced: Trie } | undefined;
  const build = () => {
    const spaced: [string, number, boolean][] = [];
    const unspaced: [string, number, boolean][] = [];
    lexicon.concepts.forEach((concept, ci) => {
      for (const [lang, forms] of Object.entries(lexicon.forms[concept] ?? {})) {
        const free = lexicon.unspaced.includes(lang);
        // forms are written lower case, NFC and single-spaced (harmful-concepts.test.ts checks the shipped lexicon)
        for (const f of forms.split("|")) {
          const whole = f.length > 1 && f.endsWith("$");
          const body = whole ? f.slice(0, -1) : f;
          if (body !== "") (free ? unspaced : spaced).push([body, ci, whole && !free]);
        }
      }
    });
    return { spaced: buildTrie(spaced), unspaced: buildTrie(unspaced) };
  };
  return {
    concepts: lexicon.concepts,
    find(text: string): ConceptHit[] {
      tries ??= build();
      const t = lowerSameLength(text);
      const hits: ConceptHit[] = [];
      const n = t.length;
      const walk = (trie: Trie, from: number, spaced: boolean) => {
        let node = 0;
        let j = from;
        while (j < n) {
          let c = t.charCodeAt(j);
          if (spaced && isSpace(c)) {
            c = 32;
            while (j + 1 < n && isSpace(t.charCodeAt(j + 1))) j++;
          }
          const next = child(trie, node, c);
          if (next < 0) return;
          node = next;
          j++;
          const p = trie.prefix[node];
          if (p !== undefined) for (const concept of p) hits.push({ concept, start: from, end: j });
          const w = trie.whole[node];
          if (w !== undefined && (j >= n || !isWordChar(t.charCodeAt(j)))) for (const concept of w) hits.push({ concept, start: from, end: j });
        }
      };
      let prevWord = false;
      for (let i = 0; i < n; i++) {
        const c = t.charCodeAt(i);
        const isWord = isWordChar(c);
        if (isWord && !prevWord) walk(tries.spaced, i, true);
        if (c >= 0x0e00 && unspacedChar(c)) walk(tries.unspaced, i, false);
        prevWord = isWord;
      }
      return hits;
    },
  };
}
