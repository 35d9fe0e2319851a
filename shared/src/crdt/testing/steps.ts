/**
 * Test support: random scripts for the simulated replica network (network.ts): edits at random replicas
 * (writes, removes, activations) with clock advances, and message events (send, deliver any queued message,
 * duplicate one, drop one).
 */
import fc from "fast-check";

export const POLICY_IDS = ["p-alpha", "p-beta", "p-gamma", "p-delta"] as const;

export type Step =
  | { kind: "write"; at: number; policy: number; status: number; dt: number }
  | { kind: "remove"; at: number; policy: number; dt: number }
  | { kind: "activate"; at: number; policy: number | null; dt: number }
  | { kind: "send"; from: number; to: number }
  | { kind: "deliver"; pick: number }
  | { kind: "duplicate"; pick: number }
  | { kind: "drop"; pick: number };

/**
 * A random script for `n` replicas. Deliveries pick any queued message (reordering).
 *
 * @example
 * fc.assert(fc.property(stepsArbitrary(3), (steps) => { … }));
 */
export function stepsArbitrary(n: number, maxSteps = 60): fc.Arbitrary<Step[]> {
  const node = fc.nat({ max: n - 1 });
  const policy = fc.nat({ max: POLICY_IDS.length - 1 });
  const dt = fc.integer({ min: 0, max: 50 });
  const pick = fc.nat();
  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant("write" as const), at: node, policy, status: fc.nat({ max: 3 }), dt }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("remove" as const), at: node, policy, dt }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("activate" as const), at: node, policy: fc.option(policy), dt }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant("send" as const), from: node, to: node }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant("deliver" as const), pick }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("duplicate" as const), pick }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("drop" as const), pick }) },
  );
  return fc.array(step, { minLength: Math.floor(maxSteps / 4), maxLength: maxSteps, size: "max" });
}
