/**
 * `applyDecision` exactly as it was before evaluate was split (evaluate-prepare.ts / evaluate-finish.ts): one
 * decision with the one-phase {@link referenceEvaluate} inside the agent's critical section. The oracle of
 * the AgentState and Worker differential tests and the "before" of `npm run bench:agent-state`; never used
 * on a decision path.
 */
import { referenceEvaluate } from "./evaluate-reference.ts";
import { overrideDecision } from "../override-decision.ts";
import type { EvaluateRequest } from "../schemas/action.ts";
import type { Decided } from "../agent/apply-decision.ts";
import { toSnapshot, type AgentRow } from "../agent/agent-row.ts";
import type { LoadedPolicy } from "../agent/loaded-policy.ts";
import { countsAsStrike, recordDecision } from "../agent/record-decision.ts";
import { rateLimitStatus, refill, takeToken } from "../agent/token-bucket.ts";

const MAX_REASON_CHARS = 500;

/**
 * Sticky TERMINATE, enforced where it is recorded. `evaluate` already answers TERMINATE for a terminated
 * agent; the transition does not rely on that alone: whatever the policy says, a terminated agent's
 * answer is TERMINATE until an operator reinstates it.
 */
const STICKY_TERMINATE = { kind: "override", id: "sticky_terminate", reason: "the agent is terminated (sticky) until an operator reinstates it" } as const;

/**
 * The transition as it was before the split: the whole evaluation inside the critical section.
 *
 * @example
 * const { decided, row: next } = referenceApplyDecision(row, loaded, request, Date.now(), "d-1");
 */
export function referenceApplyDecision(
  row: AgentRow,
  policy: LoadedPolicy,
  request: EvaluateRequest,
  now: number,
  decisionId: string,
): { decided: Decided; row: AgentRow } {
  const limit = policy.rateLimit;
  const before = refill({ tokens: row.tokens, at: row.tokens_at }, limit, now);
  const windowRequests = Math.max(0, Math.round(limit.capacity - before.tokens));
  const { bucket, limited } = takeToken(before, limit, now);
  const snapshot = toSnapshot(row, windowRequests, limited);
  const evaluated = referenceEvaluate(request, policy.compiled, snapshot, now, { decisionId });
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
