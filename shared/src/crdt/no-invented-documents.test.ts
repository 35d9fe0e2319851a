/**
 * Whole documents only: whatever is merged, in whatever order, every document a replica holds is
 * byte-identical (canonical JSON) to a document some replica wrote. Two concurrent edits of different fields
 * never combine into a document nobody wrote.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../util/canonical-json.ts";
import { type PolicyDocumentVersion } from "./policy-document.ts";
import { mergePolicyStates, type PolicyState } from "./policy-state.ts";
import { readPolicyDocument } from "./policy-state-queries.ts";
import { createReplica, replicaReceive, replicaWrite } from "./replica.ts";
import { deltaSince } from "./delta.ts";
import { createNetwork, runStep } from "./testing/network.ts";
import { stepsArbitrary } from "./testing/steps.ts";

const base: PolicyDocumentVersion = {
  policy_id: "p1",
  version: 1,
  status: "quarantine",
  policy: { name: "base", default: { decision: "ALLOW" }, rules: [] },
};

describe("no merged document that no replica wrote", () => {
  it("keeps one concurrent edit whole instead of mixing their fields", () => {
    const t = 1_700_000_000_000;
    let eu = replicaWrite(createReplica("eu"), "p1", base, t);
    let us = replicaReceive(createReplica("us"), deltaSince(eu.state, new Map()), t);
    const euEdit = { ...base, version: 2, status: "canary" as const };
    const usEdit = { ...base, version: 2, policy: { ...(base.policy as object), default: { decision: "BLOCK" } } };
    eu = replicaWrite(eu, "p1", euEdit, t + 10);
    us = replicaWrite(us, "p1", usEdit, t + 10);
    const merged = readPolicyDocument(mergePolicyStates(eu.state, us.state), "p1");
    // "us" > "eu" breaks the tie of equal wall time and counter: the US edit wins, whole.
    expect(merged).toEqual(usEdit);
    expect(merged?.status).toBe("quarantine");
    expect(canonicalJson(readPolicyDocument(mergePolicyStates(us.state, eu.state), "p1"))).toBe(canonicalJson(usEdit));
  });

  it("holds for every replica at every step, and for any merge of their states", () => {
    fc.assert(
      fc.property(stepsArbitrary(4, 80), fc.array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 6 }), (steps, order) => {
        const net = createNetwork(4, [0, 7, -7, 500]);
        const written = () => new Set(net.writes.map((w) => w.canonical));
        const check = (state: PolicyState) => {
          const known = written();
          for (const reg of state.docs.values()) expect(known.has(canonicalJson(reg.value))).toBe(true);
        };
        for (const step of steps) {
          runStep(net, step);
          for (const r of net.replicas) check(r.state);
        }
        const merged = order.map((i) => net.replicas[i]!.state).reduce(mergePolicyStates);
        check(merged);
      }),
      { numRuns: 150 },
    );
  });
});
