/**
 * Near-duplicate search: texts compared as sets of character 6-grams ("shingles", after lower-casing, NFKC and
 * folding every run of punctuation and spaces to one space) by Jaccard similarity. It checks that the sets
 * written to train the model hold no text close to one that a reported figure is measured on.
 */

/** Shingle length in characters: long enough to ignore shared short words, short enough for unspaced scripts. */
const SHINGLE = 6;

/** A shingle shared by more texts than this does not propose candidates (it is too common to mean anything). */
const MAX_POSTING = 1000;

/**
 * A text's shingles (the whole normalised text when it is shorter than one shingle).
 *
 * @example
 * shingles("Hello, world").has("hello "); // true
 */
export function shingles(text: string): Set<string> {
  const n = text.toLowerCase().normalize("NFKC").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  const out = new Set<string>();
  for (let i = 0; i + SHINGLE <= n.length; i++) out.add(n.slice(i, i + SHINGLE));
  if (out.size === 0) out.add(n);
  return out;
}

/** The closest indexed text to a query: its position and the Jaccard similarity (0 when none shares a shingle). */
export interface Nearest {
  index: number;
  jaccard: number;
}

/**
 * An index over a fixed list of texts. Candidates come from shingles shared by at most 1,000 indexed texts; each
 * candidate's similarity is exact.
 *
 * @example
 * const idx = new NearDuplicateIndex(["how do I bake bread at home", "what is the capital of France"]);
 * idx.nearest("How do I bake bread at home?"); // { index: 0, jaccard: 1 }
 */
export class NearDuplicateIndex {
  readonly #sets: Set<string>[];
  readonly #postings = new Map<string, number[]>();

  constructor(texts: readonly string[]) {
    this.#sets = texts.map(shingles);
    this.#sets.forEach((set, i) => {
      for (const g of set) {
        const list = this.#postings.get(g);
        if (list === undefined) this.#postings.set(g, [i]);
        else list.push(i);
      }
    });
  }

  /**
   * The closest indexed text to `text` among those at least `atLeast` similar (`{ index: -1, jaccard: 0 }` when
   * none is). Shared rare shingles are counted from the postings; a candidate's exact similarity is computed only
   * when it could still beat the best so far, counting every common shingle of the query as shared.
   */
  nearest(text: string, atLeast = 0): Nearest {
    const q = shingles(text);
    const rare = new Map<number, number>();
    let common = 0;
    for (const g of q) {
      const list = this.#postings.get(g);
      if (list === undefined) continue;
      if (list.length > MAX_POSTING) {
        common++;
        continue;
      }
      for (const i of list) rare.set(i, (rare.get(i) ?? 0) + 1);
    }
    let best: Nearest = { index: -1, jaccard: 0 };
    for (const [i, shared] of rare) {
      const set = this.#sets[i] as Set<string>;
      const most = shared + Math.min(common, set.size - shared);
      if (most / (q.size + set.size - most) < Math.max(atLeast, best.jaccard)) continue;
      let both = 0;
      for (const g of q) if (set.has(g)) both++;
      const jaccard = both / (q.size + set.size - both);
      if (jaccard >= atLeast && jaccard > best.jaccard) best = { index: i, jaccard };
    }
    return best;
  }
}
