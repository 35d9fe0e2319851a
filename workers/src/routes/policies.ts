/**
 * The tenant's active policy: `GET /v2/policies/active` (operator, auditor, admin) returns the active
 * bundle's meta (`?include=policy` adds the document); `PUT /v2/policies/active` (operator, admin) sets
 * a new policy document, JSON or YAML, validated, as a new bundle with seq + 1. The full lifecycle
 * (quarantine → canary → active) comes later.
 */
import { Hono, type Context } from "hono";
import { MAX_POLICY_DEPTH, parsePolicy, PolicyError, type PolicyBundle, type PolicyDocument } from "../../../shared/src/index.ts";
import { bundleMeta } from "../../../durable-objects/src/policy-store/bundle-meta.ts";
import { policyStoreName } from "../../../durable-objects/src/storage-keys.ts";
import type { AppEnv } from "../app-env.ts";
import { tenantFor } from "../auth/authorize.ts";
import { DO_TIMEOUT_MS, withTimeout } from "../decide/with-timeout.ts";
import { BODY_LIMITS, mediaTypeOf, readBodyText } from "../http/body.ts";
import { exceedsJsonDepth } from "../http/json-depth.ts";
import { rememberActivePolicy } from "../policy/active-policy.ts";
import { ProblemError } from "../problem.ts";

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
    const type = mediaTypeOf(c.req.header("content-type") ?? null);
    const format = type === "application/json" ? "json" : YAML_TYPES.has(type) ? "yaml" : null;
    if (format === null) throw new ProblemError("unsupported-media-type", "send the policy as application/json or application/yaml");
    const text = await readBodyText(c.req.raw, BODY_LIMITS.policy);
    if (format === "json" && exceedsJsonDepth(text, MAX_POLICY_DEPTH)) {
      throw new ProblemError("nesting-too-deep", `a policy may nest at most ${MAX_POLICY_DEPTH} levels`);
    }
    const document = parseDocument(text, format);
    const bundle = await store(c, tenant, (s) => s.setPolicy(tenant, document, Date.now()));
    rememberActivePolicy(bundle as PolicyBundle, Date.now());
    const meta = bundleMeta(bundle as PolicyBundle);
    return c.json(meta, 200, { "cache-control": "no-store", "x-nethical-policy-version": meta.policy_version });
  });

  return app;
}

function parseDocument(text: string, format: "json" | "yaml"): PolicyDocument {
  try {
    return parsePolicy(text, format);
  } catch (error) {
    const errors = error instanceof PolicyError ? error.issues.slice(0, 50).map((i) => ({ path: i.path, message: i.message })) : [];
    throw new ProblemError("invalid-policy", `the policy document (${format}) is invalid`, { errors });
  }
}

type Store = ReturnType<Env["POLICY_STORE"]["get"]>;

async function store<T>(c: Context<AppEnv>, tenant: string, fn: (s: Store) => Promise<T>): Promise<T> {
  const stub = c.env.POLICY_STORE.get(c.env.POLICY_STORE.idFromName(policyStoreName(tenant)));
  try {
    return await withTimeout(fn(stub), DO_TIMEOUT_MS, "PolicyStore");
  } catch {
    throw new ProblemError("unavailable", "the policy store could not be reached; try again");
  }
}
