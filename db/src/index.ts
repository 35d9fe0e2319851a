/**
 * @nethical/db — the Postgres audit store: drizzle schema, idempotent inserts and the Neon driver's
 * local-proxy set-up. Safe to import in workerd (no node:fs). The migration runner, which reads
 * migrations/ from disk, is Node-only: import it from "@nethical/db/migrate".
 */
export * from "./schema.ts";
export * from "./audit-db.ts";
export * from "./insert-audit-events.ts";
export * from "./neon-local.ts";
export * from "./insert-admin-events.ts";
