/**
 * Run tpm2-tools commands (Debian `tpm2-tools`) against one TPM, chosen by a TCTI string
 * (`device:/dev/tpmrm0` for the kernel's resource manager, `swtpm:host=127.0.0.1,port=2321` for swtpm).
 * Spawned processes rather than an npm binding: the tools are the TCG reference stack (tpm2-tss) packaged
 * by the distribution, there is no maintained Node TSS that works offline, and a crash in the TPM stack
 * cannot take the device runtime down. Each call has a timeout; stderr is kept short in errors.
 */
import type * as ChildProcess from "node:child_process";

/** A tpm2-tools command failed (not found, TPM error, timeout). */
export class TpmToolError extends Error {
  override readonly name = "TpmToolError";
}

/**
 * Run `tool args…` with `TPM2TOOLS_TCTI=tcti`; resolves with stdout.
 *
 * @example
 * await runTpm2("device:/dev/tpmrm0", "tpm2_getrandom", ["--hex", "8"]); // "9f…"
 */
export function runTpm2(tcti: string, tool: string, args: string[], timeoutMs: number = 20_000): Promise<string> {
  if (!/^tpm2_[a-z]+$/.test(tool)) return Promise.reject(new TpmToolError(`not a tpm2-tools command: ${tool}`));
  // Loaded on first use: a device without a TPM never pays for child_process at start.
  const { execFile } = process.getBuiltinModule("node:child_process") as typeof ChildProcess;
  return new Promise((resolve, reject) => {
    execFile(tool, args, { env: { ...process.env, TPM2TOOLS_TCTI: tcti }, timeout: timeoutMs, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error === null) return resolve(stdout);
      const why = (error as NodeJS.ErrnoException).code === "ENOENT" ? "not installed (Debian package tpm2-tools)" : String(stderr).trim().split("\n").slice(-2).join(" | ").slice(0, 300);
      reject(new TpmToolError(`${tool} failed: ${why}`));
    });
  });
}
