/**
 * Every name under which Nethical stores something at the edge, in one place. All of them are
 * tenant-scoped: a Workers KV key starts with `t:<tenant>:`, a Durable Object name with `<tenant>` (the
 * tenant id cannot contain ":" so `<tenant>:<agent_id>` is unambiguous).
 */

/** Tenant ids: DNS-label-like, 1–63 characters, lower-case letters, digits and inner hyphens. */
export const TENANT_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Whether `tenant` is a well-formed tenant id.
 *
 * @example
 * isTenantId("acme-robotics"); // true
 * isTenantId("Acme:1");        // false
 */
export function isTenantId(tenant: string): boolean {
  return TENANT_ID_PATTERN.test(tenant);
}

/**
 * KV key of one API key record (never the secret: only its SHA-256).
 *
 * @example
 * apiKeyKey("acme", "3f2a9c01d4e5b6a7"); // "t:acme:key:3f2a9c01d4e5b6a7"
 */
export function apiKeyKey(tenant: string, keyId: string): string {
  return `t:${tenant}:key:${keyId}`;
}

/**
 * KV prefix that lists a tenant's API keys.
 *
 * @example
 * apiKeyPrefix("acme"); // "t:acme:key:"
 */
export function apiKeyPrefix(tenant: string): string {
  return `t:${tenant}:key:`;
}

/**
 * KV key of the tenant record: id, name, residency (residency/tenant-record.ts). Written once at creation.
 *
 * @example
 * tenantMetaKey("acme"); // "t:acme:meta"
 */
export function tenantMetaKey(tenant: string): string {
  return `t:${tenant}:meta`;
}

/**
 * KV key of the tenant's active signed policy bundle (a copy; PolicyStore is the source of truth).
 *
 * @example
 * activePolicyKey("acme"); // "t:acme:policy:active"
 */
export function activePolicyKey(tenant: string): string {
  return `t:${tenant}:policy:active`;
}

/**
 * KV key of one policy bundle, by its seq and content hash. (The hash covers the policy document only,
 * so the same document re-activated later has the same hash under a new seq: the seq names the bundle,
 * the hash checks it.) Immutable once written.
 *
 * @example
 * policyBundleKey("acme", 3, "ab12…"); // "t:acme:policy:bundle:3:ab12…"
 */
export function policyBundleKey(tenant: string, seq: number, hash: string): string {
  return `t:${tenant}:policy:bundle:${seq}:${hash}`;
}

/**
 * Durable Object name of an agent's AgentState.
 *
 * @example
 * agentStateName("acme", "robot-7"); // "acme:robot-7"
 */
export function agentStateName(tenant: string, agentId: string): string {
  return `${tenant}:${agentId}`;
}

/** The region a PolicyStore serves when none is configured (`REGION` var). */
export const DEFAULT_REGION = "local";

/**
 * Durable Object name of a tenant's PolicyStore in one region (`<tenant>:<region>`). Prefer
 * `policyStoreStub(env, tenant)` (policy-store/store-address.ts), which reads the region from config.
 *
 * @example
 * policyStoreName("acme");            // "acme:local"
 * policyStoreName("acme", "eu-west"); // "acme:eu-west"
 */
export function policyStoreName(tenant: string, region: string = DEFAULT_REGION): string {
  return `${tenant}:${region}`;
}

/**
 * KV key of the tenant's newest active bundle seq (a small pointer isolates read to notice a new bundle
 * without waiting for their cache to expire).
 *
 * @example
 * policySeqKey("acme"); // "t:acme:policy:seq"
 */
export function policySeqKey(tenant: string): string {
  return `t:${tenant}:policy:seq`;
}

/**
 * KV key of the tenant's canary bundle and percentage (`{ percent, bundle }`), absent when there is none.
 *
 * @example
 * canaryPolicyKey("acme"); // "t:acme:policy:canary"
 */
export function canaryPolicyKey(tenant: string): string {
  return `t:${tenant}:policy:canary`;
}

/**
 * KV key of an enrolled device's public key record.
 *
 * @example
 * deviceKey("acme", "robot-7"); // "t:acme:device:robot-7"
 */
export function deviceKey(tenant: string, deviceId: string): string {
  return `t:${tenant}:device:${deviceId}`;
}

/**
 * KV key of the tenant's PCR policy for TPM attestation (shared/src/attestation/pcr-policy.ts), absent = none.
 *
 * @example
 * pcrPolicyKey("acme"); // "t:acme:attestation:pcr-policy"
 */
export function pcrPolicyKey(tenant: string): string {
  return `t:${tenant}:attestation:pcr-policy`;
}
