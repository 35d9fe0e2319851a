import { describe, expect, it } from "vitest";
import type { Hlc } from "./hlc.ts";
import type { PolicyDocumentVersion } from "./policy-document.ts";
import { emptyPolicyState, mergePolicyStates, removePolicyDocument, setActivePointer, writePolicyDocument } from "./policy-state.ts";
import { listPolicyIds, readActivePointer, readPolicyDocument } from "./policy-state-queries.ts";
import { CrdtError } from "./crdt-error.ts";

const s = (wall_ms: number, node = "eu"): Hlc => ({ wall_ms, counter: 0, node });
const doc = (policy_id: string, version: number): PolicyDocumentVersion => ({
  policy_id,
  version,
  status: "quarantine",
  policy: { name: policy_id, rules: [] },
});

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof CrdtError ? error.code : "other";
  }
  return undefined;
}

describe("policy state", () => {
  it("writes, lists, reads and removes policies", () => {
    let state = writePolicyDocument(emptyPolicyState(), "p2", doc("p2", 1), s(1));
    state = writePolicyDocument(state, "p1", doc("p1", 1), s(2));
    state = writePolicyDocument(state, "p1", doc("p1", 2), s(3));
    expect(listPolicyIds(state)).toEqual(["p1", "p2"]);
    expect(readPolicyDocument(state, "p1")?.version).toBe(2);
    state = removePolicyDocument(state, "p1", s(4));
    expect(listPolicyIds(state)).toEqual(["p2"]);
    expect(readPolicyDocument(state, "p1")).toBeUndefined();
    expect(state.docs.get("p1")?.value.version).toBe(2); // kept so it can be restored
    expect(state.vv.get("eu")).toEqual(s(4));
  });

  it("sets and clears the active pointer", () => {
    let state = setActivePointer(emptyPolicyState(), { policy_id: "p1", version: 2 }, s(1));
    expect(readActivePointer(state)).toEqual({ policy_id: "p1", version: 2 });
    state = setActivePointer(state, null, s(2));
    expect(readActivePointer(state)).toBeNull();
    expect(readActivePointer(emptyPolicyState())).toBeNull();
  });

  it("refuses a reused or old stamp so no write can silently lose", () => {
    const state = writePolicyDocument(emptyPolicyState(), "p1", doc("p1", 1), s(5));
    expect(codeOf(() => writePolicyDocument(state, "p2", doc("p2", 1), s(5)))).toBe("stale_stamp");
    const fromUs = writePolicyDocument(emptyPolicyState(), "p1", doc("p1", 9), s(50, "us"));
    const merged = mergePolicyStates(state, fromUs);
    expect(codeOf(() => writePolicyDocument(merged, "p1", doc("p1", 2), s(6)))).toBe("stale_stamp");
    expect(codeOf(() => setActivePointer(setActivePointer(merged, null, s(60, "us")), null, s(7)))).toBe("stale_stamp");
  });

  it("refuses bad policy ids", () => {
    expect(codeOf(() => writePolicyDocument(emptyPolicyState(), "__proto__", doc("x", 1), s(1)))).toBe("invalid_policy_id");
    expect(codeOf(() => removePolicyDocument(emptyPolicyState(), "a b", s(1)))).toBe("invalid_policy_id");
  });

  it("leaves the state untouched when removing a policy that is not there", () => {
    const state = writePolicyDocument(emptyPolicyState(), "p1", doc("p1", 1), s(1));
    expect(removePolicyDocument(state, "p9", s(2))).toBe(state);
  });
});
