/**
 * Recorded decisions, read-only, within the caller's tenant (roles auditor, admin):
 * `GET /v2/decisions/{id}` — the decision and its explanation as JSON, or as text with
 * `Accept: text/plain` / `?format=text`; `GET /v2/decisions` — filters `agent_id`, `decision`, `from`,
 * `to` (ISO 8601 or ms), `limit` (1–500, default 100), `cursor` (from `next_cursor`), oldest first.
 * Served from Postgres, or from the AuditLog when there is no database (header `X-Nethical-Audit-Source`).
 */
import { Hono, type Context } from "hono";
import { z } from "zod";
import { DecisionSchema, type AuditEvent } from "@nethical/core";
import type { AppEnv } from "../app-env.ts";
import { decodeCursor, encodeCursor } from "../audit/cursor.ts";
import { decisionText } from "../audit/decision-text.ts";
import { findDecision, queryDecisions } from "../audit/decision-query.ts";
import { tenantFor } from "../auth/authorize.ts";
import { parseOrProblem, ProblemError } from "@nethical/http";
import { json } from "../openapi/components.ts";
import { callersWith, describeRoute } from "../openapi/describe-route.ts";
import { DecisionRecord } from "../openapi/views.ts";

/** Largest page. */
export const MAX_PAGE = 500;

const Instant = z
  .string()
  .max(40)
  .transform((s, ctx) => {
    const t = /^\d{1,16}$/.test(s) ? Number(s) : Date.parse(s);
    if (!Number.isSafeInteger(t)) {
      ctx.addIssue({ code: "custom", message: "must be an ISO 8601 time or milliseconds since the epoch" });
      return z.NEVER;
    }
    return t;
  });

/** Query of `GET /v2/decisions`. */
export const ListQuerySchema = z
  .object({
    agent_id: z.string().min(1).max(256).optional(),
    decision: DecisionSchema.optional(),
    from: Instant.optional(),
    to: Instant.optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(100),
    cursor: z.string().min(1).max(1024).optional(),
  })
  .strict();

const SOURCE_HEADER = { "x-nethical-audit-source": { description: "Where it was read: `postgres` or `audit_log`", schema: { type: "string" as const } } };

/** The routes' descriptions in the API document. */
export const decisionDocs = [
  describeRoute({
    method: "get",
    path: "/v2/decisions",
    tag: "audit",
    summary: "Recorded decisions",
    description: "The tenant's recorded decisions, oldest first, filtered by agent, decision word and time (`from`/`to`: ISO 8601 or milliseconds); `limit` 1–500 (default 100); follow `next_cursor` with `cursor`.",
    roles: callersWith("audit:read"),
    request: { query: ListQuerySchema },
    responses: { 200: { description: "A page of decisions", headers: SOURCE_HEADER, ...json(z.object({ decisions: z.array(DecisionRecord), next_cursor: z.string().nullable() }).strict()) } },
    errors: ["validation-failed"],
  }),
  describeRoute({
    method: "get",
    path: "/v2/decisions/{id}",
    tag: "audit",
    summary: "One recorded decision",
    description: "The decision and its explanation, by event id or caller-chosen decision id; as text with `Accept: text/plain` or `?format=text`.",
    roles: callersWith("audit:read"),
    request: { params: z.object({ id: z.string().min(1).max(128) }), query: z.object({ format: z.enum(["json", "text"]).optional() }) },
    responses: {
      200: {
        description: "The decision",
        headers: SOURCE_HEADER,
        content: { "application/json": { schema: DecisionRecord }, "text/plain": { schema: z.string() } },
      },
    },
    errors: ["not-found"],
  }),
];

/**
 * The API view of a recorded decision.
 *
 * @example
 * decisionView(event, 12); // { ...event, decision_id, leaf_index: 12, proof: "/v2/audit/…" }
 */
export function decisionView(event: AuditEvent, leafIndex: number): Record<string, unknown> {
  return { ...event, decision_id: event.decision_id ?? event.event_id, leaf_index: leafIndex, proof: `/v2/audit/${encodeURIComponent(event.event_id)}` };
}

/**
 * The decision routes.
 *
 * @example
 * app.route("/", decisionRoutes());
 */
export function decisionRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/v2/decisions", async (c) => {
    const tenant = tenantFor(c, "audit:read");
    const q = parseOrProblem(ListQuerySchema, c.req.query(), "the query");
    const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
    if (after === null) throw new ProblemError("validation-failed", "cursor is not a cursor from next_cursor", { errors: [{ path: "cursor", message: "unknown cursor" }] });
    const filter = { limit: q.limit + 1, ...pick(q), ...(after !== undefined ? { after } : {}) };
    const { items, source } = await queryDecisions(c.env, tenant, filter);
    const page = items.slice(0, q.limit);
    const last = page[page.length - 1];
    const next = items.length > q.limit && last !== undefined ? encodeCursor({ time: Date.parse(last.event.time), event_id: last.event.event_id }) : null;
    return c.json({ decisions: page.map((d) => decisionView(d.event, d.leaf_index)), next_cursor: next }, 200, headers(source));
  });

  app.get("/v2/decisions/:id", async (c) => {
    const tenant = tenantFor(c, "audit:read");
    const id = idParam(c);
    const found = await findDecision(c.env, tenant, id);
    if (found === null) throw new ProblemError("not-found", "this tenant has no recorded decision with that id");
    if (wantsText(c)) return c.text(decisionText(found.event, found.leaf_index), 200, headers(found.source));
    return c.json(decisionView(found.event, found.leaf_index), 200, headers(found.source));
  });

  return app;
}

function pick(q: z.infer<typeof ListQuerySchema>) {
  return {
    ...(q.agent_id !== undefined ? { agent_id: q.agent_id } : {}),
    ...(q.decision !== undefined ? { decision: q.decision } : {}),
    ...(q.from !== undefined ? { from: q.from } : {}),
    ...(q.to !== undefined ? { to: q.to } : {}),
  };
}

function headers(source: string): Record<string, string> {
  return { "cache-control": "no-store", "x-nethical-audit-source": source };
}

/**
 * The `{id}` path parameter: an event id (or caller-chosen decision id), 1–128 characters.
 *
 * @example
 * const id = idParam(c); // or a 404 problem
 */
export function idParam(c: Context<AppEnv>): string {
  const id = c.req.param("id") ?? "";
  if (id.length < 1 || id.length > 128) throw new ProblemError("not-found", "ids are 1–128 characters");
  return id;
}

function wantsText(c: Context<AppEnv>): boolean {
  const format = c.req.query("format");
  if (format === "text") return true;
  if (format === "json") return false;
  const accept = c.req.header("accept") ?? "";
  return accept.includes("text/plain") && !accept.includes("application/json");
}
