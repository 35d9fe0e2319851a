/**
 * The stored events of one tenant's period, for its transparency report: decisions and admin events paged
 * (keyset, oldest first) from the same source as `GET /v2/decisions` — Postgres when the tenant's
 * residency has one configured and reachable, else the tenant's AuditLog, which holds every event too.
 * Bounded: at most MAX_REPORT_EVENTS of each kind; a period holding more is refused (ask for a shorter one),
 * so a report never silently undercounts.
 */
import { MODEL_DATA, canonicalJson, sha256Hex, type AdminAuditEvent, type AuditEvent } from "@nethical/core";
import { ProblemError } from "@nethical/http";
import type { EventFilter } from "@nethical/durable-objects/audit-log/event-table";
import { queryAdminEvents } from "../audit/admin-event-query.ts";
import { queryDecisions, type ReadSource } from "../audit/decision-query.ts";

/** The most events of one kind a report reads. */
export const MAX_REPORT_EVENTS = 100_000;
const PAGE = 500;

async function pageAll<T extends { event: { time: string; event_id: string } }>(
  read: (filter: EventFilter) => Promise<{ items: T[]; source: ReadSource }>,
  from: number,
  to: number,
  what: string,
): Promise<{ events: T["event"][]; source: ReadSource }> {
  const events: T["event"][] = [];
  let after: EventFilter["after"];
  let source: ReadSource = "audit-log";
  for (;;) {
    const page = await read({ from, to, limit: PAGE, ...(after !== undefined ? { after } : {}) });
    source = page.source;
    for (const item of page.items) events.push(item.event);
    if (events.length > MAX_REPORT_EVENTS) {
      throw new ProblemError("validation-failed", `the period holds more than ${MAX_REPORT_EVENTS} ${what}; ask for a shorter period`, { errors: [{ path: "from", message: "period too large for one report" }] });
    }
    const last = page.items[page.items.length - 1];
    if (page.items.length < PAGE || last === undefined) return { events, source };
    after = { time: Date.parse(last.event.time), event_id: last.event.event_id };
  }
}

/**
 * Every decision and admin event of `tenant` in [from, to) ms, and where they were read.
 *
 * @example
 * const { decisions, adminEvents, source } = await periodEvents(env, "acme", from, to);
 */
export async function periodEvents(env: Env, tenant: string, from: number, to: number): Promise<{ decisions: AuditEvent[]; adminEvents: AdminAuditEvent[]; source: ReadSource }> {
  const d = await pageAll((f) => queryDecisions(env, tenant, f), from, to, "decisions");
  const a = await pageAll((f) => queryAdminEvents(env, tenant, f), from, to, "admin events");
  // Both from Postgres, or (either fell back) say the AuditLog: the fallback is per read.
  return { decisions: d.events, adminEvents: a.events, source: d.source === "postgres" && a.source === "postgres" ? "postgres" : "audit-log" };
}

let modelId: Promise<string> | undefined;

/**
 * The classifier model of this deployment (SHA-256 of its data): in force at report time; decisions do
 * not record it.
 *
 * @example
 * const models = await modelsInForce(); // [{ name: "classifier", version: "sha256:…", note: "…" }]
 */
export async function modelsInForce(): Promise<{ name: string; version: string; note: string }[]> {
  modelId ??= sha256Hex(canonicalJson(MODEL_DATA));
  return [{ name: "classifier", version: `sha256:${(await modelId).slice(0, 16)}`, note: "the detector model this deployment runs, in force when the report was made; decisions record their policy version and hash, not the model" }];
}
