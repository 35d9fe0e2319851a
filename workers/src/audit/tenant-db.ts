/**
 * The audit database of one tenant: the Postgres of its residency (`DATABASE_URL_EU` for `eu`,
 * `DATABASE_URL` otherwise), chosen by the residency seam (durable-objects/src/residency/placement.ts).
 */
import { openAuditDb, type AuditDbHandle } from "@nethical/durable-objects/audit-log/postgres";
import { auditDatabaseFor } from "@nethical/durable-objects/residency/placement";
import { tenantRef } from "@nethical/durable-objects/residency/tenant-record";
import { problemForDurableObject } from "../durable-object-call.ts";

/**
 * Open `tenant`'s audit database, or null when its residency's database is not configured (the AuditLog
 * alone then keeps its trail). A tenant nobody knows is a 404 problem; a failed lookup a 503.
 *
 * @example
 * const db = await openTenantAuditDb(env, "acme");
 * if (db) try { … } finally { await db.close(); }
 */
export async function openTenantAuditDb(env: Env, tenant: string): Promise<AuditDbHandle | null> {
  try {
    return openAuditDb(auditDatabaseFor(env, await tenantRef(env, tenant)));
  } catch (error) {
    throw problemForDurableObject(error, "AuditLog", "the tenant's audit store could not be chosen; try again");
  }
}
