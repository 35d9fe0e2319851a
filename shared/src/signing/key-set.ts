/**
 * Key sets: the platform's policy signing keys as one versioned, signed document, so a device or auditor can
 * trust several keys with validity windows and follow rotation and revocation without being re-pinned.
 *
 * A {@link KeySet} lists keys (`key_id`, public Ed25519 `jwk`, `not_before` / `not_after` window, `status`):
 *
 * - `published` — trusted for verification, not yet signing (step 1 of a rotation: pushed ahead of use);
 * - `active`    — the key the server signs with now (at most one);
 * - `retired`   — no longer signs, what it signed still verifies until it expires or is revoked;
 * - `revoked`   — never trusted again, whatever its signature says (`revoked_at`, `revocation_reason`).
 *
 * Version N+1 is accepted only through {@link verifyKeySetUpdate}: signed by a key of version N that is
 * unrevoked and inside its window at `now`, with version exactly N+1, and no key un-revoked, re-bound to another
 * public key or dropped once revoked. The first set is pinned by configuration (version 0 from a device's
 * `trusted_keys`, {@link pinnedKeySet}). Each refusal has its own {@link KeySetRefusal} code.
 */
import * as z from "zod";
import { canonicalJson } from "../util/canonical-json.ts";
import { base64UrlDecode, base64UrlEncode } from "./base64url.ts";
import { KEY_ID_PATTERN, publicJwkOf, type Signer } from "./keys.ts";
import { createVerifier, ED25519_SIGNATURE_BYTES } from "./verifier.ts";

/** Domain separation: signed into every key set (a bundle or control signature can never be taken for one). */
export const KEY_SET_DOMAIN = "nethical-policy-keyset-v1";

/** Key lifecycle states, in the order a key goes through them. */
export const KEY_STATUSES = ["published", "active", "retired", "revoked"] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];

/** Most keys one set may list (revoked keys stay listed so auditors see them). */
export const MAX_KEYS_PER_SET = 64;

const Instant = z.string().datetime({ offset: true });
const KeyIdSchema = z.string().regex(KEY_ID_PATTERN, "key ids are 1–128 characters of [A-Za-z0-9._:-]");
const PublicJwkSchema = z
  .object({ kty: z.literal("OKP"), crv: z.literal("Ed25519"), x: z.string().regex(/^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/) })
  .strict();

/** One key of a set. `revoked_at` and `revocation_reason` are present exactly when `status` is `revoked`. */
export const KeySetKeySchema = z
  .object({
    key_id: KeyIdSchema,
    jwk: PublicJwkSchema,
    status: z.enum(KEY_STATUSES),
    not_before: Instant,
    not_after: Instant.optional(),
    revoked_at: Instant.optional(),
    revocation_reason: z.string().min(1).max(500).optional(),
  })
  .strict();
export type KeySetKey = z.infer<typeof KeySetKeySchema>;

const KeySetFields = {
  domain: z.literal(KEY_SET_DOMAIN),
  version: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  issued_at: Instant,
  keys: z.array(KeySetKeySchema).min(1).max(MAX_KEYS_PER_SET),
};

function checkKeys(set: { keys: readonly KeySetKey[] }, ctx: z.RefinementCtx): void {
  const ids = new Set<string>();
  let active = 0;
  for (const key of set.keys) {
    if (ids.has(key.key_id)) ctx.addIssue({ code: "custom", message: `duplicate key_id ${key.key_id}`, path: ["keys"] });
    ids.add(key.key_id);
    if (key.status === "active") active += 1;
    const revoked = key.status === "revoked";
    const full = key.revoked_at !== undefined && key.revocation_reason !== undefined;
    const any = key.revoked_at !== undefined || key.revocation_reason !== undefined;
    if (revoked ? !full : any) {
      ctx.addIssue({ code: "custom", message: `key ${key.key_id}: revoked_at and revocation_reason are set exactly when status is revoked`, path: ["keys"] });
    }
    if (key.not_after !== undefined && Date.parse(key.not_after) <= Date.parse(key.not_before)) {
      ctx.addIssue({ code: "custom", message: `key ${key.key_id}: not_after must be after not_before`, path: ["keys"] });
    }
  }
  if (active > 1) ctx.addIssue({ code: "custom", message: "at most one key is active", path: ["keys"] });
}

/** A key set before signing (or a pinned one, trusted by configuration rather than signature). */
export const UnsignedKeySetSchema = z.object(KeySetFields).strict().superRefine(checkKeys);
export type UnsignedKeySet = z.infer<typeof UnsignedKeySetSchema>;

/** A signed key set: `key_id` names the key of the previous version (or itself, for a bootstrap set) that signed it. */
export const SignedKeySetSchema = z
  .object({ ...KeySetFields, key_id: KeyIdSchema, signature: z.string().regex(/^[A-Za-z0-9_-]+$/).max(128) })
  .strict()
  .superRefine(checkKeys);
export type SignedKeySet = z.infer<typeof SignedKeySetSchema>;

/** What a consumer trusts: a signed set, or a pinned unsigned one. */
export type KeySet = UnsignedKeySet | SignedKeySet;

/** Why a key is not usable at a time (shared by bundle, control and key-set verification). */
export type KeyUsabilityRefusal = "unknown_key" | "revoked_key" | "expired_key" | "key_not_yet_valid";

/** Why a key-set update was refused. */
export type KeySetRefusal = "malformed" | "stale_version" | "version_gap" | "invalid_transition" | "bad_signature" | KeyUsabilityRefusal;

/** Thrown by {@link verifyKeySetUpdate}; messages never carry key material. */
export class KeySetError extends Error {
  readonly code: KeySetRefusal;
  constructor(code: KeySetRefusal, message: string) {
    super(message);
    this.name = "KeySetError";
    this.code = code;
  }
}

/**
 * Whether `key_id` may be trusted at `now` in `set`: the key, or why not.
 *
 * @example
 * const use = keyUsability(set, "policy-2026-01", new Date());
 * if ("refusal" in use) throw new Error(use.refusal); // e.g. "revoked_key"
 */
export function keyUsability(set: KeySet, keyId: string, now: Date): { key: KeySetKey } | { refusal: KeyUsabilityRefusal; message: string } {
  const key = set.keys.find((k) => k.key_id === keyId);
  const id = JSON.stringify(String(keyId).slice(0, 128));
  if (key === undefined) return { refusal: "unknown_key", message: `key ${id} is not in key set version ${set.version}` };
  if (key.status === "revoked") return { refusal: "revoked_key", message: `key ${id} was revoked at ${key.revoked_at ?? "?"} (key set version ${set.version})` };
  const t = now.getTime();
  if (t < Date.parse(key.not_before)) return { refusal: "key_not_yet_valid", message: `key ${id} is not valid before ${key.not_before}` };
  if (key.not_after !== undefined && t >= Date.parse(key.not_after)) return { refusal: "expired_key", message: `key ${id} expired at ${key.not_after}` };
  return { key };
}

/**
 * The keys usable for verification at `now` (unrevoked, inside their window) as key id → public JWK: the
 * `TrustedKeys` shape verifyBundle / verifyFleetControl take, and what legacy readers of `{keys:[…]}` get.
 *
 * @example
 * await verifyBundle(bundle, usableKeys(set, new Date()), { tenant: "acme" });
 */
export function usableKeys(set: KeySet, now: Date): Record<string, JsonWebKey> {
  const out: Record<string, JsonWebKey> = {};
  for (const key of set.keys) if ("key" in keyUsability(set, key.key_id, now)) out[key.key_id] = { ...key.jwk };
  return out;
}

/**
 * The version-0 key set a consumer pins from configuration (e.g. a device's `trusted_keys`): every key
 * usable from the epoch, the first `active`, the others `published`. Unsigned: it is trusted because it was pinned.
 *
 * @example
 * const pinned = pinnedKeySet({ "policy-dev": publicJwk });
 */
export function pinnedKeySet(trusted: Readonly<Record<string, JsonWebKey>>): UnsignedKeySet {
  const keys = Object.entries(trusted).map(([key_id, jwk], i) => ({
    key_id,
    jwk: publicJwkOf(jwk) as KeySetKey["jwk"],
    status: (i === 0 ? "active" : "published") as KeyStatus,
    not_before: "1970-01-01T00:00:00.000Z",
  }));
  return UnsignedKeySetSchema.parse({ domain: KEY_SET_DOMAIN, version: 0, issued_at: "1970-01-01T00:00:00.000Z", keys });
}

/**
 * The bytes a key-set signature covers: UTF-8 of canonicalJson(set minus `signature` and `key_id`).
 *
 * @example
 * keySetSigningBytes(set); // same bytes whatever the key order or signature
 */
export function keySetSigningBytes(set: KeySet): Uint8Array {
  const { signature: _s, key_id: _k, ...signed } = set as SignedKeySet;
  return new TextEncoder().encode(canonicalJson(signed));
}

/**
 * Sign a key set (online with the Worker's active key, or offline with any Signer, e.g. PKCS#11).
 *
 * @example
 * const v2 = await signKeySet({ ...v1body, version: 2, issued_at, keys }, oldKeySigner);
 */
export async function signKeySet(set: UnsignedKeySet, signer: Signer): Promise<SignedKeySet> {
  const { signature: _s, key_id: _k, ...body } = set as SignedKeySet;
  const parsed = UnsignedKeySetSchema.parse(body);
  const signature = await signer.sign(keySetSigningBytes(parsed));
  return { ...parsed, key_id: signer.keyId, signature: base64UrlEncode(signature) };
}

async function checkSignatureBy(jwk: JsonWebKey, set: SignedKeySet): Promise<boolean> {
  let signature: Uint8Array;
  try {
    signature = base64UrlDecode(set.signature);
  } catch {
    return false;
  }
  return signature.length === ED25519_SIGNATURE_BYTES && createVerifier(set.key_id, jwk).verify(keySetSigningBytes(set), signature);
}

function checkTransition(current: KeySet, next: SignedKeySet): void {
  for (const old of current.keys) {
    const now = next.keys.find((k) => k.key_id === old.key_id);
    if (old.status === "revoked" && (now === undefined || now.status !== "revoked")) {
      throw new KeySetError("invalid_transition", `key ${old.key_id} is revoked in version ${current.version}: it can be neither un-revoked nor dropped`);
    }
    if (now !== undefined && now.jwk.x !== old.jwk.x) {
      throw new KeySetError("invalid_transition", `key ${old.key_id} is bound to another public key in version ${current.version}: key ids are never re-used`);
    }
  }
}

/**
 * Accept `candidate` as the next key set after `current`, or throw {@link KeySetError}: `malformed`,
 * `stale_version` (not newer), `version_gap` (not exactly current.version + 1), `unknown_key` /
 * `revoked_key` / `expired_key` / `key_not_yet_valid` (the signing key as judged by `current` at `now`),
 * `bad_signature`, `invalid_transition` (a revoked key un-revoked or dropped, a key id re-bound).
 *
 * @example
 * const next = await verifyKeySetUpdate(stored, message.keyset, new Date());
 */
export async function verifyKeySetUpdate(current: KeySet, candidate: unknown, now: Date): Promise<SignedKeySet> {
  const parsed = SignedKeySetSchema.safeParse(candidate);
  if (!parsed.success) throw new KeySetError("malformed", `not a key set: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  const next = parsed.data;
  if (next.version <= current.version) throw new KeySetError("stale_version", `key set version ${next.version} is not newer than ${current.version}`);
  if (next.version !== current.version + 1) throw new KeySetError("version_gap", `key set version ${next.version} does not follow ${current.version}: send every version in order`);
  const use = keyUsability(current, next.key_id, now);
  if ("refusal" in use) throw new KeySetError(use.refusal, `key set ${next.version} is signed by a key not trusted in version ${current.version}: ${use.message}`);
  if (!(await checkSignatureBy(use.key.jwk, next))) throw new KeySetError("bad_signature", `key set ${next.version} signature does not verify with key ${next.key_id}`);
  checkTransition(current, next);
  return next;
}

/**
 * Check a self-signed bootstrap set (the server's first version, signed by its own active key): shape and
 * signature only. Trust in it still comes from pinning, never from the self-signature.
 *
 * @example
 * const first = await verifySelfSignedKeySet(await signKeySet(v1, signer));
 */
export async function verifySelfSignedKeySet(candidate: unknown): Promise<SignedKeySet> {
  const parsed = SignedKeySetSchema.safeParse(candidate);
  if (!parsed.success) throw new KeySetError("malformed", `not a key set: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  const key = parsed.data.keys.find((k) => k.key_id === parsed.data.key_id);
  if (key === undefined) throw new KeySetError("unknown_key", "a self-signed key set must be signed by one of its own keys");
  if (!(await checkSignatureBy(key.jwk, parsed.data))) throw new KeySetError("bad_signature", "key set signature does not verify");
  return parsed.data;
}
