/**
 * startLocalAuditStore: with PostgreSQL installed, the Worker's URL works through the returned proxy
 * port exactly as the Worker will use it; without it, a plain reason instead of an exception.
 */
import { Client } from "@neondatabase/serverless";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import ws from "ws";
import { useLocalNeonProxy } from "@nethical/db/neon-local";
import { findPgBin, POSTGRES_NOT_INSTALLED } from "./postgres.ts";
import { startLocalAuditStore } from "./postgres-local-store.ts";
import { freePort } from "./postgres-port.ts";

const installed = findPgBin() !== null;

describe("startLocalAuditStore", () => {
  it("reports PostgreSQL as not available, plainly, when the bin directory lacks it", async () => {
    const empty = mkdtempSync(join(tmpdir(), "nethical-nopg-"));
    try {
      const store = await startLocalAuditStore({ dir: join(empty, "pg"), port: 5, proxyPort: 0, pgBin: empty });
      expect(store).toEqual({ available: false, reason: POSTGRES_NOT_INSTALLED });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it.skipIf(!installed)(`serves the Worker's URL through its proxy${installed ? "" : ` — SKIPPED: ${POSTGRES_NOT_INSTALLED}`}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "nethical-pg-"));
    const store = await startLocalAuditStore({ dir, port: await freePort(), proxyPort: 0 });
    try {
      if (!store.available) throw new Error(store.reason);
      const client = new Client(store.databaseUrl);
      useLocalNeonProxy(client.neonConfig, store.proxyPort, ws);
      await client.connect();
      const { rows } = await client.query("SELECT current_user AS u, count(*)::int AS n FROM audit_events");
      await client.end();
      expect(rows[0]).toEqual({ u: "nethical_app", n: 0 });
    } finally {
      if (store.available) await store.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
