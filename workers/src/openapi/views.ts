/**
 * Zod schemas of the answers the Durable Objects give the routes (their TypeScript interfaces live in
 * @nethical/durable-objects: AgentView, VersionInfo, BundleMeta, EventProof, …), named for the API
 * description. The contract test checks real answers against them, so a drift between an interface and
 * its schema fails a test.
 */
import { z } from "zod";
import { AuditEventSchema, AuditKeyListSchema, AuditPublicKeySchema } from "@nethical/core";
import { AdminAuditEvent, AuditEvent, named, TreeHead } from "./components.ts";

const Counts = z.object({ ALLOW: z.number().int(), RESTRICT: z.number().int(), BLOCK: z.number().int(), TERMINATE: z.number().int() }).strict();

/** The audit log's public key (Ed25519 JWK). */
export const AuditPublicKey = named("AuditPublicKey", AuditPublicKeySchema);

/** `GET /v2/agents/{agent_id}`: an agent's state (durable-objects/src/agent-state/agent-view.ts). */
export const AgentView = named(
  "AgentView",
  z
    .object({
      tenant: z.string(),
      agent_id: z.string(),
      seq: z.number().int().describe("Sequence number of the agent's latest decision (0: none yet)"),
      requests: z.number().int(),
      violations: z.number().int(),
      strikes: z.number().int().describe("Strikes since the last reinstatement (the default repeat-offender rule counts these)"),
      decisions: Counts,
      terminated: z.boolean(),
      terminated_reason: z.string().nullable(),
      terminated_at: z.string().nullable(),
      terminated_seq: z.number().int().nullable(),
      terminated_decision_id: z.string().nullable(),
      rate_limit: z.object({ limit: z.number(), remaining: z.number(), reset_s: z.number() }).strict(),
      policy: z.object({ seq: z.number().int(), hash: z.string() }).strict().nullable(),
      first_seen: z.string(),
      last_seen: z.string(),
      reinstatements: z.array(z.object({ at: z.string(), operator_key_id: z.string(), reason: z.string(), terminated_seq: z.number().int().nullable() }).strict()),
    })
    .strict(),
);

/** One policy version (durable-objects/src/policy-store/policy-versions.ts). */
export const PolicyVersion = named(
  "PolicyVersion",
  z
    .object({
      policy_id: z.string(),
      version: z.number().int(),
      status: z.enum(["quarantine", "canary", "active", "deprecated"]),
      hash: z.string(),
      canary_percent: z.number().nullable(),
      seq: z.number().int().nullable().describe("The seq of the bundle signed for it while active or canary"),
      author: z.string().nullable(),
      note: z.string().nullable(),
      policy: z.unknown().optional().describe("The document, with `?include=policy`"),
    })
    .strict(),
);

/** A policy and its versions. */
export const PolicyWithVersions = named("PolicyWithVersions", z.object({ policy_id: z.string(), versions: z.array(PolicyVersion) }).strict());

/** The active bundle's metadata (durable-objects/src/policy-store/bundle-meta.ts). */
export const BundleMeta = named(
  "BundleMeta",
  z
    .object({
      tenant: z.string(),
      seq: z.number().int(),
      hash: z.string(),
      policy_version: z.string(),
      signed: z.boolean(),
      key_id: z.string().nullable(),
    })
    .strict(),
);

/** A finding of the policy analysis (`nethical lint`). */
export const PolicyFinding = named(
  "PolicyFinding",
  z.object({ severity: z.enum(["error", "warning", "info"]), code: z.string(), path: z.string(), message: z.string(), rules: z.array(z.string()) }).strict(),
);

/** `GET /v2/audit/tree-head`: the latest signed head and the key that signed it. */
export const SignedHead = named("SignedHead", z.object({ tree_head: TreeHead, public_key: AuditPublicKey }).strict());

/** `GET /v2/audit/{id}`: the event, its leaf index and its inclusion proof against the latest signed head. */
export const EventProof = named(
  "EventProof",
  z
    .object({
      tree_head: TreeHead,
      public_key: AuditPublicKey,
      event: z.union([AuditEvent, AdminAuditEvent]).describe("A decision event, or an admin event (`kind: \"admin\"`)"),
      leaf_index: z.number().int().min(0),
      inclusion_proof: z.array(z.string()).describe("Sibling hashes (padded base64), leaf to root (RFC 6962)"),
    })
    .strict(),
);

/** `GET /v2/audit/consistency`: proof that the later head extends the earlier one. */
export const ConsistencyProof = named(
  "ConsistencyProof",
  z.object({ from_tree_head: TreeHead, to_tree_head: TreeHead, proof: z.array(z.string()), public_key: AuditPublicKey }).strict(),
);

/** `GET /v2/audit/keys`: every tree-head key with its window and status. */
export const AuditKeyList = named("AuditKeyList", AuditKeyListSchema);

/** `GET /v2/audit/status`. */
export const AuditStatus = named(
  "AuditStatus",
  z
    .object({
      tree_size: z.number().int(),
      pending_db: z.number().int().describe("Events Postgres does not hold yet"),
      refused_db: z.number().int().describe("Events Postgres refused for their content: kept, signed and provable, in the AuditLog only"),
      database: z.enum(["postgres", "none"]),
      signing_key: z.string().describe("Which tree-head signer: `remote` (a KMS over HTTP), `secret` (AUDIT_SIGNING_KEY) or `development`"),
      latest_tree_head: TreeHead.nullable(),
    })
    .strict(),
);

/** A recorded decision (`GET /v2/decisions/{id}`): the audit event plus where it is in the log. */
export const DecisionRecord = named(
  "DecisionRecord",
  AuditEventSchema.safeExtend({
    decision_id: z.string(),
    leaf_index: z.number().int().min(0),
    proof: z.string().describe("Path of the event's inclusion proof (GET /v2/audit/{id})"),
  }),
);
