/**
 * AgentState Durable Object, one per tenant × agent (name `<tenant>:<agent_id>`): the serialisation
 * point for an agent. `decide` loads the compiled policy first (the only `await`), then reads the row,
 * takes a token, evaluates, applies the outcome and writes the row with no `await` in between, so
 * concurrent requests are decided one at a time in `seq` order and nothing decided after a TERMINATE is
 * recorded can be anything but TERMINATE (until `reinstate`).
 *
 * Evaluate at the PoP: the Worker normally sends each request already prepared (`prepareEvaluation`:
 * detectors and the rules that read no agent state, run in the Worker), so the critical section only runs
 * the agent-state rules and the transition (`applyPrepared`). A prepared evaluation is used only when it was
 * made for this tenant, this agent and exactly the bundle this object decides with; when the object must
 * decide with another bundle (an agent already decided under a newer one), it prepares again itself
 * (counted: `preparedStats`). A plain request is prepared here too.
 */
import { DurableObject } from "cloudflare:workers";
import { applyPrepared, cachedFinish, DecisionCache, DEFAULT_RATE_LIMIT, type DecisionCacheStats, type Finisher, isPreparedEvaluation, newRow, preparedFor, prepareEvaluation, reinstateAgent, terminatedByOperator, toSnapshot, type AgentRow, type BundleRef, type Decided, type EvaluateRequest, type LoadedPolicy, type PreparedEvaluation } from "@nethical/core";
import { cachedLoad, cachedPolicy, verifiedPolicy } from "../policy/compiled-cache.ts";
import { fetchBundle } from "../policy/fetch-bundle.ts";
import { agentView, type AgentView } from "./agent-view.ts";
import { addReinstatement, listReinstatements } from "./reinstatements.ts";
import { ensureSchema, hasSchema, readRow, writeRow } from "./state-table.ts";
import { DurableObjectError, refuse, type Refusal } from "../errors.ts";
import { AgentMonitor, monitorOverride, type AgentMonitorStats, type Violation } from "@nethical/core/monitor/index.ts";
import { reportViolations } from "../monitor/report-violations.ts";
import { ensureVerified, isVerified, markVerified } from "../monitor/verified-bundles.ts";

/**
 * Result of `reinstate`: the reinstated agent, or a refusal (durable-objects/src/errors.ts): `unknown_agent`,
 * or `not_terminated` with the agent as it is.
 */
export type ReinstateResult =
  | { ok: true; agent: AgentView }
  | Refusal<"unknown_agent">
  | (Refusal<"not_terminated"> & { agent: AgentView });

/** Result of `terminate`: the agent as it is now, and whether it was already terminated before. */
export type TerminateResult = { ok: true; agent: AgentView; already_terminated: boolean };

/** What `decide`/`decideAll` take per request: the request prepared at the PoP, or the plain request. */
export type DecideInput = PreparedEvaluation | EvaluateRequest;

/** How this object instance's decisions were prepared (since it started): at the PoP, or here. */
export interface PreparedStats {
  /** Prepared by the Worker and finished here. */
  prepared_at_pop: number;
  /** Prepared here because the Worker's was made with another bundle than the one decided with. */
  reprepared: number;
  /** Plain requests (no prepared evaluation sent), prepared here. */
  prepared_here: number;
}

/** Requests one agent's decision cache holds (each with up to 4 agent-state epochs). */
const DECISION_CACHE_ENTRIES = 256;

export class AgentState extends DurableObject<Env> {
  /** Tables are created on the first decision, so reading an unknown agent stores nothing. */
  private schemaReady = false;
  private readonly stats: PreparedStats = { prepared_at_pop: 0, reprepared: 0, prepared_here: 0 };
  /**
   * This agent's decision cache (README "Predictive pre-computation and the decision cache"): the finish
   * phase answered from it when the same request meets the same agent-state facts and policy again; a hit is
   * byte-identical to finishing afresh but for the re-stamped decision id. In memory only: an evicted
   * object starts empty.
   */
  private readonly decisions = new DecisionCache(DECISION_CACHE_ENTRIES);
  private readonly finish: Finisher = (prepared, compiled, snapshot, at, options) => cachedFinish(this.decisions, prepared, compiled, snapshot, at, options);
  /**
   * The runtime monitor of this agent (README "Runtime monitor and safety case"): P1 sticky TERMINATE, P2
   * gap-free seq, P3 only bundles verified in this isolate decide — checked synchronously inside the
   * critical section against every stored row read and every decision; a violation terminates the agent
   * (fail-safe) and is reported after the row is written. In memory: an evicted object adopts its stored row.
   */
  private readonly monitor = new AgentMonitor({ maxAgents: 1, maxBundles: 16 });

  /**
   * Decide one request (prepared at the PoP, or plain) for this agent and record it.
   *
   * @example
   * const { response, seq, rate } = await stub.decide("acme", prepareEvaluation(request, loaded.compiled), { seq: 3, hash }, Date.now());
   */
  async decide(tenant: string, request: DecideInput, ref: BundleRef, now: number): Promise<Decided> {
    const [decided] = await this.decideAll(tenant, [request], ref, now);
    if (decided === undefined) throw new DurableObjectError("internal", "decideAll returned no decision");
    return decided;
  }

  /**
   * Decide several requests for this agent, in order, in one critical section (batch evaluate). Each is
   * prepared at the PoP (`prepareEvaluation` with the bundle `ref` names) or a plain request.
   *
   * @example
   * const results = await stub.decideAll("acme", [p1, p2], { seq: 3, hash }, Date.now());
   */
  async decideAll(tenant: string, inputs: readonly DecideInput[], ref: BundleRef, now: number): Promise<Decided[]> {
    const requests = inputs.map(requestOf);
    const agentId = requests[0]?.agent_id;
    if (agentId === undefined || requests.some((r) => r.agent_id !== agentId)) {
      throw new DurableObjectError("invalid_call", "decideAll needs one or more requests for the same agent");
    }
    if (inputs.some((i) => isPreparedEvaluation(i) && i.tenant !== tenant)) {
      throw new DurableObjectError("invalid_call", "decideAll got an evaluation prepared for another tenant");
    }
    let policy = await this.policy(tenant, ref);
    if (!this.schemaReady) {
      ensureSchema(this.ctx.storage.sql);
      this.schemaReady = true;
    }
    for (;;) {
      const stored = readRow(this.ctx.storage.sql);
      if (stored !== null && stored.policy_hash !== null && stored.policy_seq > policy.bundle.seq) {
        // This agent was already decided under a newer bundle: never go back to an older one.
        const newerRef = { seq: stored.policy_seq, hash: stored.policy_hash };
        const newer = cachedPolicy(tenant, newerRef);
        if (newer === undefined || !isVerified(tenant, newer.bundle.hash)) {
          policy = await this.policy(tenant, newerRef);
          continue; // state may have moved during the await: read it again
        }
        policy = newer;
      }
      // Critical section: from here to writeRow there is no await.
      let row: AgentRow = stored ?? newRow(tenant, agentId, policy.rateLimit, now);
      this.checkIdentity(row, tenant, agentId);
      if (isVerified(tenant, policy.bundle.hash)) this.monitor.trustBundle(policy.bundle.hash);
      const violations: Violation[] = this.monitor.checkStored(agentId, stored === null ? null : { seq: stored.seq, terminated: stored.terminated });
      const out: Decided[] = [];
      for (const input of inputs) {
        const prepared = this.preparedWith(input, policy);
        const step = applyPrepared(row, policy, prepared, now, prepared.request.request_id ?? crypto.randomUUID(), this.finish);
        const seen = this.monitor.decision(agentId, { seq: step.decided.seq, decision: step.decided.response.decision, policy_hash: step.decided.policy_hash, terminated_after: step.row.terminated });
        if (violations.length + seen.length > 0) {
          // Fail safe: this decision is TERMINATE and the agent stays terminated until an operator reinstates it.
          const safe = monitorOverride(step.decided.response, step.row, [...violations, ...seen], now);
          row = safe.row;
          out.push({ ...step.decided, response: safe.response });
          violations.push(...seen);
          this.monitor.terminated(agentId, row.seq);
        } else {
          row = step.row;
          out.push(step.decided);
        }
      }
      writeRow(this.ctx.storage.sql, row);
      if (violations.length > 0) await reportViolations(this.env, tenant, "agent_state", violations, now);
      return out;
    }
  }

  /**
   * How this object instance's decisions were prepared since it started (at the PoP, re-prepared here
   * because the bundle differed, or plain requests prepared here).
   *
   * @example
   * const { prepared_at_pop, reprepared } = await stub.preparedStats();
   */
  preparedStats(): PreparedStats {
    return { ...this.stats };
  }

  /**
   * This object instance's decision cache counters (hits, misses, evictions, invalidations…).
   *
   * @example
   * const { hits, misses } = await stub.decisionCacheStats();
   */
  decisionCacheStats(): DecisionCacheStats {
    return this.decisions.stats();
  }

  /**
   * This object instance's runtime-monitor counters (decisions checked, violations by property).
   *
   * @example
   * const { violations } = await stub.monitorStats(); // { P1: 0, P2: 0, P3: 0 }
   */
  monitorStats(): AgentMonitorStats {
    return this.monitor.stats();
  }

  /** `input` as an evaluation prepared with exactly `policy`: the Worker's when it matches, else prepared here. */
  private preparedWith(input: DecideInput, policy: LoadedPolicy): PreparedEvaluation {
    if (!isPreparedEvaluation(input)) {
      this.stats.prepared_here++;
      return prepareEvaluation(input, policy.compiled);
    }
    if (preparedFor(input, policy.compiled)) {
      this.stats.prepared_at_pop++;
      return input;
    }
    this.stats.reprepared++;
    return prepareEvaluation(input.request, policy.compiled);
  }

  /**
   * The agent's state, or null when it has never been decided.
   *
   * @example
   * const view = await stub.snapshot("acme", "robot-7", Date.now());
   */
  snapshot(tenant: string, agentId: string, now: number): AgentView | null {
    const row = this.existingRow();
    if (row === null) return null;
    this.checkIdentity(row, tenant, agentId);
    return agentView(row, listReinstatements(this.ctx.storage.sql, 10), now);
  }

  /**
   * Lift a sticky TERMINATE: an operator's act, recorded with their key id and reason.
   *
   * @example
   * const result = await stub.reinstate("acme", "robot-7", "3f2a9c01d4e5b6a7", "false positive", Date.now());
   */
  reinstate(tenant: string, agentId: string, operatorKeyId: string, reason: string, now: number): ReinstateResult {
    const sql = this.ctx.storage.sql;
    const row = this.existingRow();
    if (row === null) return refuse("unknown_agent", "this tenant has no agent with that id");
    this.checkIdentity(row, tenant, agentId);
    if (!row.terminated) return { ...refuse("not_terminated", "the agent is not terminated"), agent: agentView(row, listReinstatements(sql, 10), now) };
    const lifted = reinstateAgent(toSnapshot(row, 0, false));
    const next: AgentRow = { ...row, terminated: lifted.terminated, strikes: lifted.strikes ?? 0, terminated_reason: null, terminated_at: null };
    writeRow(sql, next);
    addReinstatement(sql, { at: now, operator_key_id: operatorKeyId, reason, terminated_seq: row.terminated_seq });
    this.monitor.reinstated(agentId, next.seq);
    return { ok: true, agent: agentView(next, listReinstatements(sql, 10), now) };
  }

  /**
   * Terminate the agent by an operator's act (sticky until reinstated), recorded with their key id and
   * reason. An agent never decided here is created terminated, so a terminate may come before its first
   * decision in the cloud (an agent that so far ran only on devices). Idempotent: the first reason stays.
   *
   * @example
   * const { agent } = stub.terminate("acme", "robot-7", "3f2a9c01d4e5b6a7", "runaway loop", Date.now(), "control:12");
   */
  terminate(tenant: string, agentId: string, operatorKeyId: string, reason: string, now: number, controlId: string | null = null): TerminateResult {
    const sql = this.ctx.storage.sql;
    if (!this.schemaReady) {
      ensureSchema(sql);
      this.schemaReady = true;
    }
    const row = readRow(sql) ?? newRow(tenant, agentId, DEFAULT_RATE_LIMIT, now);
    this.checkIdentity(row, tenant, agentId);
    const next = terminatedByOperator(row, `terminated by operator ${operatorKeyId}: ${reason}`, now, controlId);
    if (next !== row || readRow(sql) === null) writeRow(sql, next);
    this.monitor.terminated(agentId, next.seq);
    return { ok: true, agent: agentView(next, listReinstatements(sql, 10), now), already_terminated: row.terminated };
  }

  /**
   * Record a TERMINATE this object did not decide itself: the Worker's fail-safe answer while this object
   * could not be reached (the policy's own kill switch, evaluated statelessly). Without it the agent's
   * next decision, once this object answers again, would start from a state that is not terminated.
   * Idempotent, and it never undoes an operator: an agent reinstated at or after `at` stays reinstated.
   *
   * @example
   * await stub.recordTermination("acme", "robot-7", { decision_id, reason: "kill switch", at: Date.now() });
   */
  recordTermination(tenant: string, agentId: string, termination: { decision_id: string; reason: string; at: number }): "recorded" | "already_terminated" | "reinstated_since" {
    const sql = this.ctx.storage.sql;
    if (!this.schemaReady) {
      ensureSchema(sql);
      this.schemaReady = true;
    }
    const row = readRow(sql) ?? newRow(tenant, agentId, DEFAULT_RATE_LIMIT, termination.at);
    this.checkIdentity(row, tenant, agentId);
    if (row.terminated) return "already_terminated";
    if (listReinstatements(sql, 1).some((r) => r.at >= termination.at)) return "reinstated_since";
    writeRow(sql, {
      ...row,
      requests: row.requests + 1,
      violations: row.violations + 1,
      decisions: { ...row.decisions, TERMINATE: row.decisions.TERMINATE + 1 },
      terminated: true,
      terminated_reason: termination.reason.slice(0, 500),
      terminated_at: termination.at,
      terminated_seq: null,
      terminated_decision_id: termination.decision_id,
      last_seen: Math.max(row.last_seen, termination.at),
    });
    this.monitor.terminated(agentId, row.seq);
    return "recorded";
  }

  private async policy(tenant: string, ref: BundleRef): Promise<LoadedPolicy> {
    const hit = cachedPolicy(tenant, ref);
    if (hit !== undefined) {
      // Compiled by someone else in this isolate (the Worker's L1): its signature is checked here once.
      await ensureVerified(this.env, hit.bundle);
      return hit;
    }
    const { bundle, fromKv } = await fetchBundle(this.env, tenant, ref);
    markVerified(bundle); // fetchBundle returns only bundles whose signature verified
    return fromKv ? verifiedPolicy(bundle) : cachedLoad(bundle);
  }

  private existingRow(): AgentRow | null {
    if (!this.schemaReady && !hasSchema(this.ctx.storage.sql)) return null;
    this.schemaReady = true;
    return readRow(this.ctx.storage.sql);
  }

  private checkIdentity(row: AgentRow, tenant: string, agentId: string): void {
    if (row.tenant !== tenant || row.agent_id !== agentId) throw new DurableObjectError("wrong_object", "AgentState called with another agent's name");
  }
}

function requestOf(input: DecideInput): EvaluateRequest {
  return isPreparedEvaluation(input) ? input.request : input;
}
