/**
 * The audit event: one decision, as it is appended to the tenant's Merkle log (AuditLog Durable Object)
 * and stored in Postgres. It never holds the raw request — only `request_hash`, the SHA-256 of its
 * canonical JSON — and its explanation and violations are the decision's own, which never repeat raw PII
 * or secrets. The Merkle leaf is the UTF-8 of `canonicalJson(event)` (see leaf.ts).
 */
import * as z from "zod";
import { DecisionSchema } from "../schemas/decision.ts";
import { ExplanationSchema, ObligationSchema, ViolationSchema } from "../schemas/response.ts";

/** Where a decision was made. Same words as the Postgres `source` column. */
export const AUDIT_EVENT_SOURCES = ["edge-worker", "device"] as const;

/** Ids: 1–128 characters of `[A-Za-z0-9._:-]` (UUIDs, ULIDs, caller request ids that fit). */
export const AUDIT_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** A context field path for fairness cohorts: `group` or `applicant.group` (letters, digits, `_`, `-`; up to 4 levels). */
export const COHORT_FIELD_PATTERN = /^[A-Za-z0-9_-]{1,64}(?:\.[A-Za-z0-9_-]{1,64}){0,3}$/;

/** `YYYY-MM-DDTHH:mm:ss.sssZ`, exactly as `Date.prototype.toISOString` writes it (so it round-trips). */
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** An instant as `toISOString()` text; anything that would not come back byte-identical is refused. */
export const AuditTimeSchema = z
  .string()
  .regex(ISO_MS, "time must be an ISO 8601 UTC instant with milliseconds (toISOString)")
  .refine((s) => {
    const t = Date.parse(s);
    return Number.isFinite(t) && new Date(t).toISOString() === s;
  }, "time is not a valid instant");

/** The audit event (strict: unknown fields are refused, so the leaf bytes are exactly these fields). */
export const AuditEventSchema = z
  .object({
    event_id: z.string().regex(AUDIT_ID_PATTERN, "event_id must be 1–128 characters of [A-Za-z0-9._:-]"),
    /** The decision's id when it differs from event_id (a caller-chosen request_id). */
    decision_id: z.string().min(1).max(128).optional(),
    tenant: z.string().min(1).max(63),
    agent_id: z.string().min(1).max(256),
    time: AuditTimeSchema,
    /** SHA-256 (hex) of canonicalJson(EvaluateRequest). */
    request_hash: z.string().regex(/^[0-9a-f]{64}$/, "request_hash must be 64 lower-case hex characters"),
    decision: DecisionSchema,
    risk_score: z.number().min(0).max(1),
    violations: z.array(ViolationSchema),
    obligations: z.array(ObligationSchema),
    explanation: ExplanationSchema,
    policy_version: z.string().min(1).max(128),
    policy_hash: z.string().min(1).max(128),
    latency_ms: z.number().min(0).max(3_600_000),
    source: z.enum(AUDIT_EVENT_SOURCES),
    /** Required when `source` is "device", absent otherwise. */
    device_id: z.string().min(1).max(256).optional(),
    /**
     * The fairness cohort of the request, when the tenant names a context field for fairness: the field
     * and a keyed pseudonym of its value (HMAC-SHA256 under a per-tenant salt, 128 bits hex) — never the
     * value itself. Absent on events of tenants without a fairness field (and on every earlier event, so
     * their leaves are unchanged).
     */
    cohort: z.strictObject({ field: z.string().regex(COHORT_FIELD_PATTERN), id: z.string().regex(/^[0-9a-f]{32}$/) }).optional(),
  })
  .strict()
  .refine((e) => (e.source === "device") === (e.device_id !== undefined), {
    message: "device_id is required for source 'device' and not allowed otherwise",
    path: ["device_id"],
  });
export type AuditEvent = z.infer<typeof AuditEventSchema>;

/**
 * Parse an untrusted value as an audit event; `{ ok: false, reason }` names the first problem (never the
 * values).
 *
 * @example
 * parseAuditEvent(JSON.parse(line)); // { ok: true, event } or { ok: false, reason: "time: …" }
 */
export function parseAuditEvent(value: unknown): { ok: true; event: AuditEvent } | { ok: false; reason: string } {
  const parsed = AuditEventSchema.safeParse(value);
  if (parsed.success) return { ok: true, event: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, reason: issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "invalid audit event" };
}
