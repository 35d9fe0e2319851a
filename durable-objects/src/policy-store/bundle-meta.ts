/**
 * A bundle's public description: what `GET /v2/policies/active` returns and what the Worker caches
 * next to the compiled policy. The policy document itself is not included.
 */
import { policyVersion, type PolicyBundle } from "@nethical/core";

/** Bundle meta as the API shows it. */
export interface BundleMeta {
  tenant: string;
  seq: number;
  hash: string;
  policy_version: string;
  signed: boolean;
  key_id: string | null;
}

/**
 * Describe `bundle`.
 *
 * @example
 * bundleMeta(bundle); // { tenant: "acme", seq: 1, hash: "…", policy_version: "…", signed: false, key_id: null }
 */
export function bundleMeta(bundle: PolicyBundle): BundleMeta {
  return {
    tenant: bundle.tenant,
    seq: bundle.seq,
    hash: bundle.hash,
    policy_version: policyVersion(bundle),
    signed: typeof bundle.signature === "string" && bundle.signature.length > 0,
    key_id: typeof bundle.key_id === "string" ? bundle.key_id : null,
  };
}
