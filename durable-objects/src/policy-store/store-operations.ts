/**
 * The PolicyStore's operations on its replica, as functions of (replica, input, now) → replica: seeding a
 * tenant, new versions, applying a transition plan, `PUT /v2/policies/active`, installing a verified bundle,
 * and publishing what the active pointer and canary require. The Durable Object (policy-store.ts) only
 * serialises, persists and does I/O.
 */
import {
  defaultPolicy,
  replicaActivate,
  replicaWrite,
  type PolicyBundle,
  type PolicyDocument,
  type PolicyDocumentVersion,
  type PolicyReplica,
  type PolicyState,
  type Signer,
} from "@nethical/core";
import { appendBundle } from "./bundle-table.ts";
import { planActive, signed } from "./publish.ts";
import {
  activeVersion,
  allVersions,
  highestSeq,
  nextVersion,
  versionInfo,
  versionKey,
  type VersionInfo,
} from "./policy-versions.ts";
import type { TransitionPlan } from "./transition.ts";

export { publishCanary } from "./canary.ts";

/** The policy id of the default policy a tenant starts with (and of `PUT /v2/policies/active` when none is active). */
export const DEFAULT_POLICY_ID = "default";

/**
 * A new tenant: the default policy as `default` v1, active as seq 1.
 *
 * @example
 * replica = seedDefault(replica, Date.now());
 */
export function seedDefault(replica: PolicyReplica, now: number): PolicyReplica {
  const doc: PolicyDocumentVersion = { policy_id: DEFAULT_POLICY_ID, version: 1, status: "active", policy: defaultPolicy(), seq: 1 };
  const written = replicaWrite(replica, versionKey(DEFAULT_POLICY_ID, 1), doc, now);
  return replicaActivate(written, { policy_id: DEFAULT_POLICY_ID, version: 1, seq: 1 }, now);
}

/**
 * Describe a version for the API.
 *
 * @example
 * infoOf(plan.result).status; // "canary"
 */
export function infoOf(doc: PolicyDocumentVersion): VersionInfo {
  return versionInfo(doc);
}

/**
 * Every policy and its versions.
 *
 * @example
 * listPolicies(state); // [{ policy_id: "default", versions: [...] }]
 */
export function listPolicies(state: PolicyState): { policy_id: string; versions: VersionInfo[] }[] {
  const out = new Map<string, VersionInfo[]>();
  for (const v of allVersions(state)) {
    const list = out.get(v.policy_id) ?? [];
    list.push(versionInfo(v));
    out.set(v.policy_id, list);
  }
  return [...out].map(([policy_id, versions]) => ({ policy_id, versions }));
}

/**
 * One policy's versions, optionally with their documents; null when it has none.
 *
 * @example
 * getPolicy(state, "payments", true)?.versions[0]?.policy;
 */
export function getPolicy(state: PolicyState, policyId: string, withDocuments: boolean): { policy_id: string; versions: (VersionInfo & { policy?: unknown })[] } | null {
  const versions = allVersions(state).filter((v) => v.policy_id === policyId);
  if (versions.length === 0) return null;
  return { policy_id: policyId, versions: versions.map((v) => (withDocuments ? { ...versionInfo(v), policy: v.policy } : versionInfo(v))) };
}

/**
 * Write a new quarantined version of `policyId`.
 *
 * @example
 * const { replica: next, info } = writeNewVersion(replica, "payments", doc, { note: "tighten" }, now);
 */
export function writeNewVersion(
  replica: PolicyReplica,
  policyId: string,
  policy: PolicyDocument,
  meta: { author?: string; note?: string },
  now: number,
): { replica: PolicyReplica; info: VersionInfo } {
  const version = nextVersion(replica.state, policyId);
  const doc: PolicyDocumentVersion = { policy_id: policyId, version, status: "quarantine", policy };
  if (meta.author !== undefined) doc.author = meta.author;
  if (meta.note !== undefined) doc.note = meta.note;
  return { replica: replicaWrite(replica, versionKey(policyId, version), doc, now), info: versionInfo(doc) };
}

/**
 * Apply a transition plan: its whole-document writes, then the pointer.
 *
 * @example
 * replica = applyPlan(replica, plan, now);
 */
export function applyPlan(replica: PolicyReplica, plan: TransitionPlan, now: number): PolicyReplica {
  let next = replica;
  for (const doc of plan.writes) next = replicaWrite(next, versionKey(doc.policy_id, doc.version), doc, now);
  return plan.pointer === null ? next : replicaActivate(next, plan.pointer, now);
}

function activateNew(replica: PolicyReplica, policyId: string, policy: unknown, seq: number, now: number, note: string): PolicyReplica {
  const version = nextVersion(replica.state, policyId);
  const doc: PolicyDocumentVersion = { policy_id: policyId, version, status: "active", policy, seq, note };
  const current = activeVersion(replica.state)?.doc;
  let next = replica;
  if (current !== undefined) next = replicaWrite(next, versionKey(current.policy_id, current.version), { ...current, status: "deprecated" }, now);
  next = replicaWrite(next, versionKey(policyId, version), doc, now);
  return replicaActivate(next, { policy_id: policyId, version, seq }, now);
}

/**
 * `PUT /v2/policies/active`: a new version of the active policy (or `default`), active at once.
 *
 * @example
 * replica = writeAndActivate(replica, doc, now);
 */
export function writeAndActivate(replica: PolicyReplica, policy: PolicyDocument, now: number): PolicyReplica {
  const policyId = activeVersion(replica.state)?.doc.policy_id ?? DEFAULT_POLICY_ID;
  return activateNew(replica, policyId, policy, highestSeq(replica.state) + 1, now, "set via PUT /v2/policies/active");
}

/**
 * Record a verified bundle made elsewhere as a new active version carrying the bundle's own seq.
 *
 * @example
 * replica = installVersion(replica, verifiedBundle, now);
 */
export function installVersion(replica: PolicyReplica, bundle: PolicyBundle, now: number): PolicyReplica {
  const policyId = activeVersion(replica.state)?.doc.policy_id ?? DEFAULT_POLICY_ID;
  return activateNew(replica, policyId, bundle.policy, bundle.seq, now, `installed bundle ${bundle.seq}`);
}

/**
 * Publish what the active pointer requires: sign and record a new bundle, or re-issue the winner of
 * concurrent activations under a fresh seq. Returns the (possibly re-stamped) replica and the new bundles.
 *
 * @example
 * const { replica: next, published } = await publishActive(sql, "acme", replica, signer, now);
 */
export async function publishActive(
  sql: SqlStorage,
  tenant: string,
  replica: PolicyReplica,
  signer: Signer,
  now: number,
): Promise<{ replica: PolicyReplica; published: PolicyBundle[] }> {
  let current = replica;
  const published: PolicyBundle[] = [];
  for (let round = 0; round < 2; round++) {
    const active = activeVersion(current.state);
    const plan = await planActive(sql, tenant, active, highestSeq(current.state));
    if (plan.kind === "none" || active === null) break;
    if (plan.kind === "publish") {
      const bundle = await signed(plan.bundle, signer);
      appendBundle(sql, bundle, now);
      published.push(bundle);
      break;
    }
    const pointer = { policy_id: active.doc.policy_id, version: active.doc.version, seq: plan.seq };
    current = replicaWrite(current, versionKey(pointer.policy_id, pointer.version), { ...active.doc, seq: plan.seq }, now);
    current = replicaActivate(current, pointer, now);
  }
  return { replica: current, published };
}
