/**
 * The steps of a policy key rotation, each producing the next signed version of the platform key set:
 *
 *   1. publishKey  — add a key as `published` (trusted, not yet signing); signed by the active key.
 *   2. activateKey — the published key becomes `active`, the old active one `retired`; signed by the new key
 *                    (which proves the Worker holds its private half before anything is signed with it).
 *   3. revokeKey   — a key becomes `revoked` for good; signed by the active key. The active key itself cannot be
 *                    revoked: activate another first.
 *   submitKeySet   — an update signed elsewhere (offline, e.g. with an HSM through PKCS#11), accepted only if
 *                    verifyKeySetUpdate accepts it against the current version.
 *
 * Every step is checked with the same verifyKeySetUpdate devices run before it is stored, so the Worker never
 * stores an update a device would refuse. Refusals are returned (`conflict`, `not_found`, `invalid`, a key-set
 * refusal code), failures thrown (`misconfigured`: a private key the step needs is not configured).
 */
import { KeySetError, publicJwkOf, signKeySet, verifyKeySetUpdate, type KeySetKey, type KeySetRefusal, type SignedKeySet, type UnsignedKeySet } from "@nethical/core";
import { DurableObjectError } from "../errors.ts";
import { appendKeySet, keySetChain } from "./key-set-store.ts";
import { generateDevelopmentKey, policyKeySet, policySigner, privatePolicySigner, rememberPolicyKeySet, type SigningKeyEnv } from "./signing-keys.ts";

/** Result of a rotation step: the new key set, or why not. */
export type RotationResult = { ok: true; keyset: SignedKeySet } | { ok: false; code: "conflict" | "not_found" | "invalid" | KeySetRefusal; message: string };

/** What to publish: a public key made elsewhere, or (development only) `generate`. */
export interface PublishKeyRequest {
  key_id: string;
  jwk?: JsonWebKey;
  generate?: boolean;
  not_before?: string;
  not_after?: string;
}

function refuse(code: Exclude<RotationResult, { ok: true }>["code"], message: string): RotationResult {
  return { ok: false, code, message };
}

async function store(env: SigningKeyEnv, current: SignedKeySet, next: SignedKeySet, now: Date): Promise<RotationResult> {
  try {
    await verifyKeySetUpdate(current, next, now);
  } catch (error) {
    if (error instanceof KeySetError) return refuse(error.code, error.message);
    throw error;
  }
  if (!(await appendKeySet(env.POLICY_KV, keySetChain(env), next))) return refuse("conflict", `key set version ${next.version} was written by someone else first: read it and retry`);
  rememberPolicyKeySet(keySetChain(env), next);
  return { ok: true, keyset: next };
}

function body(current: SignedKeySet, keys: KeySetKey[], now: Date): UnsignedKeySet {
  return { domain: current.domain, version: current.version + 1, issued_at: now.toISOString(), keys };
}

/**
 * Step 1: publish a key (trusted for verification, not signing), signed by the active key.
 *
 * @example
 * await publishKey(env, { key_id: "policy-2026-07", jwk: publicJwk }, new Date());
 */
export async function publishKey(env: SigningKeyEnv, request: PublishKeyRequest, now: Date): Promise<RotationResult> {
  if (request.generate === true && env.ENVIRONMENT !== "development") return refuse("invalid", "the Worker generates keys only in development: make the key offline (or in an HSM) and publish its public jwk");
  const current = await policyKeySet(env);
  if (current.keys.some((k) => k.key_id === request.key_id)) return refuse("conflict", "a key with that id is already in the key set (key ids are never re-used)");
  let jwk: JsonWebKey;
  if (request.generate === true) {
    jwk = await generateDevelopmentKey(env, request.key_id);
  } else if (request.jwk !== undefined) {
    if (typeof request.jwk.d === "string") return refuse("invalid", "send the public key only: a private key never travels through this API");
    try {
      jwk = publicJwkOf(request.jwk);
    } catch (error) {
      return refuse("invalid", (error as Error).message);
    }
  } else return refuse("invalid", "send jwk (the public key) or, in development, generate: true");
  const key: KeySetKey = {
    key_id: request.key_id,
    jwk: jwk as KeySetKey["jwk"],
    status: "published",
    not_before: request.not_before ?? now.toISOString(),
    ...(request.not_after !== undefined ? { not_after: request.not_after } : {}),
  };
  const next = await signKeySet(body(current, [...current.keys, key], now), await policySigner(env)).catch((error: unknown) => {
    if (error instanceof DurableObjectError) throw error;
    return null;
  });
  if (next === null) return refuse("invalid", "the key set would be invalid (check not_before / not_after)");
  return store(env, current, next, now);
}

/**
 * Step 2: switch signing to a published key; the old active key becomes retired. Signed by the new key.
 *
 * @example
 * await activateKey(env, "policy-2026-07", new Date());
 */
export async function activateKey(env: SigningKeyEnv, keyId: string, now: Date): Promise<RotationResult> {
  const current = await policyKeySet(env);
  const target = current.keys.find((k) => k.key_id === keyId);
  if (target === undefined) return refuse("not_found", "no key with that id in the key set");
  if (target.status === "active") return refuse("conflict", "that key is already active");
  if (target.status !== "published") return refuse("conflict", `that key is ${target.status}: only a published key can be activated`);
  const signer = await privatePolicySigner(env, keyId);
  if (signer === null) throw new DurableObjectError("misconfigured", `key ${keyId} has no private key here: add it to POLICY_SIGNING_KEYS before activating it`);
  if ((await signer.publicKey()).x !== target.jwk.x) throw new DurableObjectError("misconfigured", `the private key configured for ${keyId} does not match its published public key`);
  const keys = current.keys.map((k): KeySetKey => (k.key_id === keyId ? { ...k, status: "active" } : k.status === "active" ? { ...k, status: "retired" } : k));
  return store(env, current, await signKeySet(body(current, keys, now), signer), now);
}

/**
 * Step 3: revoke a key for good (never the active one). Signed by the active key.
 *
 * @example
 * await revokeKey(env, "policy-2026-01", "scheduled rotation", new Date());
 */
export async function revokeKey(env: SigningKeyEnv, keyId: string, reason: string, now: Date): Promise<RotationResult> {
  const current = await policyKeySet(env);
  const target = current.keys.find((k) => k.key_id === keyId);
  if (target === undefined) return refuse("not_found", "no key with that id in the key set");
  if (target.status === "revoked") return refuse("conflict", "that key is already revoked");
  if (target.status === "active") return refuse("conflict", "that key is the active signing key: publish and activate another key first");
  const keys = current.keys.map((k): KeySetKey => (k.key_id === keyId ? { ...k, status: "revoked", revoked_at: now.toISOString(), revocation_reason: reason } : k));
  return store(env, current, await signKeySet(body(current, keys, now), await policySigner(env)), now);
}

/**
 * Accept a key-set update signed elsewhere (offline / HSM), after the same checks a device runs.
 *
 * @example
 * await submitKeySet(env, JSON.parse(await readFile("keyset-v3.json", "utf8")), new Date());
 */
export async function submitKeySet(env: SigningKeyEnv, candidate: unknown, now: Date): Promise<RotationResult> {
  const current = await policyKeySet(env);
  try {
    const next = await verifyKeySetUpdate(current, candidate, now);
    return store(env, current, next, now);
  } catch (error) {
    if (error instanceof KeySetError) return refuse(error.code, error.message);
    throw error;
  }
}
