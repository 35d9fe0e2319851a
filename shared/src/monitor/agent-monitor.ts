/**
 * The runtime monitor of one decision point (the AgentState Durable Object, an edge device's governor):
 * per agent, a two-field state machine — the last decision seq it saw and whether the agent is terminated —
 * checked against every stored row read and every decision made, plus the set of verified bundles.
 *
 * - P1: while the agent is terminated, every decision is TERMINATE and the row stays terminated, until the
 *   decision point records a reinstatement (`reinstated`). A stored row that lost its termination is caught
 *   when it is read back (`checkStored`).
 * - P2: each decision's seq is the previous one plus one; a stored row whose seq is not the last seen (a
 *   rewound or skipped row) is caught when read back.
 * - P3: the bundle that decided is one the decision point verified (`trustBundle`); with no bundle at all
 *   (a device's fail-closed fallback) the decision must not be ALLOW.
 *
 * Pure and synchronous (no I/O, no clock), O(1) per observation, memory bounded by `maxAgents` and
 * `maxBundles`. An evicted (or never seen) agent is adopted from its next stored row: the monitor catches
 * changes it observes, not what happened before it started.
 */
import { BoundedMap } from "./bounded-map.ts";
import type { Violation } from "./properties.ts";

/** What the monitor remembers of one agent. */
interface Watch {
  seq: number;
  terminated: boolean;
}

/** One decision as the decision point made it. */
export interface ObservedDecision {
  seq: number;
  decision: "ALLOW" | "RESTRICT" | "BLOCK" | "TERMINATE";
  /** Hash of the bundle that decided; null when no bundle did (a device's built-in fail-closed fallback). */
  policy_hash: string | null;
  /** Whether the agent's row is terminated after this decision. */
  terminated_after: boolean;
}

/** Counters for status and metrics. */
export interface AgentMonitorStats {
  decisions: number;
  violations: { P1: number; P2: number; P3: number };
  agents: number;
  evicted_agents: number;
  trusted_bundles: number;
}

export interface AgentMonitorOptions {
  /** Agents remembered (least recently used evicted); default 10,000. */
  maxAgents?: number;
  /** Verified bundle hashes remembered; default 64. */
  maxBundles?: number;
}

export class AgentMonitor {
  readonly #agents: BoundedMap<string, Watch>;
  readonly #bundles: BoundedMap<string, true>;
  #decisions = 0;
  readonly #violations = { P1: 0, P2: 0, P3: 0 };

  /**
   * @example
   * const monitor = new AgentMonitor({ maxAgents: 1 });
   */
  constructor(options: AgentMonitorOptions = {}) {
    this.#agents = new BoundedMap(options.maxAgents ?? 10_000);
    this.#bundles = new BoundedMap(options.maxBundles ?? 64);
  }

  /**
   * Record a bundle the decision point verified (signature and hash): decisions under it satisfy P3.
   *
   * @example
   * monitor.trustBundle(loaded.bundle.hash);
   */
  trustBundle(hash: string): void {
    this.#bundles.set(hash, true);
  }

  /**
   * Check a row read from storage against what this monitor last saw of the agent (P1: termination lost;
   * P2: seq rewound or skipped); adopts it when the agent is not watched yet. `stored` null: no row.
   *
   * @example
   * monitor.checkStored("robot-7", { seq: row.seq, terminated: row.terminated }); // [] when consistent
   */
  checkStored(agentId: string, stored: { seq: number; terminated: boolean } | null): Violation[] {
    const watch = this.#agents.get(agentId);
    const now = stored ?? { seq: 0, terminated: false };
    if (watch === undefined) {
      this.#agents.set(agentId, { seq: now.seq, terminated: now.terminated });
      return [];
    }
    const out: Violation[] = [];
    if (now.seq !== watch.seq) out.push(this.#count({ property: "P2", agent_id: agentId, detail: `stored row has seq ${now.seq} but the last decision seen was seq ${watch.seq}` }));
    if (watch.terminated && !now.terminated) out.push(this.#count({ property: "P1", agent_id: agentId, detail: "stored row is not terminated but the agent was terminated and no reinstatement was recorded" }));
    // Re-baseline on the stored seq (one alert per corruption) but never forget a termination.
    if (out.length > 0) this.#agents.set(agentId, { seq: now.seq, terminated: watch.terminated || now.terminated });
    return out;
  }

  /**
   * Check one decision (P1, P2, P3) and remember it.
   *
   * @example
   * monitor.decision("robot-7", { seq: 4, decision: "ALLOW", policy_hash: hash, terminated_after: false }); // []
   */
  decision(agentId: string, d: ObservedDecision): Violation[] {
    this.#decisions++;
    const watch = this.#agents.get(agentId);
    const out: Violation[] = [];
    if (watch !== undefined) {
      if (d.seq !== watch.seq + 1) out.push(this.#count({ property: "P2", agent_id: agentId, detail: `decision seq ${d.seq} does not follow seq ${watch.seq}` }));
      if (watch.terminated && d.decision !== "TERMINATE") out.push(this.#count({ property: "P1", agent_id: agentId, detail: `${d.decision} after TERMINATE without a recorded reinstatement` }));
      else if (watch.terminated && !d.terminated_after) out.push(this.#count({ property: "P1", agent_id: agentId, detail: "the decision lifted the termination without a recorded reinstatement" }));
    }
    if (d.policy_hash === null ? d.decision === "ALLOW" : this.#bundles.get(d.policy_hash) === undefined) {
      out.push(this.#count({ property: "P3", agent_id: agentId, detail: d.policy_hash === null ? "ALLOW without a verified bundle" : `decided by bundle ${d.policy_hash.slice(0, 16)} that was never verified here` }));
    }
    this.#agents.set(agentId, { seq: d.seq, terminated: (watch?.terminated ?? false) || d.terminated_after });
    return out;
  }

  /**
   * Record a termination the decision point made outside a decision (an operator's, a fail-safe's hand-over).
   *
   * @example
   * monitor.terminated("robot-7", row.seq);
   */
  terminated(agentId: string, seq: number): void {
    const watch = this.#agents.get(agentId);
    this.#agents.set(agentId, { seq: watch?.seq ?? seq, terminated: true });
  }

  /**
   * Record a reinstatement the decision point recorded (an operator's act): decisions may be weaker again.
   *
   * @example
   * monitor.reinstated("robot-7", row.seq);
   */
  reinstated(agentId: string, seq: number): void {
    const watch = this.#agents.get(agentId);
    this.#agents.set(agentId, { seq: watch?.seq ?? seq, terminated: false });
  }

  /**
   * Counters since this monitor started.
   *
   * @example
   * monitor.stats().violations.P1; // 0
   */
  stats(): AgentMonitorStats {
    return { decisions: this.#decisions, violations: { ...this.#violations }, agents: this.#agents.size, evicted_agents: this.#agents.evictions, trusted_bundles: this.#bundles.size };
  }

  #count(v: Violation): Violation {
    if (v.property === "P1" || v.property === "P2" || v.property === "P3") this.#violations[v.property]++;
    return v;
  }
}
