/**
 * `POST /v2/policies/bundles` (operator, admin): install a policy bundle signed elsewhere — offline, on a
 * PKCS#11 token (`nethical policy sign --pkcs11 …`) — instead of the PolicyStore signing on activation. The
 * tenant's PolicyStore verifies it against the platform's policy key set (signed by a usable key, unmodified,
 * this tenant's, seq newer than the active bundle's), makes it the active version and distributes the bundle
 * as signed: pushed to connected devices over `/v2/sync` and copied to KV for the isolates, exactly as a
 * bundle it signed itself. The analysis gate of every activation applies to its policy.
 *
 * Refusals are problem+json with `code`: 409 `stale_seq` (not newer); 422 `unknown_key`, `revoked_key`,
 * `expired_key`, `key_not_yet_valid`, `bad_signature`, `hash_mismatch`, `wrong_tenant`, `malformed`.
 */
import { Hono } from "hono";
import { MAX_POLICY_DEPTH, PolicyBundleSchema, type PolicyBundle } from "@nethical/core";
import type { InstallResult } from "@nethical/durable-objects/policy-store/policy-store";
import { bundleMeta } from "@nethical/durable-objects/policy-store/bundle-meta";
import { BODY_LIMITS, readJsonBody, ProblemError } from "@nethical/http";
import type { AppEnv } from "../app-env.ts";
import { tenantFor } from "../auth/authorize.ts";
import { rememberActivePolicy } from "../policy/active-policy.ts";
import { requireNoAnalysisErrors } from "../policy/policy-findings.ts";
import { json } from "../openapi/components.ts";
import { callersWith, describeRoute, JSON_BODY_ERRORS } from "../openapi/describe-route.ts";
import { BundleMeta, PolicyFinding } from "../openapi/views.ts";
import { policyActivatedEvent } from "../webhooks/events.ts";
import { publishInBackground } from "../webhooks/publish.ts";
import { activationEvent } from "../audit/policy-admin-events.ts";
import { adminActor, recordAdminEvent } from "../audit/record-admin-event.ts";
import { store } from "./policies.ts";

/** The routes' descriptions in the API document. */
export const policyBundleDocs = [
  describeRoute({
    method: "post",
    path: "/v2/policies/bundles",
    tag: "policies",
    summary: "Install a policy bundle signed offline",
    description:
      "A bundle signed outside the Worker (e.g. `nethical policy sign --pkcs11 …` on an HSM): verified against the platform policy key set (`GET /v2/policies/keys`), seq newer than the active bundle's, then activated and distributed to devices and isolates with its own signature. " +
      "409 `stale_seq` when not newer; 422 with `code` (`unknown_key`, `revoked_key`, `expired_key`, `key_not_yet_valid`, `bad_signature`, `hash_mismatch`, `wrong_tenant`, `malformed`) otherwise; 422 `invalid-policy` when the policy fails the analysis gate.",
    roles: callersWith("policies:write"),
    request: { body: { required: true, ...json(PolicyBundleSchema) } },
    responses: { 200: { description: "The installed bundle (now active) and the policy's analysis findings", ...json(BundleMeta.extend({ findings: PolicyFinding.array() })) } },
    errors: [...JSON_BODY_ERRORS, "conflict", "not-found", "invalid-policy"],
  }),
];

function refusal(result: Extract<InstallResult, { ok: false }>): ProblemError {
  if (result.code === "unknown_tenant") return new ProblemError("not-found", "no tenant with that id");
  if (result.code === "stale_seq") return new ProblemError("conflict", result.message, { code: result.code });
  return new ProblemError("validation-failed", result.message, { code: result.code });
}

/**
 * The route.
 *
 * @example
 * app.route("/", policyBundleRoutes());
 */
export function policyBundleRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post("/v2/policies/bundles", async (c) => {
    const tenant = tenantFor(c, "policies:write");
    const raw = await readJsonBody(c.req.raw, BODY_LIMITS.policy, MAX_POLICY_DEPTH + 2);
    const parsed = PolicyBundleSchema.safeParse(raw);
    if (!parsed.success) {
      throw new ProblemError("validation-failed", "not a signed policy bundle ({tenant, seq, hash, policy, key_id, signature})", {
        code: "malformed",
        errors: parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path, message: i.message })),
      });
    }
    const findings = requireNoAnalysisErrors(parsed.data.policy);
    const previous = await store(c, tenant, (s) => s.getActive(tenant));
    const result = (await store(c, tenant, (s) => s.installBundle(tenant, parsed.data, Date.now()) as Promise<unknown>)) as InstallResult;
    if (!result.ok) throw refusal(result);
    const bundle: PolicyBundle = parsed.data;
    rememberActivePolicy(bundle, Date.now());
    const meta = bundleMeta(bundle);
    const principal = c.get("principal");
    publishInBackground(c.executionCtx, c.env, tenant, [policyActivatedEvent(tenant, meta, { activated_by: principal.kind === "tenant" ? principal.keyId : null }, Date.now())]);
    await recordAdminEvent(c.env, activationEvent(tenant, adminActor(principal), previous === null ? null : bundleMeta(previous as PolicyBundle), meta));
    return c.json({ ...meta, findings }, 200, { "cache-control": "no-store", "x-nethical-policy-version": meta.policy_version });
  });

  return app;
}
