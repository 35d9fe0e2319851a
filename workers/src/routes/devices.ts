/**
 * Device enrolment: `POST /v2/devices` (operator/admin) `{device_id, public_key_jwk, label?}` registers the
 * Ed25519 public key a device signs `/v2/sync` challenges with, and issues the device its own API key
 * (role `device`, bound to this device id, shown once as `api_key`): with it the device may only upload
 * its own decision log (`POST /v2/audit/ingest`). `GET /v2/devices/{id}` (operator, auditor, admin) shows
 * the record.
 */
import { Hono } from "hono";
import { SigningKeyError } from "@nethical/core";
import type { AppEnv } from "../app-env.ts";
import { tenantFor } from "../auth/authorize.ts";
import { issueApiKey } from "../auth/issue-key.ts";
import { DEVICE_ID_PATTERN, enrolDevice, EnrolDeviceSchema, readDevice } from "../devices/device-registry.ts";
import { BODY_LIMITS, readJsonBody, parseOrProblem, ProblemError } from "@nethical/http";

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
      return c.json({ ...record, api_key: secret, api_key_id: meta.key_id }, 201, { "cache-control": "no-store" });
    } catch (error) {
      if (error instanceof SigningKeyError) throw new ProblemError("validation-failed", "public_key_jwk is not a usable Ed25519 public key");
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
