/**
 * The runtime monitor's adapter in the AuditLog object:
 *
 * - P4 (`guardHead`): before a new current tree head is signed, it is checked against the newest stored
 *   head — not smaller, and consistent with it (RFC 9162 proof from the log's own nodes, so a rewritten leaf
 *   or node shows). A violating head is never signed (fail-safe: readers get an error, not a forged head).
 * - P1 across the log (`LeafWatch`): decision leaves appended are fed to core's LogDecisionMonitor per
 *   decision point (agent × source × device), `agent.reinstate` admin leaves lift terminations; suspects are
 *   settled after a grace period by the alarm (`settle`). The affected agent fails safe: its cloud
 *   AgentState is terminated (an operator's reinstatement lifts it).
 */
import { base64Decode, isAdminEvent, type AdminAuditEvent, type AuditEvent, type MerkleLog } from "@nethical/core";
import { checkHeadGrowth, LogDecisionMonitor, type Violation } from "@nethical/core/monitor/index.ts";
import { agentStateFor } from "../residency/by-tenant.ts";
import { latestTreeHead } from "../audit-log/tree-head-table.ts";

/** Thrown instead of signing a head that would break P4. */
export class HeadRefusedError extends Error {
  readonly violations: Violation[];
  /** Identifies the previous head: a refusal is reported once per previous head. */
  readonly previousKey: string;
  constructor(violations: Violation[], previousKey: string) {
    super(`[monitor_violation] tree head not signed: ${violations.map((v) => v.detail).join("; ")}`);
    this.name = "HeadRefusedError";
    this.violations = violations;
    this.previousKey = previousKey;
  }
}

/**
 * Throw HeadRefusedError when a head of `size` leaves of `log` would not follow the newest stored head.
 *
 * @example
 * guardHead(sql, log, log.size); // before signTreeHead(…)
 */
export function guardHead(sql: SqlStorage, log: MerkleLog, size: number): void {
  const previous = latestTreeHead(sql);
  if (previous === null || previous.tree_size === 0) return;
  const proof = size > previous.tree_size ? log.consistencyProof(previous.tree_size, size) : [];
  const violations = checkHeadGrowth({ tree_size: previous.tree_size, root: base64Decode(previous.root_hash) }, { tree_size: size, root: log.root(size) }, proof);
  if (violations.length > 0) throw new HeadRefusedError(violations, `${previous.tree_size}:${previous.root_hash}`);
}

/** Grace before a P1 suspect is reported (a reinstatement's admin leaf may be timed after the first ALLOW). */
export const LEAF_GRACE_MS = 60_000;

/** P1 across the appended leaves of one tenant's log (in memory: an evicted object starts empty). */
export class LeafWatch {
  readonly #monitor = new LogDecisionMonitor({ maxAgents: 10_000, graceMs: LEAF_GRACE_MS });

  /**
   * Feed the leaves just appended (validated log events), arriving at `now`.
   *
   * @example
   * watch.appended(events, Date.now());
   */
  appended(events: readonly (AuditEvent | AdminAuditEvent)[], now: number): Violation[] {
    const out: Violation[] = [];
    for (const event of events) {
      if (isAdminEvent(event)) {
        if (event.action === "agent.reinstate" && event.target.type === "agent") this.#monitor.reinstated(event.target.id, Date.parse(event.time));
        continue;
      }
      const terminating = event.decision === "TERMINATE" && !event.explanation.decided_by.some((d) => d.id === "emergency_stop");
      out.push(...this.#monitor.decision({ agent_id: event.agent_id, source: event.source, ...(event.device_id !== undefined ? { device_id: event.device_id } : {}), decision: event.decision, time: Date.parse(event.time), terminating }, now));
    }
    return out;
  }

  /**
   * The P1 violations whose grace has passed at `now`.
   *
   * @example
   * const due = watch.settle(Date.now());
   */
  settle(now: number): Violation[] {
    return this.#monitor.settle(now);
  }

  /** Suspects waiting for their grace. */
  get pending(): number {
    return this.#monitor.pending;
  }
}

/**
 * The fail-safe of P1 violations found in the log: each agent's cloud AgentState is terminated (sticky until
 * an operator reinstates it). Never throws.
 *
 * @example
 * await terminateAgents(env, "acme", violations, Date.now());
 */
export async function terminateAgents(env: Env, tenant: string, violations: readonly Violation[], now: number): Promise<void> {
  const agents = [...new Set(violations.flatMap((v) => (v.agent_id === undefined ? [] : [v.agent_id])))];
  await Promise.all(
    agents.map((id) =>
      agentStateFor(env, tenant, id)
        .terminate(tenant, id, "runtime-monitor", "runtime monitor: safety property P1 violated in the audit log", now)
        .catch(() => console.error(JSON.stringify({ level: "error", msg: "runtime monitor: fail-safe terminate failed", tenant }))),
    ),
  );
}
