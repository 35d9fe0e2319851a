/**
 * The policy a device uses before it has any verified bundle: core's default policy as seq 0. It is
 * never trusted to ALLOW anything (the governor fails closed with "no_bundle"); it exists so that the
 * law pack and the default TERMINATE rules stay available locally from the very first decision.
 */
import { createHash } from "node:crypto";
import { canonicalJson, defaultPolicy, loadPolicy, type LoadedPolicy } from "@nethical/core";

/**
 * The compiled fallback for `tenant` (seq 0).
 *
 * @example
 * fallbackPolicy("acme").bundle.seq; // 0
 */
export function fallbackPolicy(tenant: string): LoadedPolicy {
  const policy = defaultPolicy();
  const hash = createHash("sha256").update(canonicalJson(policy)).digest("hex");
  return loadPolicy({ tenant, seq: 0, hash, policy });
}
