/**
 * The policy signing key and the keys consumers trust. Production: the secret `POLICY_SIGNING_KEY` (an
 * Ed25519 private JWK as JSON) under `POLICY_SIGNING_KEY_ID`; without it, outside `ENVIRONMENT =
 * "development"`, nothing can be signed (fail closed). Development without the secret: the key is derived
 * from the dev bootstrap secret (SHA-256 of a label and `BOOTSTRAP_ADMIN_KEY` as the Ed25519 seed), or, when
 * that is unset too, generated once and kept in KV at {@link DEV_SIGNING_KEY_KV}; either way every isolate,
 * Durable Object and `wrangler dev` restart signs and verifies with the same key. Loaded once per isolate.
 */
import {
  generateSoftwareSigner,
  publicJwkOf,
  softwareSignerFromJwk,
  softwareSignerFromPkcs8,
  type Signer,
  type TrustedKeys,
} from "@nethical/core";
import { DurableObjectError } from "../errors.ts";

/** KV key of the development signing key (platform-wide, not tenant data; never used when the secret is set). */
export const DEV_SIGNING_KEY_KV = "platform:dev-policy-signing-key";

/** The config the signing key comes from. */
export interface SigningKeyEnv {
  readonly POLICY_SIGNING_KEY?: string;
  readonly POLICY_SIGNING_KEY_ID?: string;
  readonly BOOTSTRAP_ADMIN_KEY?: string;
  readonly ENVIRONMENT?: string;
  readonly POLICY_KV: KVNamespace;
}

/** PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows. */
const PKCS8_ED25519_PREFIX = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];

async function fromDevSecret(keyId: string, secret: string): Promise<LoadedKey> {
  const seed = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`nethical-dev-policy-signing-key\n${secret}`)));
  const signer = await softwareSignerFromPkcs8(keyId, new Uint8Array([...PKCS8_ED25519_PREFIX, ...seed]));
  return { signer, publicJwk: await signer.publicKey() };
}

interface LoadedKey {
  readonly signer: Signer;
  readonly publicJwk: JsonWebKey;
}

/** The key loaded in this isolate, and the configuration it was loaded for (reloaded when that differs). */
let loaded: { readonly config: string; readonly key: Promise<LoadedKey> } | undefined;

async function fromSecret(keyId: string, secret: string): Promise<LoadedKey> {
  let jwk: JsonWebKey;
  try {
    jwk = JSON.parse(secret) as JsonWebKey;
  } catch {
    throw new DurableObjectError("misconfigured", "POLICY_SIGNING_KEY is not a JSON JWK");
  }
  const signer = await softwareSignerFromJwk(keyId, jwk);
  return { signer, publicJwk: publicJwkOf(jwk) };
}

async function fromDevKv(keyId: string, kv: KVNamespace): Promise<LoadedKey> {
  let stored = await kv.get<JsonWebKey>(DEV_SIGNING_KEY_KV, "json");
  if (stored === null) {
    const generated = await generateSoftwareSigner(keyId);
    await kv.put(DEV_SIGNING_KEY_KV, JSON.stringify(generated.privateKeyJwk));
    stored = (await kv.get<JsonWebKey>(DEV_SIGNING_KEY_KV, "json")) ?? generated.privateKeyJwk;
  }
  return { signer: await softwareSignerFromJwk(keyId, stored), publicJwk: publicJwkOf(stored) };
}

function load(env: SigningKeyEnv): Promise<LoadedKey> {
  const keyId = env.POLICY_SIGNING_KEY_ID ?? "policy-dev";
  // Never hand a key loaded under one configuration (e.g. a development fallback) to another.
  const config = JSON.stringify([env.ENVIRONMENT ?? null, keyId, env.POLICY_SIGNING_KEY ?? null]);
  if (loaded?.config !== config) {
    const key = pick(env, keyId).catch((error: unknown) => {
      if (loaded?.key === key) loaded = undefined;
      throw error;
    });
    loaded = { config, key };
  }
  return loaded.key;
}

function pick(env: SigningKeyEnv, keyId: string): Promise<LoadedKey> {
  if (env.POLICY_SIGNING_KEY !== undefined && env.POLICY_SIGNING_KEY !== "") return fromSecret(keyId, env.POLICY_SIGNING_KEY);
  if (env.ENVIRONMENT !== "development") {
    return Promise.reject(new DurableObjectError("misconfigured", `POLICY_SIGNING_KEY is not set: refusing to derive or generate a policy signing key outside development (ENVIRONMENT=${env.ENVIRONMENT ?? "unset"})`));
  }
  const bootstrap = env.BOOTSTRAP_ADMIN_KEY;
  return bootstrap !== undefined && bootstrap.length >= 24 ? fromDevSecret(keyId, bootstrap) : fromDevKv(keyId, env.POLICY_KV);
}

/**
 * The signer of policy bundles.
 *
 * @example
 * const signed = await signBundle(bundle, await policySigner(env));
 */
export async function policySigner(env: SigningKeyEnv): Promise<Signer> {
  return (await load(env)).signer;
}

/**
 * The public keys bundles are verified with: key id → public JWK (what `GET /v2/policies/keys` publishes).
 *
 * @example
 * await verifyBundle(bundle, await trustedPolicyKeys(env), { tenant, minSeq });
 */
export async function trustedPolicyKeys(env: SigningKeyEnv): Promise<TrustedKeys & Record<string, JsonWebKey>> {
  const key = await load(env);
  return { [key.signer.keyId]: key.publicJwk };
}
