/**
 * The tenant's PCR policy for TPM device attestation: `GET /v2/attestation/pcr-policy` (operator, auditor,
 * admin), `PUT` (operator, admin) sets `{pcrs: {index: sha256 hex}, require_tpm}`, `DELETE` removes it.
 * The PolicyStore reads it at every device sync (durable-objects/src/policy-store/attestation-gate.ts): a
 * TPM device's quote must cover exactly these PCRs with exactly these values, and with `require_tpm` a
 * software-attested device is refused. Changes are admin events in the audit trail.
 */
import { Hono } from "hono";
import { PcrPolicySchema } from "@nethical/core";
import { BODY_LIMITS, ProblemError, parseOrProblem, readJsonBody } from "@nethical/http";
import { readPcrPolicy, writePcrPolicy } from "@nethical/durable-objects/policy-store/attestation-records";
import { pcrPolicyKey } from "@nethical/durable-objects/storage-keys";
import { z } from "zod";
import type { AppEnv } from "../app-env.ts";
import { tenantFor } from "../auth/authorize.ts";
import { adminActor, recordAdminEvent } from "../audit/record-admin-event.ts";
import { json } from "../openapi/components.ts";
import { callersWith, describeRoute, JSON_BODY_ERRORS } from "../openapi/describe-route.ts";

const PATH = "/v2/attestation/pcr-policy";
const PcrPolicyView = z.object({ tenant: z.string(), pcrs: z.record(z.string(), z.string()), require_tpm: z.boolean() }).strict();
const EXAMPLE = { pcrs: { "0": "0".repeat(64), "7": "0".repeat(64) }, require_tpm: true };

/** The routes' descriptions in the API document. */
export const attestationDocs = [
  describeRoute({
    method: "get",
    path: PATH,
    tag: "devices",
    summary: "The tenant's PCR policy",
    description: "The sha256 PCR values every TPM device quote must show at sync, and whether software-attested devices are refused. 404 when none is set (quotes are then checked for signature, nonce and PCR digest only).",
    roles: callersWith("policies:read"),
    responses: { 200: { description: "The policy", ...json(PcrPolicyView) } },
    errors: ["not-found"],
  }),
  describeRoute({
    method: "put",
    path: PATH,
    tag: "devices",
    summary: "Set the tenant's PCR policy",
    description: "Every later sync of a TPM-enrolled device must quote exactly these PCRs (sha256 bank) with exactly these values, or it is refused with `quote_pcr_mismatch` and gets no policy; `require_tpm: true` also refuses software-attested devices (`attestation_required`). Recorded as an admin event.",
    roles: callersWith("policies:write"),
    request: { body: { required: true, ...json(PcrPolicySchema, EXAMPLE) } },
    responses: { 200: { description: "The stored policy", ...json(PcrPolicyView) } },
    errors: JSON_BODY_ERRORS,
  }),
  describeRoute({
    method: "delete",
    path: PATH,
    tag: "devices",
    summary: "Remove the tenant's PCR policy",
    description: "TPM quotes are still required from TPM-enrolled devices and checked for signature, nonce and PCR digest; PCR values are no longer compared. Recorded as an admin event.",
    roles: callersWith("policies:write"),
    responses: { 200: { description: "Removed", ...json(z.object({ tenant: z.string(), removed: z.boolean() }).strict()) } },
  }),
];

/**
 * The PCR policy routes.
 *
 * @example
 * app.route("/", attestationRoutes());
 */
export function attestationRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get(PATH, async (c) => {
    const tenant = tenantFor(c, "policies:read");
    const policy = await readPcrPolicy(c.env.POLICY_KV, tenant);
    if (policy === null) throw new ProblemError("not-found", "no PCR policy is set for this tenant");
    return c.json({ tenant, ...policy }, 200, { "cache-control": "no-store" });
  });

  app.put(PATH, async (c) => {
    const tenant = tenantFor(c, "policies:write");
    const input = parseOrProblem(PcrPolicySchema, await readJsonBody(c.req.raw, BODY_LIMITS.admin), "the PCR policy");
    const before = await readPcrPolicy(c.env.POLICY_KV, tenant);
    const stored = await writePcrPolicy(c.env.POLICY_KV, tenant, input);
    await recordAdminEvent(c.env, {
      tenant,
      actor: adminActor(c.get("principal")),
      action: "pcr_policy.set",
      target: { type: "tenant", id: tenant },
      before: before === null ? null : summary(before),
      after: summary(stored),
    });
    return c.json({ tenant, ...stored }, 200, { "cache-control": "no-store" });
  });

  app.delete(PATH, async (c) => {
    const tenant = tenantFor(c, "policies:write");
    const before = await readPcrPolicy(c.env.POLICY_KV, tenant);
    if (before !== null) {
      await c.env.POLICY_KV.delete(pcrPolicyKey(tenant));
      await recordAdminEvent(c.env, { tenant, actor: adminActor(c.get("principal")), action: "pcr_policy.remove", target: { type: "tenant", id: tenant }, before: summary(before), after: null });
    }
    return c.json({ tenant, removed: before !== null }, 200, { "cache-control": "no-store" });
  });

  return app;
}

/** What the audit trail keeps: which PCRs and require_tpm (values are in KV and in the GET). */
function summary(policy: { pcrs: Record<string, string>; require_tpm: boolean }): { pcrs: string; require_tpm: boolean } {
  return { pcrs: Object.keys(policy.pcrs).map(Number).sort((a, b) => a - b).join(","), require_tpm: policy.require_tpm };
}
