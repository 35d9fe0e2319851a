/**
 * Scores one peer with the harness's own metrics: PII spans per entity type (pii-eval.ts), threat rates
 * (threat-eval.ts) at the peer's own 0.5 threshold, and µs per KB (median of repeated runs). Peer outputs
 * are computed once per text (they are async) and then scored synchronously.
 */
import type { Finding } from "@nethical/core/schemas/finding.ts";
import type { PiiSample, Prompt } from "../datasets.ts";
import { median } from "../metrics.ts";
import { evaluatePii, type PiiRow } from "../pii-eval.ts";
import { flagRate, GROUPS, type RateResult } from "../threat-eval.ts";
import type { PeerAdapter } from "./types.ts";

/** The prompt sets a peer is scored on (same as ours). */
export interface ThreatSets {
  injection: Prompt[];
  xstestSafe: Prompt[];
  mitreBenign: Prompt[];
  interpreter: Prompt[];
  xstestUnsafe: Prompt[];
  gptfuzzQuestions: Prompt[];
}

/** A peer's results; `error` set when it cannot run here. */
export interface PeerResult {
  name: string;
  version: string;
  error: string | null;
  pii?: PiiRow[];
  threats?: Record<string, RateResult>;
  us_per_kb?: { pii?: number; threat?: number };
}

/**
 * Median µs per KB of an async detector over `texts`, `repeats` passes after one warm-up pass.
 *
 * @example
 * await asyncUsPerKb(["hello"], async () => [], 3);
 */
export async function asyncUsPerKb(texts: readonly string[], fn: (t: string) => Promise<unknown>, repeats: number): Promise<number> {
  const kb = texts.reduce((n, t) => n + t.length, 0) / 1024;
  if (kb === 0) throw new Error("asyncUsPerKb: empty corpus");
  for (const t of texts) await fn(t);
  const samples: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = process.hrtime.bigint();
    for (const t of texts) await fn(t);
    samples.push(Number(process.hrtime.bigint() - t0) / 1000 / kb);
  }
  return median(samples);
}

async function cache(texts: readonly string[], fn: (t: string) => Promise<Finding[]>): Promise<(t: string) => Finding[]> {
  const m = new Map<string, Finding[]>();
  for (const t of texts) if (!m.has(t)) m.set(t, await fn(t));
  return (t) => m.get(t) ?? [];
}

/**
 * Evaluate a peer on the PII samples and the threat sets.
 *
 * @example
 * await evaluatePeer(llmGuardrailPeer, presidio, sets, 5);
 */
export async function evaluatePeer(peer: PeerAdapter, pii: readonly PiiSample[], sets: ThreatSets, repeats: number): Promise<PeerResult> {
  const base: PeerResult = { name: peer.name, version: peer.version, error: null };
  let error: string | null;
  try {
    error = await peer.probe();
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  if (error !== null) return { ...base, error };
  try {
    const out: PeerResult = { ...base, us_per_kb: {} };
    if (peer.pii !== undefined) {
      const detect = await cache(pii.map((s) => s.text), peer.pii);
      out.pii = evaluatePii(pii, detect);
      out.us_per_kb = { ...out.us_per_kb, pii: await asyncUsPerKb(pii.map((s) => s.text), peer.pii, repeats) };
    }
    if (peer.threat !== undefined) {
      const all = Object.values(sets).flat().map((p) => p.text);
      const detect = await cache(all, peer.threat);
      out.threats = {
        injection_recall: flagRate(sets.injection, detect, GROUPS.injection, 0.5, "misses"),
        injection_fpr_xstest_safe: flagRate(sets.xstestSafe, detect, GROUPS.injection, 0.5, "hits"),
        injection_fpr_mitre_benign: flagRate(sets.mitreBenign, detect, GROUPS.injection, 0.5, "hits"),
        interpreter_recall: flagRate(sets.interpreter, detect, GROUPS.interpreter, 0.5, "misses"),
        harmful_recall_xstest_unsafe: flagRate(sets.xstestUnsafe, detect, GROUPS.harmful, 0.5, "misses"),
        harmful_recall_gptfuzz: flagRate(sets.gptfuzzQuestions, detect, GROUPS.harmful, 0.5, "misses"),
        harmful_fpr_xstest_safe: flagRate(sets.xstestSafe, detect, GROUPS.harmful, 0.5, "hits"),
      };
      const corpus = [...sets.injection, ...sets.xstestSafe, ...sets.xstestUnsafe].map((p) => p.text);
      out.us_per_kb = { ...out.us_per_kb, threat: await asyncUsPerKb(corpus, peer.threat, repeats) };
    }
    return out;
  } catch (e) {
    return { ...base, error: e instanceof Error ? e.message : String(e) };
  }
}
