import { describe, expect, it } from "vitest";
import { canonicalJson } from "../util/canonical-json.ts";
import { deltaSince } from "./delta.ts";
import type { Hlc } from "./hlc.ts";
import type { PolicyDocumentVersion } from "./policy-document.ts";
import { emptyPolicyState, mergePolicyStates, removePolicyDocument, setActivePointer, writePolicyDocument } from "./policy-state.ts";
import { CrdtError } from "./crdt-error.ts";
import { emptyVersionVector } from "./version-vector.ts";
import { PolicyStateDeltaWireSchema, PolicyStateWireSchema } from "./wire-schema.ts";
import {
  policyDeltaFromWire,
  policyDeltaToWire,
  policyStateFromWire,
  policyStateToWire,
} from "./wire.ts";

const s = (wall_ms: number, node = "eu"): Hlc => ({ wall_ms, counter: 0, node });
const doc = (policy_id: string, version: number): PolicyDocumentVersion => ({
  policy_id,
  version,
  status: "canary",
  canary_percent: 5,
  policy: { name: policy_id, rules: [{ id: "r1", when: { field: "action_type", op: "eq", value: "query" } }] },
});

function sample() {
  let eu = writePolicyDocument(emptyPolicyState(), "b", doc("b", 1), s(1));
  eu = writePolicyDocument(eu, "a", doc("a", 1), s(2));
  eu = removePolicyDocument(eu, "b", s(3));
  const us = setActivePointer(writePolicyDocument(emptyPolicyState(), "c", doc("c", 1), s(2, "us")), { policy_id: "a", version: 1 }, s(4, "us"));
  return { eu, us };
}

function wireError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof CrdtError && error.code === "invalid_wire") return error.message;
    throw error;
  }
  throw new Error("expected a CrdtError");
}

describe("wire format", () => {
  it("round-trips states and deltas through JSON text", () => {
    const { eu, us } = sample();
    const state = mergePolicyStates(eu, us);
    expect(policyStateFromWire(JSON.parse(JSON.stringify(policyStateToWire(state))))).toEqual(state);
    const delta = deltaSince(state, eu.vv);
    const back = policyDeltaFromWire(JSON.parse(JSON.stringify(policyDeltaToWire(delta))));
    expect(back).toEqual(delta);
    expect(PolicyStateWireSchema.safeParse(policyStateToWire(state)).success).toBe(true);
    expect(PolicyStateDeltaWireSchema.safeParse(policyDeltaToWire(delta)).success).toBe(true);
  });

  it("serialises equal states identically whatever order they were merged in", () => {
    const { eu, us } = sample();
    expect(canonicalJson(policyStateToWire(mergePolicyStates(eu, us)))).toBe(canonicalJson(policyStateToWire(mergePolicyStates(us, eu))));
    const wire = policyStateToWire(mergePolicyStates(us, eu));
    expect(wire.docs.map((d) => d.policy_id)).toEqual(["a", "b", "c"]);
    expect(wire.vv).toEqual(["000000000003.000000.eu", "000000000004.000000.us"]);
  });

  it("rejects malformed messages with an invalid_wire error naming the problem", () => {
    const good = policyStateToWire(sample().eu);
    expect(wireError(() => policyStateFromWire(null))).toMatch(/policy store state/);
    expect(wireError(() => policyStateFromWire({ ...good, v: 2 }))).toMatch(/v/);
    expect(wireError(() => policyStateFromWire({ ...good, extra: 1 }))).toMatch(/extra|Unrecognized/i);
    expect(wireError(() => policyStateFromWire({ ...good, vv: ["not-a-stamp"] }))).toMatch(/vv\.0: expected an HLC stamp/);
    expect(wireError(() => policyStateFromWire({ ...good, vv: [...good.vv, "000000000009.000000.eu"] }))).toMatch(/node eu appears twice/);
    expect(wireError(() => policyStateFromWire({ ...good, docs: [...good.docs, ...good.docs] }))).toMatch(/appears twice/);
    const badDoc = { ...good, docs: [{ ...good.docs[0], value: { ...good.docs[0]!.value, status: "live" } }] };
    expect(wireError(() => policyStateFromWire(badDoc))).toMatch(/docs\.0\.value\.status/);
    expect(wireError(() => policyDeltaFromWire(good))).toMatch(/since/);
  });

  it("serialises an empty state and an empty-vector snapshot", () => {
    expect(policyStateToWire(emptyPolicyState())).toEqual({ v: 1, vv: [], docs: [], members: [], active: null });
    expect(policyDeltaToWire(deltaSince(sample().eu, emptyVersionVector())).since).toEqual([]);
  });
});
