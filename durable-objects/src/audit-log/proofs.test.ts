/**
 * What the AuditLog proves, checked with core's verifiers and nothing from the Durable Object: tree
 * heads signed by the published key, inclusion proofs of each event against the signed head, consistency
 * between two signed heads, and exported segments that `verifySegment` accepts.
 */
import { describe, expect, it } from "vitest";
import {
  auditLeafHash,
  base64Decode,
  createVerifier,
  verifyConsistency,
  verifyInclusion,
  verifySegment,
  verifyTreeHead,
} from "@nethical/core";
import { events, freshLog } from "./testing.ts";

describe("AuditLog proofs", () => {
  it("signs tree heads with the published key, and re-signs only when the log grew", async () => {
    const { tenant, stub } = freshLog("head");
    await stub.append(tenant, events(tenant, 3));
    const a = await stub.treeHead(tenant);
    expect(a.tree_head).toMatchObject({ log_id: tenant, tree_size: 3 });
    expect(await verifyTreeHead(a.tree_head, createVerifier(a.public_key.key_id, a.public_key.jwk))).toEqual({ ok: true });
    expect((await stub.treeHead(tenant)).tree_head).toEqual(a.tree_head);
    await stub.append(tenant, events(tenant, 1, 3));
    expect((await stub.treeHead(tenant)).tree_head.tree_size).toBe(4);
  });

  it("proves every event's inclusion against the signed head", async () => {
    const { tenant, stub } = freshLog("incl");
    const batch = events(tenant, 11);
    await stub.append(tenant, batch);
    for (const event of batch) {
      const p = await stub.proof(tenant, event.event_id);
      expect(p).not.toBeNull();
      expect(p!.event).toEqual(event);
      const verifier = createVerifier(p!.public_key.key_id, p!.public_key.jwk);
      expect(await verifyTreeHead(p!.tree_head, verifier)).toEqual({ ok: true });
      const claim = { leafIndex: p!.leaf_index, treeSize: p!.tree_head.tree_size, leafHash: auditLeafHash(event), proof: p!.inclusion_proof.map(base64Decode), rootHash: base64Decode(p!.tree_head.root_hash) };
      expect(verifyInclusion(claim)).toEqual({ ok: true });
      expect(verifyInclusion({ ...claim, leafHash: auditLeafHash({ ...event, risk_score: 1 }) }).ok).toBe(false);
    }
    expect(await stub.proof(tenant, "no-such-event")).toBeNull();
  });

  it("proves consistency between an old and a new signed head", async () => {
    const { tenant, stub } = freshLog("cons");
    await stub.append(tenant, events(tenant, 6));
    const old = (await stub.treeHead(tenant)).tree_head;
    await stub.append(tenant, events(tenant, 9, 6));
    const answer = await stub.consistency(tenant, 6);
    if (!answer.ok) throw new Error(answer.message);
    const result = answer.consistency;
    expect(result.from_tree_head.root_hash).toBe(old.root_hash);
    expect(result.to_tree_head.tree_size).toBe(15);
    const check = { size1: 6, size2: 15, root1: base64Decode(old.root_hash), root2: base64Decode(result.to_tree_head.root_hash), proof: result.proof.map(base64Decode) };
    expect(verifyConsistency(check)).toEqual({ ok: true });
    expect(await stub.consistency(tenant, 0)).toMatchObject({ ok: false, code: "bad_range", message: expect.stringMatching(/1 ≤ from/) });
    expect(await stub.consistency(tenant, 3, 99)).toMatchObject({ ok: false, code: "bad_range", message: expect.stringMatching(/15/) });
  });

  it("exports segments (leaf range, filter, with an earlier head) that verify offline", async () => {
    const { tenant, stub } = freshLog("export");
    await stub.append(tenant, events(tenant, 20));
    const range = await stub.exportSegment(tenant, { from_leaf: 5, to_leaf: 12, since_tree_size: 7 });
    expect(range.entries.map((e) => e.leaf_index)).toEqual([5, 6, 7, 8, 9, 10, 11]);
    expect(range.previous_tree_head?.tree_size).toBe(7);
    expect((await verifySegment(range)).ok).toBe(true);
    const blocks = await stub.exportSegment(tenant, { decision: "BLOCK" });
    expect(blocks.entries.length).toBe(5);
    expect(blocks.entries.every((e) => (e.event as { decision: string }).decision === "BLOCK")).toBe(true);
    expect((await verifySegment(blocks)).ok).toBe(true);
    const tampered = structuredClone(blocks);
    (tampered.entries[0]!.event as { decision: string }).decision = "ALLOW";
    expect((await verifySegment(tampered)).ok).toBe(false);
  });
});
