/**
 * Naming of the per-tenant WebhookInbox Durable Object.
 */

/**
 * Durable Object name of a tenant's WebhookInbox (its own namespace, so the tenant id alone).
 *
 * @example
 * webhookInboxName("acme"); // "acme" — address it only through the residency seam: webhookInboxStub(env, { tenant, residency })
 */
export function webhookInboxName(tenant: string): string {
  return tenant;
}
