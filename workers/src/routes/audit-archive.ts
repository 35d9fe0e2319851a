/**
 * Audit archive and witness routes, within the caller's tenant:
 * `GET /v2/audit/witness` (the witness's public key and the heads it refused — split views), auditors;
 * `GET /v2/audit/retention` (the retention policy and the archived segments), auditors;
 * `PUT /v2/audit/retention` (set the policy; audited as `audit_retention.set`), admins;
 * `POST /v2/audit/archive/run` (seal what is not archived yet and apply retention now), admins.
 * The archive itself is R2 (binding AUDIT_ARCHIVE); docs/audit.md "Archive tiers and retention".
 */
import { Hono } from "hono";
import { RetentionPolicySchema } from "@nethical/durable-objects/audit-archive/retention-policy";
import { witnessFor } from "@nethical/durable-objects/residency/by-tenant";
import { BODY_LIMITS, parseOrProblem, ProblemError, readJsonBody } from "@nethical/http";
import type { AppEnv } from "../app-env.ts";
import { auditLogStub } from "../audit/audit-log-stub.ts";
import { adminActor, recordAdminEvent } from "../audit/record-admin-event.ts";
import { tenantFor } from "../auth/authorize.ts";
import { DO_TIMEOUT_MS } from "../decide/with-timeout.ts";
import { callDurableObject } from "../durable-object-call.ts";
import { json } from "../openapi/components.ts";
import { callersWith, describeRoute, JSON_BODY_ERRORS } from "../openapi/describe-route.ts";
import { ArchiveRun, AuditRetention, WitnessInfo } from "../openapi/archive-views.ts";

const NO_STORE = { "cache-control": "no-store" };

/** Body of `PUT /v2/audit/retention`. */
export const RetentionRequestSchema = RetentionPolicySchema;

/** The routes' descriptions in the API document. */
export const auditArchiveDocs = [
  describeRoute({
    method: "get",
    path: "/v2/audit/witness",
    tag: "audit",
    summary: "The tree-head witness",
    description:
      "The public key of the tenant's witness (pin it with `nethical audit verify --witness-key`) and the heads it refused, newest first: `split_view` (a second root for a size it cosigned), `inconsistent_head` (a larger head that does not extend the last one), `stale_head`, `bad_signature`, each with both heads.",
    roles: callersWith("audit:read"),
    responses: { 200: { description: "The witness key and its refusals", ...json(WitnessInfo) } },
  }),
  describeRoute({
    method: "get",
    path: "/v2/audit/retention",
    tag: "audit",
    summary: "Audit retention policy and archive",
    description: "The tenant's retention policy (days hot, warm, in all; the default until an admin sets one) and its archived segments with their tier, R2 key and deletion time.",
    roles: callersWith("audit:read"),
    responses: { 200: { description: "The policy and the archive index", ...json(AuditRetention) } },
  }),
  describeRoute({
    method: "put",
    path: "/v2/audit/retention",
    tag: "audit",
    summary: "Set the audit retention policy",
    description: "A new rule version (`<tenant>/retention/v<n>`): segments move hot → warm after `hot_days`, → cold after `warm_days`, and are deleted after `retention_days` (each deletion is an admin audit event and leaves a signed tombstone). The change is recorded as admin event `audit_retention.set`.",
    roles: callersWith("audit:retention"),
    request: { body: { required: true, ...json(RetentionRequestSchema, { hot_days: 30, warm_days: 365, retention_days: 2557 }) } },
    responses: { 200: { description: "The policy now in force", ...json(AuditRetention) } },
    errors: JSON_BODY_ERRORS,
  }),
  describeRoute({
    method: "post",
    path: "/v2/audit/archive/run",
    tag: "audit",
    summary: "Archive and apply retention now",
    description: "Seal every leaf not archived yet into R2 and apply the retention policy now (the AuditLog's alarm also does this, sealing once 1000 leaves wait). 503 when no archive bucket is bound.",
    roles: callersWith("audit:retention"),
    responses: { 200: { description: "What was sealed, moved and deleted", ...json(ArchiveRun) } },
    errors: ["unavailable"],
  }),
];

function call<T>(fn: () => Promise<T>): Promise<T> {
  return callDurableObject(fn(), "AuditLog", DO_TIMEOUT_MS * 3, "the audit log could not be reached; try again");
}

/**
 * The archive and witness routes (mounted before auditRoutes: "witness" and "retention" are not event ids).
 *
 * @example
 * app.route("/", auditArchiveRoutes());
 */
export function auditArchiveRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/v2/audit/witness", async (c) => {
    const tenant = tenantFor(c, "audit:read");
    const witness = witnessFor(c.env, tenant);
    const [publicKey, refusals] = await Promise.all([call(() => witness.publicKey(tenant)), call(() => witness.refusals(tenant, 50))]);
    return c.json({ public_key: { key_id: publicKey.key_id, jwk: publicKey.jwk }, key_origin: publicKey.origin, refusals }, 200, NO_STORE);
  });

  app.get("/v2/audit/retention", async (c) => {
    const tenant = tenantFor(c, "audit:read");
    return c.json(await call(() => auditLogStub(c.env, tenant).retention(tenant)), 200, NO_STORE);
  });

  app.put("/v2/audit/retention", async (c) => {
    const tenant = tenantFor(c, "audit:retention");
    const policy = parseOrProblem(RetentionRequestSchema, await readJsonBody(c.req.raw, BODY_LIMITS.admin), "the retention policy");
    const stub = auditLogStub(c.env, tenant);
    const { before, after } = await call(() => stub.setRetention(tenant, policy));
    await recordAdminEvent(c.env, { tenant, actor: adminActor(c.get("principal")), action: "audit_retention.set", target: { type: "audit_retention", id: after.rule_id }, before: { ...before }, after: { ...after } });
    return c.json(await call(() => stub.retention(tenant)), 200, NO_STORE);
  });

  app.post("/v2/audit/archive/run", async (c) => {
    const tenant = tenantFor(c, "audit:retention");
    const run = await call(() => auditLogStub(c.env, tenant).archive(tenant, { force: true }));
    if (run === null) throw new ProblemError("unavailable", "no audit archive bucket (AUDIT_ARCHIVE) is bound to this deployment");
    return c.json(run, 200, NO_STORE);
  });

  return app;
}
