/**
 * decided_by: who contributed to a decision. Every contributor is listed (law-pack rules once each, tenant
 * rules, agent state, the default), strongest decision first, so the first entry always names what decided.
 */
import { decisionStrength, type Decision } from "../schemas/decision.ts";
import type { Explanation } from "../schemas/response.ts";

export type DecidedBy = Explanation["decided_by"][number];

/** A contributor plus the keys it is ordered by. */
export interface Contribution extends DecidedBy {
  /** Rule priority (tenant rules); 0 otherwise. */
  priority: number;
  /** Position among contributors of the same kind (finding order, rule declaration order). */
  order: number;
  /** For law rules: how many findings broke it (shown in the reason when more than one). */
  count?: number;
}

// `override` and `approval` entries are never contributions to evaluate: overrideDecision and satisfyApproval
// (approvals/) put them first afterwards.
const KIND_RANK: Readonly<Record<DecidedBy["kind"], number>> = { override: 0, approval: 0, agent_state: 0, law: 1, detector: 2, rule: 3, default: 4 };

/**
 * Order contributors: decision strength (desc), kind (agent_state, law, detector, rule, default), priority (desc),
 * order, id; and strip the ordering keys.
 *
 * @example
 * orderDecidedBy([{ kind: "rule", id: "a", decision: "ALLOW", reason: "", priority: 0, order: 0 },
 *                 { kind: "law", id: "law.22.secret", decision: "RESTRICT", reason: "", priority: 0, order: 0 }])[0].id;
 * // "law.22.secret"
 */
export function orderDecidedBy(contributions: Contribution[]): DecidedBy[] {
  contributions.sort(
    (a, b) =>
      decisionStrength(b.decision) - decisionStrength(a.decision) ||
      KIND_RANK[a.kind] - KIND_RANK[b.kind] ||
      b.priority - a.priority ||
      a.order - b.order ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return contributions.map(({ kind, id, decision, reason, count }) => ({
    kind,
    id,
    decision,
    reason: count !== undefined && count > 1 ? `${reason} (${count} findings)` : reason,
  }));
}

/**
 * The strongest decision among contributors (ALLOW when there are none).
 *
 * @example
 * strongestOf([{ decision: "RESTRICT" }, { decision: "BLOCK" }]); // "BLOCK"
 */
export function strongestOf(contributions: readonly { decision: Decision }[]): Decision {
  let best: Decision = "ALLOW";
  for (const c of contributions) if (decisionStrength(c.decision) > decisionStrength(best)) best = c.decision;
  return best;
}
