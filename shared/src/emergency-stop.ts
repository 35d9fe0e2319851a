/**
 * The answer while a tenant's emergency stop is engaged (fleet control `estop.engage`): TERMINATE for every
 * action of every agent, with a `emergency_stop` violation under Law 7 (Human Override Authority) and an
 * explanation naming who engaged it, when and why. The Worker (without consulting the agent's state) and
 * the edge device (after its own decision, so its counters stay right) both answer through this function.
 * The stop is not recorded as the agent's sticky TERMINATE: releasing the stop restores normal decisions.
 */
import { overrideDecision } from "./override-decision.ts";
import type { EvaluateResponse, Violation } from "./schemas/response.ts";

/** The engaged stop, as the PolicyStore and the device hold it. */
export interface EmergencyStopFacts {
  /** The fleet control seq that engaged it. */
  seq: number;
  reason: string;
  actor_key_id: string;
  /** ISO instant it was engaged. */
  since: string;
}

/**
 * `response` answered as stopped: TERMINATE, risk 1, no obligations, the stop's violation first.
 *
 * @example
 * emergencyStopResponse(response, { seq: 4, reason: "fire in hall 3", actor_key_id: "k1", since }).decision; // "TERMINATE"
 */
export function emergencyStopResponse(response: EvaluateResponse, stop: EmergencyStopFacts): EvaluateResponse {
  const reason = `tenant-wide emergency stop engaged at ${stop.since} by key ${stop.actor_key_id} (control ${stop.seq}): ${stop.reason.slice(0, 500)}`;
  const violation: Violation = { id: "emergency_stop", law: 7, category: "autonomy", rule: "emergency_stop", severity: "emergency", confidence: 1 };
  // overrideDecision only raises: start from an unanswered copy so the stop's entry always comes first.
  const unanswered: EvaluateResponse = { ...response, decision: "ALLOW", obligations: [] };
  const stopped = overrideDecision(unanswered, "TERMINATE", { kind: "override", id: "emergency_stop", reason });
  const laws = stopped.explanation.laws.includes(7) ? stopped.explanation.laws : [7, ...stopped.explanation.laws];
  return { ...stopped, risk_score: 1, violations: [violation, ...stopped.violations.filter((v) => v.id !== "emergency_stop")], explanation: { ...stopped.explanation, laws } };
}
