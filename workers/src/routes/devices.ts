/**
 * Device enrolment: `POST /v2/devices` (operator/admin) `{device_id, public_key_jwk, label?}` registers the
 * Ed25519 public key a device signs `/v2/sync` challenges with, and issues the device its own API key
 * (role `device`, bound to this device id, shown once as `api_key`): with it the device may only upload
 * its own decision log (`POST /v2/audit/ingest`). `GET /v2/devices/{id}` (operator, auditor, admin) shows
 * the record. `POST /v2/devices/{id}/key` (the device itself, or operator/admin) rotates the identity key with
 * proofs by both keys (devices/device-key-rotation.ts); `POST /v2/devices/{id}/revoke` (operator/admin)
 * revokes the device (devices/device-revocation.ts). Re-enrolling a revoked device id is refused unless an
 * admin passes `?force=true`: a revoked id is usually a lost or compromised device, and an enrolment script
 * re-run by mistake must not silently re-admit it.
 */
import { Hono } from "hono";
import { Base64UrlError, DeviceAttestationSchema, SigningKeyError, TpmParseError } from "@nethical/core";
import type { AppEnv } from "../app-env.ts";
import { tenantFor } from "../auth/authorize.ts";
import { issueApiKey } from "../auth/issue-key.ts";
import { DEVICE_ID_PATTERN, enrolDevice, EnrolDeviceSchema, readDevice } from "../devices/device-registry.ts";
import { RotateDeviceKeySchema, rotateDeviceKey, RotationRefusal, type RotationRefusalCode } from "../devices/device-key-rotation.ts";
import { clearFleetRevocation, revokeDevice } from "../devices/device-revocation.ts";
import type { ProblemSlug } from "@nethical/http";
import { BODY_LIMITS, readJsonBody, parseOrProblem, ProblemError } from "@nethical/http";
import { z } from "zod";
import { json } from "../openapi/components.ts";
import { callersWith, describeRoute, JSON_BODY_ERRORS } from "../openapi/describe-route.ts";
import { keyIssueEvent, keyRevokeEvent } from "../audit/key-admin-events.ts";
import { adminActor, recordAdminEvent } from "../audit/record-admin-event.ts";

const PreviousKeySchema = z.object({ public_key_jwk: z.record(z.string(), z.unknown()), key_thumbprint: z.string(), since: z.string(), retired_at: z.string() }).strict();
const DeviceRecordSchema = z
  .object({
    device_id: z.string(),
    public_key_jwk: z.record(z.string(), z.unknown()),
    label: z.string().nullable(),
    enrolled_at: z.string(),
    attestation: DeviceAttestationSchema.optional(),
    key_thumbprint: z.string().optional().describe("RFC 7638 thumbprint of the current key"),
    key_since: z.string().optional().describe("When the current key became current"),
    previous_keys: z.array(PreviousKeySchema).optional().describe("Keys the device rotated away from, newest first (at most 10): sync refuses them with `key_retired`"),
    last_rotation_proof: z.string().optional().describe("SHA-256 (base64url) of the last accepted rotation's proof_old: the same proof again is refused"),
    revoked: z.object({ at: z.string(), reason: z.string(), actor_key_id: z.string() }).strict().optional().describe("Set when the device is revoked"),
  })
  .strict();

/** `POST /v2/devices/{id}/revoke` body. */
const RevokeDeviceSchema = z.object({ reason: z.string().min(1).max(512) }).strict();

/** The problem slug of each rotation refusal. */
const ROTATION_SLUG: Record<RotationRefusalCode, ProblemSlug> = {
  not_found: "not-found",
  device_revoked: "conflict",
  malformed_key: "validation-failed",
  stale_proof: "validation-failed",
  proof_replayed: "conflict",
  same_key: "conflict",
  key_reused: "conflict",
  bad_proof_old: "validation-failed",
  bad_proof_new: "validation-failed",
};

/** The routes' descriptions in the API document. */
export const deviceDocs = [
  describeRoute({
    method: "post",
    path: "/v2/devices",
    tag: "devices",
    summary: "Enrol a device",
    description: "Registers the Ed25519 public key the device signs /v2/sync challenges with (re-enrolling re-keys it; a revoked device id is refused `device_revoked` (409) unless an admin passes `?force=true`) and issues the device its own API key (role `device`, shown once as `api_key`), which may only upload that device's decision log. `attestation: {kind: \"tpm\", ak_public}` (base64url TPM2B_PUBLIC of a restricted signing key: ECC P-256/ECDSA-SHA256 or RSA-2048/RSASSA-SHA256) makes every sync require a TPM quote signed by that attestation key; absent or `software` = development only.",
    roles: callersWith("policies:write"),
    request: { query: z.object({ force: z.enum(["true", "false"]).optional().describe("Admin only: re-enrol a revoked device id") }), body: { required: true, ...json(EnrolDeviceSchema, { device_id: "robot-1", public_key_jwk: { kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" } }) } },
    responses: { 201: { description: "The device record and its API key", ...json(DeviceRecordSchema.extend({ api_key: z.string(), api_key_id: z.string() })) } },
    errors: [...JSON_BODY_ERRORS, "conflict"],
  }),
  describeRoute({
    method: "post",
    path: "/v2/devices/{id}/key",
    tag: "devices",
    summary: "Rotate a device's identity key",
    description:
      "Device-initiated rotation with no downtime: the device makes a new Ed25519 key and proves possession of both keys. `proof_old` (by the current key) and `proof_new` (by the new key) are Ed25519 signatures (base64url) over the UTF-8 bytes `nethical-device-key-rotation-v1\\n<tenant>\\n<device_id>\\n<new key RFC 7638 thumbprint>\\n<old key thumbprint>\\n<issued_at>`; `issued_at` must be within 5 minutes of the server's clock. Accepted, the new key is current at once and the old one is kept in `previous_keys` with `retired_at`; /v2/sync then refuses the old key with `key_retired`. A device key may rotate only its own device. Refusals (nothing changed) carry `code`: `malformed_key`, `stale_proof`, `bad_proof_old`, `bad_proof_new` (422); `same_key`, `key_reused`, `proof_replayed`, `device_revoked` (409).",
    roles: callersWith("devices:rotate-key"),
    request: {
      params: z.object({ id: z.string() }),
      body: { required: true, ...json(RotateDeviceKeySchema, { public_key_jwk: { kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" }, issued_at: "2026-12-05T20:00:00.000Z", proof_old: "…", proof_new: "…" }) },
    },
    responses: { 200: { description: "The device record with its new current key", ...json(DeviceRecordSchema) } },
    errors: [...JSON_BODY_ERRORS, "not-found", "conflict"],
  }),
  describeRoute({
    method: "post",
    path: "/v2/devices/{id}/revoke",
    tag: "devices",
    summary: "Revoke a device",
    description:
      "Marks the device revoked: its /v2/sync connections are refused with `device_revoked` (open sessions are closed with that code on every store serving the tenant's devices), its device API keys are revoked, `GET /v2/devices/{id}` and `/v2/fleet` show it revoked, and an admin event `device.revoke` is recorded. Revoking a revoked device changes nothing (`changed: false`). KV propagation: another location may accept the device for up to about a minute.",
    roles: callersWith("policies:write"),
    request: { params: z.object({ id: z.string() }), body: { required: true, ...json(RevokeDeviceSchema, { reason: "device reported stolen" }) } },
    responses: {
      200: {
        description: "The revoked device and what was done",
        ...json(
          z
            .object({
              device: DeviceRecordSchema,
              changed: z.boolean(),
              revoked_key_ids: z.array(z.string()),
              sessions_closed: z.number().int(),
              stores: z.object({ reached: z.array(z.string()), missed: z.array(z.string()) }).strict(),
            })
            .strict(),
        ),
      },
    },
    errors: [...JSON_BODY_ERRORS, "not-found"],
  }),
  describeRoute({
    method: "get",
    path: "/v2/devices/{id}",
    tag: "devices",
    summary: "A device",
    description: "The enrolled device's record (its public key, label, enrolment time).",
    roles: callersWith("policies:read"),
    request: { params: z.object({ id: z.string() }) },
    responses: { 200: { description: "The device", ...json(DeviceRecordSchema) } },
    errors: ["not-found"],
  }),
];

/**
 * The device routes.
 *
 * @example
 * app.route("/", deviceRoutes());
 */
export function deviceRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post("/v2/devices", async (c) => {
    const tenant = tenantFor(c, "policies:write");
    const input = parseOrProblem(EnrolDeviceSchema, await readJsonBody(c.req.raw, BODY_LIMITS.admin), "the device");
    const previous = await readDevice(c.env.POLICY_KV, tenant, input.device_id);
    const principal = c.get("principal");
    if (previous?.revoked !== undefined) {
      const force = c.req.query("force") === "true";
      if (!force || principal.kind !== "tenant" || principal.role !== "admin") {
        throw new ProblemError("conflict", "this device id is revoked; an admin may re-enrol it with ?force=true", { code: "device_revoked" });
      }
    }
    try {
      const record = await enrolDevice(c.env.POLICY_KV, tenant, input, Date.now());
      if (previous?.revoked !== undefined) {
        await clearFleetRevocation(c.env.POLICY_KV, tenant, input.device_id, Date.now());
        await recordAdminEvent(c.env, { tenant, actor: adminActor(principal), action: "device.reinstate", target: { type: "device", id: input.device_id }, before: { revoked_at: previous.revoked.at }, after: { revoked_at: null, key_thumbprint: record.key_thumbprint ?? null } });
      }
      const { meta, secret } = await issueApiKey(c.env.POLICY_KV, tenant, "device", {
        label: `device:${input.device_id}`,
        device_id: input.device_id,
      });
      await recordAdminEvent(c.env, keyIssueEvent(tenant, adminActor(c.get("principal")), meta));
      return c.json({ ...record, api_key: secret, api_key_id: meta.key_id }, 201, { "cache-control": "no-store" });
    } catch (error) {
      if (error instanceof SigningKeyError) throw new ProblemError("validation-failed", "public_key_jwk is not a usable Ed25519 public key");
      if (error instanceof TpmParseError || error instanceof Base64UrlError) throw new ProblemError("validation-failed", `attestation.ak_public is not a usable TPM attestation key: ${error.message}`);
      throw error;
    }
  });

  app.get("/v2/devices/:id", async (c) => {
    const tenant = tenantFor(c, "policies:read");
    const id = c.req.param("id");
    // An id no device can have is simply not found (a 500-character id once made a KV key too long: 500).
    const record = DEVICE_ID_PATTERN.test(id) ? await readDevice(c.env.POLICY_KV, tenant, id) : null;
    if (record === null) throw new ProblemError("not-found", "no device with that id");
    return c.json(record, 200, { "cache-control": "no-store" });
  });

  app.post("/v2/devices/:id/key", async (c) => {
    const tenant = tenantFor(c, "devices:rotate-key");
    const id = c.req.param("id");
    const principal = c.get("principal");
    if (principal.kind === "tenant" && principal.role === "device" && principal.deviceId !== id) {
      throw new ProblemError("forbidden", "a device key may rotate only its own device's key");
    }
    if (!DEVICE_ID_PATTERN.test(id)) throw new ProblemError("not-found", "no device with that id");
    const input = parseOrProblem(RotateDeviceKeySchema, await readJsonBody(c.req.raw, BODY_LIMITS.admin), "the rotation");
    let record;
    try {
      record = await rotateDeviceKey(c.env.POLICY_KV, tenant, id, input, Date.now());
    } catch (error) {
      if (error instanceof RotationRefusal) throw new ProblemError(ROTATION_SLUG[error.code], error.message, { code: error.code });
      throw error;
    }
    const retired = record.previous_keys?.[0];
    await recordAdminEvent(c.env, {
      tenant,
      actor: adminActor(principal),
      action: "device.rotate_key",
      target: { type: "device", id },
      before: { key_thumbprint: retired?.key_thumbprint ?? null },
      after: { key_thumbprint: record.key_thumbprint ?? null, retired_at: retired?.retired_at ?? null },
    });
    return c.json(record, 200, { "cache-control": "no-store" });
  });

  app.post("/v2/devices/:id/revoke", async (c) => {
    const tenant = tenantFor(c, "policies:write");
    const id = c.req.param("id");
    if (!DEVICE_ID_PATTERN.test(id)) throw new ProblemError("not-found", "no device with that id");
    const { reason } = parseOrProblem(RevokeDeviceSchema, await readJsonBody(c.req.raw, BODY_LIMITS.admin), "the revocation");
    const actor = adminActor(c.get("principal"));
    const outcome = await revokeDevice(c.env, tenant, id, reason, actor.key_id, Date.now());
    if (outcome === null) throw new ProblemError("not-found", "no device with that id");
    if (outcome.changed) {
      await recordAdminEvent(c.env, {
        tenant,
        actor,
        action: "device.revoke",
        target: { type: "device", id },
        before: { revoked_at: null },
        after: { revoked_at: outcome.record.revoked?.at ?? null, revoked_key_ids: outcome.revokedKeys.map((k) => k.key_id), sessions_closed: outcome.sessions_closed },
        reason,
      });
    }
    for (const key of outcome.revokedKeys) await recordAdminEvent(c.env, keyRevokeEvent(tenant, actor, key, null));
    return c.json(
      { device: outcome.record, changed: outcome.changed, revoked_key_ids: outcome.revokedKeys.map((k) => k.key_id), sessions_closed: outcome.sessions_closed, stores: outcome.stores },
      200,
      { "cache-control": "no-store" },
    );
  });

  return app;
}
