/**
 * Worker entry point: the Hono app as the fetch handler, and the Durable Object classes that
 * wrangler.toml binds (AGENT_STATE → AgentState, POLICY_STORE → PolicyStore).
 */
import { createApp } from "./app.ts";
import { handleQueue } from "./queue/handle-queue.ts";

export { AgentState, PolicyStore } from "@nethical/durable-objects";
export { AuditLog } from "@nethical/durable-objects";
export { WebhookOutbox } from "@nethical/durable-objects";
export { WebhookInbox } from "@nethical/durable-objects";
export { StreamHub } from "@nethical/durable-objects";
export { MetricsStore } from "@nethical/durable-objects";
export { Oversight } from "@nethical/durable-objects";
export { Witness } from "@nethical/durable-objects";

const app = createApp();

export default {
  fetch: app.fetch,
  // Audit events: the audit Queue and its dead-letter queue (workers/src/queue/); outbound webhook
  // deliveries and their dead-letter queue (workers/src/webhooks/).
  queue: handleQueue,
} satisfies ExportedHandler<Env>;
