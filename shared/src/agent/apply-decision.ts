/**
 * One decision for one agent, synchronously: take a token, build the snapshot, evaluate, enforce sticky
 * TERMINATE, record the outcome. No I/O and no `await`: the caller (the AgentState Durable Object, the
 * edge device's governor) reads the row before and writes the returned row after, inside one critical
 * section.
 *
 * `applyPrepared` is the same transition for an evaluation prepared elsewhere (the Worker, at the PoP:
 * evaluate-prepare.ts): only the agent-state rules and the combination run here, so the critical section
 * costs a fraction of a whole evaluation. `applyDecision` prepares in place and is otherwise identical.
 */
import { finishEvaluation } from "../evaluate-finish.ts";
import { prepareEvaluation, type PreparedEvaluation } from "../evaluate-prepare.ts";
import type { CompiledPolicy } from "../policy/compile.ts";
import type { AgentStateSnapshot } from "../schemas/agent-state.ts";
import { overrideDecision } from "../override-decision.ts";
import type { EvaluateRequest } from "../schemas/action.ts";
import type { EvaluateResponse } from "../schemas/response.ts";
import { toSnapshot, type AgentRow } from "./agent-row.ts";
import type { LoadedPolicy } from "./loaded-policy.ts";
import { countsAsStrike, recordDecision } from "./record-decision.ts";
import { rateLimitStatus, refill, takeToken, type RateLimitStatus } from "./token-bucket.ts";

/** One recorded decision: the response, the agent's sequence number for it, and the bucket after it. */
export interface Decided {
  response: EvaluateResponse;
  /** Per-agent sequence number of this decision (strictly increasing, no gaps). */
  seq: number;
  rate: RateLimitStatus;
  /** Full hash of the policy bundle that decided (for the audit event). */
  policy_hash: string;
}

const MAX_REASON_CHARS = 500;

/**
 * Sticky TERMINATE, enforced where it is recorded. `evaluate` already answers TERMINATE for a terminated
 * agent; the transition does not rely on that alone: whatever the policy says, a terminated agent's
 * answer is TERMINATE until an operator reinstates it.
 */
const STICKY_TERMINATE = { kind: "override", id: "sticky_terminate", reason: "the agent is terminated (sticky) until an operator reinstates it" } as const;

/** How a whole request is decided (default: prepare then finish, i.e. `evaluate`; a decision cache may answer instead). */
export type Evaluator = (request: EvaluateRequest, policy: CompiledPolicy, agent: AgentStateSnapshot, now: number, options: { decisionId: string }) => EvaluateResponse;
/** How a prepared evaluation is finished (default `finishEvaluation`; a decision cache may answer instead). */
export type Finisher = (prepared: PreparedEvaluation, policy: CompiledPolicy, agent: AgentStateSnapshot, now: number, options: { decisionId: string }) => EvaluateResponse;

const prepareAndFinish: Evaluator = (request, policy, agent, now, options) => finishEvaluation(prepareEvaluation(request, policy), policy, agent, now, options);

/**
 * Decide `request` for the agent in `row` with `policy` at `now`; returns the decision and the next row.
 * `evaluator` must answer exactly as `evaluate` would (e.g. core's `cachedEvaluate`).
 *
 * @example
 * const { decided, row: next } = applyDecision(row, loaded, request, Date.now(), crypto.randomUUID());
 */
export function applyDecision(
  row: AgentRow,
  policy: LoadedPolicy,
  request: EvaluateRequest,
  now: number,
  decisionId: string,
  evaluator: Evaluator = prepareAndFinish,
): { decided: Decided; row: AgentRow } {
  return transition(row, policy, now, decisionId, (snapshot) => evaluator(request, policy.compiled, snapshot, now, { decisionId }));
}

/**
 * Like {@link applyDecision} for an evaluation already prepared with this very policy
 * (`preparedFor(prepared, policy.compiled)`; finishEvaluation throws otherwise): takes a token, builds the
 * snapshot, finishes the evaluation (`finish`, which must answer exactly as `finishEvaluation`: e.g. core's
 * `cachedFinish`), enforces sticky TERMINATE and records the outcome.
 *
 * @example
 * const prepared = prepareEvaluation(request, loaded.compiled); // at the PoP
 * const { decided, row: next } = applyPrepared(row, loaded, prepared, Date.now(), crypto.randomUUID()); // in the object
 */
export function applyPrepared(
  row: AgentRow,
  policy: LoadedPolicy,
  prepared: PreparedEvaluation,
  now: number,
  decisionId: string,
  finish: Finisher = finishEvaluation,
): { decided: Decided; row: AgentRow } {
  return transition(row, policy, now, decisionId, (snapshot) => finish(prepared, policy.compiled, snapshot, now, { decisionId }));
}

/** The transition around one decision: token, snapshot, `decide`, sticky TERMINATE, counters. */
function transition(
  row: AgentRow,
  policy: LoadedPolicy,
  now: number,
  decisionId: string,
  decide: (snapshot: AgentStateSnapshot) => EvaluateResponse,
): { decided: Decided; row: AgentRow } {
  const limit = policy.rateLimit;
  const before = refill({ tokens: row.tokens, at: row.tokens_at }, limit, now);
  const windowRequests = Math.max(0, Math.round(limit.capacity - before.tokens));
  const { bucket, limited } = takeToken(before, limit, now);
  const snapshot = toSnapshot(row, windowRequests, limited);
  const evaluated = decide(snapshot);
  const response = row.terminated ? overrideDecision(evaluated, "TERMINATE", STICKY_TERMINATE) : evaluated;
  const reason = response.explanation.summary.slice(0, MAX_REASON_CHARS);
  const after = recordDecision(snapshot, response.decision, reason, countsAsStrike(response));
  const seq = row.seq + 1;
  const newlyTerminated = after.terminated && !row.terminated;
  const next: AgentRow = {
    ...row,
    seq,
    requests: after.requests,
    violations: after.violations,
    strikes: after.strikes ?? 0,
    decisions: { ...after.decisions },
    tokens: bucket.tokens,
    tokens_at: bucket.at,
    rate_capacity: limit.capacity,
    rate_refill_per_s: limit.refill_per_s,
    terminated: after.terminated,
    terminated_reason: newlyTerminated ? reason : row.terminated_reason,
    terminated_at: newlyTerminated ? now : row.terminated_at,
    terminated_seq: newlyTerminated ? seq : row.terminated_seq,
    terminated_decision_id: newlyTerminated ? response.decision_id : row.terminated_decision_id,
    policy_seq: policy.bundle.seq,
    policy_hash: policy.bundle.hash,
    last_seen: Math.max(now, row.last_seen),
  };
  return { decided: { response, seq, rate: rateLimitStatus(bucket, limit), policy_hash: policy.bundle.hash }, row: next };
}
