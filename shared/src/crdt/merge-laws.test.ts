/**
 * The join laws of the whole policy-store state, on states reached by random edits and partial, lossy
 * exchanges: merge is commutative, associative and idempotent, and applying a delta is the same as merging
 * the full state it came from.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../util/canonical-json.ts";
import { applyDelta, deltaSince } from "./delta.ts";
import { mergePolicyStores, type PolicyStoreState } from "./policy-store.ts";
import { createNetwork, runStep } from "./testing/network.ts";
import { stepsArbitrary } from "./testing/steps.ts";
import { policyStoreToWire } from "./wire.ts";

const text = (s: PolicyStoreState) => canonicalJson(policyStoreToWire(s));

/** Three states of a 4-replica network after a random, partially synchronised history. */
const threeStates = fc
  .record({ steps: stepsArbitrary(4, 80), pick: fc.tuple(fc.nat({ max: 3 }), fc.nat({ max: 3 }), fc.nat({ max: 3 })) })
  .map(({ steps, pick }) => {
    const net = createNetwork(4, [0, 250, -250, 900]);
    for (const step of steps) runStep(net, step);
    return pick.map((i) => (net.replicas[i] ?? net.replicas[0])!.state) as [PolicyStoreState, PolicyStoreState, PolicyStoreState];
  });

describe("policy-store merge laws", () => {
  it("is commutative", () => {
    fc.assert(
      fc.property(threeStates, ([a, b]) => {
        expect(text(mergePolicyStores(a, b))).toBe(text(mergePolicyStores(b, a)));
      }),
      { numRuns: 200 },
    );
  });

  it("is associative", () => {
    fc.assert(
      fc.property(threeStates, ([a, b, c]) => {
        expect(text(mergePolicyStores(mergePolicyStores(a, b), c))).toBe(text(mergePolicyStores(a, mergePolicyStores(b, c))));
      }),
      { numRuns: 200 },
    );
  });

  it("is idempotent, and merging what is already included changes nothing", () => {
    fc.assert(
      fc.property(threeStates, ([a, b]) => {
        expect(text(mergePolicyStores(a, a))).toBe(text(a));
        const ab = mergePolicyStores(a, b);
        expect(text(mergePolicyStores(ab, b))).toBe(text(ab));
      }),
      { numRuns: 200 },
    );
  });

  it("applying deltaSince(b, a.vv) to a equals merging all of b into a", () => {
    fc.assert(
      fc.property(threeStates, ([a, b]) => {
        expect(text(applyDelta(a, deltaSince(b, a.vv)))).toBe(text(mergePolicyStores(a, b)));
      }),
      { numRuns: 200 },
    );
  });
});
