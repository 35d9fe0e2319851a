/**
 * Policy routes (operator/admin write, auditor read):
 * `GET /v2/policies/active` active bundle meta (`?include=policy` adds the document),
 * `PUT /v2/policies/active` a new version of the active policy, activated at once (the quick path),
 * `GET /v2/policies/keys` the public keys bundles are signed with and the whole platform key set (rotation routes: policy-keys.ts),
 * `POST /v2/policies/flush` (admin) emergency flush of this isolate's and colo's policy caches.
 * The versioned lifecycle is in policies-versions.ts.
 */
import { Hono, type Context } from "hono";
import { MAX_POLICY_DEPTH, parsePolicy, PolicyError, type PolicyBundle, type PolicyDocument } from "@nethical/core";
import { bundleMeta } from "@nethical/durable-objects/policy-store/bundle-meta";
import { policyStoreStub } from "@nethical/durable-objects/policy-store/store-address";
import { policyKeySet } from "@nethical/durable-objects/policy/signing-keys";
import { SignedKeySetSchema, usableKeys } from "@nethical/core";
import type { AppEnv } from "../app-env.ts";
import { tenantFor } from "../auth/authorize.ts";
import { DO_TIMEOUT_MS } from "../decide/with-timeout.ts";
import { callDurableObject } from "../durable-object-call.ts";
import { BODY_LIMITS, mediaTypeOf, readBodyText, exceedsJsonDepth, ProblemError } from "@nethical/http";
import { flushPolicyCaches } from "../policy/flush.ts";
import { rememberActivePolicy } from "../policy/active-policy.ts";
import { requireNoAnalysisErrors } from "../policy/policy-findings.ts";
import { z } from "zod";
import type { RouteConfig } from "@hono/zod-openapi";
import { json, PolicyDocument as PolicyDocumentComponent } from "../openapi/components.ts";
import { callersWith, describeRoute } from "../openapi/describe-route.ts";
import { BundleMeta, PolicyFinding } from "../openapi/views.ts";

/** The body of a policy upload: JSON or YAML (same document). */
export const POLICY_BODY: NonNullable<RouteConfig["request"]>["body"] = {
  required: true,
  content: {
    "application/json": { schema: PolicyDocumentComponent },
    "application/yaml": { schema: PolicyDocumentComponent },
  },
};

/** Errors of a policy upload (readPolicyBody, the analysis gate). */
export const POLICY_BODY_ERRORS = ["unsupported-media-type", "payload-too-large", "invalid-encoding", "incomplete-body", "invalid-text", "nesting-too-deep", "invalid-json", "invalid-policy", "validation-failed"] as const;

const POLICY_VERSION_HEADER = { "x-nethical-policy-version": { description: "The active policy version", schema: { type: "string" as const } } };

/** The routes' descriptions in the API document. */
export const policyDocs = [
  describeRoute({
    method: "get",
    path: "/v2/policies/active",
    tag: "policies",
    summary: "The active policy",
    description: "The active bundle's metadata; `?include=policy` adds the document.",
    roles: callersWith("policies:read"),
    request: { query: z.object({ include: z.enum(["policy"]).optional() }) },
    responses: { 200: { description: "The active bundle", headers: POLICY_VERSION_HEADER, ...json(BundleMeta.extend({ policy: PolicyDocumentComponent.optional() })) } },
    errors: ["not-found"],
  }),
  describeRoute({
    method: "put",
    path: "/v2/policies/active",
    tag: "policies",
    summary: "Replace the active policy at once",
    description: "The quick path: a new version of the active policy, activated at once (JSON or YAML). Refused with every finding when the analysis finds errors; warnings come back in `findings`.",
    roles: callersWith("policies:write"),
    request: { body: POLICY_BODY },
    responses: { 200: { description: "The new active bundle", headers: POLICY_VERSION_HEADER, ...json(BundleMeta.extend({ findings: z.array(PolicyFinding) })) } },
    errors: [...POLICY_BODY_ERRORS, "conflict"],
  }),
  describeRoute({
    method: "get",
    path: "/v2/policies/keys",
    tag: "policies",
    summary: "Policy signing keys",
    description:
      "The Ed25519 public keys policy bundles and fleet controls are signed with. `keys` lists the keys usable now (unrevoked, inside their window) — what readers that pin `{key_id, jwk}` pairs use; " +
      "`key_set` is the whole platform key set as signed (every key with its status — published, active, retired, revoked — window and revocation, the version and its signature), which devices follow through signed updates. Platform-wide, the same for every tenant.",
    roles: callersWith("policies:read"),
    responses: {
      200: {
        description: "The keys",
        ...json(z.object({ algorithm: z.literal("Ed25519"), version: z.number().int(), keys: z.array(z.object({ key_id: z.string(), jwk: z.record(z.string(), z.unknown()) }).strict()), key_set: SignedKeySetSchema }).strict()),
      },
    },
  }),
  describeRoute({
    method: "post",
    path: "/v2/policies/flush",
    tag: "policies",
    summary: "Flush policy caches",
    description: "Emergency flush of this isolate's and this location's policy caches for the tenant. Admin only (a tenant admin key).",
    roles: ["admin"],
    responses: { 200: { description: "What was flushed", ...json(z.object({ tenant: z.string(), seq: z.number().int(), policy_version: z.string(), l2_deleted: z.number().int() }).strict()) } },
  }),
];
import { policyActivatedEvent } from "../webhooks/events.ts";
import { publishInBackground } from "../webhooks/publish.ts";
import { activationEvent } from "../audit/policy-admin-events.ts";
import { adminActor, recordAdminEvent } from "../audit/record-admin-event.ts";

const YAML_TYPES = new Set(["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"]);

/**
 * The policy routes.
 *
 * @example
 * app.route("/", policyRoutes());
 */
export function policyRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/v2/policies/active", async (c) => {
    const tenant = tenantFor(c, "policies:read");
    const bundle = await store(c, tenant, (s) => s.getActive(tenant));
    if (bundle === null) throw new ProblemError("not-found", "this tenant has no active policy");
    const body = c.req.query("include") === "policy" ? { ...bundleMeta(bundle), policy: bundle.policy } : bundleMeta(bundle);
    return c.json(body, 200, { "cache-control": "no-store", "x-nethical-policy-version": bundleMeta(bundle).policy_version });
  });

  app.put("/v2/policies/active", async (c) => {
    const tenant = tenantFor(c, "policies:write");
    const document = await readPolicyBody(c);
    // The quick path activates at once, so it passes the same gate as publish + transition.
    const findings = requireNoAnalysisErrors(document);
    const previous = await store(c, tenant, (s) => s.getActive(tenant));
    const bundle = await store(c, tenant, (s) => s.setPolicy(tenant, document, Date.now()));
    rememberActivePolicy(bundle as PolicyBundle, Date.now());
    const meta = bundleMeta(bundle as PolicyBundle);
    const principal = c.get("principal");
    publishInBackground(c.executionCtx, c.env, tenant, [policyActivatedEvent(tenant, meta, { activated_by: principal.kind === "tenant" ? principal.keyId : null }, Date.now())]);
    await recordAdminEvent(c.env, activationEvent(tenant, adminActor(principal), previous === null ? null : bundleMeta(previous as PolicyBundle), meta));
    return c.json({ ...meta, findings }, 200, { "cache-control": "no-store", "x-nethical-policy-version": meta.policy_version });
  });

  app.get("/v2/policies/keys", async (c) => {
    tenantFor(c, "policies:read");
    const set = await policyKeySet(c.env);
    const keys = Object.entries(usableKeys(set, new Date())).map(([key_id, jwk]) => ({ key_id, jwk }));
    return c.json({ algorithm: "Ed25519", version: set.version, keys, key_set: set }, 200, { "cache-control": "no-store" });
  });

  app.post("/v2/policies/flush", async (c) => {
    const tenant = tenantFor(c, "policies:write");
    const principal = c.get("principal");
    if (principal.kind !== "tenant" || principal.role !== "admin") throw new ProblemError("forbidden", "only an admin may flush policy caches");
    const result = await flushPolicyCaches(c.env, tenant, Date.now());
    return c.json(result, 200, { "cache-control": "no-store" });
  });

  return app;
}

/**
 * Read a policy document from the body (application/json or application/yaml), or throw a problem:
 * 415 other media types, 400 too deep, 422 invalid with the path of every problem.
 *
 * @example
 * const document = await readPolicyBody(c);
 */
export async function readPolicyBody(c: Context<AppEnv>): Promise<PolicyDocument> {
  const type = mediaTypeOf(c.req.header("content-type") ?? null);
  const format = type === "application/json" ? "json" : YAML_TYPES.has(type) ? "yaml" : null;
  if (format === null) throw new ProblemError("unsupported-media-type", "send the policy as application/json or application/yaml");
  const text = await readBodyText(c.req.raw, BODY_LIMITS.policy);
  if (format === "json" && exceedsJsonDepth(text, MAX_POLICY_DEPTH)) {
    throw new ProblemError("nesting-too-deep", `a policy may nest at most ${MAX_POLICY_DEPTH} levels`);
  }
  try {
    return parsePolicy(text, format);
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    // Every finding, as `nethical lint` reports them (not only the first schema errors).
    requireNoAnalysisErrors(text, format);
    throw new ProblemError("invalid-policy", `the policy document (${format}) is invalid`, {
      errors: error.issues.slice(0, 50).map((i) => ({ path: i.path, message: i.message })),
    });
  }
}

type Store = ReturnType<Env["POLICY_STORE"]["get"]>;

/**
 * Call the tenant's PolicyStore with a deadline; 503 problem when it cannot be reached.
 *
 * @example
 * const bundle = await store(c, tenant, (s) => s.getActive(tenant));
 */
export async function store<T>(c: Context<AppEnv>, tenant: string, fn: (s: Store) => Promise<T>): Promise<T> {
  return callDurableObject(fn(policyStoreStub(c.env, tenant)), "PolicyStore", DO_TIMEOUT_MS, "the policy store could not be reached; try again");
}
