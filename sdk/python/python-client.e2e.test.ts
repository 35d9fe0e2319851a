/**
 * The Python client (sdk/python, standard library only) against the real Worker under `wrangler dev` with a
 * seeded tenant: tests/e2e_worker.py run by a real `python3` process with the URL, keys and pinned audit key
 * in its environment; the exit code and unittest's counts (7 ran, none skipped) are asserted. The unit
 * tests run from python-client.test.ts.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchAuditKey, startClientStack, type ClientStack } from "@nethical/dev-stack/client-stack";

const TESTS = join(import.meta.dirname, "tests");

/**
 * Run `python3 -m unittest -v <args>` in sdk/python/tests (asynchronously: wrangler dev's output keeps being
 * read meanwhile) and parse unittest's summary from stderr.
 *
 * @example
 * const run = await unittest(["e2e_worker"], { NETHICAL_URL: url });
 */
function unittest(args: string[], env: Record<string, string>, timeoutMs: number) {
  return new Promise<{ status: number | null; ran: number; skipped: number; output: string }>((resolve, reject) => {
    const child = spawn("python3", ["-m", "unittest", "-v", ...args], { cwd: TESTS, env: { ...process.env, ...env }, timeout: timeoutMs });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (status) =>
      resolve({ status, ran: Number(/^Ran (\d+) tests?/m.exec(output)?.[1] ?? -1), skipped: Number(/skipped=(\d+)/.exec(output)?.[1] ?? 0), output }),
    );
  });
}

describe("Python client against wrangler dev", () => {
  let stack: ClientStack;
  beforeAll(async () => {
    stack = await startClientStack("pysdk");
  }, 180_000);
  afterAll(async () => stack?.stop());

  it("evaluate, batch, errors, proofs verified and tampering rejected, guard, a real 429 retried", async () => {
    const pinned = await fetchAuditKey(stack.url, stack.tenant.keys.auditor);
    const run = await unittest(
      ["e2e_worker"],
      { NETHICAL_URL: stack.url, NETHICAL_AGENT_KEY: stack.tenant.keys.agent, NETHICAL_AUDITOR_KEY: stack.tenant.keys.auditor, NETHICAL_AUDIT_PUBLIC_KEY: JSON.stringify(pinned) },
      170_000,
    );
    expect(run.output).toMatch(/^OK/m);
    expect(run.status).toBe(0);
    expect(run.ran).toBe(7);
    expect(run.skipped).toBe(0);
  }, 180_000);
});
