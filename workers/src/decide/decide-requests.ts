/**
 * The Worker's decision path: resolve the tenant's policy, then hand each agent's requests to its
 * AgentState Durable Object (one call per agent, requests in order), and fall back to the fail-safe
 * answer for any request whose policy or agent state could not be reached in time. A fail-safe TERMINATE
 * is answered only once the agent's AgentState has recorded it, so it is as sticky as one the AgentState
 * decided itself (README "Hardening", fail-safe). While the tenant's emergency stop is engaged every
 * request is answered TERMINATE without its AgentState (workers/src/fleet-control/stop-state.ts).
 *
 * Every dependency call (policy: KV and PolicyStore; the stop read; AgentState) runs under the decision's
 * budget — the tenant's SLO profile's p99 target — through the latency breakers (workers/src/slo/; AgentState's per agent):
 * a slow or failing dependency is cut or skipped and the fail-safe answers within the budget.
 *
 * Evaluate at the PoP: each request is prepared here (`prepareEvaluation`: detectors and every rule that
 * reads no agent state) with the bundle the AgentState is asked to decide with; the object only finishes it
 * (agent-state rules, sticky TERMINATE, the transition) in its critical section (README "Evaluate at the PoP").
 */
import { degradedReasonOf, emergencyStopResponse, type DegradedReason, type EmergencyStopFacts, type EvaluateRequest, type EvaluateResponse, type LoadedPolicy, type RateLimitStatus } from "@nethical/core";
import { agentStateFor } from "@nethical/durable-objects/residency/by-tenant";
import { canaryPolicyFor, resolveActivePolicy } from "../policy/active-policy.ts";
import { failSafeResponse, terminationNotRecorded } from "./fail-safe.ts";
import { DO_TIMEOUT_MS, withTimeout } from "./with-timeout.ts";
import { guardedCall, guardedFailure } from "../slo/breakers.ts";
import { budgetFloorMs, decisionBudget, type DecisionBudget } from "../slo/decision-budget.ts";
import { evaluateSloSometimes } from "../slo/evaluate-tenant-slo.ts";
import { tenantProfile } from "../slo/tenant-profile.ts";
import { countMetric, timed } from "../metrics/buffer.ts";
import { emergencyStopFor } from "../fleet-control/stop-state.ts";
import { afterResponse, preparedAtPop } from "./prepared-at-pop.ts";

/** The answer to one request. `seq`/`rate` are null when the agent state was not reached. */
export interface RoutedDecision {
  response: EvaluateResponse;
  /** The AgentState's sequence number for this decision. */
  seq: number | null;
  rate: RateLimitStatus | null;
  /** Set when the fail-safe answered instead of the agent's state. */
  degraded: DegradedReason | null;
  /** Full hash of the policy bundle that decided; null when no policy could be loaded (audit events). */
  policyHash: string | null;
}

/**
 * Decide `requests` for `tenant` at `now`; outcomes come back in the same order. Requests for the same
 * agent are decided in their order, in one AgentState call; different agents in parallel.
 *
 * @example
 * const [outcome] = await decideRequests(env, "acme", [request], Date.now());
 */
export function decideRequests(
  env: Env,
  tenant: string,
  requests: readonly EvaluateRequest[],
  now: number,
  waitUntil: (work: Promise<unknown>) => void = () => undefined,
): Promise<RoutedDecision[]> {
  // Metrics: the whole decision step's duration (workers/src/metrics/).
  return timed(tenant, "evaluate_duration", decideAll(env, tenant, requests, now, waitUntil));
}

async function decideAll(env: Env, tenant: string, requests: readonly EvaluateRequest[], now: number, waitUntil: (work: Promise<unknown>) => void): Promise<RoutedDecision[]> {
  const budget = decisionBudget(tenantProfile(env, tenant, Date.now(), waitUntil), Date.now(), Date.now, budgetFloorMs(env));
  evaluateSloSometimes(env, tenant, now, waitUntil);
  let policy: LoadedPolicy | null = null;
  // The tenant's emergency stop (workers/src/fleet-control/stop-state.ts) is read alongside the policy.
  const stopRead = emergencyStopFor(env, tenant, now, budget);
  try {
    policy = await resolveActivePolicy(env, tenant, now, budget);
  } catch (error) {
    await stopRead;
    return requests.map((r) => degraded(r, null, "policy", now, guardedFailure(error)));
  }
  const stop = await stopRead;
  if (stop === "unknown") return stopUnknown(env, tenant, requests, policy, now, waitUntil, budget);
  if (stop !== null) return requests.map((r) => stopped(r, policy, stop));
  const outcomes: RoutedDecision[] = new Array(requests.length);
  const active = policy;
  await Promise.all(
    [...indicesByAgent(requests)].map(async ([agentId, indices]) => {
      const mine = indices.map((i) => requests[i] as EvaluateRequest);
      // A canary's share of agents (by hash of agent_id) is decided with the canary bundle.
      const loaded = canaryPolicyFor(tenant, agentId) ?? active;
      const ref = { seq: loaded.bundle.seq, hash: loaded.bundle.hash };
      try {
        // The detectors and stateless rules run here, at the PoP; the object applies the state-dependent rest.
        // From this isolate's PoP cache when the same request was prepared (or pre-computed) before.
        const prepared = mine.map((request) => preparedAtPop.prepare(request, loaded.compiled, (hit) => countMetric(tenant, "pop_prepared", { result: hit ? "hit" : "miss" })));
        const stub = agentStateFor(env, tenant, agentId);
        const decided = await timed(tenant, "agent_state_duration", guardedCall(tenant, "agent_state", budget, () => stub.decideAll(tenant, prepared, ref, now), agentId));
        const unanswered: RoutedDecision[] = [];
        indices.forEach((index, k) => {
          const d = decided[k];
          if (d === undefined) unanswered.push((outcomes[index] = degraded(mine[k] as EvaluateRequest, loaded, "agent_state", now)));
          else outcomes[index] = { response: d.response, seq: d.seq, rate: d.rate, degraded: degradedReasonOf(d.response), policyHash: d.policy_hash };
        });
        // The object answers every request it is sent; should it not, a fail-safe TERMINATE is still held until recorded.
        await holdTerminationOrBlock(env, tenant, agentId, unanswered, now, waitUntil, budget);
        // Pre-computation: after the answer, prepare this agent's likeliest next requests (README "Predictive pre-computation").
        waitUntil(afterResponse(() => preparedAtPop.warm(mine, loaded.compiled)));
      } catch (error) {
        const failSafe = mine.map((request) => degraded(request, loaded, "agent_state", now, guardedFailure(error)));
        await holdTerminationOrBlock(env, tenant, agentId, failSafe, now, waitUntil, budget);
        indices.forEach((index, k) => (outcomes[index] = failSafe[k] as RoutedDecision));
      }
    }),
  );
  return outcomes;
}

/** The indices of `requests`, grouped by agent, in request order. */
function indicesByAgent(requests: readonly EvaluateRequest[]): Map<string, number[]> {
  const byAgent = new Map<string, number[]>();
  requests.forEach((request, i) => {
    const indices = byAgent.get(request.agent_id);
    if (indices === undefined) byAgent.set(request.agent_id, [i]);
    else indices.push(i);
  });
  return byAgent;
}

/**
 * The answers while the tenant's emergency stop could not be read: the fail-safe, evaluated statelessly
 * with the policy. A TERMINATE among them (the policy's own kill switch) is answered only once the agent's
 * AgentState has recorded it, as on the AgentState-unreachable path — found by the chaos suite: answered
 * unrecorded, it was followed by an ALLOW the AgentState decided for the same agent
 * (workers/src/hardening/failsafe-terminate-window.test.ts, "while the emergency-stop state cannot be read").
 */
async function stopUnknown(env: Env, tenant: string, requests: readonly EvaluateRequest[], policy: LoadedPolicy, now: number, waitUntil: (work: Promise<unknown>) => void, budget: DecisionBudget): Promise<RoutedDecision[]> {
  const outcomes = requests.map((r) => degraded(r, policy, "policy", now));
  await Promise.all(
    [...indicesByAgent(requests)].map(async ([agentId, indices]) => {
      const mine = indices.map((i) => outcomes[i] as RoutedDecision);
      await holdTerminationOrBlock(env, tenant, agentId, mine, now, waitUntil, budget);
    }),
  );
  return outcomes;
}

/**
 * Deadline for recording a fail-safe TERMINATE in the agent's AgentState before it is answered, when no
 * decision budget applies. On the decision path the recording gets what is left of the decision's budget
 * (through the AgentState breaker), so a degraded TERMINATE is answered within the budget too.
 */
export const FAILSAFE_RECORD_TIMEOUT_MS = 1_000;

/**
 * A TERMINATE is only answered once it is sticky: once the agent's AgentState — the one place every
 * later decision for the agent goes through — has recorded it. When the fail-safe's stateless evaluation
 * says TERMINATE (the policy's own kill switch) for one of `failSafe` (this agent's fail-safe answers, in
 * order), the termination is recorded synchronously, within the budget's time left (FAILSAFE_RECORD_TIMEOUT_MS
 * without a budget). If that does not
 * succeed, every such TERMINATE is answered BLOCK instead (degraded, not sticky) and the termination is
 * handed to the AgentState after the response, so the kill switch still takes effect once it answers.
 * `failSafe` is changed in place.
 */
async function holdTerminationOrBlock(env: Env, tenant: string, agentId: string, failSafe: RoutedDecision[], now: number, waitUntil: (work: Promise<unknown>) => void, budget?: DecisionBudget): Promise<void> {
  const terminated = failSafe.find((o) => o.response.decision === "TERMINATE");
  if (terminated === undefined) return;
  const termination = terminationOf(terminated.response, now);
  let recorded: Awaited<ReturnType<typeof recordTermination>> | null = null;
  try {
    recorded = await (budget === undefined ? withTimeout(recordTermination(env, tenant, agentId, termination), FAILSAFE_RECORD_TIMEOUT_MS, "AgentState") : guardedCall(tenant, "agent_state", budget, () => recordTermination(env, tenant, agentId, termination), agentId));
  } catch {
    // unreachable or slow again: not recorded
  }
  if (recorded === "recorded" || recorded === "already_terminated") return;
  for (const outcome of failSafe) outcome.response = terminationNotRecorded(outcome.response);
  // An operator's reinstatement at or after this decision wins; otherwise the kill switch lands later.
  if (recorded !== "reinstated_since") waitUntil(handOverTermination(env, tenant, agentId, termination));
}

function terminationOf(response: EvaluateResponse, at: number): Termination {
  return { decision_id: response.decision_id, reason: response.explanation.summary, at };
}

type Termination = { decision_id: string; reason: string; at: number };

function recordTermination(env: Env, tenant: string, agentId: string, termination: Termination) {
  const stub = agentStateFor(env, tenant, agentId);
  return stub.recordTermination(tenant, agentId, termination);
}

/** The answer while the tenant's emergency stop is engaged: TERMINATE, decided without the agent's state (nothing recorded there). */
function stopped(request: EvaluateRequest, policy: LoadedPolicy, stop: EmergencyStopFacts): RoutedDecision {
  const base: EvaluateResponse = {
    decision_id: request.request_id ?? crypto.randomUUID(),
    decision: "ALLOW", // raised to TERMINATE by emergencyStopResponse
    risk_score: 1,
    violations: [],
    obligations: [],
    explanation: { summary: "", decided_by: [], laws: [], risk_features: {} },
    policy_version: policy.version,
    latency_ms: 0,
  };
  return { response: emergencyStopResponse(base, stop), seq: null, rate: null, degraded: null, policyHash: policy.bundle.hash };
}

function degraded(request: EvaluateRequest, policy: LoadedPolicy | null, reason: DegradedReason, now: number, cause?: string): RoutedDecision {
  return { response: failSafeResponse(request, policy, reason, now, request.request_id ?? crypto.randomUUID(), cause), seq: null, rate: null, degraded: reason, policyHash: policy?.bundle.hash ?? null };
}

/** When the hand-over of an unrecorded fail-safe TERMINATE is tried (ms after the synchronous try failed). */
const HANDOVER_RETRIES_MS = [1_000, 3_000, 8_000, 15_000];

/**
 * Record a fail-safe TERMINATE that could not be recorded before the answer (which was therefore BLOCK) in
 * the agent's AgentState after the response, trying while it stays unreachable (within the platform's
 * time after a response). Logs, with ids only, if it never gets through.
 */
async function handOverTermination(env: Env, tenant: string, agentId: string, termination: Termination): Promise<void> {
  let waited = 0;
  for (const at of HANDOVER_RETRIES_MS) {
    await new Promise((r) => setTimeout(r, at - waited));
    waited = at;
    try {
      await withTimeout(recordTermination(env, tenant, agentId, termination), DO_TIMEOUT_MS, "AgentState");
      return;
    } catch {
      // tried again at the next step
    }
  }
  console.error(JSON.stringify({ level: "error", msg: "fail-safe TERMINATE not handed to AgentState", tenant, agent_id: agentId, decision_id: termination.decision_id }));
}
