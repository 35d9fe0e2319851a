/**
 * Naming of the per-tenant WebhookOutbox Durable Object.
 */

/**
 * Durable Object name of a tenant's WebhookOutbox (its own namespace, so the tenant id alone).
 *
 * @example
 * env.WEBHOOK_OUTBOX.get(env.WEBHOOK_OUTBOX.idFromName(webhookOutboxName("acme")));
 */
export function webhookOutboxName(tenant: string): string {
  return tenant;
}
