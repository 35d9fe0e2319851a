/**
 * A real software TPM 2.0 for tests: one `swtpm socket --tpm2` process with its own state folder on free
 * ports, reached by tpm2-tools through the TCTI `swtpm:host=127.0.0.1,port=P`. Tests skip (with a message)
 * only when swtpm or tpm2-tools is missing outside CI; under CI=true a missing tool fails the test file.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { freePort } from "@nethical/dev-stack/postgres-port";
import { tempDir } from "./fixtures.ts";
import { runTpm2 } from "../sync/tpm2-tools.ts";

/** A running swtpm. */
export interface Swtpm {
  tcti: string;
  stop(): Promise<void>;
}

/**
 * Whether swtpm and tpm2-tools are installed; throws under CI=true when they are not.
 *
 * @example
 * const HAVE_SWTPM = swtpmAvailable(); describe.skipIf(!HAVE_SWTPM)(…)
 */
export function swtpmAvailable(): boolean {
  const have = ["swtpm", "tpm2_quote", "tpm2_createak"].every((tool) => spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0);
  if (!have && process.env.CI === "true") throw new Error("swtpm / tpm2-tools are required under CI (Debian packages swtpm swtpm-tools tpm2-tools; .ci/run installs them)");
  if (!have) console.warn("SKIPPED: TPM attestation tests need swtpm and tpm2-tools (apt-get install swtpm swtpm-tools tpm2-tools)");
  return have;
}

/**
 * Start a fresh swtpm (manufactured, started up) and wait until it answers.
 *
 * @example
 * const tpm = await startSwtpm(); … await tpm.stop();
 */
export async function startSwtpm(): Promise<Swtpm> {
  const { dir, remove } = tempDir("nethical-swtpm-");
  // The swtpm TCTI talks to the control channel on port + 1, so the two must be consecutive.
  const port = await freePortPair();
  const ctrl = port + 1;
  const child: ChildProcess = spawn(
    "swtpm",
    ["socket", "--tpm2", "--tpmstate", `dir=${dir}`, "--server", `type=tcp,port=${port},bindaddr=127.0.0.1`, "--ctrl", `type=tcp,port=${ctrl},bindaddr=127.0.0.1`, "--flags", "not-need-init,startup-clear"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()).slice(-2000));
  const tcti = `swtpm:host=127.0.0.1,port=${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
    remove();
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ok = await runTpm2(tcti, "tpm2_getrandom", ["--hex", "4"], 2_000).then(
      () => true,
      () => false,
    );
    if (ok) return { tcti, stop };
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`swtpm did not start: ${stderr.slice(-500)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** A free port P with P + 1 also free right now. */
async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await freePort();
    if (port < 65535 && (await canListen(port + 1))) return port;
  }
  throw new Error("no two consecutive free ports");
}
