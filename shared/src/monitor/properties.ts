/**
 * The runtime-monitored safety properties (issue 18 part 3): ids, names and what a violation means. The
 * same ids are used by the monitors' violations, the `nethical_monitor_violations_total{property}` metric,
 * the `monitor.violation` admin audit leaf and verification/safety-properties.ts (docs/SAFETY.md).
 */

/** The monitored properties. */
export const MONITORED_PROPERTIES = {
  P1: "no decision but TERMINATE after a TERMINATE for an agent until a recorded reinstatement",
  P2: "gap-free per-agent decision sequence (seq n+1 follows n)",
  P3: "only signed, verified policy bundles decide",
  P4: "the audit log only grows (tree size never decreases; each new head is consistent with the previous)",
} as const;
export type MonitoredProperty = keyof typeof MONITORED_PROPERTIES;

/** One observed violation. `detail` is a fixed text with ids and numbers only: never request content. */
export interface Violation {
  property: MonitoredProperty;
  /** The agent concerned (P1–P3); absent for log-wide properties (P4). */
  agent_id?: string;
  detail: string;
}
