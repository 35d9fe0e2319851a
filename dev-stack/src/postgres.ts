/**
 * The local audit store: a throwaway PostgreSQL cluster under a directory (the project's `.dev/pg`,
 * or a temp dir in tests), started on 127.0.0.1, with database `nethical`, roles and migrations, ready
 * for the Worker's Neon driver through the WebSocket→TCP proxy.
 *
 * Layout of `dir`: `data/` (PGDATA, owned by the OS user that runs the server; `data/server.log`)
 * and `credentials.json` (generated role passwords, mode 0600, never logged).
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { MigrationReport } from "@nethical/db/migrate";
import { findPgBin, isPgBin, POSTGRES_NOT_INSTALLED } from "./postgres-bin.ts";
import {
  APP_ROLE,
  bootstrapCluster,
  connectionUrl,
  OWNER_ROLE,
  READER_ROLE,
  type ClusterCredentials,
} from "./postgres-bootstrap.ts";
import { clusterExists, clusterRunning, initCluster, startCluster, stopCluster, type ClusterPaths } from "./postgres-cluster.ts";
import { pgOsUser } from "./postgres-os-user.ts";
import { startWsProxy } from "./ws-proxy.ts";

export { findPgBin, isPgBin, POSTGRES_NOT_INSTALLED } from "./postgres-bin.ts";

export interface StartPostgresOptions {
  /** Directory for the cluster; created if absent, reused (data kept) if it holds one. */
  dir: string;
  /** TCP port on 127.0.0.1. */
  port: number;
  /** PostgreSQL bin directory; default findPgBin(). */
  pgBin?: string;
}

export interface LocalPostgres {
  /** Connection string for the Worker: role nethical_app (member of nethical_writer). Contains a password: do not log. */
  url: string;
  /** Connection string for the owner (migrations, maintenance). Contains a password: do not log. */
  adminUrl: string;
  /** Connection string for the read-only role nethical_auditor. Contains a password: do not log. */
  readerUrl: string;
  port: number;
  dataDir: string;
  /** Which migrations ran on this start and which were already there. */
  migrations: MigrationReport;
  /** Stop the server (fast shutdown). The directory and its data stay. */
  stop(): Promise<void>;
}

/**
 * Start (initialising on first use) the local cluster and bring its schema up to date.
 * Throws POSTGRES_NOT_INSTALLED's message when PostgreSQL is missing; check findPgBin() first to
 * print it plainly instead.
 *
 * @example
 * if (findPgBin() === null) console.log(POSTGRES_NOT_INSTALLED);
 * else {
 *   const pg = await startPostgres({ dir: ".dev/pg", port: 54329 });
 *   // … Worker uses pg.url through the ws proxy …
 *   await pg.stop();
 * }
 */
export async function startPostgres(options: StartPostgresOptions): Promise<LocalPostgres> {
  const bin = options.pgBin ?? findPgBin();
  if (bin === null) throw new Error(POSTGRES_NOT_INSTALLED);
  if (!isPgBin(bin)) throw new Error(`no initdb/pg_ctl/postgres in ${bin}. ${POSTGRES_NOT_INSTALLED}`);
  const dir = resolve(options.dir);
  const paths: ClusterPaths = { bin, dataDir: join(dir, "data"), user: await pgOsUser() };
  mkdirSync(dir, { recursive: true });
  if (paths.user.uid !== null) chmodSync(dir, 0o711); // the server's OS user must traverse into data/

  const credentials = loadOrCreateCredentials(dir, clusterExists(paths.dataDir));
  if (!clusterExists(paths.dataDir)) await initCluster(paths, credentials.superuser);
  if (await clusterRunning(paths)) await stopCluster(paths); // left over from a crashed run, maybe on another port
  await startCluster(paths, options.port);

  let migrations: MigrationReport;
  const proxy = await startWsProxy({ port: 0 });
  try {
    migrations = await bootstrapCluster(options.port, proxy.port, credentials);
  } catch (error) {
    await stopCluster(paths).catch(() => undefined);
    throw new Error(`the local PostgreSQL started but could not be set up: ${(error as Error).message}`);
  } finally {
    await proxy.stop();
  }

  let stopped: Promise<void> | null = null;
  return {
    url: connectionUrl(APP_ROLE, credentials.app, options.port),
    adminUrl: connectionUrl(OWNER_ROLE, credentials.owner, options.port),
    readerUrl: connectionUrl(READER_ROLE, credentials.reader, options.port),
    port: options.port,
    dataDir: paths.dataDir,
    migrations,
    stop: () => (stopped ??= stopCluster(paths)),
  };
}

/** Passwords are generated once per cluster and kept beside it, readable by us only. */
function loadOrCreateCredentials(dir: string, clusterAlreadyThere: boolean): ClusterCredentials {
  const file = join(dir, "credentials.json");
  if (existsSync(file)) {
    let parsed: Partial<ClusterCredentials> = {};
    try {
      parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<ClusterCredentials>;
    } catch {
      // reported below
    }
    const { superuser, owner, app, reader } = parsed;
    if (typeof superuser === "string" && typeof owner === "string" && typeof app === "string" && typeof reader === "string") {
      return { superuser, owner, app, reader };
    }
    throw new Error(`${file} is unreadable or incomplete; delete ${dir} to start from an empty cluster`);
  }
  if (clusterAlreadyThere) {
    throw new Error(`${dir} holds a cluster but no credentials.json; delete ${dir} to start from an empty cluster`);
  }
  const secret = () => randomBytes(24).toString("hex");
  const credentials: ClusterCredentials = { superuser: secret(), owner: secret(), app: secret(), reader: secret() };
  writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return credentials;
}
