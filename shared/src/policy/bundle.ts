/**
 * Policy bundles: a tenant's policy document with its sequence number (only grows: rollback protection) and
 * the SHA-256 of its canonical JSON. Signing is done by the PolicyStore's signer; `signature`/`key_id` are
 * carried here untouched.
 */
import * as z from "zod";
import { canonicalJson } from "../util/canonical-json.ts";
import { sha256Sync } from "../merkle/sha256.ts";
import { bytesToHex, sha256Hex } from "../util/sha256.ts";
import { validatePolicyDocument } from "./parse.ts";
import { PolicyDocumentSchema, type PolicyDocument } from "./schema.ts";

/** The bundle envelope, without the policy (validated separately for path-precise errors). */
export const BundleEnvelopeSchema = z
  .object({
    tenant: z.string().min(1).max(256),
    seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    hash: z.string().regex(/^[0-9a-f]{64}$/, "hash must be 64 lower-case hex characters (sha256)"),
    policy: z.unknown(),
    signature: z.string().min(1).max(4096).optional(),
    key_id: z.string().min(1).max(256).optional(),
  })
  .strict();

/** A whole bundle. */
export const PolicyBundleSchema = BundleEnvelopeSchema.extend({ policy: PolicyDocumentSchema }).strict();
export type PolicyBundle = z.infer<typeof PolicyBundleSchema>;

/**
 * Hex SHA-256 of a policy's canonical JSON: the bundle hash.
 *
 * @example
 * const hash = await policyHash(defaultPolicy()); // 64 hex characters
 */
export function policyHash(policy: PolicyDocument): Promise<string> {
  return sha256Hex(canonicalJson(policy));
}

/**
 * {@link policyHash}, synchronously (the core's own SHA-256): for code that cannot await, such as listing
 * the versions a Durable Object keeps. The same hex string for the same policy.
 *
 * @example
 * policyHashSync(defaultPolicy()) === (await policyHash(defaultPolicy())); // true
 */
export function policyHashSync(policy: unknown): string {
  return bytesToHex(sha256Sync(new TextEncoder().encode(canonicalJson(policy))));
}

/**
 * Validate a policy and wrap it in a bundle with its hash. Throws PolicyError on an invalid policy.
 *
 * @example
 * const bundle = await createBundle("acme", 1, defaultPolicy());
 * policyVersion(bundle); // "1.<first 12 hex of the hash>"
 */
export async function createBundle(tenant: string, seq: number, policy: PolicyDocument): Promise<PolicyBundle> {
  const valid = validatePolicyDocument(policy);
  const envelope = BundleEnvelopeSchema.parse({ tenant, seq, hash: "0".repeat(64), policy: valid });
  return { tenant: envelope.tenant, seq: envelope.seq, hash: await policyHash(valid), policy: valid };
}

/**
 * The version string reported as EvaluateResponse.policy_version: `${seq}.${hash.slice(0, 12)}`.
 *
 * @example
 * policyVersion({ seq: 7, hash: "ab12cd34ef56" + "0".repeat(52) }); // "7.ab12cd34ef56"
 */
export function policyVersion(bundle: Pick<PolicyBundle, "seq" | "hash">): string {
  return `${bundle.seq}.${bundle.hash.slice(0, 12)}`;
}

/**
 * Whether a bundle's hash matches its policy (compilePolicy is synchronous and cannot check it; adapters
 * verify once when a bundle arrives, alongside the signature).
 *
 * @example
 * await verifyBundleHash(await createBundle("acme", 1, defaultPolicy())); // true
 */
export async function verifyBundleHash(bundle: PolicyBundle): Promise<boolean> {
  return (await policyHash(bundle.policy)) === bundle.hash;
}
