/**
 * A throwaway PostgreSQL cluster driven by initdb and pg_ctl: create it, start it on 127.0.0.1:port
 * (TCP only, no Unix socket, so clusters never collide), stop it. Roles and databases are not made
 * here (see postgres-bootstrap.ts).
 */
import { appendFileSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { runAs, type PgOsUser, type RunResult } from "./postgres-os-user.ts";

/** Where a cluster lives and who runs it. */
export interface ClusterPaths {
  bin: string;
  dataDir: string;
  user: PgOsUser;
}

/** Settings appended to postgresql.conf: a fast, local-only, disposable cluster. */
const LOCAL_SETTINGS = `
# nethical local dev cluster (scripts/dev/postgres-cluster.ts): loopback TCP only, disposable.
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
password_encryption = 'scram-sha-256'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 40
shared_buffers = 32MB
`;

/**
 * True when `dataDir` already holds an initialised cluster.
 *
 * @example
 * if (!clusterExists(dataDir)) await initCluster(paths, superuserPassword);
 */
export function clusterExists(dataDir: string): boolean {
  return existsSync(join(dataDir, "PG_VERSION"));
}

/**
 * initdb a new cluster in `paths.dataDir` whose superuser `postgres` logs in over TCP with
 * `superuserPassword` (SCRAM). The password reaches initdb through a 0600 file that is removed
 * right after, never through a command line.
 *
 * @example
 * await initCluster({ bin, dataDir, user }, randomBytes(24).toString("hex"));
 */
export async function initCluster(paths: ClusterPaths, superuserPassword: string): Promise<void> {
  mkdirSync(paths.dataDir, { recursive: true, mode: 0o700 });
  if (paths.user.uid !== null && paths.user.gid !== null) chownSync(paths.dataDir, paths.user.uid, paths.user.gid);
  const reachable = await runAs(paths.user, "test", ["-w", paths.dataDir]);
  if (reachable.code !== 0) {
    throw new Error(
      `the '${paths.user.name}' OS user cannot write ${paths.dataDir}: make every parent directory ` +
        "traversable for it (chmod o+x) or choose a directory elsewhere",
    );
  }
  // initdb reads the password from a file; a short-lived one beside the data dir, readable by the server's user only.
  const pwfile = join(dirname(paths.dataDir), `.initdb-pw-${process.pid}`);
  writeFileSync(pwfile, `${superuserPassword}\n`, { mode: 0o600 });
  let result: RunResult;
  try {
    if (paths.user.uid !== null && paths.user.gid !== null) chownSync(pwfile, paths.user.uid, paths.user.gid);
    result = await runAs(paths.user, join(paths.bin, "initdb"), [
      "-D", paths.dataDir, "-U", "postgres", `--pwfile=${pwfile}`, "--auth-local=peer", "--auth-host=scram-sha-256",
      "-E", "UTF8", "--no-locale", "--no-sync",
    ]);
  } finally {
    rmSync(pwfile, { force: true });
  }
  if (result.code !== 0) throw new Error(`initdb failed (exit ${result.code}): ${result.stderr.trim()}`);
  appendFileSync(join(paths.dataDir, "postgresql.conf"), LOCAL_SETTINGS);
}

/**
 * True when a server is running on this data directory (per pg_ctl status).
 *
 * @example
 * if (await clusterRunning(paths)) await stopCluster(paths);
 */
export async function clusterRunning(paths: ClusterPaths): Promise<boolean> {
  const result = await runAs(paths.user, join(paths.bin, "pg_ctl"), ["status", "-D", paths.dataDir]);
  return result.code === 0;
}

/**
 * Start the cluster on 127.0.0.1:`port` and wait until it accepts connections.
 *
 * @example
 * await startCluster(paths, 54329);
 */
export async function startCluster(paths: ClusterPaths, port: number): Promise<void> {
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`invalid PostgreSQL port: ${port}`);
  const log = join(paths.dataDir, "server.log");
  const result = await runAs(paths.user, join(paths.bin, "pg_ctl"), [
    "start", "-D", paths.dataDir, "-l", log, "-w", "-t", "60", "-o", `-p ${port}`,
  ]);
  if (result.code !== 0) {
    throw new Error(`PostgreSQL did not start on 127.0.0.1:${port} (pg_ctl exit ${result.code}). Server log:\n${logTail(log)}`);
  }
}

/**
 * Stop the cluster (fast shutdown: open sessions are ended) and wait for it; no-op when stopped.
 *
 * @example
 * await stopCluster(paths);
 */
export async function stopCluster(paths: ClusterPaths): Promise<void> {
  if (!(await clusterRunning(paths))) return;
  const result = await runAs(paths.user, join(paths.bin, "pg_ctl"), ["stop", "-D", paths.dataDir, "-m", "fast", "-w", "-t", "60"]);
  if (result.code !== 0) throw new Error(`pg_ctl stop failed (exit ${result.code}): ${result.stderr.trim()}`);
}

function logTail(file: string, lines = 20): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no server log)";
  }
}
