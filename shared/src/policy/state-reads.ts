/**
 * Which conditions read the agent's state. A rule whose condition reads none of it is decided by the request
 * alone and can run anywhere (at the PoP, before the agent's AgentState object is reached); the others need
 * the agent's snapshot and run where the state lives, inside the critical section.
 *
 * Agent state is read by the `agent.*` fields (`agent.requests`, `agent.violations`, `agent.strikes`,
 * `agent.window_requests`, `agent.decisions.<WORD>`) and by the risk score (`risk` field, `{ risk: … }`
 * conditions): the score includes the agent's violation ratio, its sticky TERMINATE and its rate limit
 * (risk/features.ts features 11–13). Everything else (action, action type, agent id, intent, tool, context,
 * findings) comes from the request.
 */
import type { Condition } from "./condition-schema.ts";

/**
 * Whether `cond` reads agent state (an `agent.*` field, the `risk` field or a risk condition), at any depth,
 * including under `not`.
 *
 * @example
 * readsAgentState({ field: "agent.strikes", op: "gte", value: 5 });          // true
 * readsAgentState({ all: [{ finding: { type: "SECRET" } }, { risk: { gte: 0.9 } }] }); // true
 * readsAgentState({ field: "agent_id", op: "eq", value: "robot-7" });          // false: the request's field
 */
export function readsAgentState(cond: Condition): boolean {
  if ("field" in cond) return cond.field === "risk" || cond.field.startsWith("agent.");
  if ("finding" in cond) return false;
  if ("risk" in cond) return true;
  if ("not" in cond) return readsAgentState(cond.not);
  if ("all" in cond) return cond.all.some(readsAgentState);
  return cond.any.some(readsAgentState);
}
