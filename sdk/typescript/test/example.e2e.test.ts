/**
 * examples/agent-integration/agent.ts end to end: the scripted agent run as a user would run it (its own
 * Node process, URL and key from the environment) against the real Worker under `wrangler dev`. Its
 * tool calls show an ALLOW, a redaction, an approval and a BLOCK, and the blocked tool never ran.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, startClientStack, type ClientStack } from "./stack.ts";

let stack: ClientStack;
beforeAll(async () => {
  stack = await startClientStack("example");
}, 180_000);
afterAll(async () => stack?.stop());

function runAgent(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, "examples", "agent-integration", "agent.ts")], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("examples/agent-integration", () => {
  it("runs its plan through guard(): ALLOW, a redaction, an approval, a BLOCK", async () => {
    const { code, stdout, stderr } = await runAgent({ NETHICAL_URL: stack.url, NETHICAL_API_KEY: stack.tenant.keys.agent, NETHICAL_AGENT_ID: "example-agent" });
    expect(stderr.replace(/^.*ExperimentalWarning.*\n?/gm, "")).toBe("");
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines).toEqual([
      'search: ALLOW — 3 results for "refund policy for damaged goods"',
      'post_note: RESTRICT — posted to T-1042: "Customer card [REDACTED], call back on [REDACTED]" (redacted: tool.arguments.body)',
      "  approval asked: Payment of 10,000 or more without an approval in the context",
      expect.stringMatching(/^pay_invoice: (ALLOW|RESTRICT) — paid 25000 EUR to ACME GmbH, approved by finance@acme\.test$/),
      expect.stringMatching(/^shell: BLOCK — BLOCK by law 2 .*\(decision [^)]+\)$/),
      'search: ALLOW — 3 results for "next ticket"',
    ]);
  }, 120_000);
});
