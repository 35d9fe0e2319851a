/**
 * Fit and calibrate the classifier on a set of corpus items: the items are split by a hash of their text
 * into a fit part (80%) and a calibration part (20%). The direct heads are trained on the fit part's texts;
 * the data head on the fit part's data examples (data-examples.ts: inserted attacks, windows of clean
 * content). Each head's thresholds are the probabilities at which at most t1Fpr / t2Fpr of the calibration part's
 * benign texts (per family; the worst family decides) would be flagged — for the data head, a text counts
 * as flagged when its best window is. The same function makes the shipped model (all sources) and every
 * leave-one-source-out model (all sources but one), so both are built alike.
 */
import { dataWindows } from "@nethical/core/classifier/data-windows.ts";
import { classifierWindows } from "@nethical/core/classifier/detector.ts";
import { decodeModel, quantizeWeights, weight, type ClassifierHead, type ClassifierModelData } from "@nethical/core/classifier/model.ts";
import { fastHash128 } from "@nethical/core/util/fast-hash.ts";
import type { CorpusItem } from "./corpus.ts";
import { dataExamples } from "./data-examples.ts";
import { DATA_HEAD, DIRECT_HEADS, labelsOf, type HeadSpec } from "./heads.ts";
import { predict, thresholdAtFpr, toSparse, trainLogReg, type SparseExample, type TrainOptions } from "./logreg.ts";

/** Training options of the shipped model. */
export const FIT_OPTIONS: TrainOptions & { buckets: number; calibratePercent: number; sourceCap: number; t1Fpr: number; t2Fpr: number } = {
  epochs: 12,
  lr: 0.5,
  l2: 2e-8,
  seed: 20261205,
  buckets: 1 << 16,
  calibratePercent: 20,
  /** A source contributes at most this many examples' worth of gradient (larger sources are down-weighted). */
  sourceCap: 1000,
  /**
   * False-alarm rates on the calibration part's benign texts that set t1 (score 0.7) and t2 (score 0.5).
   * Tight on purpose: left out by source, false alarms run 3–5× the calibration rate (new sources differ
   * more from the training sources than the calibration part does). Measured with 1% / 2%: everyday false
   * alarms 5.9%, harmful recall 68.8%; with 0.25% / 0.5%: 2.6% and 63.8% (same run, same sources).
   */
  t1Fpr: 0.0025,
  t2Fpr: 0.005,
};

const T1_FLOOR = 0.7;
const T2_FLOOR = 0.5;

/**
 * A featurised corpus item: its direct-head example (the whole text, as trained), the windows the shipped
 * detector classifies it in when it is long (detector.ts classifierWindows), and for data-mode items one
 * example per data window.
 */
export interface Featurised {
  item: CorpusItem;
  ex: SparseExample;
  directWindows?: SparseExample[];
  windows?: SparseExample[];
  calibration: boolean;
}

/** A featurised data-head example. */
interface FeaturisedData {
  item: CorpusItem;
  ex: SparseExample;
}

/** Featurised corpus: the items and the data-head examples built from them. */
export interface FeaturisedCorpus {
  items: Featurised[];
  data: FeaturisedData[];
}

/**
 * Whether a text is in the calibration part (by the text's hash, ≈ calibratePercent %).
 *
 * @example
 * inCalibration("some text"); // true or false, always the same
 */
export function inCalibration(text: string, percent = FIT_OPTIONS.calibratePercent): boolean {
  return Number.parseInt(fastHash128(text).slice(16, 24), 16) % 100 < percent;
}

/**
 * Featurise a corpus once (reused by every leave-one-source-out fold). Data-head examples come from
 * each source's own clean contexts, so leaving a source out removes all of its examples.
 *
 * @example
 * featurise(corpus()).items.length === corpus().length; // true
 */
export function featurise(corpusItems: readonly CorpusItem[], buckets = FIT_OPTIONS.buckets): FeaturisedCorpus {
  const items = corpusItems.map((item) => featuriseItem(item, buckets));
  const data = dataExamples(corpusItems.filter((c) => !inCalibration(c.text))).map((d) => ({ item: d.item, ex: toSparse(d.text, [d.y], buckets) }));
  return { items, data };
}

/**
 * Featurise one corpus item: its whole-text example, its classifier windows when it is long and, for a
 * data-mode item, one example per data window.
 *
 * @example
 * featuriseItem(corpus()[0]).ex.idx.length > 0; // true
 */
export function featuriseItem(item: CorpusItem, buckets = FIT_OPTIONS.buckets): Featurised {
  const f: Featurised = { item, ex: toSparse(item.text, labelsOf(item), buckets), calibration: inCalibration(item.text) };
  if (item.mode === "data") f.windows = dataWindows(item.text).map(([s, e]) => toSparse(item.text.slice(s, e), [], buckets));
  const cw = classifierWindows(item.text);
  if (cw.length > 1) f.directWindows = cw.map(([s, e]) => toSparse(item.text.slice(s, e), [], buckets));
  return f;
}

/** A fitted model: the serialisable data and scoring with the shipped (int8) weights. */
export interface Fitted {
  data: ClassifierModelData;
  /** Direct heads' probabilities for an example (model order). */
  direct(ex: SparseExample): number[];
  /** Direct heads' probabilities for an item as the detector sees it: per head, its best window. */
  directItem(f: Featurised): number[];
  /** The data head's probability for a data-mode item: its best window. */
  dataScore(f: Featurised): number;
}

function sourceWeights(items: readonly { item: CorpusItem }[], cap: number): (it: CorpusItem) => number {
  const sizes = new Map<string, number>();
  for (const f of items) sizes.set(f.item.source, (sizes.get(f.item.source) ?? 0) + 1);
  return (it) => Math.min(1, cap / (sizes.get(it.source) ?? 1));
}

function headOf(h: HeadSpec, bias: number): ClassifierHead {
  return { type: h.type, ...(h.subtype !== undefined ? { subtype: h.subtype } : {}), mode: h.mode, bias: Number(bias.toPrecision(9)), t1: 1, t2: 1 };
}

function thresholds(negByFamily: number[][], opts: { t1Fpr: number; t2Fpr: number }): { t1: number; t2: number } {
  let t1 = T1_FLOOR;
  let t2 = T2_FLOOR;
  for (const neg of negByFamily) {
    if (neg.length === 0) continue;
    t1 = Math.max(t1, thresholdAtFpr(neg, opts.t1Fpr));
    t2 = Math.max(t2, thresholdAtFpr(neg, opts.t2Fpr));
  }
  return { t1: Number(t1.toFixed(6)), t2: Number(Math.min(t1, t2).toFixed(6)) };
}

/**
 * Train on the fit part of a featurised corpus (optionally without some sources), calibrate on its
 * calibration part.
 *
 * @example
 * const m = fitModel(featurise(corpus()), (s) => s !== "bipia");
 * m.data.heads[0].t2; // calibrated threshold
 */
export function fitModel(fc: FeaturisedCorpus, keep: (source: string) => boolean = () => true, opts = FIT_OPTIONS): Fitted {
  const items = fc.items.filter((f) => keep(f.item.source));
  const dataEx = fc.data.filter((d) => keep(d.item.source));
  const nd = DIRECT_HEADS.length;
  const wDirect = sourceWeights(items, opts.sourceCap);
  const fit = items.filter((f) => !f.calibration).map((f) => ({ ...f.ex, weight: wDirect(f.item) }));
  const direct = trainLogReg(fit, nd, opts.buckets, opts);
  const wData = sourceWeights(dataEx, opts.sourceCap);
  const data = trainLogReg(dataEx.map((d) => ({ ...d.ex, weight: wData(d.item) })), 1, opts.buckets, opts);
  // interleave: direct heads first, then the data head
  const h = nd + 1;
  const all = new Float64Array(opts.buckets * h);
  for (let b = 0; b < opts.buckets; b++) {
    for (let k = 0; k < nd; k++) all[b * h + k] = direct.weights[b * nd + k] as number;
    all[b * h + nd] = data.weights[b] as number;
  }
  const q = quantizeWeights(all, h);
  const provisional = [...DIRECT_HEADS.map((s, k) => headOf(s, direct.bias[k] as number)), headOf(DATA_HEAD, data.bias[0] as number)];
  const model = decodeModel({ version: 2, buckets: opts.buckets, heads: provisional, ...q, trained: {} });
  const wq = Float64Array.from({ length: model.weights.length }, (_, i) => weight(model, i)); // interleaved, as predict reads
  const bias = provisional.map((x) => x.bias);
  const all5 = (ex: SparseExample) => predict({ weights: wq, bias }, ex, h);
  const directScore = (ex: SparseExample) => all5(ex).slice(0, nd);
  const directItem = (f: Featurised) => {
    if (f.directWindows === undefined) return directScore(f.ex);
    const best = new Array<number>(nd).fill(0);
    for (const w of f.directWindows) directScore(w).forEach((p, k) => (best[k] = Math.max(best[k] as number, p)));
    return best;
  };
  const dataScore = (f: Featurised) => Math.max(0, ...(f.windows ?? [f.ex]).map((w) => all5(w)[nd] as number));

  const calib = items.filter((f) => f.calibration && f.item.kind === "benign");
  const directProbs = calib.map((f) => directScore(f.ex));
  const heads = provisional.map((head, k) => {
    if (k === nd) {
      const neg = calib.filter((f) => f.item.mode === "data").map(dataScore);
      return { ...head, ...thresholds([neg], opts) };
    }
    const spec = DIRECT_HEADS[k] as HeadSpec;
    const byFamily = spec.calibrate.map((fam) => calib.flatMap((f, i) => (f.item.family === fam && f.ex.y[k] === 0 ? [directProbs[i]?.[k] ?? 0] : [])));
    return { ...head, ...thresholds(byFamily, opts) };
  });
  const sources = [...new Set(items.map((f) => f.item.source))];
  return {
    data: {
      version: 2,
      buckets: opts.buckets,
      heads,
      ...q,
      trained: {
        command: "npm run train",
        seed: opts.seed,
        epochs: opts.epochs,
        lr: opts.lr,
        l2: opts.l2,
        fit_texts: fit.length,
        data_examples: dataEx.length,
        calibration_benign_texts: calib.length,
        source_cap: opts.sourceCap,
        sources,
      },
    },
    direct: directScore,
    directItem,
    dataScore,
  };
}
