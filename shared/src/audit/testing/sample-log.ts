/**
 * Test fixtures: well-formed audit events and a signed in-memory log of them, deterministic except for
 * the generated signing key.
 */
import { MemoryNodeStore } from "../../merkle/node-store.ts";
import { MerkleLog } from "../../merkle/merkle-log.ts";
import { signTreeHead, unsignedTreeHead, type TreeHead } from "../../merkle/tree-head.ts";
import type { Signer } from "../../signing/keys.ts";
import { generateSoftwareSigner } from "../../signing/software-signer.ts";
import type { AuditEvent } from "../event.ts";
import { auditLeafBytes } from "../leaf.ts";
import type { AuditPublicKey } from "../segment.ts";

/**
 * The `i`-th event of `tenant`'s log, one second apart from 2026-01-01T00:00:00Z.
 *
 * @example
 * sampleAuditEvent(3, { decision: "BLOCK" }).event_id; // "evt-acme-000003"
 */
export function sampleAuditEvent(i: number, overrides: Partial<AuditEvent> = {}): AuditEvent {
  const tenant = overrides.tenant ?? "acme";
  const decision = (["ALLOW", "RESTRICT", "BLOCK", "TERMINATE"] as const)[i % 4] as AuditEvent["decision"];
  return {
    event_id: `evt-${tenant}-${String(i).padStart(6, "0")}`,
    tenant,
    agent_id: `agent-${i % 3}`,
    time: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    request_hash: i.toString(16).padStart(64, "0"),
    decision,
    risk_score: (i % 10) / 10,
    violations: [],
    obligations: [],
    explanation: { summary: `${decision} (sample ${i})`, decided_by: [], laws: [], risk_features: { base: 0.1 } },
    policy_version: "1.abcdefabcdef",
    policy_hash: "ab".repeat(32),
    latency_ms: 0.5,
    source: "edge-worker",
    ...overrides,
  };
}

/** A signed log of sample events. */
export interface SampleLog {
  log: MerkleLog;
  events: AuditEvent[];
  signer: Signer;
  publicKey: AuditPublicKey;
  /** Sign the head of the first `size` leaves (default all) at `timestamp`. */
  head(size?: number, timestamp?: number): Promise<TreeHead>;
}

/**
 * A MerkleLog holding `count` sample events of `tenant`, and a fresh Ed25519 signer for its heads.
 *
 * @example
 * const { log, events, head, publicKey } = await sampleLog(10);
 * const sth = await head(); // signed head of size 10
 */
export async function sampleLog(count: number, tenant = "acme"): Promise<SampleLog> {
  const log = new MerkleLog(new MemoryNodeStore());
  const events = Array.from({ length: count }, (_, i) => sampleAuditEvent(i, { tenant }));
  log.appendAll(events.map(auditLeafBytes));
  const { signer, publicKeyJwk } = await generateSoftwareSigner("audit-test");
  const publicKey: AuditPublicKey = { key_id: signer.keyId, jwk: { kty: "OKP", crv: "Ed25519", x: String(publicKeyJwk.x) } };
  return {
    log,
    events,
    signer,
    publicKey,
    head: (size = log.size, timestamp = Date.UTC(2026, 0, 2)) => signTreeHead(unsignedTreeHead(tenant, size, log.root(size), timestamp), signer),
  };
}
