/**
 * The Durable Objects of Nethical Edge. The Worker (workers/src/index.ts) re-exports the classes so
 * wrangler.toml can bind them.
 */
export { AgentState, type ReinstateResult, type TerminateResult } from "./agent-state/agent-state.ts";
export type { AgentView } from "./agent-state/agent-view.ts";
export { PolicyStore, type ControlRequest, type CreateTenantResult, type InstallControlResult, type InstallResult, type IssueControlResult, type TenantInfo, type TransitionResult } from "./policy-store/policy-store.ts";
export type { ControlState, EmergencyStop } from "./policy-store/fleet-controls.ts";
export type { BundleMeta } from "./policy-store/bundle-meta.ts";
export { DURABLE_OBJECT_ERROR_CODES, DurableObjectError, durableObjectErrorOf, type DurableObjectErrorCode, type Refusal } from "./errors.ts";
export { AuditLog, type AppendResult, type ConsistencyAnswer, type AuditLogStats, type EventProof, type SignedHead } from "./audit-log/audit-log.ts";
export { WebhookOutbox, type CreateSubscriptionResult } from "./webhook-outbox/webhook-outbox.ts";
export { WebhookInbox } from "./webhook-inbox/webhook-inbox.ts";
export { StreamHub } from "./stream-hub/stream-hub.ts";
export { MetricsStore } from "./metrics-store/metrics-store.ts";
export { Oversight } from "./oversight/oversight.ts";
export { Witness, type CosignAnswer, type WitnessRefusalRecord } from "./witness/witness.ts";
