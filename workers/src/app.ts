/**
 * The Worker's Hono app: request context → (health, unauthenticated) → authentication for `/v2/*` →
 * routes; every error, 404 and 405 included, is `application/problem+json` with the request id as
 * `instance`. Unexpected errors are logged by name only (never the request, never secrets) and answered
 * 500 without a stack trace.
 */
import { Hono } from "hono";
import { installErrorHandlers, requestContext, storableUrl } from "@nethical/http";
import type { AppEnv } from "./app-env.ts";
import { authenticate } from "./auth/authenticate.ts";
import { adminKeyRoutes } from "./routes/admin-keys.ts";
import { fleetRoutes } from "./routes/fleet.ts";
import { attestationRoutes } from "./routes/attestation.ts";
import { approvalRoutes } from "./routes/approvals.ts";
import { appealRoutes } from "./routes/appeals.ts";
import { emergencyStopRoutes } from "./routes/emergency-stop.ts";
import { adminTenantRoutes } from "./routes/admin-tenants.ts";
import { agentRoutes } from "./routes/agents.ts";
import { adminEventRoutes } from "./routes/admin-events.ts";
import { fairnessRoutes } from "./routes/fairness.ts";
import { complianceRoutes } from "./routes/compliance.ts";
import { transparencyRoutes } from "./routes/transparency.ts";
import { auditRoutes } from "./routes/audit.ts";
import { auditArchiveRoutes } from "./routes/audit-archive.ts";
import { auditIngestRoutes } from "./routes/audit-ingest.ts";
import { decisionRoutes } from "./routes/decisions.ts";
import { batchEvaluateRoutes } from "./routes/batch-evaluate.ts";
import { evaluateRoutes } from "./routes/evaluate.ts";
import { healthRoutes } from "./routes/health.ts";
import { requireConfig } from "./config/require-config.ts";
import { policyRoutes } from "./routes/policies.ts";
import { policyKeyRoutes } from "./routes/policy-keys.ts";
import { policyBundleRoutes } from "./routes/policy-bundles.ts";
import { policyVersionRoutes } from "./routes/policies-versions.ts";
import { deviceRoutes } from "./routes/devices.ts";
import { syncRoutes } from "./routes/sync.ts";
import { whoamiRoutes } from "./routes/whoami.ts";
import { metricsRoutes } from "./routes/metrics.ts";
import { sloRoutes } from "./routes/slo.ts";
import { SUBSCRIPTIONS_PATH, webhookSubscriptionRoutes } from "./routes/webhook-subscriptions.ts";
import { openApiRoutes } from "./routes/openapi.ts";
import { inboundWebhookRoutes } from "./routes/webhooks-inbound.ts";
import { webhookSecretRoutes } from "./routes/webhook-secrets.ts";
import { STREAM_TOKEN_PATH, streamRoutes, streamTokenRoutes } from "./routes/streams.ts";
import { openApiDocument } from "./openapi/document.ts";

/**
 * Build the app. `export default createApp()` is the Worker's fetch handler.
 *
 * @example
 * const res = await createApp().request("/health", {}, env); // 200
 */
export function createApp(): Hono<AppEnv> {
  // strict: false — "/v2/audit/status/" is "/v2/audit/status" (a trailing slash once answered 405).
  const app = new Hono<AppEnv>({ strict: false });
  app.use("*", requestContext<AppEnv>());
  app.use("*", storableUrl());
  app.route("/", healthRoutes());
  // Staging/production without its required secrets: every route below answers 503 (workers/src/config/).
  app.use("*", requireConfig());
  app.route("/", syncRoutes()); // devices authenticate by signed challenge inside the WebSocket, not by API key
  // Outbound webhook subscriptions before anything else under /v2/webhooks, with their own authentication:
  // the inbound POST /v2/webhooks/{source} (signature-authenticated, no API key) never sees "subscriptions".
  app.use(`${SUBSCRIPTIONS_PATH}/*`, authenticate());
  app.route("/", webhookSubscriptionRoutes());
  // Inbound webhooks: the Standard Webhooks signature authenticates (webhooks-inbound.ts), not an API key.
  app.route("/", inboundWebhookRoutes());
  // Live streams: the token route takes an API key; the WebSocket routes take that single-use token instead.
  app.use(STREAM_TOKEN_PATH, authenticate());
  app.route("/", streamTokenRoutes());
  app.route("/", streamRoutes());
  app.use("/v2/*", authenticate());
  app.route("/", whoamiRoutes());
  app.route("/", metricsRoutes());
  app.route("/", sloRoutes());
  app.route("/", openApiRoutes(openApiDocument));
  app.route("/", evaluateRoutes());
  app.route("/", batchEvaluateRoutes());
  app.route("/", agentRoutes());
  app.route("/", policyRoutes());
  app.route("/", policyKeyRoutes());
  app.route("/", policyBundleRoutes());
  app.route("/", policyVersionRoutes());
  app.route("/", deviceRoutes());
  app.route("/", fleetRoutes());
  app.route("/", attestationRoutes());
  app.route("/", approvalRoutes());
  app.route("/", appealRoutes());
  app.route("/", emergencyStopRoutes());
  app.route("/", decisionRoutes());
  app.route("/", adminEventRoutes()); // before auditRoutes: "admin-events" is not an event id
  app.route("/", auditArchiveRoutes()); // before auditRoutes: "witness" and "retention" are not event ids
  app.route("/", auditRoutes());
  app.route("/", auditIngestRoutes());
  app.route("/", fairnessRoutes());
  // The compliance report probes this app itself (in-process, with the caller's key).
  app.route("/", complianceRoutes((request, env, ctx) => app.fetch(request, env, ctx)));
  app.route("/", transparencyRoutes());
  app.route("/", adminTenantRoutes());
  app.route("/", adminKeyRoutes());
  app.route("/", webhookSecretRoutes());

  installErrorHandlers(app);

  return app;
}
