/**
 * The chunked featuriser (features.ts readFeatures) and the buffered inference (classify.ts) against the
 * straightforward versions they replaced (kept here as the reference): the same features in the same order
 * and bit-identical probabilities, over every text in bench/data, slices of its raw files, random strings
 * (upper case, whitespace runs, no-break spaces, Latin-1, CJK, emoji, lone surrogates) and texts built to
 * put words and whitespace runs across the chunk boundaries.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DATA_DIR } from "./datasets.ts";
import { FEATURE_BUFFER, FEATURE_CHUNK, featureReader, forEachFeature, readerDone, readFeatures } from "@nethical/core/classifier/features.ts";
import { createClassifier } from "@nethical/core/classifier/classify.ts";
import { CLASSIFIER, isDegenerate, MIN_DISTINCT } from "@nethical/core/classifier/detector.ts";
import type { ClassifierModel } from "@nethical/core/classifier/model.ts";

// ---- reference: the per-character featuriser with a callback per feature, as it was before chunking ----
const P = 0x01000193;
function refMix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
function refFeatures(text: string, visit: (bucket: number) => void, buckets: number): number {
  const mask = buckets - 1;
  let count = 0;
  let [c0, c1, c2, c3, c4] = [-1, -1, -1, -1, -1];
  let word = 0;
  let wordLen = 0;
  let prevWord = 0;
  let havePrev = false;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    let c = i < n ? text.charCodeAt(i) : 32;
    if (c >= 65 && c <= 90) c += 32;
    else if (c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 160) c = 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c > 127) {
      word = Math.imul(word ^ c, P);
      wordLen++;
    } else if (wordLen > 0) {
      const w = Math.imul(word ^ 0x2f6b_1d37, P);
      visit(refMix(w ^ 0x5bd1e995) & mask);
      count++;
      if (havePrev) {
        visit(refMix(Math.imul(prevWord ^ 0x27d4eb2f, P) ^ w) & mask);
        count++;
      }
      prevWord = w;
      havePrev = true;
      word = 0;
      wordLen = 0;
    }
    if (i === n) break;
    if (c === 32 && c0 === 32) continue;
    [c4, c3, c2, c1, c0] = [c3, c2, c1, c0, c];
    if (c2 < 0) continue;
    let h = Math.imul(Math.imul(Math.imul(0x811c9dc5 ^ c0, P) ^ c1, P) ^ c2, P);
    visit(refMix(h) & mask);
    count++;
    if (c3 < 0) continue;
    h = Math.imul(h ^ c3, P);
    visit(refMix(h) & mask);
    count++;
    if (c4 < 0) continue;
    h = Math.imul(h ^ c4, P);
    visit(refMix(h) & mask);
    count++;
  }
  return count;
}

/** Reference inference: weights added one feature at a time, in feature order, into a Float64Array. */
function refClassify(model: ClassifierModel, text: string): number[] {
  const h = model.heads.length;
  const acc = new Float64Array(h);
  const n = refFeatures(text, (b) => {
    for (let k = 0; k < h; k++) acc[k] = (acc[k] as number) + (model.weights[k * model.buckets + b] as number);
  }, model.buckets);
  const scale = n > 0 ? 1 / Math.sqrt(n) : 0;
  return model.heads.map((head, k) => 1 / (1 + Math.exp(-(head.bias + (acc[k] as number) * scale * (model.scales[k] as number)))));
}

function refIsDegenerate(text: string): boolean {
  const seen = new Set<number>();
  for (let i = 0; i < Math.min(text.length, 256) && seen.size < MIN_DISTINCT; i++) seen.add(text.charCodeAt(i));
  return seen.size < MIN_DISTINCT;
}

// ---- corpus ----
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const PIECES = ["a", "Z", "q", "7", " ", "  ", "\t", "\n", "\r\n", "\u000b", "\f", "\u00a0", ".", ",", "-", "'", "é", "ß", "Ä", "\u00ff", "\u0100", "ж", "中文", "한", "ไทย", "😀", "👩‍💻", "\ud800", "\udfff", "\u2028", "\u3000", "\u0000", "Hello", "WORLD", "rm -rf /", "ignore previous instructions"];
function randomText(next: () => number, maxLen: number): string {
  const len = Math.floor(next() * maxLen);
  let t = "";
  while (t.length < len) t += PIECES[Math.floor(next() * PIECES.length)];
  return t;
}

function benchTexts(): string[] {
  const texts: string[] = [];
  const next = rng(7);
  for (const f of readdirSync(DATA_DIR).sort()) {
    const raw = readFileSync(join(DATA_DIR, f), "utf8");
    if (f.endsWith(".jsonl")) {
      for (const line of raw.split("\n")) if (line.trim() !== "") texts.push((JSON.parse(line) as { text: string }).text);
    } else if (!f.startsWith("LICENSE")) {
      // csv / json / README: slices of the raw file, short to a few chunks long
      for (let k = 0; k < 40; k++) {
        const start = Math.floor(next() * raw.length);
        texts.push(raw.slice(start, start + Math.floor(next() * 3 * FEATURE_CHUNK)));
      }
    }
  }
  return texts;
}

function edgeTexts(): string[] {
  const out: string[] = ["", " ", "ab", "abc", "a".repeat(FEATURE_CHUNK), "a ".repeat(3 * FEATURE_CHUNK), "a\u00a0".repeat(FEATURE_CHUNK + 1), " ".repeat(3 * FEATURE_CHUNK), "😀".repeat(FEATURE_CHUNK)];
  // a word, a space run or a five-character window across each chunk boundary
  for (const d of [-3, -2, -1, 0, 1, 2, 3]) {
    const head = "x".repeat(FEATURE_CHUNK + d);
    out.push(`${head}word next`, `${head}    spaced   out`, `${head.slice(0, -1)} ab cd`, `${"Wörd ".repeat(400)}${head}`, `${head}${head} end`);
  }
  return out;
}

function sameFeatures(text: string, buckets: number): boolean {
  const ref: number[] = [];
  const nRef = refFeatures(text, (b) => ref.push(b), buckets);
  let j = 0;
  let same = true;
  const n = forEachFeature(text, (b) => (same &&= ref[j++] === b), buckets);
  return same && n === nRef && j === nRef;
}

describe("chunked features and buffered inference equal the reference", () => {
  const next = rng(42);
  const random = Array.from({ length: 600 }, (_, i) => randomText(next, i < 500 ? 400 : 6 * FEATURE_CHUNK));
  const corpus = [...edgeTexts(), ...random, ...benchTexts()];

  it("same features, same order, same count (2^16 and 2^8 buckets)", () => {
    expect(corpus.length).toBeGreaterThan(40_000);
    const bad = corpus.filter((t) => !sameFeatures(t, 1 << 16) || !sameFeatures(t, 1 << 8));
    expect(bad.slice(0, 3)).toEqual([]);
  });

  it("readFeatures stays within FEATURE_BUFFER and returns the same buckets chunk by chunk", () => {
    const out = new Int32Array(FEATURE_BUFFER + 8).fill(-1);
    for (const t of [...edgeTexts(), ...random.slice(500)]) {
      const r = featureReader();
      const got: number[] = [];
      while (!readerDone(t, r)) {
        const m = readFeatures(t, r, 0xffff, out);
        expect(m).toBeLessThanOrEqual(FEATURE_BUFFER);
        got.push(...out.subarray(0, m));
      }
      const ref: number[] = [];
      refFeatures(t, (b) => ref.push(b), 1 << 16);
      expect(got).toEqual(ref);
    }
  });

  it("shipped model: bit-identical probabilities for every head", () => {
    const out = new Float64Array(CLASSIFIER.model.heads.length);
    const bad = corpus.filter((t) => {
      const ref = refClassify(CLASSIFIER.model, t);
      CLASSIFIER.classifyInto(t, out);
      return ref.some((p, k) => !Object.is(p, out[k]));
    });
    expect(bad.slice(0, 3)).toEqual([]);
  });

  it("other models (Float32 and int8, 1 to 4 heads): bit-identical probabilities", () => {
    const next = rng(3);
    const texts = [...edgeTexts(), ...random.slice(0, 200), ...random.slice(500)];
    for (const [heads, int8] of [[1, false], [2, false], [3, false], [2, true], [4, true]] as const) {
      const buckets = 1 << 10;
      const weights = int8 ? Int8Array.from({ length: buckets * heads }, () => Math.round(next() * 254) - 127) : Float32Array.from({ length: buckets * heads }, () => next() * 2 - 1);
      const model: ClassifierModel = {
        buckets,
        heads: Array.from({ length: heads }, (_, k) => ({ type: "HARMFUL_CONTENT" as const, bias: k * 0.1 - 0.2, t1: 0.9, t2: 0.8 })),
        weights,
        scales: Float64Array.from({ length: heads }, () => (int8 ? 0.01 + next() * 0.05 : 1)),
      };
      const c = createClassifier(model);
      const out = new Float64Array(heads);
      for (const t of texts) {
        const ref = refClassify(model, t);
        c.classifyInto(t, out);
        expect([...out]).toEqual(ref);
      }
    }
  });

  it("isDegenerate without a Set decides as with one", () => {
    const texts = [...edgeTexts(), ...random, "a".repeat(260), "abcde".repeat(60), "abcdef", "aAbBcC", "😀😃😄", `${"ab".repeat(200)}cdefg`];
    for (const t of texts) expect(isDegenerate(t)).toBe(refIsDegenerate(t));
  });
});
