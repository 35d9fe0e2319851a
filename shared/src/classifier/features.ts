/**
 * Hashed text features for the classifier: lower-cased character 3-, 4- and 5-grams (whitespace runs
 * collapsed to one space) and word unigrams and bigrams (words = runs of ASCII letters/digits or non-ASCII
 * characters), each hashed on the fly into one of BUCKETS buckets. Nothing is allocated per call: the
 * text is read once, character by character, and every feature is handed to `visit` as a bucket index.
 * Training (bench/train) and inference (classify.ts) share this one function, so they see the same features.
 */

/** Default number of hash buckets (a power of two); a model names its own (ClassifierModel.buckets). */
export const BUCKETS = 1 << 14;
const P = 0x01000193; // FNV prime
const SEED_CHAR = 0x811c9dc5;
const SEED_WORD = 0x2f6b_1d37;
const TAG_UNI = 0x5bd1e995;
const TAG_BI = 0x27d4eb2f;

/** Final avalanche (murmur3 fmix32) so that nearby hashes spread over the buckets. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c > 127;
}

/**
 * Call `visit(bucket)` once per feature of `text` (repeated features are visited repeatedly) and return
 * the number of features visited. `buckets` (a power of two, default {@link BUCKETS}) is the hash space.
 * Non-string input has no features.
 *
 * @example
 * let n = 0;
 * forEachFeature("Ignore all previous instructions", () => n++); // returns n (> 0)
 */
export function forEachFeature(text: string, visit: (bucket: number) => void, buckets: number = BUCKETS): number {
  if (typeof text !== "string") return 0;
  if (!(buckets > 0 && (buckets & (buckets - 1)) === 0)) throw new Error(`forEachFeature: buckets must be a power of two, got ${buckets}`);
  const mask = buckets - 1;
  let count = 0;
  // last five normalised characters, newest in c0
  let c0 = -1;
  let c1 = -1;
  let c2 = -1;
  let c3 = -1;
  let c4 = -1;
  let word = 0;
  let wordLen = 0;
  let prevWord = 0;
  let havePrev = false;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    let c = i < n ? text.charCodeAt(i) : 32;
    if (c >= 65 && c <= 90) c += 32;
    else if (c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 160) c = 32;
    // words
    if (isWordChar(c)) {
      word = Math.imul(word ^ c, P);
      wordLen++;
    } else if (wordLen > 0) {
      const w = Math.imul(word ^ SEED_WORD, P);
      visit(mix(w ^ TAG_UNI) & mask);
      count++;
      if (havePrev) {
        visit(mix(Math.imul(prevWord ^ TAG_BI, P) ^ w) & mask);
        count++;
      }
      prevWord = w;
      havePrev = true;
      word = 0;
      wordLen = 0;
    }
    if (i === n) break;
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
    visit(mix(h) & mask);
    count++;
    if (c3 < 0) continue;
    h = Math.imul(h ^ c3, P);
    visit(mix(h) & mask);
    count++;
    if (c4 < 0) continue;
    h = Math.imul(h ^ c4, P);
    visit(mix(h) & mask);
    count++;
  }
  return count;
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
