/**
 * The audit log API, within the caller's tenant (roles auditor, admin):
 * `GET /v2/audit/tree-head` (latest signed tree head and the log's public key),
 * `GET /v2/audit/keys` (every tree-head key — current, retired, revoked — with its window: what old heads and
 * exports verify with after a rotation),
 * `GET /v2/audit/consistency?from=&to=` (proof that the log of size `to` extends that of size `from`),
 * `GET /v2/audit/{id}` (the event, its leaf index, its inclusion proof against the latest signed head),
 * `POST /v2/audit/export` (a verifiable segment for `nethical audit verify`),
 * `GET /v2/audit/status` (tree size, events Postgres does not hold yet, whether a database is configured,
 * which signing key: `secret` or `development`).
 * Everything comes from the tenant's AuditLog Durable Object, the log's sequencer.
 */
import type { ConsistencyAnswer } from "@nethical/durable-objects";
import { Hono } from "hono";
import { z } from "zod";
import { ADMIN_ACTION_PATTERN, DecisionSchema, MAX_SEGMENT_ENTRIES } from "@nethical/core";
import type { AppEnv } from "../app-env.ts";
import { auditLogStub } from "../audit/audit-log-stub.ts";
import { tenantFor } from "../auth/authorize.ts";
import { DO_TIMEOUT_MS } from "../decide/with-timeout.ts";
import { callDurableObject } from "../durable-object-call.ts";
import { BODY_LIMITS, readJsonBody, parseOrProblem, ProblemError } from "@nethical/http";
import { idParam } from "./decisions.ts";
import { AuditSegment, json } from "../openapi/components.ts";
import { callersWith, describeRoute, JSON_BODY_ERRORS } from "../openapi/describe-route.ts";
import { AuditKeyList, AuditStatus, ConsistencyProof, EventProof } from "../openapi/views.ts";
import { WitnessedHead } from "../openapi/archive-views.ts";

const TreeSize = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
/** Query of `GET /v2/audit/consistency`. */
export const ConsistencyQuerySchema = z.object({ from: TreeSize, to: TreeSize.optional() }).strict();
const LeafIndex = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Time = z.union([z.number().int().min(0), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]);

/** Body of `POST /v2/audit/export`; all optional: the default is the first 1000 leaves. */
export const ExportRequestSchema = z
  .object({
    from_leaf: LeafIndex.optional(),
    to_leaf: LeafIndex.optional(),
    kind: z.enum(["decision", "admin"]).optional(),
    action: z.string().regex(ADMIN_ACTION_PATTERN).optional(),
    agent_id: z.string().min(1).max(256).optional(),
    decision: DecisionSchema.optional(),
    from: Time.optional(),
    to: Time.optional(),
    since_tree_size: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
    limit: z.number().int().min(1).max(MAX_SEGMENT_ENTRIES).optional(),
  })
  .strict();

const NO_STORE = { "cache-control": "no-store" };
const AUDIT_READERS = callersWith("audit:read");

/** The routes' descriptions in the API document. */
export const auditDocs = [
  describeRoute({
    method: "get",
    path: "/v2/audit/tree-head",
    tag: "audit",
    summary: "Latest signed tree head",
    description:
      "The tenant's audit log: its latest signed Merkle tree head (RFC 6962), the Ed25519 key that signed it, and the cosignatures of the tenant's witness (a separate key that cosigns only heads consistent with the last one it cosigned). A head the witness could not cosign is served anyway with `witness.status: uncosigned` and the reason.",
    roles: AUDIT_READERS,
    responses: { 200: { description: "The signed head and its cosignatures", ...json(WitnessedHead) } },
    errors: [],
  }),
  describeRoute({
    method: "get",
    path: "/v2/audit/keys",
    tag: "audit",
    summary: "Tree-head keys",
    description:
      "Every Ed25519 key that signs or signed the tenant's tree heads: the `current` one, `retired` ones (their heads verify when stamped inside `not_before`…`not_after`) and `revoked` ones (heads stamped at or after `revoked_at` are refused). Save it and pass it to `nethical audit verify --keys` to verify heads and exports from before and after a rotation.",
    roles: AUDIT_READERS,
    responses: { 200: { description: "The key list", ...json(AuditKeyList) } },
  }),
  describeRoute({
    method: "get",
    path: "/v2/audit/status",
    tag: "audit",
    summary: "Audit log status",
    description: "Tree size, events Postgres does not hold yet or refused, whether a database is configured, which signing key signs.",
    roles: AUDIT_READERS,
    responses: { 200: { description: "The status", ...json(AuditStatus) } },
  }),
  describeRoute({
    method: "get",
    path: "/v2/audit/consistency",
    tag: "audit",
    summary: "Consistency proof",
    description: "Proof that the log of size `to` (default: the latest) extends the log of size `from`.",
    roles: AUDIT_READERS,
    request: { query: ConsistencyQuerySchema },
    responses: { 200: { description: "The proof and both signed heads", ...json(ConsistencyProof) } },
    errors: ["validation-failed"],
  }),
  describeRoute({
    method: "post",
    path: "/v2/audit/export",
    tag: "audit",
    summary: "Export a verifiable segment",
    description: "A segment of the log (default: the first 1000 leaves) with the proofs `nethical audit verify` checks; an empty body takes the defaults. `since_tree_size` adds a consistency proof from that size.",
    roles: AUDIT_READERS,
    request: { body: { required: false, ...json(ExportRequestSchema, { from_leaf: 0, limit: 100 }) } },
    responses: { 200: { description: "The segment (served as an attachment)", ...json(AuditSegment) } },
    errors: JSON_BODY_ERRORS,
  }),
  describeRoute({
    method: "get",
    path: "/v2/audit/{id}",
    tag: "audit",
    summary: "An event and its inclusion proof",
    description: "The audit event (by event id or decision id), its leaf index and its inclusion proof against the latest signed head.",
    roles: AUDIT_READERS,
    request: { params: z.object({ id: z.string().min(1).max(128) }) },
    responses: { 200: { description: "The event and its proof", ...json(EventProof) } },
    errors: ["not-found"],
  }),
];

function call<T>(fn: () => Promise<T>): Promise<T> {
  return callDurableObject(fn(), "AuditLog", DO_TIMEOUT_MS * 3, "the audit log could not be reached; try again");
}

/**
 * The audit routes.
 *
 * @example
 * app.route("/", auditRoutes());
 */
export function auditRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/v2/audit/tree-head", async (c) => {
    const tenant = tenantFor(c, "audit:read");
    return c.json(await call(() => auditLogStub(c.env, tenant).treeHead(tenant)), 200, NO_STORE);
  });

  app.get("/v2/audit/keys", async (c) => {
    const tenant = tenantFor(c, "audit:read");
    return c.json(await call(() => auditLogStub(c.env, tenant).keys(tenant)), 200, NO_STORE);
  });

  app.get("/v2/audit/status", async (c) => {
    const tenant = tenantFor(c, "audit:read");
    return c.json(await call(() => auditLogStub(c.env, tenant).stats(tenant)), 200, NO_STORE);
  });

  app.get("/v2/audit/consistency", async (c) => {
    const tenant = tenantFor(c, "audit:read");
    const q = parseOrProblem(ConsistencyQuerySchema, c.req.query(), "the query");
    const answer = await call<ConsistencyAnswer>(() => auditLogStub(c.env, tenant).consistency(tenant, q.from, q.to));
    if (!answer.ok) throw new ProblemError("validation-failed", answer.message, { errors: [{ path: "from", message: answer.message }] });
    return c.json(answer.consistency, 200, NO_STORE);
  });

  app.post("/v2/audit/export", async (c) => {
    const tenant = tenantFor(c, "audit:read");
    const empty = c.req.raw.body === null || c.req.header("content-length") === "0";
    const raw = empty ? {} : await readJsonBody(c.req.raw, BODY_LIMITS.admin);
    const options = parseOrProblem(ExportRequestSchema, raw, "the export request");
    const segment = await call(() => auditLogStub(c.env, tenant).exportSegment(tenant, options));
    if (options.since_tree_size !== undefined && segment.previous_tree_head === undefined) {
      // No consistency proof can be made from a size the log never had: say so instead of leaving it out.
      throw new ProblemError("validation-failed", `since_tree_size is larger than the log (tree size ${segment.tree_head.tree_size})`, {
        errors: [{ path: "since_tree_size", message: `at most ${segment.tree_head.tree_size}, the log's current size` }],
      });
    }
    const name = `audit-${tenant}-${segment.tree_head.tree_size}.json`;
    return c.json(segment, 200, { ...NO_STORE, "content-disposition": `attachment; filename="${name}"` });
  });

  app.get("/v2/audit/:id", async (c) => {
    const tenant = tenantFor(c, "audit:read");
    const id = idParam(c);
    const proof = await call(() => auditLogStub(c.env, tenant).proof(tenant, id));
    if (proof === null) throw new ProblemError("not-found", "this tenant's audit log has no event with that id");
    return c.json(proof, 200, NO_STORE);
  });

  return app;
}
