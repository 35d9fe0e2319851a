/**
 * Peer adapter: @presidio-dev/hai-guardrails (heuristic injection guard, pattern PII guard). Its guards run
 * through a worker pool; the probe runs one guard in a child process first, because a failing worker
 * throws outside any promise and would end the harness. When the probe fails, the table shows its error.
 */
import { spawnSync } from "node:child_process";
import type { Finding } from "@nethical/core/schemas/finding.ts";
import { wholeText, type PeerAdapter } from "./types.ts";
import { installedVersion } from "./version.ts";

const NAME = "@presidio-dev/hai-guardrails";

const PROBE = `
import { injectionGuard } from "${NAME}";
const g = injectionGuard({ roles: ["user"] }, { mode: "heuristic", threshold: 0.7 });
await g([{ role: "user", content: "probe" }]);
process.exit(0);
`;

/**
 * First error line of a failed child run (or the exit status).
 *
 * @example
 * firstError("x\\nError: boom\\n at y", 1); // "Error: boom"
 */
export function firstError(stderr: string, status: number | null): string {
  const line = stderr.split("\n").find((l) => /^\w*Error\b/.test(l.trim()));
  return line?.trim() ?? `exited with status ${status}`;
}

type Guard = (messages: { role: string; content: string }[]) => Promise<{ passed?: boolean; additionalFields?: { score?: number } }[]>;

let injection: Guard | undefined;

/** The adapter. */
export const haiGuardrailsPeer: PeerAdapter = {
  name: NAME,
  version: installedVersion(NAME),
  async probe() {
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", PROBE], { encoding: "utf8", timeout: 60_000 });
    if (r.status !== 0) return `${firstError(r.stderr ?? "", r.status)} (offline: no network, no model download)`;
    const m = await import("@presidio-dev/hai-guardrails");
    injection = m.injectionGuard({ roles: ["user"] }, { mode: "heuristic", threshold: 0.7 }) as unknown as Guard;
    return null;
  },
  async threat(text: string): Promise<Finding[]> {
    if (injection === undefined) throw new Error("hai-guardrails: probe first");
    const [r] = await injection([{ role: "user", content: text }]);
    const score = r?.additionalFields?.score ?? (r?.passed === false ? 1 : 0);
    return [wholeText("PROMPT_INJECTION", score, text, NAME)];
  },
};
