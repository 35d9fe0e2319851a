/**
 * P1 watched across the audit log (the AuditLog Durable Object's appends): per decision point (an agent at
 * the cloud, or an agent on one device: each enforces sticky TERMINATE on its own), no leaf other than
 * TERMINATE is timed after a terminating TERMINATE leaf unless a reinstatement of the agent (an
 * `agent.reinstate` admin leaf) is timed between them. Leaves are compared by their decision time, not by
 * arrival, so a queue that reorders does not raise false alarms: an ALLOW decided before the TERMINATE may
 * arrive after it. A reinstatement's admin leaf is timed when the operator's request finished and travels
 * by the same queue, so it can be timed a little after (and arrive after) the first ALLOW it allowed: a
 * suspect leaf is therefore held for `graceMs` (arrival time) and reported by `settle` only when no
 * reinstatement timed from the TERMINATE to `graceMs` after the leaf arrived by then. Memory: the last
 * `maxMarks` terminations per decision point and reinstatements per agent for at most `maxAgents` of each,
 * and at most `maxSuspects` suspects (the oldest reported early when full).
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

/** A leaf that may violate P1, waiting for a late reinstatement. */
interface Suspect {
  leaf: LogDecision;
  terminatedAt: number;
  arrivedAt: number;
}

export class LogDecisionMonitor {
  readonly #terminations: BoundedMap<string, number[]>;
  readonly #reinstatements: BoundedMap<string, number[]>;
  readonly #maxMarks: number;
  readonly #graceMs: number;
  readonly #maxSuspects: number;
  #suspects: Suspect[] = [];
  #violations = 0;

  /**
   * @example
   * const monitor = new LogDecisionMonitor({ maxAgents: 10_000, graceMs: 60_000 });
   */
  constructor(options: { maxAgents?: number; maxMarks?: number; graceMs?: number; maxSuspects?: number } = {}) {
    this.#terminations = new BoundedMap(options.maxAgents ?? 10_000);
    this.#reinstatements = new BoundedMap(options.maxAgents ?? 10_000);
    this.#maxMarks = options.maxMarks ?? 16;
    this.#graceMs = options.graceMs ?? 60_000;
    this.#maxSuspects = options.maxSuspects ?? 1_000;
  }

  /**
   * Check one decision leaf arriving at `arrivedAt` and remember its termination; a suspect is held (see
   * {@link settle}). Returns suspects reported early because the suspect list was full.
   *
   * @example
   * monitor.decision({ agent_id: "a", source: "edge-worker", decision: "ALLOW", time: t, terminating: false }, Date.now());
   */
  decision(leaf: LogDecision, arrivedAt: number): Violation[] {
    const point = `${leaf.agent_id}\u0000${leaf.source}\u0000${leaf.device_id ?? ""}`;
    const marks = this.#terminations.get(point) ?? [];
    if (leaf.decision !== "TERMINATE") {
      const reinstated = this.#reinstatements.get(leaf.agent_id) ?? [];
      const unlifted = marks.find((t) => t < leaf.time && !reinstated.some((r) => this.#lifts(r, t, leaf.time)));
      if (unlifted !== undefined) {
        this.#suspects.push({ leaf, terminatedAt: unlifted, arrivedAt });
        if (this.#suspects.length > this.#maxSuspects) return this.#report(this.#suspects.splice(0, 1));
      }
    } else if (leaf.terminating) {
      this.#terminations.set(point, push(marks, leaf.time, this.#maxMarks));
    }
    return [];
  }

  /**
   * Remember a recorded reinstatement of `agentId` at `time` (an `agent.reinstate` admin leaf); clears the
   * suspects it covers.
   *
   * @example
   * monitor.reinstated("robot-7", Date.parse(adminEvent.time));
   */
  reinstated(agentId: string, time: number): void {
    this.#reinstatements.set(agentId, push(this.#reinstatements.get(agentId) ?? [], time, this.#maxMarks));
    this.#suspects = this.#suspects.filter((s) => !(s.leaf.agent_id === agentId && this.#lifts(time, s.terminatedAt, s.leaf.time)));
  }

  /**
   * The P1 violations of suspects that waited `graceMs` (by arrival) with no reinstatement covering them.
   *
   * @example
   * for (const v of monitor.settle(Date.now())) alert(v);
   */
  settle(now: number): Violation[] {
    const due = this.#suspects.filter((s) => s.arrivedAt + this.#graceMs <= now);
    if (due.length === 0) return [];
    this.#suspects = this.#suspects.filter((s) => s.arrivedAt + this.#graceMs > now);
    return this.#report(due);
  }

  /** Suspects waiting for `settle`. */
  get pending(): number {
    return this.#suspects.length;
  }

  /** A reinstatement at `r` lifts a termination at `t` for a leaf timed `leafTime` (a late-timed one within the grace). */
  #lifts(r: number, t: number, leafTime: number): boolean {
    return r >= t && r <= leafTime + this.#graceMs;
  }

  #report(suspects: readonly Suspect[]): Violation[] {
    this.#violations += suspects.length;
    return suspects.map(({ leaf, terminatedAt }) => ({ property: "P1" as const, agent_id: leaf.agent_id, detail: `${leaf.decision} leaf timed ${leaf.time - terminatedAt} ms after a TERMINATE of the same decision point, no reinstatement recorded` }));
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
