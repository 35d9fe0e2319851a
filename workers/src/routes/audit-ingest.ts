/**
 * `POST /v2/audit/ingest` (a device's own key, or operator/admin): audit events decided
 * elsewhere — edge devices deciding in-process — `{"events": [1–500 AuditEvent]}`, all of the caller's
 * tenant. Appended to the tenant's AuditLog at once (the answer carries each leaf index), idempotent on
 * event_id: an upload retried after a lost answer gets the same leaf indices back (`duplicate`), and a
 * different event under a known id is refused (`conflict`). Then sent on the audit Queue so the consumer
 * inserts them into Postgres; should the Queue fail, the AuditLog's outbox re-drives them.
 */
import { Hono } from "hono";
import { z } from "zod";
import { AuditEventSchema, type AuditEvent } from "@nethical/core";
import type { AppEnv } from "../app-env.ts";
import { auditLogStub } from "../audit/audit-log-stub.ts";
import { sendAuditEvents } from "../audit/send-events.ts";
import { fanOutDecisions } from "../events/decision-fan-out.ts";
import { tenantFor } from "../auth/authorize.ts";
import { DO_TIMEOUT_MS } from "../decide/with-timeout.ts";
import { callDurableObject } from "../durable-object-call.ts";
import { BODY_LIMITS, readJsonBody, parseOrProblem, ProblemError } from "@nethical/http";
import { AuditEvent as AuditEventComponent, json } from "../openapi/components.ts";
import { callersWith, describeRoute, JSON_BODY_ERRORS } from "../openapi/describe-route.ts";

/** Most events in one upload. */
export const MAX_INGEST_EVENTS = 500;

/** Body of `POST /v2/audit/ingest`. */
export const IngestSchema = z.object({ events: z.array(AuditEventSchema).min(1).max(MAX_INGEST_EVENTS) }).strict();

/** The route's description in the API document. */
export const auditIngestDocs = [
  describeRoute({
    method: "post",
    path: "/v2/audit/ingest",
    tag: "audit",
    summary: "Upload decisions made elsewhere",
    description: `Audit events decided on edge devices, 1–${MAX_INGEST_EVENTS} per upload, all of the caller's tenant (a device key: only its own device's). Idempotent on event_id: a retried upload gets the same leaf indices (\`duplicate\`); a different event under a known id is a \`conflict\`.`,
    roles: callersWith("audit:ingest"),
    request: { body: { required: true, ...json(z.object({ events: z.array(AuditEventComponent).min(1).max(MAX_INGEST_EVENTS) }).strict()) } },
    responses: {
      200: {
        description: "What happened to each event, in order",
        ...json(
          z
            .object({
              results: z.array(z.object({ event_id: z.string(), leaf_index: z.number().int().nullable(), status: z.enum(["appended", "duplicate", "conflict", "invalid"]) }).strict()),
              conflicts: z.number().int(),
            })
            .strict(),
        ),
      },
    },
    errors: JSON_BODY_ERRORS,
  }),
];

/**
 * The ingest route.
 *
 * @example
 * app.route("/", auditIngestRoutes());
 */
export function auditIngestRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post("/v2/audit/ingest", async (c) => {
    const tenant = tenantFor(c, "audit:ingest");
    const { events } = parseOrProblem(IngestSchema, await readJsonBody(c.req.raw, BODY_LIMITS.batch), "the upload");
    const principal = c.get("principal");
    if (principal.kind === "tenant" && principal.role === "device") {
      const other = events.findIndex((e) => e.source !== "device" || e.device_id !== principal.deviceId);
      if (other >= 0) {
        throw new ProblemError("forbidden", "a device key uploads only its own device's decisions", {
          errors: [{ path: `events.${other}.device_id`, message: "not this device" }],
        });
      }
    }
    const foreign = events.findIndex((e) => e.tenant !== tenant);
    if (foreign >= 0) {
      throw new ProblemError("validation-failed", "every event must belong to the caller's tenant", { errors: [{ path: `events.${foreign}.tenant`, message: "another tenant" }] });
    }
    const ids = new Set<string>();
    const repeated = events.findIndex((e) => ids.size === ids.add(e.event_id).size);
    if (repeated >= 0) {
      throw new ProblemError("validation-failed", "an event_id appears twice in the upload", { errors: [{ path: `events.${repeated}.event_id`, message: "repeated" }] });
    }
    const stub = auditLogStub(c.env, tenant);
    const results = await callDurableObject(stub.append(tenant, events), "AuditLog", DO_TIMEOUT_MS * 3, "the audit log could not be reached; upload again (it is idempotent)");
    const toStore: AuditEvent[] = events.filter((_, i) => results[i]?.status === "appended" || results[i]?.status === "duplicate");
    c.executionCtx.waitUntil(sendAuditEvents(c.env, toStore).catch(() => stub.scheduleRedrive(tenant)));
    // Devices' decisions reach webhooks and streams too, once each (a re-upload's duplicates are not new).
    c.executionCtx.waitUntil(fanOutDecisions(c.env, tenant, events.filter((_, i) => results[i]?.status === "appended")));
    const conflicts = results.filter((r) => r.status === "conflict").length;
    return c.json({ results: results.map(({ event_id, leaf_index, status }) => ({ event_id, leaf_index, status })), conflicts }, 200, { "cache-control": "no-store" });
  });
  return app;
}
