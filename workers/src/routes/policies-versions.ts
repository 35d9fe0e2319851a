/**
 * The versioned policy lifecycle:
 * `POST /v2/policies?policy_id=<id>` (operator/admin) a new version (JSON or YAML body) in quarantine,
 * `GET /v2/policies` every policy with its versions, `GET /v2/policies/{id}` one policy's versions
 * (`?include=policy` adds documents), `POST /v2/policies/{id}/versions/{v}/transition`
 * `{"to": "canary"|"active"|"deprecated"|"quarantine", "canary_percent"?}`: quarantine → canary → active →
 * deprecated; activating a deprecated version is a rollback (a new version with its content, a new seq).
 */
import { Hono } from "hono";
import { z } from "zod";
import { analyzePolicy, type PolicyBundle } from "@nethical/core";
import type { TransitionResult } from "@nethical/durable-objects/policy-store/policy-store";
import { API_POLICY_ID_PATTERN, type VersionInfo } from "@nethical/durable-objects/policy-store/policy-versions";
import type { AppEnv } from "../app-env.ts";
import { tenantFor } from "../auth/authorize.ts";
import { BODY_LIMITS, readJsonBody, parseOrProblem, ProblemError } from "@nethical/http";
import { rememberActivePolicy } from "../policy/active-policy.ts";
import { policyFindings } from "../policy/policy-findings.ts";
import { POLICY_BODY, POLICY_BODY_ERRORS, readPolicyBody, store } from "./policies.ts";
import { json } from "../openapi/components.ts";
import { callersWith, describeRoute, JSON_BODY_ERRORS } from "../openapi/describe-route.ts";
import { BundleMeta, PolicyFinding, PolicyVersion, PolicyWithVersions } from "../openapi/views.ts";
import { bundleMeta } from "@nethical/durable-objects/policy-store/bundle-meta";
import { policyActivatedEvent } from "../webhooks/events.ts";
import { publishInBackground } from "../webhooks/publish.ts";
import { publishEvent, transitionEvent } from "../audit/policy-admin-events.ts";
import { adminActor, recordAdminEvent } from "../audit/record-admin-event.ts";
import type { BundleMeta as BundleMetaOf } from "@nethical/durable-objects/policy-store/bundle-meta";

/** Body of the transition route. */
export const TransitionSchema = z
  .object({
    to: z.enum(["quarantine", "canary", "active", "deprecated"]),
    canary_percent: z.number().gt(0).lt(100).optional(),
  })
  .strict();

const REFUSAL_SLUG = { not_found: "not-found", conflict: "conflict", invalid: "invalid-policy" } as const;

function policyIdOf(raw: string | undefined): string {
  if (raw === undefined || !API_POLICY_ID_PATTERN.test(raw)) {
    throw new ProblemError("validation-failed", "policy ids are 1–64 characters of [A-Za-z0-9_-], starting with a letter or digit");
  }
  return raw;
}

const PolicyIdParam = z.object({ id: z.string().describe("1–64 characters of [A-Za-z0-9_-], starting with a letter or digit") });

/** The routes' descriptions in the API document. */
export const policyVersionDocs = [
  describeRoute({
    method: "post",
    path: "/v2/policies",
    tag: "policies",
    summary: "Publish a policy version",
    description: "A new version (JSON or YAML) in quarantine, under `policy_id` (default: the document's name). Published even with analysis errors, which then block its transition; every finding comes back now.",
    roles: callersWith("policies:write"),
    request: { query: z.object({ policy_id: z.string().optional(), note: z.string().optional().describe("Free note, at most 1024 characters kept") }), body: POLICY_BODY },
    responses: {
      201: {
        description: "The version",
        headers: { location: { description: "/v2/policies/{policy_id}", schema: { type: "string" } } },
        ...json(PolicyVersion.extend({ findings: z.array(PolicyFinding) })),
      },
    },
    errors: [...POLICY_BODY_ERRORS],
  }),
  describeRoute({
    method: "get",
    path: "/v2/policies",
    tag: "policies",
    summary: "Every policy and its versions",
    description: "The tenant's policies with their versions and statuses.",
    roles: callersWith("policies:read"),
    responses: { 200: { description: "The policies", ...json(z.object({ policies: z.array(PolicyWithVersions) }).strict()) } },
  }),
  describeRoute({
    method: "get",
    path: "/v2/policies/{id}",
    tag: "policies",
    summary: "One policy's versions",
    description: "One policy's versions; `?include=policy` adds each version's document.",
    roles: callersWith("policies:read"),
    request: { params: PolicyIdParam, query: z.object({ include: z.enum(["policy"]).optional() }) },
    responses: { 200: { description: "The policy", ...json(PolicyWithVersions) } },
    errors: ["validation-failed", "not-found"],
  }),
  describeRoute({
    method: "post",
    path: "/v2/policies/{id}/versions/{version}/transition",
    tag: "policies",
    summary: "Move a version through its lifecycle",
    description: "quarantine → canary (`canary_percent` of agents) → active → deprecated; activating a deprecated version is a rollback (a new version with its content). Refused (422 `invalid-policy`) while the analysis finds errors.",
    roles: callersWith("policies:write"),
    request: { params: PolicyIdParam.extend({ version: z.string().describe("A positive integer") }), body: { required: true, ...json(TransitionSchema, { to: "canary", canary_percent: 10 }) } },
    responses: { 200: { description: "The version and the active bundle", ...json(z.object({ ok: z.literal(true), version: PolicyVersion, active: BundleMeta.nullable() }).strict()) } },
    errors: [...JSON_BODY_ERRORS, "not-found", "conflict", "invalid-policy"],
  }),
];

/**
 * The lifecycle routes.
 *
 * @example
 * app.route("/", policyVersionRoutes());
 */
export function policyVersionRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post("/v2/policies", async (c) => {
    const tenant = tenantFor(c, "policies:write");
    const document = await readPolicyBody(c);
    const policyId = policyIdOf(c.req.query("policy_id") ?? document.name);
    const note = c.req.query("note")?.slice(0, 1024);
    const principal = c.get("principal");
    const author = principal.kind === "tenant" ? principal.keyId : undefined;
    const meta = { ...(author !== undefined ? { author } : {}), ...(note !== undefined ? { note } : {}) };
    const version = await store(c, tenant, (s) => s.createVersion(tenant, policyId, document, meta, Date.now()));
    await recordAdminEvent(c.env, publishEvent(tenant, adminActor(principal), policyId, version as VersionInfo));
    // Published (quarantined) even with analysis errors, which then block its transition: say so now,
    // with every finding, instead of only at the transition.
    return c.json({ ...version, findings: policyFindings(analyzePolicy(document)) }, 201, { "cache-control": "no-store", location: `/v2/policies/${policyId}` });
  });

  app.get("/v2/policies", async (c) => {
    const tenant = tenantFor(c, "policies:read");
    const policies = await store(c, tenant, (s) => s.listPolicies(tenant));
    return c.json({ policies }, 200, { "cache-control": "no-store" });
  });

  app.get("/v2/policies/:id", async (c) => {
    const tenant = tenantFor(c, "policies:read");
    const policyId = policyIdOf(c.req.param("id"));
    const policy = await store(c, tenant, (s) => s.getPolicy(tenant, policyId, c.req.query("include") === "policy"));
    if (policy === null) throw new ProblemError("not-found", "no policy with that id");
    return c.json(policy, 200, { "cache-control": "no-store" });
  });

  app.post("/v2/policies/:id/versions/:version/transition", async (c) => {
    const tenant = tenantFor(c, "policies:write");
    const policyId = policyIdOf(c.req.param("id"));
    const version = Number(c.req.param("version"));
    if (!Number.isSafeInteger(version) || version < 1) throw new ProblemError("validation-failed", "versions are positive integers");
    const body = parseOrProblem(TransitionSchema, await readJsonBody(c.req.raw, BODY_LIMITS.admin), "the transition");
    const principal = c.get("principal");
    const options = {
      ...(body.canary_percent !== undefined ? { canaryPercent: body.canary_percent } : {}),
      ...(principal.kind === "tenant" ? { author: principal.keyId } : {}),
    };
    // The state before, for the audit trail (admin changes are rare; two reads are cheap).
    const [policyBefore, activeBefore] = await Promise.all([
      store(c, tenant, (s) => s.getPolicy(tenant, policyId, false)),
      store(c, tenant, (s) => s.getActive(tenant)),
    ]);
    const result = (await store(c, tenant, (s) => s.transition(tenant, policyId, version, body.to, options, Date.now()))) as TransitionResult;
    if (!result.ok) throw new ProblemError(REFUSAL_SLUG[result.code], result.message, result.errors !== undefined ? { errors: result.errors } : {});
    const versionBefore = (policyBefore as { versions: VersionInfo[] } | null)?.versions.find((v) => v.version === version) ?? null;
    const metaBefore: BundleMetaOf | null = activeBefore === null ? null : bundleMeta(activeBefore as PolicyBundle);
    await recordAdminEvent(c.env, transitionEvent(tenant, adminActor(principal), policyId, versionBefore, result.version, metaBefore, result.active));
    if (body.to === "active") {
      const bundle = await store(c, tenant, (s) => s.getActive(tenant));
      if (bundle !== null) {
        rememberActivePolicy(bundle as PolicyBundle, Date.now());
        const context = { activated_by: principal.kind === "tenant" ? principal.keyId : null, policy_id: policyId, version };
        publishInBackground(c.executionCtx, c.env, tenant, [policyActivatedEvent(tenant, bundleMeta(bundle as PolicyBundle), context, Date.now())]);
      }
    }
    return c.json(result, 200, { "cache-control": "no-store" });
  });

  return app;
}
