/**
 * Which messages a stream gets from one decided event: `decisions` and `agent` one message per matching
 * decision, `violations` one per matching violation. Filters combine with AND; values within one filter
 * with OR.
 */
import type { StreamBinding, StreamDecision, StreamItem } from "./types.ts";

/**
 * The messages (type and data) `binding` receives for `event`; empty when the filters exclude it.
 *
 * @example
 * streamMessages({ kind: "violations", law: [2], window: 64, buffer: 256, heartbeat_seconds: 30 }, event);
 * // [{ type: "violation", data: { event_id, agent_id, decision, decided_at, violation: { law: 2, … } } }]
 */
export function streamMessages(binding: StreamBinding, event: StreamDecision): Pick<StreamItem, "type" | "data">[] {
  if (binding.kind === "agent" && event.agent_id !== binding.agent) return [];
  if (binding.agent_id !== undefined && !binding.agent_id.includes(event.agent_id)) return [];
  if (binding.decision !== undefined && !binding.decision.includes(event.decision as never)) return [];
  const laws = binding.law;
  if (binding.kind === "violations") {
    return event.violations
      .filter((v) => laws === undefined || laws.includes(v.law))
      .map((violation) => ({
        type: "violation" as const,
        data: { event_id: event.event_id, decision_id: event.decision_id, agent_id: event.agent_id, decision: event.decision, decided_at: event.decided_at, violation },
      }));
  }
  if (laws !== undefined && !event.violations.some((v) => laws.includes(v.law))) return [];
  return [{ type: "decision", data: event }];
}
