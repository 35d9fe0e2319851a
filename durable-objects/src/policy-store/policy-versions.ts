/**
 * Policy versions in the CRDT state. Each version of each policy is its own whole-document LWW register,
 * keyed `<policy_id>.v<version>` (API policy ids contain no "."), so versions never overwrite each other and
 * a status change rewrites the whole version document. The active pointer names one version and the bundle
 * `seq` its activation assigned.
 */
import {
  listPolicyIds,
  readActivePointer,
  readPolicyDocument,
  type PolicyDocumentVersion,
  policyHashSync,
  type PolicyState,
} from "@nethical/core";

/** Policy ids accepted by the API: 1–64 characters of `[A-Za-z0-9_-]`, starting with a letter or digit. */
export const API_POLICY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** A version as the API shows it (without the document unless asked). */
export interface VersionInfo {
  policy_id: string;
  version: number;
  status: PolicyDocumentVersion["status"];
  hash: string;
  canary_percent: number | null;
  /** The seq of the bundle signed for it: the active bundle's seq while active, the canary bundle's while canary. */
  seq: number | null;
  author: string | null;
  note: string | null;
}

/**
 * The register key of one version.
 *
 * @example
 * versionKey("payments", 3); // "payments.v3"
 */
export function versionKey(policyId: string, version: number): string {
  return `${policyId}.v${version}`;
}

/**
 * Every version document in the state (members only), sorted by policy id then version.
 *
 * @example
 * allVersions(state).map((v) => versionKey(v.policy_id, v.version));
 */
export function allVersions(state: PolicyState): PolicyDocumentVersion[] {
  const out: PolicyDocumentVersion[] = [];
  for (const key of listPolicyIds(state)) {
    const doc = readPolicyDocument(state, key);
    if (doc !== undefined && key === versionKey(doc.policy_id, doc.version)) out.push(doc);
  }
  return out.sort((a, b) => (a.policy_id < b.policy_id ? -1 : a.policy_id > b.policy_id ? 1 : a.version - b.version));
}

/**
 * One version, or undefined.
 *
 * @example
 * readVersion(state, "payments", 3)?.status; // "quarantine"
 */
export function readVersion(state: PolicyState, policyId: string, version: number): PolicyDocumentVersion | undefined {
  const doc = readPolicyDocument(state, versionKey(policyId, version));
  return doc !== undefined && doc.policy_id === policyId && doc.version === version ? doc : undefined;
}

/**
 * The next version number of `policyId` (1 for a new policy).
 *
 * @example
 * nextVersion(state, "payments"); // 4 when versions 1–3 exist
 */
export function nextVersion(state: PolicyState, policyId: string): number {
  let max = 0;
  for (const v of allVersions(state)) if (v.policy_id === policyId && v.version > max) max = v.version;
  return max + 1;
}

/**
 * The version the active pointer names, with the pointer's seq, or null.
 *
 * @example
 * activeVersion(state); // { doc, seq: 7 } | null
 */
export function activeVersion(state: PolicyState): { doc: PolicyDocumentVersion; seq: number } | null {
  const pointer = readActivePointer(state);
  if (pointer === null || pointer.seq === undefined) return null;
  const doc = readVersion(state, pointer.policy_id, pointer.version);
  return doc === undefined ? null : { doc, seq: pointer.seq };
}

/**
 * The canary version with the highest seq, or null. Only one canary is served at a time.
 *
 * @example
 * canaryVersion(state)?.canary_percent; // 10
 */
export function canaryVersion(state: PolicyState): PolicyDocumentVersion | null {
  let best: PolicyDocumentVersion | null = null;
  for (const v of allVersions(state)) {
    if (v.status === "canary" && v.seq !== undefined && (best === null || v.seq > (best.seq ?? 0))) best = v;
  }
  return best;
}

/**
 * The highest bundle seq the state knows of (pointer or canary versions).
 *
 * @example
 * highestSeq(state); // 7
 */
export function highestSeq(state: PolicyState): number {
  let max = readActivePointer(state)?.seq ?? 0;
  for (const v of allVersions(state)) if (v.seq !== undefined && v.seq > max) max = v.seq;
  return max;
}

/**
 * Describe a version for the API. The status shown for the version the pointer names is "active".
 *
 * @example
 * versionInfo(doc); // { policy_id, version, status, hash, … }
 */
export function versionInfo(doc: PolicyDocumentVersion): VersionInfo {
  return {
    policy_id: doc.policy_id,
    version: doc.version,
    status: doc.status,
    // The SHA-256 of the version's canonical policy: the bundle hash it has or will have when published.
    hash: doc.hash ?? policyHashSync(doc.policy),
    canary_percent: doc.canary_percent ?? null,
    seq: doc.seq ?? null,
    author: doc.author ?? null,
    note: doc.note ?? null,
  };
}
