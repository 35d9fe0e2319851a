/**
 * Policy key rotation (platform bootstrap key only — the key set is platform-wide: one set signs every
 * tenant's bundles and fleet controls, so no tenant admin may change it):
 *
 * - `POST /v2/policies/keys` publish a key (public JWK; `generate: true` in development) — step 1
 * - `POST /v2/policies/keys/{key_id}/activate` switch signing to it — step 2
 * - `POST /v2/policies/keys/{key_id}/revoke` revoke a key for good — step 3
 * - `PUT /v2/policies/keys/set` install a key-set update signed offline (e.g. `nethical keys keyset-sign`)
 * - `GET /v2/policies/keys/sets/{version}` one historical version (auditors replay the chain)
 *
 * Each change is verified as devices verify it (verifyKeySetUpdate), stored, then pushed at once to every
 * PolicyStore serving devices (key-set-store.ts subscribers); devices also catch up on connect and status acks.
 */
import { Hono, type Context } from "hono";
import { z } from "zod";
import { SignedKeySetSchema, KEY_ID_PATTERN, type SignedKeySet } from "@nethical/core";
import { activateKey, publishKey, revokeKey, submitKeySet, type RotationResult } from "@nethical/durable-objects/policy/key-rotation";
import { keySetChain, keySetSubscribers, readKeySetVersion } from "@nethical/durable-objects/policy/key-set-store";
import { policyStoreStub } from "@nethical/durable-objects/policy-store/store-address";
import { durableObjectErrorOf } from "@nethical/durable-objects/errors";
import { BODY_LIMITS, readJsonBody, parseOrProblem, ProblemError } from "@nethical/http";
import type { AppEnv } from "../app-env.ts";
import { tenantFor } from "../auth/authorize.ts";
import { DO_TIMEOUT_MS } from "../decide/with-timeout.ts";
import { callDurableObject } from "../durable-object-call.ts";
import { json } from "../openapi/components.ts";
import { callersWith, describeRoute, JSON_BODY_ERRORS } from "../openapi/describe-route.ts";

const Instant = z.string().datetime({ offset: true });

/** Body of the publish step. */
export const PublishKeySchema = z
  .object({
    key_id: z.string().regex(KEY_ID_PATTERN, "key ids are 1–128 characters of [A-Za-z0-9._:-]"),
    jwk: z.object({ kty: z.literal("OKP"), crv: z.literal("Ed25519"), x: z.string().max(64) }).strict().optional().describe("The new key's public JWK (the private half is made offline or in an HSM and set as a Worker secret in POLICY_SIGNING_KEYS)."),
    generate: z.literal(true).optional().describe("Development only: the Worker generates the key and keeps its private half in KV."),
    not_before: Instant.optional().describe("Start of the key's validity window (default: now)."),
    not_after: Instant.optional().describe("End of the key's validity window (default: none)."),
  })
  .strict();

/** Body of the revoke step. */
export const RevokeKeySchema = z.object({ reason: z.string().trim().min(1).max(500) }).strict();

/** A rotation answer: the new key set and how many connected devices it was pushed to right away. */
const RotationAnswer = z
  .object({
    keyset: SignedKeySetSchema,
    pushed: z
      .object({
        stores: z.number().int().describe("PolicyStores reached"),
        devices: z.number().int().describe("Connected devices sent the new version"),
        reissued: z.number().int().describe("Tenants whose active policy was re-issued, signed by the active key, because its bundle was signed by a retired or revoked key"),
      })
      .strict(),
  })
  .strict();

const KeyIdParam = z.object({ key_id: z.string() });
const PLATFORM = ["platform"] as const;

/** The routes' descriptions in the API document. */
export const policyKeyDocs = [
  describeRoute({
    method: "post",
    path: "/v2/policies/keys",
    tag: "policies",
    summary: "Publish a policy signing key (rotation step 1)",
    description:
      "Adds a key to the platform key set as `published`: trusted for verification, not yet signing. The new version is signed by the active key and pushed to connected devices at once. " +
      "Send the public `jwk`; `generate: true` only in development. 409 when the key id is already in the set (ids are never re-used).",
    roles: PLATFORM,
    request: { body: { required: true, ...json(PublishKeySchema, { key_id: "policy-2026-07", jwk: { kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" } }) } },
    responses: { 201: { description: "The new key set", ...json(RotationAnswer) } },
    errors: [...JSON_BODY_ERRORS, "conflict", "unavailable"],
  }),
  describeRoute({
    method: "post",
    path: "/v2/policies/keys/{key_id}/activate",
    tag: "policies",
    summary: "Switch policy signing to a published key (rotation step 2)",
    description:
      "The published key becomes `active` (bundles and fleet controls are signed with it from now on), the previous active key `retired` (what it signed still verifies). " +
      "Signed by the new key, proving the Worker holds its private half (POLICY_SIGNING_KEYS); 503 when it does not. 404 unknown key, 409 when the key is not `published`.",
    roles: PLATFORM,
    request: { params: KeyIdParam },
    responses: { 200: { description: "The new key set", ...json(RotationAnswer) } },
    errors: ["not-found", "conflict", "unavailable"],
  }),
  describeRoute({
    method: "post",
    path: "/v2/policies/keys/{key_id}/revoke",
    tag: "policies",
    summary: "Revoke a policy signing key (rotation step 3)",
    description:
      "The key becomes `revoked` for good: every bundle or control signed by it is refused from now on (`revoked_key`), even with a valid signature. Signed by the active key, which itself cannot be revoked (409: activate another first).",
    roles: PLATFORM,
    request: { params: KeyIdParam, body: { required: true, ...json(RevokeKeySchema, { reason: "scheduled rotation" }) } },
    responses: { 200: { description: "The new key set", ...json(RotationAnswer) } },
    errors: [...JSON_BODY_ERRORS, "not-found", "conflict", "unavailable"],
  }),
  describeRoute({
    method: "put",
    path: "/v2/policies/keys/set",
    tag: "policies",
    summary: "Install a key-set update signed offline",
    description:
      "The next version of the key set, signed elsewhere (offline, an HSM through PKCS#11). Accepted only if it is exactly the next version and signed by a key of the current version that is unrevoked and inside its window — the check devices run. " +
      "409 for a stale or skipped version; 422 with `code` (`unknown_key`, `revoked_key`, `expired_key`, `key_not_yet_valid`, `bad_signature`, `invalid_transition`, `malformed`) otherwise.",
    roles: PLATFORM,
    request: { body: { required: true, ...json(SignedKeySetSchema) } },
    responses: { 200: { description: "The installed key set", ...json(RotationAnswer) } },
    errors: [...JSON_BODY_ERRORS, "conflict"],
  }),
  describeRoute({
    method: "get",
    path: "/v2/policies/keys/sets/{version}",
    tag: "policies",
    summary: "One version of the policy key set",
    description: "A stored version of the platform key set as signed (auditors replay the chain from the version they pinned). 404 when there is no such version.",
    roles: callersWith("policies:read"),
    request: { params: z.object({ version: z.string() }) },
    responses: { 200: { description: "The key set", ...json(SignedKeySetSchema) } },
    errors: ["not-found"],
  }),
];

/** What each key-set refusal means, for answers (never echoing the submitted document). */
const KEY_SET_REFUSAL_TEXT = {
  malformed: "not a signed key set",
  stale_version: "the key set is not newer than the current version",
  version_gap: "the key set is not the next version: send every version in order",
  unknown_key: "the key set is signed by a key that is not in the current version",
  revoked_key: "the key set is signed by a key the current version revokes",
  expired_key: "the key set is signed by a key whose validity window has ended",
  key_not_yet_valid: "the key set is signed by a key whose validity window has not begun",
  bad_signature: "the key set signature does not verify with the key it names",
  invalid_transition: "the key set un-revokes or drops a revoked key, or binds a key id to another public key",
} as const;

function requirePlatformKey(c: Context<AppEnv>): void {
  if (c.get("principal").kind !== "platform") throw new ProblemError("forbidden", "only the platform bootstrap key may change the platform policy key set");
}

async function run(step: () => Promise<RotationResult>): Promise<SignedKeySet> {
  let result: RotationResult;
  try {
    result = await step();
  } catch (error) {
    const failure = durableObjectErrorOf(error);
    if (failure?.code === "misconfigured") throw new ProblemError("unavailable", failure.message);
    throw error;
  }
  if (result.ok) return result.keyset;
  // A key-set refusal's message names ids from the submitted document: answer a fixed text per code instead.
  const message = KEY_SET_REFUSAL_TEXT[result.code as keyof typeof KEY_SET_REFUSAL_TEXT] ?? result.message;
  const slug = result.code === "not_found" ? "not-found" : result.code === "conflict" || result.code === "stale_version" || result.code === "version_gap" ? "conflict" : "validation-failed";
  throw new ProblemError(slug, message, { code: result.code });
}

/**
 * Push the new key set to every registered PolicyStore (those serving devices or signing bundles since they
 * started); each also re-issues its active policy when a retired or revoked key signed it.
 */
async function push(env: Env): Promise<{ stores: number; devices: number; reissued: number }> {
  const subscribers = await keySetSubscribers(env.POLICY_KV).catch(() => []);
  let stores = 0;
  let devices = 0;
  let reissued = 0;
  for (let i = 0; i < subscribers.length; i += 16) {
    const batch = subscribers.slice(i, i + 16).map(({ tenant, region }) => callDurableObject(policyStoreStub(env, tenant, region).pushKeySets(), "PolicyStore", DO_TIMEOUT_MS, "unreachable"));
    for (const outcome of await Promise.allSettled(batch)) {
      if (outcome.status === "fulfilled") {
        stores += 1;
        devices += outcome.value.devices;
        if (outcome.value.reissued) reissued += 1;
      }
    }
  }
  return { stores, devices, reissued };
}

async function answer(c: Context<AppEnv>, keyset: SignedKeySet, status: 200 | 201) {
  const pushed = await push(c.env);
  console.log(JSON.stringify({ event: "policy_keyset_changed", version: keyset.version, signed_by: keyset.key_id, keys: keyset.keys.map((k) => `${k.key_id}:${k.status}`), pushed }));
  return c.json({ keyset, pushed }, status, { "cache-control": "no-store" });
}

/**
 * The policy key rotation routes.
 *
 * @example
 * app.route("/", policyKeyRoutes());
 */
export function policyKeyRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post("/v2/policies/keys", async (c) => {
    requirePlatformKey(c);
    const body = parseOrProblem(PublishKeySchema, await readJsonBody(c.req.raw, BODY_LIMITS.admin), "the key");
    const request = {
      key_id: body.key_id,
      ...(body.jwk !== undefined ? { jwk: body.jwk } : {}),
      ...(body.generate !== undefined ? { generate: body.generate } : {}),
      ...(body.not_before !== undefined ? { not_before: body.not_before } : {}),
      ...(body.not_after !== undefined ? { not_after: body.not_after } : {}),
    };
    return answer(c, await run(() => publishKey(c.env, request, new Date())), 201);
  });

  app.post("/v2/policies/keys/:key_id/activate", async (c) => {
    requirePlatformKey(c);
    return answer(c, await run(() => activateKey(c.env, c.req.param("key_id"), new Date())), 200);
  });

  app.post("/v2/policies/keys/:key_id/revoke", async (c) => {
    requirePlatformKey(c);
    const body = parseOrProblem(RevokeKeySchema, await readJsonBody(c.req.raw, BODY_LIMITS.admin), "the revocation");
    return answer(c, await run(() => revokeKey(c.env, c.req.param("key_id"), body.reason, new Date())), 200);
  });

  app.put("/v2/policies/keys/set", async (c) => {
    requirePlatformKey(c);
    const body: unknown = await readJsonBody(c.req.raw, BODY_LIMITS.admin);
    return answer(c, await run(() => submitKeySet(c.env, body, new Date())), 200);
  });

  app.get("/v2/policies/keys/sets/:version", async (c) => {
    tenantFor(c, "policies:read");
    const version = c.req.param("version");
    const set = /^[1-9][0-9]{0,15}$/.test(version) ? await readKeySetVersion(c.env.POLICY_KV, keySetChain(c.env), Number(version)) : null;
    if (set === null) throw new ProblemError("not-found", "no key set with that version");
    return c.json(set, 200, { "cache-control": "no-store" });
  });

  return app;
}
