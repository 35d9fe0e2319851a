/**
 * Verifying policy bundles before they are used. Every consumer (Worker isolate, PolicyStore, device) calls
 * {@link verifyBundle}; a bundle is accepted only if it is signed by a trusted key, unmodified, its hash
 * matches its policy, and its `seq` does not go backwards (rollback protection). Each refusal has its own
 * code, so callers and operators can tell a tampered bundle from a replayed one.
 */
import { canonicalJson } from "../util/canonical-json.ts";
import { sha256Hex } from "../util/sha256.ts";
import { base64UrlDecode } from "./base64url.ts";
import { bundleSigningBytes, policyContentHash, type PolicyHasher, type SignableBundle, type SignedBundle } from "./bundle-signing.ts";
import type { Verifier } from "./keys.ts";
import { createVerifier, ED25519_SIGNATURE_BYTES } from "./verifier.ts";

/** Why a bundle was refused. */
export type BundleVerificationCode =
  | "malformed"
  | "unknown_key"
  | "revoked_key"
  | "expired_key"
  | "key_not_yet_valid"
  | "bad_signature"
  | "hash_mismatch"
  | "wrong_tenant"
  | "stale_seq";

/** Thrown by {@link verifyBundle}. The message names the problem, never key material or policy content. */
export class BundleVerificationError extends Error {
  readonly code: BundleVerificationCode;
  constructor(code: BundleVerificationCode, message: string) {
    super(message);
    this.name = "BundleVerificationError";
    this.code = code;
  }
}

/** key id → public JWK (or a ready Verifier, e.g. KMS-backed or with its key already imported). */
export type TrustedKeys =
  | ReadonlyMap<string, JsonWebKey | Verifier>
  | Readonly<Record<string, JsonWebKey | Verifier>>;

/** What the consumer already has and expects. */
export interface VerifyBundleOptions {
  /** The consumer's current seq: a bundle with a lower seq is refused ("stale_seq"). */
  readonly minSeq?: number;
  /** Also refuse a bundle whose seq equals `minSeq` (the consumer wants strictly newer bundles only). */
  readonly rejectEqualSeq?: boolean;
  /** Refuse a bundle for any other tenant ("wrong_tenant"): stops one tenant's bundle being replayed to another. */
  readonly tenant?: string;
  /** How the policy hash is computed; default sha256Hex(canonicalJson(policy)). */
  readonly hashPolicy?: PolicyHasher;
  /**
   * The bundle is exactly what `JSON.parse` returned (plain data, unchanged since), e.g. read back from a file
   * the consumer wrote with canonicalJson. The policy's canonical text is then first tried as
   * `JSON.stringify` writes it (native: several times cheaper than the canonical writer on a large policy),
   * and the signature decides: signed bytes are canonical, so if they verify with that text, it was the
   * canonical text (the same bytes parse to the same policy). If they do not (keys of the parsed object
   * not in canonical order, integer-like keys), the canonical writer runs as without this option: the
   * outcome never changes, only the cost. With the default `hashPolicy` only.
   */
  readonly parsedJson?: boolean;
}

function lookup(keys: TrustedKeys, keyId: string): JsonWebKey | Verifier | undefined {
  if (keys instanceof Map) return (keys as ReadonlyMap<string, JsonWebKey | Verifier>).get(keyId);
  const record = keys as Readonly<Record<string, JsonWebKey | Verifier>>;
  return Object.hasOwn(record, keyId) ? record[keyId] : undefined;
}

function isVerifier(key: JsonWebKey | Verifier): key is Verifier {
  return typeof (key as Verifier).verify === "function";
}

function checkShape(bundle: unknown): asserts bundle is SignableBundle {
  const fail = (why: string): never => {
    throw new BundleVerificationError("malformed", `malformed bundle: ${why}`);
  };
  if (bundle === null || typeof bundle !== "object" || Array.isArray(bundle)) fail("not an object");
  const b = bundle as Record<string, unknown>;
  if (typeof b.tenant !== "string" || b.tenant.length === 0) fail("tenant must be a non-empty string");
  if (typeof b.seq !== "number" || !Number.isSafeInteger(b.seq) || b.seq < 0) fail("seq must be a non-negative integer");
  if (typeof b.hash !== "string") fail("hash must be a string");
  if (b.policy === undefined) fail("policy is missing");
}

/**
 * Check the signature; with `policyText`, also returns the policy's canonical text it serialised on the way
 * (after the key is found trusted, as before: an untrusted bundle is never walked).
 */
async function checkSignature(bundle: SignableBundle, keys: TrustedKeys, policyText = false, parsedJson = false): Promise<string | undefined> {
  const keyId = bundle.key_id;
  if (typeof keyId !== "string" || keyId.length === 0) {
    throw new BundleVerificationError("unknown_key", "bundle names no signing key (key_id missing)");
  }
  const key = lookup(keys, keyId);
  if (key === undefined) {
    throw new BundleVerificationError("unknown_key", `bundle is signed with key ${JSON.stringify(keyId.slice(0, 128))}, which is not trusted here`);
  }
  if (typeof bundle.signature !== "string" || bundle.signature.length === 0) {
    throw new BundleVerificationError("bad_signature", "bundle is not signed (signature missing)");
  }
  let signature: Uint8Array;
  try {
    signature = base64UrlDecode(bundle.signature);
  } catch {
    throw new BundleVerificationError("bad_signature", "bundle signature is not base64url");
  }
  const verifier = isVerifier(key) ? key : createVerifier(keyId, key);
  if (signature.length !== ED25519_SIGNATURE_BYTES) throw badSignature(keyId);
  const hasPolicyObject = policyText && typeof bundle.policy === "object" && bundle.policy !== null;
  if (hasPolicyObject && parsedJson) {
    const quick = JSON.stringify(bundle.policy);
    if (await verifier.verify(bundleSigningBytes(bundle, quick), signature)) return quick;
  }
  const text = hasPolicyObject ? canonicalJson(bundle.policy) : undefined;
  if (!(await verifier.verify(bundleSigningBytes(bundle, text), signature))) throw badSignature(keyId);
  return text;
}

function badSignature(keyId: string): BundleVerificationError {
  return new BundleVerificationError("bad_signature", `bundle signature does not verify with key ${keyId}: the bundle was modified or signed by another key`);
}

/**
 * Verify a bundle and return it typed as signed, or throw {@link BundleVerificationError}:
 * `malformed`, `unknown_key` (no key_id or an untrusted one), `bad_signature` (missing, malformed, or not
 * matching: a tampered bundle), `hash_mismatch` (hash ≠ the policy's content hash), `wrong_tenant`, and
 * `stale_seq` (seq below `minSeq`, or equal to it with `rejectEqualSeq`).
 *
 * @example
 * const bundle = await verifyBundle(received, { "policy-2026-01": publicJwk }, { minSeq: current.seq, tenant: "acme" });
 */
export async function verifyBundle<B extends SignableBundle>(
  bundle: B,
  trustedKeys: TrustedKeys,
  options: VerifyBundleOptions = {},
): Promise<SignedBundle<B>> {
  checkShape(bundle);
  // With the default hash, the policy's canonical text is made once: signed inside the bundle and hashed.
  const policyText = await checkSignature(bundle, trustedKeys, options.hashPolicy === undefined, options.parsedJson === true);
  const hash = policyText !== undefined ? await sha256Hex(policyText) : await (options.hashPolicy ?? policyContentHash)(bundle.policy);
  if (hash !== bundle.hash) {
    throw new BundleVerificationError("hash_mismatch", `bundle hash ${bundle.hash.slice(0, 16)}… does not match its policy content (${hash.slice(0, 16)}…)`);
  }
  if (options.tenant !== undefined && bundle.tenant !== options.tenant) {
    throw new BundleVerificationError("wrong_tenant", `bundle is for tenant ${JSON.stringify(bundle.tenant.slice(0, 128))}, expected ${JSON.stringify(options.tenant)}`);
  }
  const min = options.minSeq;
  if (min !== undefined && (bundle.seq < min || (options.rejectEqualSeq === true && bundle.seq === min))) {
    const relation = bundle.seq < min ? "older than" : "the same as";
    throw new BundleVerificationError("stale_seq", `bundle seq ${bundle.seq} is ${relation} the current seq ${min}: rollback refused`);
  }
  return bundle as SignedBundle<B>;
}
