/**
 * The Worker's decision path: resolve the tenant's policy, then hand each agent's requests to its
 * AgentState Durable Object (one call per agent, requests in order), and fall back to the fail-safe
 * answer for any request whose policy or agent state could not be reached in time.
 */
import { degradedReasonOf, type DegradedReason, type EvaluateRequest, type EvaluateResponse, type LoadedPolicy, type RateLimitStatus } from "@nethical/core";
import { agentStateName } from "@nethical/durable-objects/storage-keys";
import { canaryPolicyFor, resolveActivePolicy } from "../policy/active-policy.ts";
import { failSafeResponse } from "./fail-safe.ts";
import { DO_TIMEOUT_MS, withTimeout } from "./with-timeout.ts";

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
export async function decideRequests(
  env: Env,
  tenant: string,
  requests: readonly EvaluateRequest[],
  now: number,
  waitUntil: (work: Promise<unknown>) => void = () => undefined,
): Promise<RoutedDecision[]> {
  let policy: LoadedPolicy | null = null;
  try {
    policy = await resolveActivePolicy(env, tenant, now);
  } catch {
    return requests.map((r) => degraded(r, null, "policy", now));
  }
  const byAgent = new Map<string, number[]>();
  requests.forEach((request, i) => {
    const indices = byAgent.get(request.agent_id);
    if (indices === undefined) byAgent.set(request.agent_id, [i]);
    else indices.push(i);
  });
  const outcomes: RoutedDecision[] = new Array(requests.length);
  const active = policy;
  await Promise.all(
    [...byAgent].map(async ([agentId, indices]) => {
      const mine = indices.map((i) => requests[i] as EvaluateRequest);
      // A canary's share of agents (by hash of agent_id) is decided with the canary bundle.
      const loaded = canaryPolicyFor(tenant, agentId) ?? active;
      const ref = { seq: loaded.bundle.seq, hash: loaded.bundle.hash };
      try {
        const stub = env.AGENT_STATE.get(env.AGENT_STATE.idFromName(agentStateName(tenant, agentId)));
        const decided = await withTimeout(stub.decideAll(tenant, mine, ref, now), DO_TIMEOUT_MS, "AgentState");
        indices.forEach((index, k) => {
          const d = decided[k];
          outcomes[index] = d === undefined ? degraded(mine[k] as EvaluateRequest, loaded, "agent_state", now) : { response: d.response, seq: d.seq, rate: d.rate, degraded: degradedReasonOf(d.response), policyHash: d.policy_hash };
        });
      } catch {
        indices.forEach((index, k) => (outcomes[index] = degraded(mine[k] as EvaluateRequest, loaded, "agent_state", now)));
        // A fail-safe TERMINATE must hold once the agent's state answers again: hand it over after the response.
        const terminated = indices.map((index) => outcomes[index] as RoutedDecision).find((o) => o.response.decision === "TERMINATE");
        if (terminated !== undefined) waitUntil(handOverTermination(env, tenant, agentId, terminated.response, now));
      }
    }),
  );
  return outcomes;
}

function degraded(request: EvaluateRequest, policy: LoadedPolicy | null, reason: DegradedReason, now: number): RoutedDecision {
  return { response: failSafeResponse(request, policy, reason, now, request.request_id ?? crypto.randomUUID()), seq: null, rate: null, degraded: reason, policyHash: policy?.bundle.hash ?? null };
}

/** When the hand-over of a fail-safe TERMINATE is tried again after a failure (ms after the first try). */
const HANDOVER_RETRIES_MS = [1_000, 3_000, 8_000, 15_000];

/**
 * Record a fail-safe TERMINATE in the agent's AgentState, trying again while it stays unreachable (within
 * the platform's time after a response). Logs, with ids only, if it never gets through.
 */
async function handOverTermination(env: Env, tenant: string, agentId: string, response: EvaluateResponse, at: number): Promise<void> {
  const termination = { decision_id: response.decision_id, reason: response.explanation.summary, at };
  for (let attempt = 0; ; attempt++) {
    try {
      const stub = env.AGENT_STATE.get(env.AGENT_STATE.idFromName(agentStateName(tenant, agentId)));
      await withTimeout(stub.recordTermination(tenant, agentId, termination), DO_TIMEOUT_MS, "AgentState");
      return;
    } catch {
      const wait = HANDOVER_RETRIES_MS[attempt];
      if (wait === undefined) {
        console.error(JSON.stringify({ level: "error", msg: "fail-safe TERMINATE not handed to AgentState", tenant, agent_id: agentId, decision_id: response.decision_id }));
        return;
      }
      await new Promise((r) => setTimeout(r, wait - (HANDOVER_RETRIES_MS[attempt - 1] ?? 0)));
    }
  }
}

