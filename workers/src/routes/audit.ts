/**
 * The audit log API, within the caller's tenant (roles auditor, admin):
 * `GET /v2/audit/tree-head` (latest signed tree head and the log's public key),
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
import { DecisionSchema, MAX_SEGMENT_ENTRIES } from "@nethical/core";
import type { AppEnv } from "../app-env.ts";
import { auditLogStub } from "../audit/audit-log-stub.ts";
import { tenantFor } from "../auth/authorize.ts";
import { DO_TIMEOUT_MS } from "../decide/with-timeout.ts";
import { callDurableObject } from "../durable-object-call.ts";
import { BODY_LIMITS, readJsonBody, parseOrProblem, ProblemError } from "@nethical/http";
import { idParam } from "./decisions.ts";

const TreeSize = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const ConsistencyQuerySchema = z.object({ from: TreeSize, to: TreeSize.optional() }).strict();
const LeafIndex = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Time = z.union([z.number().int().min(0), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]);

/** Body of `POST /v2/audit/export`; all optional: the default is the first 1000 leaves. */
export const ExportRequestSchema = z
  .object({
    from_leaf: LeafIndex.optional(),
    to_leaf: LeafIndex.optional(),
    agent_id: z.string().min(1).max(256).optional(),
    decision: DecisionSchema.optional(),
    from: Time.optional(),
    to: Time.optional(),
    since_tree_size: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
    limit: z.number().int().min(1).max(MAX_SEGMENT_ENTRIES).optional(),
  })
  .strict();

const NO_STORE = { "cache-control": "no-store" };

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
