/**
 * P1 watched across the audit log (the AuditLog Durable Object's appends): per decision point (an agent at
 * the cloud, or an agent on one device: each enforces sticky TERMINATE on its own), no leaf other than
 * TERMINATE is timed after a terminating TERMINATE leaf unless a reinstatement of the agent (an
 * `agent.reinstate` admin leaf) is timed between them. Leaves are compared by their decision time, not by
 * arrival, so a queue that reorders does not raise false alarms: an ALLOW decided before the TERMINATE may
 * arrive after it. Memory: the last `maxMarks` terminations per decision point and reinstatements per agent,
 * for at most `maxAgents` of each.
 */
import { BoundedMap } from "./bounded-map.ts";
import type { Violation } from "./properties.ts";

/** One decision leaf, as much of it as the property needs. */
export interface LogDecision {
  agent_id: string;
  /** Where it was decided: "edge-worker" or "device" (with device_id). */
  source: string;
  device_id?: string;
  decision: "ALLOW" | "RESTRICT" | "BLOCK" | "TERMINATE";
  /** Decision time, ms since the epoch. */
  time: number;
  /** A TERMINATE that terminates the agent (an emergency stop's TERMINATE does not). */
  terminating: boolean;
}

export class LogDecisionMonitor {
  readonly #terminations: BoundedMap<string, number[]>;
  readonly #reinstatements: BoundedMap<string, number[]>;
  readonly #maxMarks: number;
  #violations = 0;

  /**
   * @example
   * const monitor = new LogDecisionMonitor({ maxAgents: 10_000 });
   */
  constructor(options: { maxAgents?: number; maxMarks?: number } = {}) {
    this.#terminations = new BoundedMap(options.maxAgents ?? 10_000);
    this.#reinstatements = new BoundedMap(options.maxAgents ?? 10_000);
    this.#maxMarks = options.maxMarks ?? 16;
  }

  /**
   * Check one decision leaf and remember its termination.
   *
   * @example
   * monitor.decision({ agent_id: "a", source: "edge-worker", decision: "ALLOW", time: t, terminating: false }); // [] unless terminated before t
   */
  decision(leaf: LogDecision): Violation[] {
    const point = `${leaf.agent_id}\u0000${leaf.source}\u0000${leaf.device_id ?? ""}`;
    const marks = this.#terminations.get(point) ?? [];
    const out: Violation[] = [];
    if (leaf.decision !== "TERMINATE") {
      const reinstated = this.#reinstatements.get(leaf.agent_id) ?? [];
      const unlifted = marks.find((t) => t < leaf.time && !reinstated.some((r) => r >= t && r <= leaf.time));
      if (unlifted !== undefined) {
        this.#violations++;
        out.push({ property: "P1", agent_id: leaf.agent_id, detail: `${leaf.decision} leaf timed ${leaf.time - unlifted} ms after a TERMINATE of the same decision point, no reinstatement between` });
      }
    } else if (leaf.terminating) {
      this.#terminations.set(point, push(marks, leaf.time, this.#maxMarks));
    }
    return out;
  }

  /**
   * Remember a recorded reinstatement of `agentId` at `time` (an `agent.reinstate` admin leaf).
   *
   * @example
   * monitor.reinstated("robot-7", Date.parse(adminEvent.time));
   */
  reinstated(agentId: string, time: number): void {
    this.#reinstatements.set(agentId, push(this.#reinstatements.get(agentId) ?? [], time, this.#maxMarks));
  }

  /** Violations found since start. */
  get violations(): number {
    return this.#violations;
  }
}

function push(marks: number[], value: number, max: number): number[] {
  const next = [...marks, value];
  return next.length > max ? next.slice(next.length - max) : next;
}
