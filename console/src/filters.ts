/**
 * The live view's filters (agent, decision, law, time), applied in the browser to the decisions held.
 */

/** What the live view keeps of a decision (the stream's `data`, or a recorded decision). */
export interface DecisionRow {
  event_id: string;
  decision_id: string;
  agent_id: string;
  decision: string;
  risk_score?: number;
  time: string;
  laws: number[];
  violations: readonly ViolationLike[];
  explanation?: { summary?: string; decided_by?: readonly { kind: string; id: string; decision: string; reason: string }[] };
  policy_version?: string;
}

/** A violation as the API gives it (spans, never text). */
export interface ViolationLike {
  id?: string;
  law: number;
  category?: string;
  severity?: string;
  confidence?: number;
  finding_type?: string;
  rule?: string;
  detector?: string;
  field?: string;
  span?: { start: number; end: number };
  spans?: readonly { start: number; end: number }[];
}

/** The filters; empty strings mean "any". */
export interface Filters {
  agent: string;
  decision: string;
  law: string;
  /** Only decisions of the last this many minutes ("" = any time). */
  minutes: string;
}

/**
 * A decision from a stream message's `data` or a recorded decision (`GET /v2/decisions`).
 *
 * @example
 * toRow(message.data);
 */
export function toRow(data: Record<string, unknown>): DecisionRow {
  const violations = Array.isArray(data.violations) ? (data.violations as ViolationLike[]) : [];
  const explanation = (data.explanation ?? undefined) as DecisionRow["explanation"];
  const laws = Array.isArray(data.laws) ? (data.laws as number[]) : Array.isArray((explanation as { laws?: number[] } | undefined)?.laws) ? (explanation as { laws: number[] }).laws : [...new Set(violations.map((v) => v.law))];
  return {
    event_id: String(data.event_id ?? ""),
    decision_id: String(data.decision_id ?? data.event_id ?? ""),
    agent_id: String(data.agent_id ?? ""),
    decision: String(data.decision ?? ""),
    ...(typeof data.risk_score === "number" ? { risk_score: data.risk_score } : {}),
    time: String(data.decided_at ?? data.time ?? new Date().toISOString()),
    laws,
    violations,
    ...(explanation !== undefined ? { explanation } : {}),
    ...(typeof data.policy_version === "string" ? { policy_version: data.policy_version } : {}),
  };
}

/**
 * Whether `row` passes `filters` at time `now` (ms).
 *
 * @example
 * matches(row, { agent: "robot", decision: "BLOCK", law: "", minutes: "15" }, Date.now());
 */
export function matches(row: DecisionRow, filters: Filters, now: number): boolean {
  if (filters.agent !== "" && !row.agent_id.toLowerCase().includes(filters.agent.toLowerCase())) return false;
  if (filters.decision !== "" && row.decision !== filters.decision) return false;
  if (filters.law !== "" && !row.laws.includes(Number(filters.law)) && !row.violations.some((v) => v.law === Number(filters.law))) return false;
  if (filters.minutes !== "") {
    const t = Date.parse(row.time);
    if (Number.isFinite(t) && t < now - Number(filters.minutes) * 60_000) return false;
  }
  return true;
}
