/**
 * startPostgres gives a working local audit store: a fresh cluster with roles and migrations, reached
 * through the Neon driver and the ws proxy; restarting keeps the data and re-applies nothing; stop()
 * stops it; a taken port or a missing installation gives a clear error.
 */
import { Client } from "@neondatabase/serverless";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ws from "ws";
import { useLocalNeonProxy } from "@nethical/db/neon-local";
import { findPgBin, POSTGRES_NOT_INSTALLED, startPostgres, type LocalPostgres } from "./postgres.ts";
import { freePort } from "./postgres-port.ts";
import { startWsProxy, type WsProxy } from "./ws-proxy.ts";

const installed = findPgBin() !== null;

describe.skipIf(!installed)(`startPostgres${installed ? "" : ` — SKIPPED: ${POSTGRES_NOT_INSTALLED}`}`, () => {
  let dir: string;
  let proxy: WsProxy;
  let pg: LocalPostgres | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "nethical-pg-"));
    proxy = await startWsProxy({ port: 0 });
  });
  afterAll(async () => {
    await pg?.stop();
    await proxy.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function query(url: string, text: string): Promise<Record<string, unknown>[]> {
    const client = new Client(url);
    useLocalNeonProxy(client.neonConfig, proxy.port, ws);
    await client.connect();
    try {
      return (await client.query(text)).rows;
    } finally {
      await client.end();
    }
  }

  it("initialises a cluster, applies the migrations and hands out per-role URLs", async () => {
    pg = await startPostgres({ dir, port: await freePort() });
    expect(pg.migrations.applied.length).toBeGreaterThan(0);
    expect(pg.url).toMatch(/^postgres:\/\/nethical_app:[0-9a-f]+@127\.0\.0\.1:\d+\/nethical$/);
    const [who] = await query(pg.url, "SELECT current_user AS u, pg_has_role('nethical_writer', 'member') AS writer");
    expect(who).toEqual({ u: "nethical_app", writer: true });
    const [admin] = await query(pg.adminUrl, "SELECT current_user AS u");
    expect(admin).toEqual({ u: "nethical_owner" });
    expect(statSync(join(dir, "credentials.json")).mode & 0o077).toBe(0); // passwords readable by us only
  }, 120_000);

  it("keeps the data across a restart on another port and applies nothing again", async () => {
    await query(pg!.url, "INSERT INTO policy_versions (tenant, policy_id, version, seq, hash, document, status) " +
      "VALUES ('acme', 'p', '1', 1, 'h', '{}', 'active')");
    await pg!.stop();
    pg = await startPostgres({ dir, port: await freePort() });
    expect(pg.migrations.applied).toEqual([]);
    const rows = await query(pg.readerUrl, "SELECT policy_id, status FROM policy_versions");
    expect(rows).toEqual([{ policy_id: "p", status: "active" }]);
  }, 120_000);

  it("stops the server on stop()", async () => {
    const url = pg!.url;
    await pg!.stop();
    pg = undefined;
    await expect(query(url, "SELECT 1")).rejects.toThrow();
  }, 60_000);

  it("says which port is taken when it cannot listen", async () => {
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, "127.0.0.1", resolve));
    try {
      await expect(startPostgres({ dir, port })).rejects.toThrow(new RegExp(`did not start on 127\\.0\\.0\\.1:${port}`));
    } finally {
      blocker.close();
    }
  }, 120_000);
});

describe("startPostgres without PostgreSQL", () => {
  it("refuses a bin directory without the server programs, with a plain message", async () => {
    const empty = mkdtempSync(join(tmpdir(), "nethical-nopg-"));
    try {
      await expect(startPostgres({ dir: join(empty, "pg"), port: 5, pgBin: empty })).rejects.toThrow(/PostgreSQL is not installed/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
