import { describe, expect, it } from "vitest";
import type { Hlc } from "./hlc.ts";
import { applyDelta, deltaSince, isEmptyDelta, maxStampOf } from "./delta.ts";
import type { PolicyDocumentVersion } from "./policy-document.ts";
import { emptyPolicyState, mergePolicyStates, removePolicyDocument, setActivePointer, writePolicyDocument } from "./policy-state.ts";
import { listPolicyIds } from "./policy-state-queries.ts";
import { emptyVersionVector, vvObserve } from "./version-vector.ts";

const s = (wall_ms: number, node = "eu"): Hlc => ({ wall_ms, counter: 0, node });
const doc = (policy_id: string, version: number): PolicyDocumentVersion => ({
  policy_id,
  version,
  status: "active",
  policy: { name: policy_id },
});

function fiftyPolicies() {
  let state = emptyPolicyState();
  for (let i = 0; i < 50; i++) state = writePolicyDocument(state, `p${i}`, doc(`p${i}`, 1), s(i + 1));
  return setActivePointer(state, { policy_id: "p0", version: 1 }, s(51));
}

describe("deltas", () => {
  it("carry only what the peer lacks", () => {
    const eu = fiftyPolicies();
    const us = applyDelta(emptyPolicyState(), deltaSince(eu, emptyVersionVector()));
    const euEdited = writePolicyDocument(eu, "p7", doc("p7", 2), s(100));
    const delta = deltaSince(euEdited, us.vv);
    expect([...delta.state.docs.keys()]).toEqual(["p7"]);
    expect([...delta.state.members.keys()]).toEqual(["p7"]);
    expect([...(delta.state.members.get("p7")?.keys() ?? [])]).toHaveLength(1);
    expect(delta.state.active).toBeUndefined();
    expect(applyDelta(us, delta)).toEqual(mergePolicyStates(us, euEdited));
  });

  it("carry a removal as its tombstones alone", () => {
    const eu = fiftyPolicies();
    const us = applyDelta(emptyPolicyState(), deltaSince(eu, emptyVersionVector()));
    const delta = deltaSince(removePolicyDocument(eu, "p3", s(200)), us.vv);
    expect(delta.state.docs.size).toBe(0);
    expect([...(delta.state.members.get("p3")?.values() ?? [])].map((t) => t.removed)).toEqual([s(200)]);
    expect(listPolicyIds(applyDelta(us, delta))).not.toContain("p3");
  });

  it("are a full snapshot against an empty vector, and empty between equal replicas", () => {
    const eu = fiftyPolicies();
    const snapshot = deltaSince(eu, emptyVersionVector());
    expect(snapshot.state).toEqual(eu);
    expect(isEmptyDelta(snapshot)).toBe(false);
    expect(isEmptyDelta(deltaSince(eu, eu.vv))).toBe(true);
  });

  it("do not advance the vector of a replica that lacks what the delta assumed", () => {
    // The delta was computed for a peer that had seen "ap" up to 100; this receiver has not.
    const since = vvObserve(emptyVersionVector(), s(100, "ap"));
    const sender = writePolicyDocument(writePolicyDocument(emptyPolicyState(), "a", doc("a", 1), s(50, "ap")), "b", doc("b", 1), s(150, "ap"));
    const delta = deltaSince(sender, since);
    const received = applyDelta(emptyPolicyState(), delta);
    expect(listPolicyIds(received)).toEqual(["b"]); // data joined…
    expect(received.vv.size).toBe(0); // …but no claim to have seen "ap" events it never got
    expect(listPolicyIds(applyDelta(received, deltaSince(sender, received.vv)))).toEqual(["a", "b"]);
  });

  it("report their greatest stamp, wherever it is", () => {
    expect(maxStampOf(emptyPolicyState())).toBeUndefined();
    expect(maxStampOf(fiftyPolicies())).toEqual(s(51));
  });
});
