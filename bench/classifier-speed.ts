/**
 * `npm run bench:classifier`: the classifier's cost per KB on the 1 KB benign actions of `eval:detectors`, on
 * this tree and on a baseline commit, in the same process, alternating. Four measures per tree:
 *  - `alone`: `detectClassifier(input)`, as `eval:detectors` times it;
 *  - `in_runDetectors`: `detectClassifier(input, true)`, as runDetectors calls it on a text without views
 *    (gated; a tree before the gated call ignores the flag, which is what its runDetectors paid);
 *  - `runDetectors`: the whole detector stack, rules included;
 *  - `classifyData`: the data head over the data windows (the data-mode scan).
 * Two phases, because V8's inlining depends on what ran before:
 *  - fresh: nothing but the classifier has run;
 *  - after training featurisation: each tree's bench/train/logreg.ts `toSparse` has featurised texts first,
 *    as `eval:detectors` does (its leave-one-source-out section trains before the timing).
 * Each phase: medians of the per-round medians (µs per KB), their ratio, and the fastest repeat.
 * When both trees ship the same model, it also checks that both give identical results (classifyText,
 * detectClassifier, classifyData, runDetectors) on every text in bench/data/*.jsonl. The baseline is a temporary git
 * worktree (bench/core-compare.ts), removed afterwards. Writes bench/results/classifier-speed.json.
 *
 *   BASELINE_COMMIT=<sha> BENCH_ROUNDS=11 npm run bench:classifier
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { baselineTree, removeTree } from "./core-compare.ts";
import { sizedTexts, timeInRounds, type RoundsTiming } from "./eval/timing.ts";
import { round } from "./lib/stats.ts";
import { table, writeResult } from "./lib/results.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
/** The last commit before head masks (e6828ee; before the chunked featuriser: acb19b6, another model). */
const BASELINE = process.env.BASELINE_COMMIT ?? "e6828ee";
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 11);
const REPEATS = 15;
/** The same 1 KB benign actions as `eval:detectors` (detectors.eval.ts). */
const SEED = "Summarise the quarterly report for the board: revenue grew in every region, churn fell to 2.1%, and the hiring plan adds four engineers.";

interface Tree {
  detectClassifier: (input: { text: string }, gated?: boolean) => unknown[];
  runDetectors: (input: { text: string }) => unknown[];
  classifyText: (text: string) => Record<string, number>;
  classifyData: (text: string) => unknown;
  toSparse: (text: string, y: readonly number[], buckets?: number) => unknown;
  modelData: unknown;
}

async function load(tree: string): Promise<Tree> {
  const url = (path: string): string => pathToFileURL(join(tree, path)).href;
  const detector = (await import(url("shared/src/classifier/detector.ts"))) as Tree;
  const run = (await import(url("shared/src/detectors/run.ts"))) as Pick<Tree, "runDetectors">;
  const logreg = (await import(url("bench/train/logreg.ts"))) as Pick<Tree, "toSparse">;
  const model = (await import(url("shared/src/classifier/model-data.ts"))) as { MODEL_DATA: unknown };
  return { ...detector, runDetectors: run.runDetectors, toSparse: logreg.toSparse, modelData: model.MODEL_DATA };
}

function jsonlTexts(): string[] {
  const dir = join(ROOT, "bench", "data");
  const texts: string[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".jsonl")).sort()) {
    for (const line of readFileSync(join(dir, f), "utf8").split("\n")) if (line.trim() !== "") texts.push((JSON.parse(line) as { text: string }).text);
  }
  return texts;
}

const MEASURES = {
  alone: (tree: Tree, x: string) => tree.detectClassifier({ text: x }),
  in_runDetectors: (tree: Tree, x: string) => tree.detectClassifier({ text: x }, true),
  runDetectors: (tree: Tree, x: string) => tree.runDetectors({ text: x }),
  classifyData: (tree: Tree, x: string) => tree.classifyData(x),
};
type Measure = keyof typeof MEASURES;
type Pair = { baseline: RoundsTiming; head: RoundsTiming };

/** Alternate the two trees ROUNDS times, each measure in turn (timeInRounds: round → measure → tree). */
function timeBoth(base: Tree, head: Tree, texts: readonly string[]): Record<Measure, Pair> {
  const fns: Record<string, (x: string) => unknown> = {};
  for (const [m, fn] of Object.entries(MEASURES) as [Measure, (typeof MEASURES)[Measure]][]) {
    fns[`${m}/baseline`] = (x) => fn(base, x);
    fns[`${m}/head`] = (x) => fn(head, x);
  }
  const t = timeInRounds(texts, fns, ROUNDS, REPEATS);
  const pick = (name: string): RoundsTiming => {
    const r = t[name];
    if (r === undefined) throw new Error(`bench:classifier: no timing for ${name}`);
    return r;
  };
  return Object.fromEntries(Object.keys(MEASURES).map((m) => [m, { baseline: pick(`${m}/baseline`), head: pick(`${m}/head`) }])) as Record<Measure, Pair>;
}

async function main(): Promise<void> {
  const dir = baselineTree(ROOT, BASELINE);
  try {
    const base = await load(dir);
    const head = await load(ROOT);
    const kbTexts = sizedTexts(SEED, 1024, 200);
    const corpus = jsonlTexts();
    const fresh = timeBoth(base, head, kbTexts);
    for (const tree of [base, head]) for (const t of corpus.slice(0, 5000)) tree.toSparse(t, [0]);
    const trained = timeBoth(base, head, kbTexts);
    let identical: boolean | "model differs" = "model differs";
    if (isDeepStrictEqual(base.modelData, head.modelData)) {
      identical = corpus.every(
        (t) =>
          isDeepStrictEqual(base.classifyText(t), head.classifyText(t)) &&
          isDeepStrictEqual(base.detectClassifier({ text: t }), head.detectClassifier({ text: t })) &&
          isDeepStrictEqual(base.classifyData(t), head.classifyData(t)) &&
          isDeepStrictEqual(base.runDetectors({ text: t }), head.runDetectors({ text: t })),
      );
    }
    const phases = { fresh, after_training_featurisation: trained };
    const rows: (string | number)[][] = [["phase", "measure", `baseline ${BASELINE} µs/KB`, "this tree µs/KB", "ratio", "fastest repeat: baseline", "this tree"]];
    const summary = (p: Pair) => ({
      median_baseline: round(p.baseline.us_per_kb_median),
      median_head: round(p.head.us_per_kb_median),
      ratio: round(p.head.us_per_kb_median / p.baseline.us_per_kb_median),
      fastest_baseline: round(p.baseline.us_per_kb_min),
      fastest_head: round(p.head.us_per_kb_min),
      baseline_round_medians: p.baseline.round_medians.map((v) => round(v)),
      head_round_medians: p.head.round_medians.map((v) => round(v)),
    });
    for (const [name, phase] of Object.entries(phases)) {
      for (const [m, p] of Object.entries(phase)) {
        const s = summary(p);
        rows.push([name, m, s.median_baseline, s.median_head, s.ratio, s.fastest_baseline, s.fastest_head]);
      }
    }
    console.log(table(rows));
    console.log(`identical results on ${corpus.length} bench/data texts: ${identical}`);
    const file = await writeResult("classifier-speed", {
      baseline_commit: BASELINE,
      rounds: ROUNDS,
      repeats_per_round: REPEATS,
      texts: kbTexts.length,
      identical_results: identical,
      ...Object.fromEntries(Object.entries(phases).map(([name, phase]) => [name, Object.fromEntries(Object.entries(phase).map(([m, p]) => [m, summary(p)]))])),
      target_us_per_kb: 20,
    });
    console.log(`wrote ${file}`);
  } finally {
    removeTree(ROOT, dir);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
