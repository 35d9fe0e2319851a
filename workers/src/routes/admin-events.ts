/**
 * `GET /v2/audit/admin-events` (roles auditor, admin): the tenant's admin changes as recorded in the
 * audit trail — policy transitions, API keys issued and revoked, reinstatements, approvals, appeals,
 * stops — oldest first, filtered by `action`, `agent_id` (changes to that agent), `from`/`to`, keyset-
 * paged with `cursor`. Each carries its leaf index and the path of its inclusion proof. Served from
 * Postgres, or from the AuditLog when there is no database (header `X-Nethical-Audit-Source`).
 * Registered before the audit routes so `admin-events` is not taken for an event id.
 */
import { Hono } from "hono";
import { z } from "zod";
import { ADMIN_ACTION_PATTERN, AdminAuditEventSchema, type AdminAuditEvent } from "@nethical/core";
import { parseOrProblem, ProblemError } from "@nethical/http";
import type { AppEnv } from "../app-env.ts";
import { queryAdminEvents } from "../audit/admin-event-query.ts";
import { decodeCursor, encodeCursor } from "../audit/cursor.ts";
import { tenantFor } from "../auth/authorize.ts";
import { json, named } from "../openapi/components.ts";
import { callersWith, describeRoute } from "../openapi/describe-route.ts";
import { ListQuerySchema, MAX_PAGE } from "./decisions.ts";

/** Query of `GET /v2/audit/admin-events`. */
export const AdminEventsQuerySchema = z
  .object({
    action: z.string().regex(ADMIN_ACTION_PATTERN, "action is noun.verb in lower case, e.g. key.revoke").optional(),
    agent_id: z.string().min(1).max(256).optional(),
    from: ListQuerySchema.shape.from,
    to: ListQuerySchema.shape.to,
    limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(100),
    cursor: z.string().min(1).max(1024).optional(),
  })
  .strict();

/** An admin event as listed: the event, its leaf index and where its inclusion proof is. */
export const AdminEventRecord = named(
  "AdminEventRecord",
  AdminAuditEventSchema.safeExtend({
    leaf_index: z.number().int().min(0),
    proof: z.string().describe("Path of the event's inclusion proof (GET /v2/audit/{id})"),
  }),
);

/** The route's description in the API document. */
export const adminEventDocs = [
  describeRoute({
    method: "get",
    path: "/v2/audit/admin-events",
    tag: "audit",
    summary: "Admin changes in the audit trail",
    description:
      "The tenant's admin changes (policy transitions, keys issued and revoked, reinstatements, approvals, appeals, stops), oldest first: who (`actor.key_id`), what (`action`), to what (`target`), `before` and `after`. Filters `action`, `agent_id` (changes to that agent), `from`/`to`; `limit` 1–500; follow `next_cursor`. Each is a leaf of the same Merkle log as decisions, proven by `GET /v2/audit/{id}` and exported by `POST /v2/audit/export`.",
    roles: callersWith("audit:read"),
    request: { query: AdminEventsQuerySchema },
    responses: { 200: { description: "A page of admin events", ...json(z.object({ admin_events: z.array(AdminEventRecord), next_cursor: z.string().nullable() }).strict()) } },
    errors: ["validation-failed"],
  }),
];

/**
 * The API view of an admin event.
 *
 * @example
 * adminEventView(event, 12); // { ...event, leaf_index: 12, proof: "/v2/audit/…" }
 */
export function adminEventView(event: AdminAuditEvent, leafIndex: number): Record<string, unknown> {
  return { ...event, leaf_index: leafIndex, proof: `/v2/audit/${encodeURIComponent(event.event_id)}` };
}

/**
 * The admin events route.
 *
 * @example
 * app.route("/", adminEventRoutes()); // before auditRoutes()
 */
export function adminEventRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/v2/audit/admin-events", async (c) => {
    const tenant = tenantFor(c, "audit:read");
    const q = parseOrProblem(AdminEventsQuerySchema, c.req.query(), "the query");
    const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
    if (after === null) throw new ProblemError("validation-failed", "cursor is not a cursor from next_cursor", { errors: [{ path: "cursor", message: "unknown cursor" }] });
    const filter = {
      limit: q.limit + 1,
      ...(q.action !== undefined ? { action: q.action } : {}),
      ...(q.agent_id !== undefined ? { agent_id: q.agent_id } : {}),
      ...(q.from !== undefined ? { from: q.from } : {}),
      ...(q.to !== undefined ? { to: q.to } : {}),
      ...(after !== undefined ? { after } : {}),
    };
    const { items, source } = await queryAdminEvents(c.env, tenant, filter);
    const page = items.slice(0, q.limit);
    const last = page[page.length - 1];
    const next = items.length > q.limit && last !== undefined ? encodeCursor({ time: Date.parse(last.event.time), event_id: last.event.event_id }) : null;
    return c.json({ admin_events: page.map((e) => adminEventView(e.event, e.leaf_index)), next_cursor: next }, 200, { "cache-control": "no-store", "x-nethical-audit-source": source });
  });
  return app;
}
