/**
 * The Witness in workerd: it cosigns a log's heads only while each extends the last one it cosigned; a
 * split view (a second root for a size it cosigned) and an inconsistent larger head are refused with
 * distinct codes and recorded with both heads. The AuditLog asks for the cosignature when it signs a head,
 * and a witness outage leaves the head visibly uncosigned.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { base64Encode, createVerifier, MemoryNodeStore, MerkleLog, auditLeafBytes, signTreeHead, unsignedTreeHead, verifyCosignature } from "@nethical/core";
import { sampleLog } from "@nethical/core/audit/testing/sample-log.ts";
import { putTenantRecord } from "../residency/tenant-record.ts";
import { auditLogStub, witnessStub } from "../residency/placement.ts";
import { events } from "../audit-log/testing.ts";

function tenantId(prefix: string): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}

describe("Witness", () => {
  // @req SAFETY-P4
  it("refuses a split view (two heads of one size) and an inconsistent larger head, with distinct codes, and records them", async () => {
    const tenant = tenantId("wit");
    const witness = witnessStub(env, { tenant, residency: "any" });
    const s = await sampleLog(16, tenant);
    const first = await witness.cosign(tenant, await s.head(8), s.publicKey, [], 1);
    expect(first.ok).toBe(true);
    const extended = await witness.cosign(tenant, await s.head(12), s.publicKey, s.log.consistencyProof(8, 12).map(base64Encode), 2);
    expect(extended.ok).toBe(true);
    if (extended.ok) {
      const pinned = [createVerifier(extended.witness_public_key.key_id, extended.witness_public_key.jwk)];
      expect((await verifyCosignature(await s.head(12), extended.cosignature, pinned)).ok).toBe(true);
      expect((await verifyCosignature(await s.head(12, 99), extended.cosignature, pinned)).ok).toBe(false); // another head
    }

    // The operator's tree-head key signs a second history: leaf 3 changed.
    const fork = new MerkleLog(new MemoryNodeStore());
    fork.appendAll(s.events.map((e, i) => auditLeafBytes(i === 3 ? { ...e, decision: e.decision === "ALLOW" ? "BLOCK" : "ALLOW" } : e)));
    const forged12 = await signTreeHead(unsignedTreeHead(tenant, 12, fork.root(12), 3), s.signer);
    const split = await witness.cosign(tenant, forged12, s.publicKey, [], 3);
    expect(split).toMatchObject({ ok: false, code: "split_view" });

    const forged16 = await signTreeHead(unsignedTreeHead(tenant, 16, fork.root(16), 4), s.signer);
    const inconsistent = await witness.cosign(tenant, forged16, s.publicKey, fork.consistencyProof(12, 16).map(base64Encode), 4);
    expect(inconsistent).toMatchObject({ ok: false, code: "inconsistent_head" });

    const refusals = await witness.refusals(tenant);
    expect(refusals.map((r) => r.code)).toEqual(["inconsistent_head", "split_view"]);
    expect(refusals[1]!.last_head?.root_hash).toBe((await s.head(12)).root_hash);
    expect(refusals[1]!.offered_head.root_hash).toBe(forged12.root_hash);
    // The honest history still goes on.
    expect((await witness.cosign(tenant, await s.head(16), s.publicKey, s.log.consistencyProof(12, 16).map(base64Encode), 5)).ok).toBe(true);
  });

  it("refuses a head whose signature does not verify with the log key it came with", async () => {
    const tenant = tenantId("wit-sig");
    const s = await sampleLog(4, tenant);
    const other = await sampleLog(4, tenant);
    const answer = await witnessStub(env, { tenant, residency: "any" }).cosign(tenant, await s.head(), other.publicKey, [], 1);
    expect(answer).toMatchObject({ ok: false, code: "bad_signature" });
  });

  it("the AuditLog's tree head comes cosigned; the cosignature verifies with the witness key", async () => {
    const tenant = tenantId("wit-log");
    await putTenantRecord(env.POLICY_KV, { tenant, name: tenant, residency: "any", created_at: new Date().toISOString() });
    const log = auditLogStub(env, { tenant, residency: "any" });
    await log.append(tenant, events(tenant, 5));
    const a = await log.treeHead(tenant);
    expect(a.witness.status).toBe("cosigned");
    expect(a.cosignatures).toHaveLength(1);
    const key = await witnessStub(env, { tenant, residency: "any" }).publicKey(tenant);
    expect(key.key_id).not.toBe(a.public_key.key_id);
    expect((await verifyCosignature(a.tree_head, a.cosignatures[0]!, [createVerifier(key.key_id, key.jwk)])).ok).toBe(true);
    await log.append(tenant, events(tenant, 3, 5));
    const b = await log.treeHead(tenant);
    expect(b).toMatchObject({ tree_head: { tree_size: 8 }, witness: { status: "cosigned" } });
  });

  it("a witness that cannot be reached leaves the head uncosigned, visibly, and appends go on", async () => {
    const tenant = tenantId("wit-down"); // no tenant record: the witness cannot be addressed
    const log = env.AUDIT_LOG.get(env.AUDIT_LOG.idFromName(tenant));
    const appended = await log.append(tenant, events(tenant, 2));
    expect(appended.every((r) => r.status === "appended")).toBe(true);
    const head = await log.treeHead(tenant);
    expect(head.witness).toMatchObject({ status: "uncosigned", code: "unavailable" });
    expect(head.cosignatures).toEqual([]);
  });
});

describe("the witness key", () => {
  it("is WITNESS_SIGNING_KEY when set (not the tree-head key), and misconfigured outside development when unset", async () => {
    const { generateSoftwareSigner } = await import("@nethical/core");
    const { loadWitnessKey } = await import("./witness-key.ts");
    const generated = await generateSoftwareSigner("witness-test");
    const noSql = undefined as unknown as SqlStorage; // neither path below touches storage
    const key = await loadWitnessKey({ ENVIRONMENT: "production", WITNESS_SIGNING_KEY: JSON.stringify(generated.privateKeyJwk) }, noSql);
    expect(key.origin).toBe("secret");
    expect(key.publicKey.jwk.x).toBe(generated.publicKeyJwk.x);
    expect(key.publicKey.key_id).toMatch(/^witness-[0-9a-f]{16}$/);
    await expect(loadWitnessKey({ ENVIRONMENT: "production" }, noSql)).rejects.toThrow(/WITNESS_SIGNING_KEY is not set/);
    await expect(loadWitnessKey({ ENVIRONMENT: "production", WITNESS_SIGNING_KEY: "not json" }, noSql)).rejects.toThrow(/not JSON/);
  });
});
