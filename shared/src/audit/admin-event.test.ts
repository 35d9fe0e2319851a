/**
 * Admin audit events: the schema refuses secrets, bad actions and deep or large before/after; decision
 * leaves are byte-for-byte what they were (no `kind` field is added to them); a segment mixing decisions
 * and admin events verifies, and altering an admin event's actor breaks exactly its leaf.
 */
import { describe, expect, it } from "vitest";
import { MemoryNodeStore } from "../merkle/node-store.ts";
import { MerkleLog } from "../merkle/merkle-log.ts";
import { signTreeHead, unsignedTreeHead } from "../merkle/tree-head.ts";
import { generateSoftwareSigner } from "../signing/software-signer.ts";
import { buildAdminEvent, isAdminEvent, MAX_ADMIN_STATE_BYTES, type AdminEventInput } from "./admin-event.ts";
import { buildSegment } from "./build-segment.ts";
import { auditLeafBytes } from "./leaf.ts";
import { parseLogEvent, type LogEvent } from "./log-event.ts";
import { sampleAuditEvent } from "./testing/sample-log.ts";
import { verifySegment } from "./verify-segment.ts";

const AT = { eventId: "adm-1", time: Date.UTC(2026, 11, 5, 17, 0, 0) };
const BASE: AdminEventInput = {
  tenant: "acme",
  actor: { key_id: "3f2a9c01d4e5b6a7", role: "admin" },
  action: "key.revoke",
  target: { type: "api_key", id: "0123456789abcdef" },
  before: { revoked_at: null, role: "agent" },
  after: { revoked_at: "2026-12-05T17:00:00.000Z", role: "agent" },
};

describe("admin event schema", () => {
  it("builds a strict event with kind admin, the actor, target and before/after", () => {
    const event = buildAdminEvent({ ...BASE, reason: "rotated" }, AT);
    expect(event).toEqual({ kind: "admin", event_id: "adm-1", tenant: "acme", time: "2026-12-05T17:00:00.000Z", actor: BASE.actor, action: "key.revoke", target: BASE.target, before: BASE.before, after: BASE.after, reason: "rotated" });
    expect(isAdminEvent(event)).toBe(true);
    expect(isAdminEvent(sampleAuditEvent(0))).toBe(false);
    expect(buildAdminEvent({ ...BASE, before: undefined, after: undefined }, AT)).toMatchObject({ before: null, after: null });
  });

  it("refuses a field named like a secret anywhere in before/after", () => {
    for (const before of [{ secret: "x" }, { api_key: "x" }, { nested: { token: "t" } }, { list: [{ password: "p" }] }, { key: "k" }, { private_jwk: {} }]) {
      expect(() => buildAdminEvent({ ...BASE, before }, AT), JSON.stringify(before)).toThrow(/must not hold secrets/);
    }
    // Ids, hashes and key ids are fine.
    expect(() => buildAdminEvent({ ...BASE, before: { key_id: "k", hash: "ab", agent_ids: ["a"] } }, AT)).not.toThrow();
  });

  it("refuses actions that are not noun.verb, unknown fields, and before/after too deep or too large", () => {
    for (const action of ["revoke", "Key.Revoke", "key.revoke.now", "key-revoke"]) expect(() => buildAdminEvent({ ...BASE, action }, AT), action).toThrow();
    expect(() => buildAdminEvent({ ...BASE, after: { a: { b: { c: { d: 1 } } } } }, AT)).toThrow(/nest at most/);
    expect(() => buildAdminEvent({ ...BASE, after: { a: { b: { c: 1 } } } }, AT)).not.toThrow();
    expect(() => buildAdminEvent({ ...BASE, after: { blob: "x".repeat(MAX_ADMIN_STATE_BYTES) } }, AT)).toThrow(/at most/);
    expect(parseLogEvent({ ...buildAdminEvent(BASE, AT), extra: 1 }).ok).toBe(false);
    expect(parseLogEvent({ ...buildAdminEvent(BASE, AT), kind: "other" }).ok).toBe(false);
  });
});

describe("decision leaves are unchanged", () => {
  it("a decision event's leaf is its canonical JSON with no kind field, as before admin events existed", () => {
    const decision = sampleAuditEvent(7);
    const text = new TextDecoder().decode(auditLeafBytes(decision));
    expect(text).not.toContain('"kind"');
    expect(text.startsWith('{"agent_id":"agent-1","decision":"TERMINATE","event_id":"evt-acme-000007",')).toBe(true);
    const parsed = parseLogEvent(decision);
    expect(parsed.ok && auditLeafBytes(parsed.event)).toEqual(auditLeafBytes(decision));
  });
});

describe("a segment mixing decisions and admin events", () => {
  it("verifies; altering an admin event's actor fails exactly that leaf", async () => {
    const events: LogEvent[] = [sampleAuditEvent(0), buildAdminEvent(BASE, AT), sampleAuditEvent(1), buildAdminEvent({ ...BASE, action: "agent.reinstate", target: { type: "agent", id: "agent-1" } }, { ...AT, eventId: "adm-2" })];
    const log = new MerkleLog(new MemoryNodeStore());
    log.appendAll(events.map(auditLeafBytes));
    const { signer, publicKeyJwk } = await generateSoftwareSigner("audit-test");
    const head = await signTreeHead(unsignedTreeHead("acme", log.size, log.root(log.size), Date.UTC(2026, 11, 6)), signer);
    const segment = buildSegment({ log, entries: events.map((event, leaf_index) => ({ leaf_index, event })), treeHead: head, publicKey: { key_id: signer.keyId, jwk: { kty: "OKP", crv: "Ed25519", x: String(publicKeyJwk.x) } } });
    const report = await verifySegment(segment);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.entries_verified).toBe(4);
    const tampered = structuredClone(segment);
    (tampered.entries[1]!.event as { actor: { key_id: string } }).actor.key_id = "someone-else";
    const bad = await verifySegment(tampered);
    expect(bad.ok).toBe(false);
    expect(bad.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(["leaf 1"]);
  });
});
