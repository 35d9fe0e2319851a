/**
 * The join laws of the whole policy state, on states reached by random edits and partial, lossy
 * exchanges: merge is commutative, associative and idempotent, and applying a delta is the same as merging
 * the full state it came from.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../util/canonical-json.ts";
import { applyDelta, deltaSince } from "./delta.ts";
import { mergePolicyStates, type PolicyState } from "./policy-state.ts";
import { createNetwork, runStep } from "./testing/network.ts";
import { stepsArbitrary } from "./testing/steps.ts";
import { policyStateToWire } from "./wire.ts";

const text = (s: PolicyState) => canonicalJson(policyStateToWire(s));

/** Three states of a 4-replica network after a random, partially synchronised history. */
const threeStates = fc
  .record({ steps: stepsArbitrary(4, 80), pick: fc.tuple(fc.nat({ max: 3 }), fc.nat({ max: 3 }), fc.nat({ max: 3 })) })
  .map(({ steps, pick }) => {
    const net = createNetwork(4, [0, 250, -250, 900]);
    for (const step of steps) runStep(net, step);
    return pick.map((i) => (net.replicas[i] ?? net.replicas[0])!.state) as [PolicyState, PolicyState, PolicyState];
  });

describe("policy-state merge laws", () => {
  it("is commutative", () => {
    fc.assert(
      fc.property(threeStates, ([a, b]) => {
        expect(text(mergePolicyStates(a, b))).toBe(text(mergePolicyStates(b, a)));
      }),
      { numRuns: 200 },
    );
  });

  it("is associative", () => {
    fc.assert(
      fc.property(threeStates, ([a, b, c]) => {
        expect(text(mergePolicyStates(mergePolicyStates(a, b), c))).toBe(text(mergePolicyStates(a, mergePolicyStates(b, c))));
      }),
      { numRuns: 200 },
    );
  });

  it("is idempotent, and merging what is already included changes nothing", () => {
    fc.assert(
      fc.property(threeStates, ([a, b]) => {
        expect(text(mergePolicyStates(a, a))).toBe(text(a));
        const ab = mergePolicyStates(a, b);
        expect(text(mergePolicyStates(ab, b))).toBe(text(ab));
      }),
      { numRuns: 200 },
    );
  });

  it("applying deltaSince(b, a.vv) to a equals merging all of b into a", () => {
    fc.assert(
      fc.property(threeStates, ([a, b]) => {
        expect(text(applyDelta(a, deltaSince(b, a.vv)))).toBe(text(mergePolicyStates(a, b)));
      }),
      { numRuns: 200 },
    );
  });
});
