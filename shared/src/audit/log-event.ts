/**
 * What a tenant's Merkle log holds: decision events (no `kind` field; see event.ts) and admin events
 * (`kind: "admin"`; see admin-event.ts). The leaf of either is the UTF-8 of its canonical JSON, so a
 * verifier needs no schema version to recompute it; this schema only says which shapes are accepted.
 * Device uploads (`POST /v2/audit/events`) keep accepting decision events only.
 */
import { AdminAuditEventSchema, type AdminAuditEvent } from "./admin-event.ts";
import { AuditEventSchema, type AuditEvent } from "./event.ts";

/** Any event of the log. */
export type LogEvent = AuditEvent | AdminAuditEvent;

/**
 * Parse an untrusted value as a log event (admin when it says `kind: "admin"`, else a decision);
 * `{ ok: false, reason }` names the first problem (never the values).
 *
 * @example
 * parseLogEvent(message.body); // { ok: true, event } or { ok: false, reason: "action: …" }
 */
export function parseLogEvent(value: unknown): { ok: true; event: LogEvent } | { ok: false; reason: string } {
  const admin = value !== null && typeof value === "object" && (value as { kind?: unknown }).kind === "admin";
  const parsed = admin ? AdminAuditEventSchema.safeParse(value) : AuditEventSchema.safeParse(value);
  if (parsed.success) return { ok: true, event: parsed.data as LogEvent };
  const issue = parsed.error.issues[0];
  return { ok: false, reason: issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "invalid audit event" };
}
