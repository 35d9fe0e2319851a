/**
 * Naming of the per-tenant WebhookInbox Durable Object.
 */

/**
 * Durable Object name of a tenant's WebhookInbox (its own namespace, so the tenant id alone).
 *
 * @example
 * env.WEBHOOK_INBOX.get(env.WEBHOOK_INBOX.idFromName(webhookInboxName("acme")));
 */
export function webhookInboxName(tenant: string): string {
  return tenant;
}
