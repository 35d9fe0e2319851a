/**
 * Signing policy bundles. The signature covers the canonical JSON (util/canonical-json.ts) of the bundle
 * without its signature fields (`signature`, `key_id`): every other field, including `tenant`, `seq`, `hash`
 * and the policy itself, is signed, so none can change without breaking the signature.
 */
import { canonicalJson } from "../util/canonical-json.ts";
import { sha256Hex } from "../util/sha256.ts";
import { base64UrlEncode } from "./base64url.ts";
import type { Signer } from "./keys.ts";

/** The fields signing relies on; a PolicyBundle `{ tenant, seq, hash, policy, signature?, key_id? }` fits. */
export interface SignableBundle {
  readonly tenant: string;
  readonly seq: number;
  readonly hash: string;
  readonly policy: unknown;
  readonly signature?: string | undefined;
  readonly key_id?: string | undefined;
}

/** A bundle as {@link signBundle} returns it. */
export type SignedBundle<B extends SignableBundle> = B & { readonly signature: string; readonly key_id: string };

/** Thrown by {@link signBundle} for a bundle that must not be signed. */
export class BundleSigningError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BundleSigningError";
  }
}

/** How the content hash of a policy is computed (override if bundles are hashed differently). */
export type PolicyHasher = (policy: unknown) => Promise<string>;

/**
 * The default content hash: SHA-256 (hex) of the canonical JSON of the policy.
 *
 * @example
 * await policyContentHash({ version: 1, rules: [] }); // 64 hex characters
 */
export function policyContentHash(policy: unknown): Promise<string> {
  return sha256Hex(canonicalJson(policy));
}

/**
 * The exact bytes a bundle signature covers: UTF-8 of canonicalJson(bundle minus signature and key_id).
 * `policyText`, when the caller has it, is the canonical JSON of `bundle.policy` (not serialised again).
 *
 * @example
 * const bytes = bundleSigningBytes(bundle); // same bytes whatever the key order or signature
 */
export function bundleSigningBytes(bundle: SignableBundle, policyText?: string): Uint8Array {
  const { signature: _signature, key_id: _keyId, ...signed } = bundle;
  const policy: unknown = bundle.policy;
  const known = policyText !== undefined && typeof policy === "object" && policy !== null ? new Map([[policy, policyText]]) : undefined;
  return new TextEncoder().encode(canonicalJson(signed, { known }));
}

/**
 * Sign `bundle` with `signer`: returns a copy with `key_id` = signer.keyId and `signature` (base64url). Refuses
 * (BundleSigningError) a bundle whose `hash` does not match its policy, so a wrong hash is never signed.
 *
 * @example
 * const signed = await signBundle(await createBundle("acme", 7, policy), signer);
 */
export async function signBundle<B extends SignableBundle>(
  bundle: B,
  signer: Signer,
  hashPolicy: PolicyHasher = policyContentHash,
): Promise<SignedBundle<B>> {
  if (bundle === null || typeof bundle !== "object") throw new BundleSigningError("bundle must be an object");
  if (!Number.isSafeInteger(bundle.seq) || bundle.seq < 0) throw new BundleSigningError("bundle seq must be a non-negative integer");
  if ((await hashPolicy(bundle.policy)) !== bundle.hash) {
    throw new BundleSigningError("refusing to sign: bundle hash does not match its policy content");
  }
  const signature = await signer.sign(bundleSigningBytes(bundle));
  return { ...bundle, key_id: signer.keyId, signature: base64UrlEncode(signature) };
}
