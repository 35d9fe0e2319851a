/**
 * Context fingerprints: the exact key of everything one `evaluate` answer depends on, so a cached answer is
 * served only for the same inputs.
 *
 * - the request, canonical (keys sorted: tool arguments and context are normalised), without `request_id`
 *   (it only becomes the decision id, which the cache re-stamps). The whole context is included: besides the
 *   policy's `context.*` conditions, detectors read context too (`internal_domains`, `destination`, `limits`).
 * - the policy: sequence number and content hash.
 * - the agent-state facts evaluate reads: `rate_limited` (law-pack rule and risk feature), the violation
 *   ratio (risk feature, exact float), and the value of every `agent.*` field the policy's rules read
 *   ({@link policyReads}). This tuple is the agent-state epoch: any change of a counter the decision read
 *   changes it, so nothing cached before can be found.
 *
 * Not cacheable (no key): a terminated agent (sticky TERMINATE always wins and is decided fresh), a retry
 * carrying `approval_id`, and requests whose canonical form exceeds {@link MAX_KEY_CHARS}.
 *
 * The key is the full canonical text, compared exactly by the cache's Map — not a hash of it: request bytes
 * are attacker-chosen and a fast non-cryptographic hash has constructible collisions, which would let a
 * crafted request be answered with another request's ALLOW. {@link fingerprintId} (128-bit) is for display.
 */
import type { CompiledPolicy } from "../policy/compile.ts";
import type { EvalContext } from "../policy/context.ts";
import type { EvaluateRequest } from "../schemas/action.ts";
import type { AgentStateSnapshot } from "../schemas/agent-state.ts";
import { canonicalJson } from "../util/canonical-json.ts";
import { fastHash128 } from "../util/fast-hash.ts";
import { policyReads } from "./policy-reads.ts";

/** Longest canonical request a key is made for (longer requests are decided fresh and not cached). */
export const MAX_KEY_CHARS = 16_384;

/**
 * The canonical request part of a key: the request without `request_id`, keys sorted. Undefined when the
 * request is not cacheable (`approval_id` present, or longer than MAX_KEY_CHARS).
 *
 * @example
 * requestKey({ agent_id: "a", action: "read_file", action_type: "tool_call", tool: { name: "read_file", arguments: { path: "a.ts" } }, request_id: "r1" });
 * // '{"action":"read_file","action_type":"tool_call","agent_id":"a","tool":{"arguments":{"path":"a.ts"},"name":"read_file"}}'
 */
export function requestKey(request: EvaluateRequest): string | undefined {
  if (request.approval_id !== undefined) return undefined;
  let text: string;
  if (request.request_id === undefined) text = canonicalJson(request);
  else {
    const { request_id: _id, ...rest } = request;
    text = canonicalJson(rest);
  }
  return text.length > MAX_KEY_CHARS ? undefined : text;
}

/**
 * The agent-state epoch for `policy`: the facts of `agent` that an evaluation with `policy` reads. Undefined
 * for a terminated agent (never cached).
 *
 * @example
 * stateEpoch(emptyAgentState(), compiled); // "r0|v0|agent.strikes=0"
 */
export function stateEpoch(agent: AgentStateSnapshot, policy: CompiledPolicy): string | undefined {
  if (agent.terminated) return undefined;
  const ratio = agent.violations / (agent.requests > 0 ? agent.requests : 1);
  let out = `${agent.rate_limited ? "r1" : "r0"}|v${ratio > 1 ? 1 : ratio}`;
  const reads = policyReads(policy);
  if (reads.agentFields.length === 0) return out;
  const ctx = { agent } as EvalContext;
  for (let i = 0; i < reads.agentFields.length; i++) out += `|${reads.agentFields[i]}=${String((reads.getters[i] as (c: EvalContext) => unknown)(ctx))}`;
  return out;
}

/**
 * The full key: policy, agent-state epoch and canonical request; undefined when not cacheable.
 * `reqKey` may be passed when the caller already has {@link requestKey} of the request.
 *
 * @example
 * const key = decisionKey(request, compiled, snapshot); // "3:ab12…\nr0|v0|agent.strikes=0\n{…}"
 */
export function decisionKey(request: EvaluateRequest, policy: CompiledPolicy, agent: AgentStateSnapshot, reqKey?: string): string | undefined {
  const epoch = stateEpoch(agent, policy);
  if (epoch === undefined) return undefined;
  const req = reqKey ?? requestKey(request);
  if (req === undefined) return undefined;
  return `${policy.seq}:${policy.hash}\n${epoch}\n${req}`;
}

/**
 * A short id for a key (32 hex characters), for logs and metrics — never used to look a decision up.
 *
 * @example
 * fingerprintId(key).length; // 32
 */
export function fingerprintId(key: string): string {
  return fastHash128(key);
}
