/**
 * Shared by the audit benches (audit-merkle.bench.ts: MerkleLog over a Map; audit.bench.ts: MerkleLog
 * through the AuditLog's SQLite node store): deterministic positions, a pool of audit-event-sized leaves,
 * and timing helpers.
 */
import { median } from "./lib/stats.ts";

/**
 * Deterministic pseudo-random integers (LCG) so every run measures the same positions.
 *
 * @example
 * positions(3, 100, 42); // three indices below 100, the same every run
 */
export function positions(count: number, below: number, seed: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.floor((s / 2 ** 32) * below);
  });
}

/**
 * A pool of distinct audit-event-shaped leaves (~400 bytes of canonical JSON), cycled while appending.
 *
 * @example
 * const pool = leafPool(); log.append(pool[i % pool.length]);
 */
export function leafPool(size = 4096): Uint8Array[] {
  const encoder = new TextEncoder();
  return Array.from({ length: size }, (_, i) =>
    encoder.encode(
      JSON.stringify({
        agent_id: `agent-${i % 97}`,
        decision: ["ALLOW", "RESTRICT", "BLOCK", "TERMINATE"][i % 4],
        event_id: `01JH${String(i).padStart(22, "0")}`,
        explanation: "Rule no-secrets matched a credential-shaped token in the tool arguments; the action was restricted.",
        latency_ms: (i % 50) / 10,
        policy_bundle_hash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        request_hash: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        risk: (i % 100) / 100,
        tenant: "acme",
        time: 1767225600000 + i,
        violations: [{ law: 7, category: "secrets", severity: "high" }],
      }),
    ),
  );
}

/**
 * Milliseconds since a `process.hrtime.bigint()` start.
 *
 * @example
 * const start = process.hrtime.bigint();
 * const leaves = leafPool(4096); // the work being timed
 * const elapsed = ms(start);
 */
export function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Median time in ms of `count` runs of `run(i)`.
 *
 * @example
 * medianMs(2000, (i) => log.inclusionProof(idx[i]));
 */
export function medianMs(count: number, run: (i: number) => unknown): number {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    run(i);
    samples.push(ms(start));
  }
  return median(samples);
}
