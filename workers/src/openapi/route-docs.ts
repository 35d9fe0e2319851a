/**
 * Every route's description, from the route modules. A new route module adds its `…Docs` export here;
 * the contract test (workers/src/openapi/contract.test.ts) fails, naming the route, when a route the app
 * serves is missing from the document.
 */
import type { RouteConfig } from "@hono/zod-openapi";
import { adminKeyDocs } from "../routes/admin-keys.ts";
import { adminTenantDocs } from "../routes/admin-tenants.ts";
import { agentDocs } from "../routes/agents.ts";
import { adminEventDocs } from "../routes/admin-events.ts";
import { fairnessDocs } from "../routes/fairness.ts";
import { complianceDocs } from "../routes/compliance.ts";
import { transparencyDocs } from "../routes/transparency.ts";
import { auditDocs } from "../routes/audit.ts";
import { auditArchiveDocs } from "../routes/audit-archive.ts";
import { auditIngestDocs } from "../routes/audit-ingest.ts";
import { batchEvaluateDocs } from "../routes/batch-evaluate.ts";
import { decisionDocs } from "../routes/decisions.ts";
import { deviceDocs } from "../routes/devices.ts";
import { evaluateDocs } from "../routes/evaluate.ts";
import { fleetDocs } from "../routes/fleet.ts";
import { attestationDocs } from "../routes/attestation.ts";
import { approvalDocs } from "../routes/approvals.ts";
import { appealDocs } from "../routes/appeals.ts";
import { emergencyStopDocs } from "../routes/emergency-stop.ts";
import { healthDocs } from "../routes/health.ts";
import { openApiDocs } from "../routes/openapi.ts";
import { policyDocs } from "../routes/policies.ts";
import { policyKeyDocs } from "../routes/policy-keys.ts";
import { policyBundleDocs } from "../routes/policy-bundles.ts";
import { policyVersionDocs } from "../routes/policies-versions.ts";
import { syncDocs } from "../routes/sync.ts";
import { whoamiDocs } from "../routes/whoami.ts";
import { metricsDocs } from "../routes/metrics.ts";
import { sloDocs } from "../routes/slo.ts";
import { webhookSubscriptionDocs } from "../routes/webhook-subscriptions.ts";
import { inboundWebhookDocs } from "../routes/webhooks-inbound.ts";
import { webhookSecretDocs } from "../routes/webhook-secrets.ts";
import { streamDocs } from "../routes/streams.ts";

/**
 * The route descriptions, in the order the document lists them.
 *
 * @example
 * for (const route of routeDocs()) registry.registerPath(route);
 */
export function routeDocs(): RouteConfig[] {
  return [
    ...healthDocs,
    ...openApiDocs,
    ...whoamiDocs,
    ...metricsDocs,
    ...sloDocs,
    ...evaluateDocs,
    ...batchEvaluateDocs,
    ...agentDocs,
    ...policyDocs,
    ...policyKeyDocs,
    ...policyBundleDocs,
    ...policyVersionDocs,
    ...deviceDocs,
    ...fleetDocs,
    ...attestationDocs,
    ...approvalDocs,
    ...appealDocs,
    ...emergencyStopDocs,
    ...syncDocs,
    ...decisionDocs,
    ...auditDocs,
    ...auditArchiveDocs,
    ...adminEventDocs,
    ...fairnessDocs,
    ...complianceDocs,
    ...transparencyDocs,
    ...auditIngestDocs,
    ...adminTenantDocs,
    ...adminKeyDocs,
    ...webhookSubscriptionDocs,
    ...inboundWebhookDocs,
    ...webhookSecretDocs,
    ...streamDocs,
  ];
}
