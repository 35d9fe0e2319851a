/**
 * Convergence of 3–5 replicas under random edits and random message loss, duplication and reordering: after a
 * full exchange every replica holds the same state, that state is what the CRDT definitions demand (last
 * writer per policy, add-wins membership, last activation), and no replica lacks anything any more.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../util/canonical-json.ts";
import { deltaSince, isEmptyDelta } from "./delta.ts";
import { listPolicyIds } from "./policy-state-queries.ts";
import {
  createNetwork,
  fullExchange,
  lastActivation,
  lastWrites,
  modelMembers,
  runStep,
} from "./testing/network.ts";
import { stepsArbitrary } from "./testing/steps.ts";
import { policyStateToWire } from "./wire.ts";

const scenario = fc.integer({ min: 3, max: 5 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    skews: fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: n, maxLength: n }),
    steps: stepsArbitrary(n, 80),
  }),
);

describe("replicas converge under drops, duplicates and reordering", () => {
  it("ends with identical states after a full exchange", () => {
    fc.assert(
      fc.property(scenario, ({ n, skews, steps }) => {
        const net = createNetwork(n, skews);
        for (const step of steps) runStep(net, step);
        fullExchange(net);
        const states = net.replicas.map((r) => canonicalJson(policyStateToWire(r.state)));
        for (const s of states) expect(s).toBe(states[0]);
      }),
      { numRuns: 200 },
    );
  });

  it("keeps, per policy, exactly the write with the greatest HLC stamp", () => {
    fc.assert(
      fc.property(scenario, ({ n, skews, steps }) => {
        const net = createNetwork(n, skews);
        for (const step of steps) runStep(net, step);
        fullExchange(net);
        const expected = lastWrites(net);
        for (const replica of net.replicas) {
          expect([...replica.state.docs.keys()].sort()).toEqual([...expected.keys()].sort());
          for (const [id, reg] of replica.state.docs) {
            expect(canonicalJson(reg.value)).toBe(expected.get(id)?.canonical);
          }
          expect(replica.state.active === undefined ? undefined : canonicalJson(replica.state.active.value)).toBe(
            lastActivation(net),
          );
        }
      }),
      { numRuns: 200 },
    );
  });

  it("agrees with an independent add-wins model of membership", () => {
    fc.assert(
      fc.property(scenario, ({ n, skews, steps }) => {
        const net = createNetwork(n, skews);
        for (const step of steps) runStep(net, step);
        fullExchange(net);
        for (const replica of net.replicas) expect(listPolicyIds(replica.state)).toEqual(modelMembers(net));
      }),
      { numRuns: 200 },
    );
  });

  it("leaves no replica lacking anything: every delta between converged replicas is empty", () => {
    fc.assert(
      fc.property(scenario, ({ n, skews, steps }) => {
        const net = createNetwork(n, skews);
        for (const step of steps) runStep(net, step);
        fullExchange(net);
        for (const a of net.replicas) {
          for (const b of net.replicas) expect(isEmptyDelta(deltaSince(a.state, b.state.vv))).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("converges in one round of all-to-all exchange once nothing is lost", () => {
    fc.assert(
      fc.property(scenario, ({ n, skews, steps }) => {
        const net = createNetwork(n, skews);
        for (const step of steps) runStep(net, step);
        // Round 1 moves everything; round 2 only confirms nothing changed.
        expect(fullExchange(net)).toBeLessThanOrEqual(2);
      }),
      { numRuns: 100 },
    );
  });
});
