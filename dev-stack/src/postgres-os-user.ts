/**
 * Running PostgreSQL's programs as a non-root OS user. The server refuses to run as root, so when we
 * are root (containers, CI) every initdb/pg_ctl call goes through `runuser -u postgres --` and the data
 * directory is handed to that user; otherwise they run as ourselves.
 */
import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** The OS user the cluster runs as; null ids mean "ourselves" (no chown needed). */
export interface PgOsUser {
  name: string;
  uid: number | null;
  gid: number | null;
}

/** The outcome of one program run. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Who should run the cluster: the `postgres` OS user when we are root, ourselves otherwise.
 *
 * @example
 * const user = await pgOsUser(); // { name: "postgres", uid: 101, gid: 104 } when run as root
 */
export async function pgOsUser(name = "postgres"): Promise<PgOsUser> {
  if (process.getuid?.() !== 0) return { name: process.env["USER"] ?? "current user", uid: null, gid: null };
  try {
    const uid = Number((await execFileAsync("id", ["-u", name])).stdout.trim());
    const gid = Number((await execFileAsync("id", ["-g", name])).stdout.trim());
    return { name, uid, gid };
  } catch {
    throw new Error(
      `running as root, but there is no '${name}' OS user to run PostgreSQL as (the server refuses root); ` +
        "install the Debian postgresql package, which creates it",
    );
  }
}

/**
 * Run `program args…` as `user` (stdin closed); resolves with the exit code and output
 * (never rejects on a non-zero exit, so callers can word the error).
 *
 * @example
 * const { code } = await runAs(user, "/usr/lib/postgresql/15/bin/pg_ctl", ["status", "-D", dataDir]);
 */
export function runAs(user: PgOsUser, program: string, args: string[]): Promise<RunResult> {
  const [command, argv] =
    user.uid === null ? [program, args] : ["runuser", ["-u", user.name, "--", program, ...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, LC_ALL: "C", LANG: "C" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    child.on("error", (error) => reject(new Error(`cannot run ${command}: ${error.message}`)));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
