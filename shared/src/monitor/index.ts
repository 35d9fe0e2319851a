/** The runtime safety monitors (issue 18 part 3): pure cores; adapters live with each decision point. */
export { MONITORED_PROPERTIES, type MonitoredProperty, type Violation } from "./properties.ts";
export { AgentMonitor, type AgentMonitorOptions, type AgentMonitorStats, type ObservedDecision } from "./agent-monitor.ts";
export { LogDecisionMonitor, type LogDecision } from "./log-monitor.ts";
export { checkHeadGrowth, HeadMonitor, type HeadFacts } from "./head-monitor.ts";
export { BoundedMap } from "./bounded-map.ts";
export { monitorOverride, MONITOR_OVERRIDE_ID } from "./fail-safe.ts";
