/**
 * The admin audit event: one change an operator or administrator made (a policy transition, an API key
 * issued or revoked, an agent reinstated, an approval answered, an appeal decided, an emergency stop),
 * appended to the same per-tenant Merkle log as decisions. It is told apart from a decision event by
 * `kind: "admin"` — decision events have no `kind` field at all, so every decision leaf written before
 * admin events existed hashes exactly as before.
 *
 * It names who did it (`actor.key_id`, the API key's id — never the key or its secret), what (`action`,
 * `noun.verb`), to what (`target`) and the state `before` and `after`. `before`/`after` are small JSON
 * objects of ids, statuses, hashes and counts: a field whose name looks like a secret (`secret`, `token`,
 * `password`, `api_key`, `private…`, `plaintext`) is refused, so a careless caller cannot put a
 * credential into a log that can never forget it.
 */
import * as z from "zod";
import { JsonValueSchema } from "../schemas/action.ts";
import { AUDIT_ID_PATTERN, AuditTimeSchema } from "./event.ts";

/** `noun.verb` in lower case, e.g. `policy.transition`, `key.revoke`, `approval.approve`. */
export const ADMIN_ACTION_PATTERN = /^[a-z][a-z_]{0,31}\.[a-z][a-z_]{0,31}$/;

/**
 * The actions recorded today (others may be added by any caller: only the pattern is enforced).
 * Wired by the admin routes: policy.publish, policy.transition, policy.activate, key.issue, key.revoke,
 * agent.reinstate. Reserved for approvals,
 * appeals, emergency stop and cloud fleet control.
 */
export const KNOWN_ADMIN_ACTIONS = [
  "policy.publish",
  "policy.transition",
  "policy.activate",
  "key.issue",
  "key.revoke",
  "agent.reinstate",
  "agent.terminate",
  "approval.approve",
  "approval.deny",
  "approval.expire",
  "appeal.uphold",
  "appeal.reject",
  "estop.engage",
  "estop.release",
  // Audit retention (docs/audit.md "Archive tiers and retention"): a policy set by an admin, and each
  // archived segment a retention rule deleted (appended by the AuditLog itself, actor "retention").
  "audit_retention.set",
  "audit_segment.delete",
  // The runtime monitor's record of a safety-property violation (README "Runtime monitor and safety case"),
  // appended by the AgentState or AuditLog object, actor "runtime-monitor".
  "monitor.violation",
] as const;

/** Field names (anywhere in before/after) that must never reach the audit trail. */
const SECRET_FIELD = /(secret|token|password|passwd|api_?key$|^key$|private|plaintext|credential)/i;

/** Largest `before`/`after` as canonical-ish JSON text (keeps leaves small; these are summaries). */
export const MAX_ADMIN_STATE_BYTES = 8_192;

/** The top object and at most two more levels of objects or arrays inside it. */
export const MAX_ADMIN_STATE_DEPTH = 3;

function depth(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  const inner = Array.isArray(value) ? value : Object.values(value);
  return 1 + inner.reduce<number>((m, v) => Math.max(m, depth(v)), 0);
}

function secretPath(value: unknown, path: string[] = []): string | null {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = secretPath(value[i], [...path, String(i)]);
      if (found !== null) return found;
    }
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_FIELD.test(k)) return [...path, k].join(".");
      const found = secretPath(v, [...path, k]);
      if (found !== null) return found;
    }
  }
  return null;
}

const AdminStateSchema = z
  .record(z.string().max(64), JsonValueSchema)
  .nullable()
  .refine((v) => v === null || JSON.stringify(v).length <= MAX_ADMIN_STATE_BYTES, `before/after must be at most ${MAX_ADMIN_STATE_BYTES} bytes of JSON`)
  .refine((v) => depth(v) <= MAX_ADMIN_STATE_DEPTH, `before/after may nest at most ${MAX_ADMIN_STATE_DEPTH} objects or arrays deep`)
  .refine((v) => secretPath(v) === null, { message: "before/after must not hold secrets (a field is named like one): use ids or hashes" });

/** Who made the change: the API key's id and its role (`platform` for the platform bootstrap key). */
export const AdminActorSchema = z.strictObject({
  key_id: z.string().min(1).max(128),
  role: z.string().min(1).max(32),
});
export type AdminActor = z.infer<typeof AdminActorSchema>;

/** What the change was made to: a type (`policy`, `api_key`, `agent`, `approval`, …) and its id. */
export const AdminTargetSchema = z.strictObject({
  type: z.string().regex(/^[a-z][a-z_]{0,31}$/, "target.type must be a lower-case word"),
  id: z.string().min(1).max(256),
});
export type AdminTarget = z.infer<typeof AdminTargetSchema>;

/** The admin audit event (strict, like decision events: the leaf bytes are exactly these fields). */
export const AdminAuditEventSchema = z.strictObject({
  kind: z.literal("admin"),
  event_id: z.string().regex(AUDIT_ID_PATTERN, "event_id must be 1–128 characters of [A-Za-z0-9._:-]"),
  tenant: z.string().min(1).max(63),
  time: AuditTimeSchema,
  actor: AdminActorSchema,
  action: z.string().regex(ADMIN_ACTION_PATTERN, "action must be noun.verb in lower case"),
  target: AdminTargetSchema,
  before: AdminStateSchema,
  after: AdminStateSchema,
  /** Free text the actor gave (a reason, a ticket); never parsed. */
  reason: z.string().min(1).max(1000).optional(),
});
type JsonLeaf = string | number | boolean | null;
type Json1 = JsonLeaf | JsonLeaf[] | { [key: string]: JsonLeaf };
/**
 * A JSON value inside before/after: at most two containers deep below the top object (summaries, not
 * documents). Not recursive, so the event's type crosses Durable Object RPC stubs.
 */
export type JsonValue = Json1 | Json1[] | { [key: string]: Json1 };
/** The before/after object. */
export type JsonObject = { [key: string]: JsonValue };
export type AdminAuditEvent = Omit<z.infer<typeof AdminAuditEventSchema>, "before" | "after"> & { before: JsonObject | null; after: JsonObject | null };

/** What a caller gives to build an admin event (ids and time come in: core has no clock or randomness). */
export interface AdminEventInput {
  tenant: string;
  actor: AdminActor;
  action: string;
  target: AdminTarget;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  reason?: string;
}

/**
 * Build and validate an admin event; throws a ZodError naming the field when it is not valid (a secret-
 * looking field in before/after, an action not `noun.verb`, …).
 *
 * @example
 * buildAdminEvent({ tenant: "acme", actor: { key_id: "k1", role: "admin" }, action: "key.revoke",
 *   target: { type: "api_key", id: "k2" }, before: { revoked: false }, after: { revoked: true } },
 *   { eventId: crypto.randomUUID(), time: Date.now() });
 */
export function buildAdminEvent(input: AdminEventInput, at: { eventId: string; time: number }): AdminAuditEvent {
  return parseAdminEvent({
    kind: "admin",
    event_id: at.eventId,
    tenant: input.tenant,
    time: new Date(at.time).toISOString(),
    actor: input.actor,
    action: input.action,
    target: input.target,
    before: input.before ?? null,
    after: input.after ?? null,
    ...(input.reason !== undefined ? { reason: input.reason } : {}),
  });
}

/**
 * Parse (and validate) an admin event; throws a ZodError naming the first problem.
 *
 * @example
 * parseAdminEvent(JSON.parse(text)).action; // "key.revoke"
 */
export function parseAdminEvent(value: unknown): AdminAuditEvent {
  return AdminAuditEventSchema.parse(value) as AdminAuditEvent;
}

/**
 * Whether a log event is an admin event (decision events have no `kind`).
 *
 * @example
 * isAdminEvent(event) ? event.action : event.decision;
 */
export function isAdminEvent(event: { kind?: unknown } | object): event is AdminAuditEvent {
  return (event as { kind?: unknown }).kind === "admin";
}
