/**
 * The transparency report of one tenant over one period, aggregated from its stored audit trail:
 * decisions by outcome, law and source; appeals and their outcomes; approvals; terminations (by a rule and
 * by an operator), reinstatements and emergency stops; the policy versions decisions were made under; the
 * classifier model in force. Pure: the caller pages the events in (workers/src/compliance/), this counts.
 */
import * as z from "zod";
import type { AdminAuditEvent } from "../audit/admin-event.ts";
import type { AuditEvent } from "../audit/event.ts";
import { DECISIONS } from "../schemas/decision.ts";

/** The longest period one report covers. */
export const MAX_PERIOD_DAYS = 366;

const Outcomes = z.strictObject({ ALLOW: z.number().int(), RESTRICT: z.number().int(), BLOCK: z.number().int(), TERMINATE: z.number().int() });

/** The report. */
export const TransparencyReportSchema = z.strictObject({
  format: z.literal("nethical.transparency-report/1"),
  tenant: z.string(),
  from: z.string().describe("Start of the period (inclusive, ISO 8601)"),
  to: z.string().describe("End of the period (exclusive, ISO 8601)"),
  generated_at: z.string(),
  source: z.enum(["postgres", "audit-log"]).describe("Where the events were read: Postgres when configured, else the AuditLog"),
  decisions: z.strictObject({
    total: z.number().int(),
    by_outcome: Outcomes,
    by_source: z.strictObject({ "edge-worker": z.number().int(), device: z.number().int() }),
    by_law: z.array(z.strictObject({ law: z.number().int(), decisions: z.number().int(), by_outcome: Outcomes })).describe("Decisions whose explanation names the law (a decision may name several)"),
    by_action_type: z.null().describe("Not recorded: audit events hold the request's hash, not its action type"),
    with_approval: z.number().int().describe("ALLOWs a human approval satisfied"),
  }),
  appeals: z.strictObject({ filed: z.number().int(), upheld: z.number().int(), rejected: z.number().int(), filed_by_decision: z.record(z.string(), z.number().int()) }),
  approvals: z.strictObject({ approved: z.number().int(), denied: z.number().int() }),
  terminations: z.strictObject({
    by_decision: z.number().int().describe("TERMINATE decisions"),
    by_operator: z.number().int().describe("agent.terminate admin events"),
    reinstatements: z.number().int().describe("agent.reinstate admin events (by an operator or an upheld appeal)"),
    emergency_stops: z.strictObject({ engaged: z.number().int(), released: z.number().int() }),
  }),
  policy_versions: z.array(z.strictObject({ policy_version: z.string(), policy_hash: z.string(), decisions: z.number().int(), first: z.string(), last: z.string() })).describe("Policy versions decisions in the period were made under"),
  policy_changes: z.record(z.string(), z.number().int()).describe("policy.* admin events in the period, by action"),
  models: z.array(z.strictObject({ name: z.string(), version: z.string(), note: z.string() })),
  admin_actions: z.record(z.string(), z.number().int()).describe("Every admin event in the period, by action"),
});
export type TransparencyReport = z.infer<typeof TransparencyReportSchema>;

/** What the report counts over. */
export interface TransparencyInput {
  tenant: string;
  from: number;
  to: number;
  source: TransparencyReport["source"];
  decisions: Iterable<AuditEvent>;
  adminEvents: Iterable<AdminAuditEvent>;
  models: TransparencyReport["models"];
  now: Date;
}

const zeroOutcomes = () => ({ ALLOW: 0, RESTRICT: 0, BLOCK: 0, TERMINATE: 0 });

/**
 * Count the period's events into the report.
 *
 * @example
 * const report = transparencyReport({ tenant: "acme", from, to, source: "postgres", decisions, adminEvents, models: [], now: new Date() });
 * report.decisions.by_outcome.BLOCK; // 3
 */
export function transparencyReport(input: TransparencyInput): TransparencyReport {
  const byOutcome = zeroOutcomes();
  const bySource = { "edge-worker": 0, device: 0 };
  const byLaw = new Map<number, { decisions: number; by_outcome: ReturnType<typeof zeroOutcomes> }>();
  const versions = new Map<string, { policy_version: string; policy_hash: string; decisions: number; first: string; last: string }>();
  let total = 0;
  let withApproval = 0;
  for (const e of input.decisions) {
    total++;
    if (DECISIONS.includes(e.decision)) byOutcome[e.decision]++;
    bySource[e.source]++;
    if (e.explanation.decided_by.some((d) => d.kind === "approval")) withApproval++;
    for (const law of new Set(e.explanation.laws)) {
      const entry = byLaw.get(law) ?? { decisions: 0, by_outcome: zeroOutcomes() };
      entry.decisions++;
      entry.by_outcome[e.decision]++;
      byLaw.set(law, entry);
    }
    const key = `${e.policy_version}\u0000${e.policy_hash}`;
    const v = versions.get(key) ?? { policy_version: e.policy_version, policy_hash: e.policy_hash, decisions: 0, first: e.time, last: e.time };
    v.decisions++;
    if (e.time < v.first) v.first = e.time;
    if (e.time > v.last) v.last = e.time;
    versions.set(key, v);
  }
  const actions: Record<string, number> = {};
  const filedByDecision: Record<string, number> = {};
  for (const a of input.adminEvents) {
    actions[a.action] = (actions[a.action] ?? 0) + 1;
    if (a.action === "appeal.file") {
      const d = String(a.after?.decision ?? "unknown");
      filedByDecision[d] = (filedByDecision[d] ?? 0) + 1;
    }
  }
  const n = (action: string) => actions[action] ?? 0;
  const policyChanges = Object.fromEntries(Object.entries(actions).filter(([k]) => k.startsWith("policy.")));
  return {
    format: "nethical.transparency-report/1",
    tenant: input.tenant,
    from: new Date(input.from).toISOString(),
    to: new Date(input.to).toISOString(),
    generated_at: input.now.toISOString(),
    source: input.source,
    decisions: {
      total,
      by_outcome: byOutcome,
      by_source: bySource,
      by_law: [...byLaw.entries()].sort((a, b) => a[0] - b[0]).map(([law, x]) => ({ law, ...x })),
      by_action_type: null,
      with_approval: withApproval,
    },
    appeals: { filed: n("appeal.file"), upheld: n("appeal.uphold"), rejected: n("appeal.reject"), filed_by_decision: filedByDecision },
    approvals: { approved: n("approval.approve"), denied: n("approval.deny") },
    terminations: { by_decision: byOutcome.TERMINATE, by_operator: n("agent.terminate"), reinstatements: n("agent.reinstate"), emergency_stops: { engaged: n("estop.engage"), released: n("estop.release") } },
    policy_versions: [...versions.values()].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0)),
    policy_changes: policyChanges,
    models: input.models,
    admin_actions: Object.fromEntries(Object.entries(actions).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
}

/**
 * Check a requested period: both ends given or defaulted, `from` before `to`, at most MAX_PERIOD_DAYS.
 * Returns the problem text, or null when the period is good.
 *
 * @example
 * periodProblem(Date.parse("2026-01-01"), Date.parse("2025-01-01")); // "from must be before to"
 */
export function periodProblem(from: number, to: number): string | null {
  if (!(from < to)) return "from must be before to";
  if (to - from > MAX_PERIOD_DAYS * 86_400_000) return `the period may be at most ${MAX_PERIOD_DAYS} days`;
  return null;
}
