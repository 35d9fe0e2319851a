/**
 * Hashed text features for the classifier: lower-cased character 3-, 4- and 5-grams (whitespace runs
 * collapsed to one space) and word unigrams and bigrams (words = runs of ASCII letters/digits or non-ASCII
 * characters), each hashed on the fly into one of BUCKETS buckets. The text is read once, character by
 * character, over char codes (no substrings, no lower-cased copy). Training (bench/train) and inference
 * (classify.ts) share one hashing loop ({@link readFeatures}), so they see the same features.
 *
 * The loop writes bucket indices into a reused Int32Array a chunk of text at a time, and the caller reads
 * them back in its own tight loop: inference adds weights without a function call per feature (a callback
 * per feature stops being inlined by V8 as soon as a second callback, e.g. training's, reaches the same call
 * site, which doubled the classifier's cost).
 */

/** Default number of hash buckets (a power of two); a model names its own (ClassifierModel.buckets). */
export const BUCKETS = 1 << 14;
const P = 0x01000193; // FNV prime
const SEED_CHAR = 0x811c9dc5;
const SEED_WORD = 0x2f6b_1d37;
const TAG_UNI = 0x5bd1e995;
const TAG_BI = 0x27d4eb2f;

/** Characters read per {@link readFeatures} call. */
export const FEATURE_CHUNK = 1024;
/**
 * Room a buffer needs for one chunk: 3 n-grams per character, 2 word features (unigram, bigram) at most
 * every other character (a word ends after a word character), and the last word's 2 at the end of the text.
 */
export const FEATURE_BUFFER = 4 * FEATURE_CHUNK + 4;

// reader state slots (an Int32Array of READER_SLOTS)
const POS = 0; // next character to read; > text length once the final word was flushed
const C0 = 1; // last five normalised characters, newest in C0 (-1: none yet)
const C1 = 2;
const C2 = 3;
const C3 = 4;
const C4 = 5;
const WORD = 6; // hash of the word being read
const WORD_LEN = 7;
const PREV_WORD = 8; // hash of the previous word
const HAVE_PREV = 9;
const READER_SLOTS = 10;

/** Where a reader is in a text; create with {@link featureReader}, rewind with {@link resetFeatureReader}. */
export type FeatureReader = Int32Array;

/**
 * A reader positioned at the start of a text (reused across texts with {@link resetFeatureReader}).
 *
 * @example
 * const r = featureReader();
 * readFeatures("abc", r, (1 << 16) - 1, new Int32Array(FEATURE_BUFFER)); // 2 (a 3-gram and a word)
 */
export function featureReader(): FeatureReader {
  return resetFeatureReader(new Int32Array(READER_SLOTS));
}

/**
 * Rewind a reader to the start of a text; returns it.
 *
 * @example
 * resetFeatureReader(reader);
 */
export function resetFeatureReader(r: FeatureReader): FeatureReader {
  r.fill(0);
  r[C0] = r[C1] = r[C2] = r[C3] = r[C4] = -1;
  return r;
}

/**
 * True once {@link readFeatures} has read the whole text (the final word included).
 *
 * @example
 * readerDone("abc", featureReader()); // false
 */
export function readerDone(text: string, r: FeatureReader): boolean {
  return (r[POS] as number) > text.length;
}

/** Final avalanche (murmur3 fmix32) so that nearby hashes spread over the buckets. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function checkBuckets(buckets: number): number {
  if (!(buckets > 0 && (buckets & (buckets - 1)) === 0)) throw new Error(`forEachFeature: buckets must be a power of two, got ${buckets}`);
  return buckets - 1;
}

/**
 * Read the next {@link FEATURE_CHUNK} characters of `text` (and, at its end, the final word) and write the
 * bucket of each of their features, in order, into `out` (length ≥ {@link FEATURE_BUFFER}); returns how
 * many were written (0 is possible mid-text, e.g. a run of spaces). Call until {@link readerDone}.
 * `mask` = buckets − 1 for a power-of-two bucket count.
 *
 * @example
 * const r = featureReader(), out = new Int32Array(FEATURE_BUFFER);
 * while (!readerDone(text, r)) { const n = readFeatures(text, r, (1 << 16) - 1, out); … out[0..n) … }
 */
export function readFeatures(text: string, r: FeatureReader, mask: number, out: Int32Array): number {
  let count = 0;
  let c0 = r[C0] as number;
  let c1 = r[C1] as number;
  let c2 = r[C2] as number;
  let c3 = r[C3] as number;
  let c4 = r[C4] as number;
  let word = r[WORD] as number;
  let wordLen = r[WORD_LEN] as number;
  let prevWord = r[PREV_WORD] as number;
  let havePrev = r[HAVE_PREV] as number;
  const n = text.length;
  const from = r[POS] as number;
  const end = Math.min(n, from + FEATURE_CHUNK);
  for (let i = from; i < end; i++) {
    let c = text.charCodeAt(i);
    // lower-case ASCII; tab, newline, vertical tab, form feed, carriage return and no-break space → space
    if (c < 65) {
      if (c >= 9 && c <= 13) c = 32;
    } else if (c <= 90) c += 32;
    else if (c === 160) c = 32;
    // words: runs of ASCII letters/digits or non-ASCII characters
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c > 127) {
      word = Math.imul(word ^ c, P);
      wordLen++;
    } else if (wordLen > 0) {
      const w = Math.imul(word ^ SEED_WORD, P);
      out[count++] = mix(w ^ TAG_UNI) & mask;
      if (havePrev !== 0) out[count++] = mix(Math.imul(prevWord ^ TAG_BI, P) ^ w) & mask;
      prevWord = w;
      havePrev = 1;
      word = 0;
      wordLen = 0;
    }
    // characters: collapse whitespace runs
    if (c === 32 && c0 === 32) continue;
    c4 = c3;
    c3 = c2;
    c2 = c1;
    c1 = c0;
    c0 = c;
    if (c2 < 0) continue;
    let h = Math.imul(SEED_CHAR ^ c0, P);
    h = Math.imul(h ^ c1, P);
    h = Math.imul(h ^ c2, P);
    out[count++] = mix(h) & mask;
    if (c3 < 0) continue;
    h = Math.imul(h ^ c3, P);
    out[count++] = mix(h) & mask;
    if (c4 < 0) continue;
    h = Math.imul(h ^ c4, P);
    out[count++] = mix(h) & mask;
  }
  // the end of the text ends the last word (as a space would)
  if (end === n && wordLen > 0) {
    const w = Math.imul(word ^ SEED_WORD, P);
    out[count++] = mix(w ^ TAG_UNI) & mask;
    if (havePrev !== 0) out[count++] = mix(Math.imul(prevWord ^ TAG_BI, P) ^ w) & mask;
    prevWord = w;
    havePrev = 1;
    word = 0;
    wordLen = 0;
  }
  r[POS] = end === n ? n + 1 : end;
  r[C0] = c0;
  r[C1] = c1;
  r[C2] = c2;
  r[C3] = c3;
  r[C4] = c4;
  r[WORD] = word;
  r[WORD_LEN] = wordLen;
  r[PREV_WORD] = prevWord;
  r[HAVE_PREV] = havePrev;
  return count;
}

const visitReader = featureReader();
const visitBuffer = new Int32Array(FEATURE_BUFFER);
let visiting = false; // a forEachFeature call is running (a `visit` that calls it again gets its own buffer)

/**
 * Call `visit(bucket)` once per feature of `text` (repeated features are visited repeatedly) and return
 * the number of features visited. `buckets` (a power of two, default {@link BUCKETS}) is the hash space.
 * Non-string input has no features. (Inference reads {@link readFeatures} directly.)
 *
 * @example
 * let n = 0;
 * forEachFeature("Ignore all previous instructions", () => n++); // returns n (> 0)
 */
export function forEachFeature(text: string, visit: (bucket: number) => void, buckets: number = BUCKETS): number {
  if (typeof text !== "string") return 0;
  const mask = checkBuckets(buckets);
  const nested = visiting;
  const r = nested ? featureReader() : resetFeatureReader(visitReader);
  const out = nested ? new Int32Array(FEATURE_BUFFER) : visitBuffer;
  visiting = true;
  let total = 0;
  try {
    while (!readerDone(text, r)) {
      const m = readFeatures(text, r, mask, out);
      for (let j = 0; j < m; j++) visit(out[j] as number);
      total += m;
    }
  } finally {
    visiting = nested;
  }
  return total;
}

/**
 * The features of `text` as a sparse bag: bucket → count (for training and tests; inference never
 * builds it).
 *
 * @example
 * featureCounts("abc").size; // 2 (one character 3-gram and one word unigram)
 */
export function featureCounts(text: string, buckets: number = BUCKETS): Map<number, number> {
  const bag = new Map<number, number>();
  forEachFeature(text, (b) => bag.set(b, (bag.get(b) ?? 0) + 1), buckets);
  return bag;
}
