import { describe, expect, it } from "vitest";
import { deltaSince } from "./delta.ts";
import { HlcError } from "./hlc.ts";
import type { PolicyDocumentVersion } from "./policy-document.ts";
import { readActivePointer, readPolicyDocument } from "./policy-state-queries.ts";
import { createReplica, replicaActivate, replicaDeltaFor, replicaReceive, replicaRemove, replicaWrite, restoreReplica } from "./replica.ts";
import { policyStateFromWire, policyStateToWire } from "./wire.ts";

const T = 1_700_000_000_000;
const doc = (version: number, author: string): PolicyDocumentVersion => ({
  policy_id: "p1",
  version,
  status: "quarantine",
  policy: { name: "p1" },
  author,
});

describe("replica", () => {
  it("lets an edit made after seeing another win, even with a slow local clock", () => {
    const eu = replicaWrite(createReplica("eu"), "p1", doc(1, "eu"), T + 60_000); // EU clock runs a minute fast
    let us = replicaReceive(createReplica("us"), replicaDeltaFor(eu, new Map()), T);
    us = replicaWrite(us, "p1", doc(2, "us"), T + 1); // later in causality, earlier by the US wall clock
    expect(readPolicyDocument(us.state, "p1")?.author).toBe("us");
    const euAfter = replicaReceive(eu, deltaSince(us.state, eu.state.vv), T + 60_001);
    expect(readPolicyDocument(euAfter.state, "p1")?.author).toBe("us");
  });

  it("refuses a delta from a peer whose clock runs too far ahead, leaving the replica unchanged", () => {
    const runaway = replicaWrite(createReplica("ap"), "p1", doc(1, "ap"), T + 3_600_000);
    const us = replicaWrite(createReplica("us"), "p2", { ...doc(1, "us"), policy_id: "p2" }, T);
    expect(() => replicaReceive(us, replicaDeltaFor(runaway, us.state.vv), T, { maxDriftMs: 60_000 })).toThrow(HlcError);
    expect(() => replicaReceive(us, replicaDeltaFor(runaway, us.state.vv), T)).toThrow(/ahead of local time/);
    expect(replicaReceive(us, replicaDeltaFor(runaway, us.state.vv), T, { maxDriftMs: 7_200_000 }).state.docs.size).toBe(2);
  });

  it("leaves the replica as it was when a delta carries nothing", () => {
    const eu = replicaWrite(createReplica("eu"), "p1", doc(1, "eu"), T);
    expect(replicaReceive(eu, replicaDeltaFor(createReplica("us"), eu.state.vv), T)).toBe(eu);
  });

  it("restores from persisted JSON with a clock past everything stored", () => {
    let eu = replicaWrite(createReplica("eu"), "p1", doc(1, "eu"), T + 5_000);
    eu = replicaActivate(eu, { policy_id: "p1", version: 1 }, T + 5_000);
    const restored = restoreReplica("eu", policyStateFromWire(JSON.parse(JSON.stringify(policyStateToWire(eu.state)))));
    const after = replicaRemove(replicaWrite(restored, "p1", doc(2, "eu"), T), "p1", T); // wall clock went back
    expect(after.state.docs.get("p1")?.value.version).toBe(2);
    expect(readPolicyDocument(after.state, "p1")).toBeUndefined();
    expect(readActivePointer(after.state)).toEqual({ policy_id: "p1", version: 1 });
  });
});
