/**
 * The local governor: decides in-process with @nethical/core. `evaluate` is SYNCHRONOUS on purpose: a
 * control loop running at 100 Hz–1 kHz has a budget of microseconds to a few milliseconds per tick and
 * cannot yield to an event loop; every step here (core's evaluate, the AgentState transition, the
 * node:sqlite append with its commit) is synchronous, so the caller gets a decision that is already
 * durable when the call returns, with no promise, no timer and no I/O wait it could miss a deadline on.
 *
 * Per decision: mode (network monitor) → policy (last verified bundle, or the fallback) → the agent's row
 * → applyDecision (the AgentState Durable Object's own transition: token bucket, sticky TERMINATE,
 * counters) → conservative adjustment (OFFLINE threshold, fail closed) → append event + agent row in one
 * SQLite transaction → return. Nothing is returned that was not recorded first.
 */
import { randomUUID } from "node:crypto";
import { applyDecision, emergencyStopResponse, firstUnstorableText, validateEvaluateRequest, type AgentRow, type EmergencyStopFacts, type EvaluateRequest, type EvaluateResponse, type LoadedPolicy } from "@nethical/core";
import { Predictive, type PredictiveOptions, type PredictiveStats } from "./predictive.ts";
import { LogFullError, type DecisionLog } from "../log/decision-log.ts";
import { deviceAuditEvent, type DeviceFacts } from "../log/decision-event.ts";
import { AgentRows, recount } from "./agent-rows.ts";
import { conservativeResponse, type ConservativeSettings } from "./conservative.ts";
import { fallbackPolicy } from "./fallback-policy.ts";
import type { BundleInUse, FailClosedReason, Mode } from "./mode.ts";
import { AgentMonitor, monitorOverride, type AgentMonitorStats } from "@nethical/core/monitor/index.ts";

/** What the device answers: core's EvaluateResponse plus how it was produced. */
export interface DeviceResponse extends EvaluateResponse {
  mode: Mode;
  bundle: BundleInUse;
  /** This agent's decision number on this device. */
  agent_seq: number;
  fail_closed?: FailClosedReason;
}

/** Thrown by evaluateJson for input that is not a valid EvaluateRequest. */
export class InvalidRequestError extends Error {
  readonly issues: { path: string; message: string }[];
  constructor(issues: { path: string; message: string }[]) {
    super(`invalid evaluate request: ${issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`).join("; ")}`);
    this.name = "InvalidRequestError";
    this.issues = issues;
  }
}

export interface GovernorOptions {
  tenant: string;
  deviceId: string;
  log: DecisionLog;
  /**
   * Where the active verified policy comes from (a BundleKeeper). `verified(hash)` says the source verified
   * that bundle (the runtime monitor's P3); a source without it is not checked for P3.
   */
  policy: { readonly current: LoadedPolicy | null; verified?(hash: string): boolean };
  /** The network monitor. */
  network: { mode(now: number): Mode };
  /** When the server last confirmed the active bundle is current (ms since the epoch; 0 = never). */
  freshness: { readonly confirmedAt: number };
  settings: ConservativeSettings & { stalenessBoundMs: number; whenFull: "refuse" | "fail_closed" };
  /** The tenant's emergency stop as the cloud last sent it (a ControlKeeper); every decision is TERMINATE while it is set. */
  controls?: { readonly emergencyStop: EmergencyStopFacts | null };
  clock?: () => number;
  /** The decision cache and pre-computation (on by default; `{ enabled: false }` decides every request fresh). */
  predictive?: PredictiveOptions;
  /**
   * The runtime monitor (README "Runtime monitor and safety case"): on by default (a new AgentMonitor);
   * `false` turns it off (benchmarks measure its cost).
   */
  monitor?: AgentMonitor | false;
}

export class Governor {
  /** The log, policy source, network monitor, freshness and settings this governor decides with. */
  readonly #options: GovernorOptions;
  readonly #rows: AgentRows;
  readonly #clock: () => number;
  #fallback: LoadedPolicy | undefined;
  #unloggedFailClosed = 0;
  readonly #predictive: Predictive;
  readonly #monitor: AgentMonitor | null;

  /**
   * @example
   * const governor = new Governor({ tenant, deviceId, log, policy: keeper, network: monitor, freshness, settings });
   */
  constructor(options: GovernorOptions) {
    this.#options = options;
    this.#rows = new AgentRows(options.log, options.tenant);
    this.#clock = options.clock ?? Date.now;
    this.#predictive = new Predictive(options.predictive);
    this.#monitor = options.monitor === false ? null : (options.monitor ?? new AgentMonitor({ maxAgents: 10_000 }));
  }

  /** The runtime monitor's counters (device status), or null when it is off. */
  get monitor(): AgentMonitorStats | null {
    return this.#monitor?.stats() ?? null;
  }

  /** The decision cache's and pre-computation's counters (device status). */
  get predictive(): PredictiveStats {
    return this.#predictive.stats();
  }

  /**
   * Spend up to `budgetUs` microseconds of idle time pre-computing the likeliest next requests of the agents
   * answered since the last call (their answers go to the decision cache). Returns the microseconds spent.
   *
   * @example
   * setInterval(() => governor.idle(2_000), 50).unref();
   */
  idle(budgetUs: number): number {
    const policy = this.#options.policy.current ?? (this.#fallback ??= fallbackPolicy(this.#options.tenant));
    const now = this.#clock();
    return this.#predictive.idle(budgetUs, policy, now, (agentId) => this.#rows.get(agentId, policy.rateLimit, now));
  }

  /** Fail-closed decisions that could not be logged because the log was full (also in status). */
  get unloggedFailClosed(): number {
    return this.#unloggedFailClosed;
  }

  /**
   * Decide one action, synchronously; the decision is in the durable log when this returns. Throws
   * InvalidRequestError for a string that cannot be stored (NUL, an unpaired surrogate). Throws
   * LogFullError when the log is full and `when_full` is "refuse". The request must be a valid
   * EvaluateRequest (typed callers); use {@link evaluateJson} for untrusted input.
   *
   * @example
   * const d = governor.evaluate({ agent_id: "arm-1", action: "move joint 3 to 40°", action_type: "actuation" });
   * if (d.decision !== "ALLOW") return; // the caller does not move the joint
   */
  evaluate(request: EvaluateRequest): DeviceResponse {
    const started = performance.now();
    // Text hygiene: a string the decision log or the server's store would refuse or alter is refused here,
    // before it is decided, so it can never block the upload of the log.
    const bad = firstUnstorableText(request);
    if (bad !== undefined) {
      throw new InvalidRequestError([{ path: bad.path.join(".") || "(root)", message: bad.reason === "nul" ? "contains a NUL character (U+0000)" : "contains an unpaired UTF-16 surrogate" }]);
    }
    const options = this.#options;
    const now = this.#clock();
    const logFull = options.log.full;
    if (logFull && options.settings.whenFull === "refuse") throw new LogFullError(options.log.pendingCount);
    const mode = options.network.mode(now);
    const active = options.policy.current;
    const policy = active ?? (this.#fallback ??= fallbackPolicy(options.tenant));
    const failClosed: FailClosedReason | undefined =
      active === null ? "no_bundle" : logFull ? "log_full" : now - options.freshness.confirmedAt > options.settings.stalenessBoundMs ? "stale" : undefined;

    const row = this.#rows.get(request.agent_id, policy.rateLimit, now);
    const step = applyDecision(row, policy, request, now, request.request_id ?? randomUUID(), this.#predictive.evaluator);
    const core = step.decided.response;
    const stop = options.controls?.emergencyStop ?? null;
    const conservative = conservativeResponse(core, mode, failClosed, options.settings);
    // The emergency stop raises to TERMINATE without terminating the agent (recount keeps its row as it was).
    let response = stop === null ? conservative : emergencyStopResponse(conservative, stop);
    const monitor = this.#monitor;
    if (monitor !== null && !logFull) {
      // Runtime monitor (P1, P2, P3) on every recorded decision (an unlogged fail-closed answer records nothing):
      // synchronous, O(1). A violation is fail-safe: TERMINATE, and the agent's row terminated.
      const id = request.agent_id;
      if (active !== null && options.policy.verified?.(active.bundle.hash) === true) monitor.trustBundle(active.bundle.hash);
      const checkP3 = options.policy.verified !== undefined;
      const violations = [
        ...monitor.checkStored(id, row.seq === 0 && !row.terminated ? null : { seq: row.seq, terminated: row.terminated }),
        ...monitor.decision(id, { seq: step.decided.seq, decision: response.decision, policy_hash: checkP3 ? (active?.bundle.hash ?? null) : null, terminated_after: step.row.terminated }).filter((v) => checkP3 || v.property !== "P3"),
      ];
      if (violations.length > 0) {
        const safe = monitorOverride(response, step.row, violations, now);
        response = safe.response;
        step.row = { ...safe.row, decisions: step.row.decisions }; // counted as TERMINATE by recount below
        monitor.terminated(id, step.row.seq);
        console.error(JSON.stringify({ level: "error", msg: "runtime monitor: safety property violated", device_id: options.deviceId, agent_id: id, properties: violations.map((v) => v.property), details: violations.map((v) => v.detail) }));
      }
    }
    const bundle: BundleInUse = { seq: active?.bundle.seq ?? 0, hash: active?.bundle.hash ?? null };
    const out: DeviceResponse = { ...response, mode, bundle, agent_seq: step.decided.seq };
    if (failClosed !== undefined) out.fail_closed = failClosed;

    if (logFull) {
      // fail_closed while full: answered BLOCK statelessly, counted, never silently dropped.
      this.#unloggedFailClosed++;
      out.latency_ms = performance.now() - started;
      return out;
    }
    const nextRow = response === core ? step.row : recount(step.row, core.decision, response.decision);
    const event = deviceAuditEvent({
      tenant: options.tenant,
      deviceId: options.deviceId,
      request,
      response,
      time: now,
      latencyMs: performance.now() - started,
      policyHash: bundle.hash,
    });
    const facts: DeviceFacts = { mode, bundle_seq: bundle.seq, agent_seq: step.decided.seq };
    if (failClosed !== undefined) facts.fail_closed = failClosed;
    options.log.append({ eventId: event.event_id, at: now, agentId: request.agent_id, body: JSON.stringify(event), device: JSON.stringify(facts), agentRow: JSON.stringify(nextRow) });
    this.#rows.set(nextRow);
    out.latency_ms = performance.now() - started;
    this.#predictive.answered(request);
    return out;
  }

  /**
   * The agent's row (stored, or a fresh one), for an operator's control applied outside a decision.
   *
   * @example
   * const row = governor.agentRow("robot-7", Date.now());
   */
  agentRow(agentId: string, now: number): AgentRow {
    const policy = this.#options.policy.current ?? (this.#fallback ??= fallbackPolicy(this.#options.tenant));
    return this.#rows.get(agentId, policy.rateLimit, now);
  }

  /**
   * Use `row` from now on (after it was persisted by the caller).
   *
   * @example
   * governor.rememberAgentRow(terminatedByOperator(row, reason, now));
   */
  rememberAgentRow(row: AgentRow): void {
    this.#rows.set(row);
    // Only signed fleet controls, already persisted, come here: a terminate, or a recorded reinstatement.
    if (row.terminated) this.#monitor?.terminated(row.agent_id, row.seq);
    else this.#monitor?.reinstated(row.agent_id, row.seq);
  }

  /**
   * Validate untrusted JSON (core's validateEvaluateRequest), then {@link evaluate}. Throws
   * InvalidRequestError with field paths (never the submitted values).
   *
   * @example
   * governor.evaluateJson(JSON.parse(line));
   */
  evaluateJson(json: unknown): DeviceResponse {
    const v = validateEvaluateRequest(json);
    if (!v.ok) throw new InvalidRequestError(v.issues);
    return this.evaluate(v.request);
  }
}
