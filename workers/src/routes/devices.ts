/**
 * Device enrolment: `POST /v2/devices` (operator/admin) `{device_id, public_key_jwk, label?}` registers the
 * Ed25519 public key a device signs `/v2/sync` challenges with, and issues the device its own API key
 * (role `device`, bound to this device id, shown once as `api_key`): with it the device may only upload
 * its own decision log (`POST /v2/audit/ingest`). `GET /v2/devices/{id}` (operator, auditor, admin) shows
 * the record.
 */
import { Hono } from "hono";
import { Base64UrlError, DeviceAttestationSchema, SigningKeyError, TpmParseError } from "@nethical/core";
import type { AppEnv } from "../app-env.ts";
import { tenantFor } from "../auth/authorize.ts";
import { issueApiKey } from "../auth/issue-key.ts";
import { DEVICE_ID_PATTERN, enrolDevice, EnrolDeviceSchema, readDevice } from "../devices/device-registry.ts";
import { BODY_LIMITS, readJsonBody, parseOrProblem, ProblemError } from "@nethical/http";
import { z } from "zod";
import { json } from "../openapi/components.ts";
import { callersWith, describeRoute, JSON_BODY_ERRORS } from "../openapi/describe-route.ts";
import { keyIssueEvent } from "../audit/key-admin-events.ts";
import { adminActor, recordAdminEvent } from "../audit/record-admin-event.ts";

const DeviceRecordSchema = z.object({ device_id: z.string(), public_key_jwk: z.record(z.string(), z.unknown()), label: z.string().nullable(), enrolled_at: z.string(), attestation: DeviceAttestationSchema.optional() }).strict();

/** The routes' descriptions in the API document. */
export const deviceDocs = [
  describeRoute({
    method: "post",
    path: "/v2/devices",
    tag: "devices",
    summary: "Enrol a device",
    description: "Registers the Ed25519 public key the device signs /v2/sync challenges with (re-enrolling re-keys it) and issues the device its own API key (role `device`, shown once as `api_key`), which may only upload that device's decision log. `attestation: {kind: \"tpm\", ak_public}` (base64url TPM2B_PUBLIC of a restricted signing key: ECC P-256/ECDSA-SHA256 or RSA-2048/RSASSA-SHA256) makes every sync require a TPM quote signed by that attestation key; absent or `software` = development only.",
    roles: callersWith("policies:write"),
    request: { body: { required: true, ...json(EnrolDeviceSchema, { device_id: "robot-1", public_key_jwk: { kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" } }) } },
    responses: { 201: { description: "The device record and its API key", ...json(DeviceRecordSchema.extend({ api_key: z.string(), api_key_id: z.string() })) } },
    errors: JSON_BODY_ERRORS,
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
    try {
      const record = await enrolDevice(c.env.POLICY_KV, tenant, input, Date.now());
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

  return app;
}
