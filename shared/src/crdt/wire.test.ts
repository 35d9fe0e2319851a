import { describe, expect, it } from "vitest";
import { canonicalJson } from "../util/canonical-json.ts";
import { deltaSince } from "./delta.ts";
import type { Hlc } from "./hlc.ts";
import type { PolicyDocumentVersion } from "./policy-document.ts";
import { emptyPolicyStore, mergePolicyStores, removePolicyDocument, setActivePointer, writePolicyDocument } from "./policy-store.ts";
import { CrdtError } from "./crdt-error.ts";
import { emptyVersionVector } from "./version-vector.ts";
import { PolicyStoreDeltaWireSchema, PolicyStoreWireSchema } from "./wire-schema.ts";
import {
  policyDeltaFromWire,
  policyDeltaToWire,
  policyStoreFromWire,
  policyStoreToWire,
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
  let eu = writePolicyDocument(emptyPolicyStore(), "b", doc("b", 1), s(1));
  eu = writePolicyDocument(eu, "a", doc("a", 1), s(2));
  eu = removePolicyDocument(eu, "b", s(3));
  const us = setActivePointer(writePolicyDocument(emptyPolicyStore(), "c", doc("c", 1), s(2, "us")), { policy_id: "a", version: 1 }, s(4, "us"));
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
    const state = mergePolicyStores(eu, us);
    expect(policyStoreFromWire(JSON.parse(JSON.stringify(policyStoreToWire(state))))).toEqual(state);
    const delta = deltaSince(state, eu.vv);
    const back = policyDeltaFromWire(JSON.parse(JSON.stringify(policyDeltaToWire(delta))));
    expect(back).toEqual(delta);
    expect(PolicyStoreWireSchema.safeParse(policyStoreToWire(state)).success).toBe(true);
    expect(PolicyStoreDeltaWireSchema.safeParse(policyDeltaToWire(delta)).success).toBe(true);
  });

  it("serialises equal states identically whatever order they were merged in", () => {
    const { eu, us } = sample();
    expect(canonicalJson(policyStoreToWire(mergePolicyStores(eu, us)))).toBe(canonicalJson(policyStoreToWire(mergePolicyStores(us, eu))));
    const wire = policyStoreToWire(mergePolicyStores(us, eu));
    expect(wire.docs.map((d) => d.policy_id)).toEqual(["a", "b", "c"]);
    expect(wire.vv).toEqual(["000000000003.000000.eu", "000000000004.000000.us"]);
  });

  it("rejects malformed messages with an invalid_wire error naming the problem", () => {
    const good = policyStoreToWire(sample().eu);
    expect(wireError(() => policyStoreFromWire(null))).toMatch(/policy store state/);
    expect(wireError(() => policyStoreFromWire({ ...good, v: 2 }))).toMatch(/v/);
    expect(wireError(() => policyStoreFromWire({ ...good, extra: 1 }))).toMatch(/extra|Unrecognized/i);
    expect(wireError(() => policyStoreFromWire({ ...good, vv: ["not-a-stamp"] }))).toMatch(/vv\.0: expected an HLC stamp/);
    expect(wireError(() => policyStoreFromWire({ ...good, vv: [...good.vv, "000000000009.000000.eu"] }))).toMatch(/node eu appears twice/);
    expect(wireError(() => policyStoreFromWire({ ...good, docs: [...good.docs, ...good.docs] }))).toMatch(/appears twice/);
    const badDoc = { ...good, docs: [{ ...good.docs[0], value: { ...good.docs[0]!.value, status: "live" } }] };
    expect(wireError(() => policyStoreFromWire(badDoc))).toMatch(/docs\.0\.value\.status/);
    expect(wireError(() => policyDeltaFromWire(good))).toMatch(/since/);
  });

  it("serialises an empty state and an empty-vector snapshot", () => {
    expect(policyStoreToWire(emptyPolicyStore())).toEqual({ v: 1, vv: [], docs: [], members: [], active: null });
    expect(policyDeltaToWire(deltaSince(sample().eu, emptyVersionVector())).since).toEqual([]);
  });
});
