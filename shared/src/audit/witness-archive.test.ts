import { describe, expect, it } from "vitest";
import { base64Encode } from "../merkle/base64.ts";
import { MemoryNodeStore } from "../merkle/node-store.ts";
import { MerkleLog } from "../merkle/merkle-log.ts";
import { signTreeHead, unsignedTreeHead } from "../merkle/tree-head.ts";
import { generateSoftwareSigner } from "../signing/software-signer.ts";
import { createVerifier } from "../signing/verifier.ts";
import { AUDIT_ARCHIVE_FORMAT, signTombstone, type ArchivedSegment } from "./archive.ts";
import { buildSegment } from "./build-segment.ts";
import { cosignTreeHead, verifyCosignature } from "./cosignature.ts";
import { auditLeafBytes } from "./leaf.ts";
import { sampleLog } from "./testing/sample-log.ts";
import { verifyArchive } from "./verify-archive.ts";
import { checkWitnessable } from "./witness-check.ts";

describe("the witness rule", () => {
  it("cosigns the first head, an extension with a valid proof, and the same head again", async () => {
    const s = await sampleLog(12);
    const h5 = await s.head(5);
    const h12 = await s.head(12);
    expect(checkWitnessable(null, h5, []).ok).toBe(true);
    const proof = s.log.consistencyProof(5, 12).map(base64Encode);
    expect(checkWitnessable(h5, h12, proof)).toMatchObject({ ok: true, same: false });
    expect(checkWitnessable(h12, await s.head(12, 99), [])).toMatchObject({ ok: true, same: true });
  });

  it("refuses a second root for the same size (split_view), a forked larger head and an older head", async () => {
    const s = await sampleLog(12);
    const fork = new MerkleLog(new MemoryNodeStore());
    fork.appendAll(s.events.map((e, i) => auditLeafBytes(i === 3 ? { ...e, decision: "ALLOW" } : e)));
    const forged = await signTreeHead(unsignedTreeHead("acme", 12, fork.root(12), 1), s.signer);
    const h8 = await s.head(8);
    expect(checkWitnessable(await s.head(12), forged, [])).toMatchObject({ ok: false, code: "split_view" });
    const forkProof = fork.consistencyProof(8, 12).map(base64Encode);
    expect(checkWitnessable(h8, forged, forkProof)).toMatchObject({ ok: false, code: "inconsistent_head" });
    expect(checkWitnessable(await s.head(12), h8, [])).toMatchObject({ ok: false, code: "stale_head" });
  });

  it("a cosignature verifies for its head only and only with the pinned witness key", async () => {
    const s = await sampleLog(4);
    const witness = await generateSoftwareSigner("witness-test");
    const other = await generateSoftwareSigner("witness-test");
    const head = await s.head();
    const cosig = await cosignTreeHead(head, witness.signer, 1000);
    const pinned = [createVerifier("witness-test", witness.publicKeyJwk)];
    expect((await verifyCosignature(head, cosig, pinned)).ok).toBe(true);
    expect((await verifyCosignature(await s.head(3), cosig, pinned)).ok).toBe(false);
    expect((await verifyCosignature(head, cosig, [createVerifier("witness-test", other.publicKeyJwk)])).ok).toBe(false);
  });
});

async function archiveOf(size: number, cuts: number[]) {
  const s = await sampleLog(size);
  const witness = await generateSoftwareSigner("witness-test");
  const keyList = { log_id: "acme", current_key_id: s.signer.keyId, keys: [{ key_id: s.signer.keyId, jwk: s.publicKey.jwk, status: "current" as const }] };
  const bounds = [0, ...cuts, size];
  const objects: ArchivedSegment[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const from = bounds[k]!;
    const to = bounds[k + 1]!;
    const head = await s.head(to);
    const segment = buildSegment({
      log: s.log,
      entries: s.events.slice(from, to).map((event, i) => ({ leaf_index: from + i, event })),
      treeHead: head,
      ...(from > 0 ? { previousTreeHead: await s.head(from, 5) } : {}),
      publicKey: s.publicKey,
    });
    objects.push({ format: AUDIT_ARCHIVE_FORMAT, log_id: "acme", tier: "hot", from_leaf: from, to_leaf: to, sealed_at: head.timestamp, segment, key_list: keyList, cosignatures: [await cosignTreeHead(head, witness.signer, 7)] });
  }
  return { s, objects, witness: [createVerifier("witness-test", witness.publicKeyJwk)] };
}

describe("verifying an archive from its objects alone", () => {
  it("verifies the chain of segments, their cosignatures, and completeness", async () => {
    const { objects, witness } = await archiveOf(20, [7, 13]);
    const report = await verifyArchive([...objects].reverse(), { witnessKeys: witness, completeRange: { from_leaf: 0, to_leaf: 20 } });
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report).toMatchObject({ ok: true, segments: 3, leaves_verified: 20, cosigned: 3, uncosigned: 0 });
  });

  // @req REQ-AUDIT-TAMPER-EVIDENT
  it("a removed segment is MISSING; the same range under a signed tombstone is 'deleted by retention rule'", async () => {
    const { s, objects } = await archiveOf(20, [7, 13]);
    const without = objects.filter((o) => o.from_leaf !== 7);
    const gap = await verifyArchive(without, { completeRange: { from_leaf: 0, to_leaf: 20 } });
    expect(gap.ok).toBe(false);
    expect(gap.coverage).toContainEqual(expect.objectContaining({ from_leaf: 7, to_leaf: 13, status: "missing" }));
    const removed = objects.find((o) => o.from_leaf === 7)!;
    const tombstone = await signTombstone(
      { log_id: "acme", from_leaf: 7, to_leaf: 13, tree_head: removed.segment.tree_head, previous_tree_head: removed.segment.previous_tree_head, consistency_proof: removed.segment.consistency_proof, rule: { id: "acme/retention", retention_days: 2557 }, deleted_at: Date.UTC(2026, 0, 3), admin_event_id: "adm-1" },
      s.signer,
    );
    const ok = await verifyArchive([...without, tombstone], { completeRange: { from_leaf: 0, to_leaf: 20 } });
    expect(ok.checks.filter((c) => !c.ok)).toEqual([]);
    expect(ok.coverage).toContainEqual(expect.objectContaining({ from_leaf: 7, to_leaf: 13, status: "deleted" }));
    expect(ok.checks.find((c) => c.name === "completeness")?.detail).toMatch(/retention rule "acme\/retention"/);
    const forged = { ...tombstone, rule: { ...tombstone.rule, retention_days: 1 } };
    expect((await verifyArchive([...without, forged])).ok).toBe(false);
  });

  it("refuses a segment whose previous head is of another history", async () => {
    const { objects } = await archiveOf(20, [7, 13]);
    const tampered = structuredClone(objects);
    tampered[2]!.segment.previous_tree_head!.root_hash = base64Encode(new Uint8Array(32).fill(9));
    expect((await verifyArchive(tampered)).ok).toBe(false);
  });
});
