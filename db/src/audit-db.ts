/**
 * The drizzle handle on the audit store over the Neon serverless driver (WebSocket Pool): the same
 * code path against Neon in production and against local PostgreSQL through the ws proxy.
 */
import type { Pool } from "@neondatabase/serverless";
import { drizzle } from "drizzle-orm/neon-serverless";
import * as schema from "./schema.ts";

/**
 * Wrap a Neon `Pool` (connected as a nethical_writer or nethical_reader member) in drizzle with the
 * audit schema.
 *
 * @example
 * const db = auditDb(new Pool({ connectionString: env.DATABASE_URL }));
 * await db.select().from(auditEvents).where(eq(auditEvents.tenant, "acme")).limit(10);
 */
export function auditDb(pool: Pool) {
  return drizzle({ client: pool, schema });
}

/** What auditDb returns. */
export type AuditDb = ReturnType<typeof auditDb>;
