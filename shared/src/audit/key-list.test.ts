/**
 * The tree-head key list across a rotation: segments exported before (old key) and after (new key) both
 * verify against one list; a head by a revoked key stamped after its revocation, a head outside its key's
 * window, an unlisted key and a substituted key are each refused with their own code.
 */
import { describe, expect, it } from "vitest";
import { buildSegment } from "./build-segment.ts";
import { checkHeadKey, withStatus, type AuditKeyConfig } from "./key-list.ts";
import { verifySegment } from "./verify-segment.ts";
import { sampleLog } from "./testing/sample-log.ts";
import { signTreeHead, unsignedTreeHead } from "../merkle/tree-head.ts";
import { generateSoftwareSigner } from "../signing/software-signer.ts";

const T = (iso: string) => Date.parse(iso);

async function rotated() {
  const log = await sampleLog(20);
  const next = await generateSoftwareSigner("audit-2027");
  const nextPublic = { key_id: next.signer.keyId, jwk: { kty: "OKP" as const, crv: "Ed25519" as const, x: String(next.publicKeyJwk.x) } };
  const keys: AuditKeyConfig[] = [
    { ...log.publicKey, not_before: "2026-01-01T00:00:00Z", not_after: "2026-06-30T23:59:59Z" },
    { ...nextPublic, not_before: "2026-07-01T00:00:00Z" },
  ];
  const oldHead = await log.head(12, T("2026-03-01T00:00:00Z"));
  const newHead = await signTreeHead(unsignedTreeHead("acme", 20, log.log.root(20), T("2026-08-01T00:00:00Z")), next.signer);
  const entries = log.events.slice(0, 12).map((event, i) => ({ leaf_index: i, event }));
  const before = buildSegment({ log: log.log, entries, treeHead: oldHead, publicKey: log.publicKey });
  const after = buildSegment({ log: log.log, entries, treeHead: newHead, publicKey: nextPublic });
  return { log, next, nextPublic, keys, before, after, oldHead, newHead };
}

describe("tree-head key list", () => {
  it("a segment exported before the rotation and one exported after both verify against the list", async () => {
    const { keys, before, after } = await rotated();
    for (const segment of [before, after]) {
      const report = await verifySegment(segment, { keyList: keys });
      expect(report.checks.filter((c) => !c.ok)).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.key_from_segment).toBe(false);
    }
  });

  it("statuses: current, retired, revoked", async () => {
    const { keys, nextPublic } = await rotated();
    const revoked = [{ ...(keys[0] as AuditKeyConfig), revoked_at: "2026-09-01T00:00:00Z" }, keys[1] as AuditKeyConfig];
    expect(withStatus(keys, nextPublic.key_id).map((k) => k.status)).toEqual(["retired", "current"]);
    expect(withStatus(revoked, nextPublic.key_id).map((k) => k.status)).toEqual(["revoked", "current"]);
  });

  it("a head by a revoked key stamped after the revocation is refused as key_revoked; before it, accepted with a caveat", async () => {
    const { keys, log, before } = await rotated();
    const revoked: AuditKeyConfig[] = [{ ...(keys[0] as AuditKeyConfig), not_after: undefined, revoked_at: "2026-05-01T00:00:00Z", revocation_reason: "token lost" }, keys[1] as AuditKeyConfig];
    const forged = await log.head(12, T("2026-05-02T00:00:00Z"));
    const verdict = checkHeadKey(forged, revoked);
    expect(verdict).toMatchObject({ ok: false, code: "key_revoked" });
    expect(verdict.ok ? "" : verdict.detail).toMatch(/^REVOKED KEY: .* revoked at 2026-05-01T00:00:00Z \(token lost\)/);
    const segment = buildSegment({ log: log.log, entries: [], treeHead: forged, publicKey: log.publicKey });
    const report = await verifySegment(segment, { keyList: revoked });
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === "tree head key")?.detail).toMatch(/^\[key_revoked\] REVOKED KEY/);
    const earlier = await verifySegment(before, { keyList: revoked });
    expect(earlier.ok).toBe(true);
    expect(earlier.checks.find((c) => c.name === "tree head key")?.detail).toMatch(/revoked later/);
  });

  it("outside the window, unknown and substituted keys are refused, each with its code", async () => {
    const { keys, log, next, nextPublic, newHead } = await rotated();
    const late = await log.head(12, T("2026-08-01T00:00:00Z")); // old key after its not_after
    expect(checkHeadKey(late, keys)).toMatchObject({ ok: false, code: "outside_window" });
    expect(checkHeadKey(newHead, [keys[0] as AuditKeyConfig])).toMatchObject({ ok: false, code: "unknown_key" });
    const stranger = await generateSoftwareSigner(next.signer.keyId);
    expect(checkHeadKey(newHead, keys, { key_id: nextPublic.key_id, jwk: { x: String(stranger.publicKeyJwk.x) } })).toMatchObject({ ok: false, code: "key_mismatch" });
    // A head signed by a stranger under the listed id fails the signature check, not the key check.
    const forged = await signTreeHead(unsignedTreeHead("acme", 20, log.log.root(20), T("2026-08-01T00:00:00Z")), stranger.signer);
    const report = await verifySegment(buildSegment({ log: log.log, entries: [], treeHead: forged, publicKey: nextPublic }), { keyList: keys });
    expect(report.checks.find((c) => c.name === "tree head key")?.ok).toBe(true);
    expect(report.checks.find((c) => c.name === "tree head signature")?.ok).toBe(false);
  });
});
