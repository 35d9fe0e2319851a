/**
 * Throwaway SoftHSM2 tokens for tests: a temporary token directory and softhsm2.conf, tokens initialised
 * with `softhsm2-util --init-token --free`. SoftHSM2 reads SOFTHSM2_CONF when the library is initialised,
 * so `useInThisProcess()` sets it in process.env (tests in one file share one store); child processes get
 * `env`. PINs are generated per run.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Where Debian's softhsm2 package puts the PKCS#11 library. */
export const SOFTHSM2_MODULE_CANDIDATES = ["/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so", "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so", "/usr/local/lib/softhsm/libsofthsm2.so"];

/**
 * The SoftHSM2 library path, or undefined when SoftHSM2 is not installed.
 *
 * @example
 * const module = softHsmModule(); // "/usr/lib/softhsm/libsofthsm2.so"
 */
export function softHsmModule(): string | undefined {
  return SOFTHSM2_MODULE_CANDIDATES.find((p) => existsSync(p));
}

/** A temporary SoftHSM2 store. */
export interface SoftHsmStore {
  readonly module: string;
  readonly dir: string;
  /** SOFTHSM2_CONF for child processes. */
  readonly env: { SOFTHSM2_CONF: string };
  /** Initialise a token; returns its user PIN (random per run) and SO PIN. */
  initToken(label: string): { pin: string; soPin: string };
  /** Point this process's SoftHSM2 at the store (before the library is first initialised). */
  useInThisProcess(): void;
  remove(): void;
}

/**
 * Create a temporary SoftHSM2 store. Throws when SoftHSM2 (`softhsm2-util` and the library) is missing:
 * `apt-get install softhsm2` (.ci/run installs it).
 *
 * @example
 * const store = createSoftHsmStore(); store.useInThisProcess(); const { pin } = store.initToken("nethical");
 */
export function createSoftHsmStore(): SoftHsmStore {
  const module = softHsmModule();
  if (module === undefined) throw new Error("SoftHSM2 is not installed (Debian: apt-get install softhsm2)");
  const dir = mkdtempSync(join(tmpdir(), "nethical-softhsm-"));
  const conf = join(dir, "softhsm2.conf");
  const tokens = join(dir, "tokens");
  mkdirSync(tokens);
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
  const env = { SOFTHSM2_CONF: conf };
  const randomPin = (): string => Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => (b % 10).toString()).join("");
  return {
    module,
    dir,
    env,
    initToken(label: string) {
      const pin = randomPin();
      const soPin = randomPin();
      execFileSync("softhsm2-util", ["--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", soPin], { env: { ...process.env, ...env }, stdio: "pipe" });
      return { pin, soPin };
    },
    useInThisProcess() {
      process.env.SOFTHSM2_CONF = conf;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
