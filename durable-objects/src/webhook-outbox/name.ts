/**
 * Naming of the per-tenant WebhookOutbox Durable Object.
 */

/**
 * Durable Object name of a tenant's WebhookOutbox (its own namespace, so the tenant id alone).
 *
 * @example
 * webhookOutboxName("acme"); // "acme" — address it only through the residency seam: webhookOutboxStub(env, { tenant, residency })
 */
export function webhookOutboxName(tenant: string): string {
  return tenant;
}
