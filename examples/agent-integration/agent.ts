/**
 * A scripted agent whose every tool call goes through Nethical's guard(): no LLM, the "plan" below
 * stands in for the model's tool calls. Run it against `npm start` (it reads the development tenant's
 * agent key from .dev/dev-tenant.json) or any Nethical with NETHICAL_URL and NETHICAL_API_KEY:
 *
 *   node examples/agent-integration/agent.ts
 *
 * Each step prints one line: the tool, what Nethical decided, and what happened.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ApprovalDeniedError, BlockedError, guard, NethicalClient, TerminatedError } from "@nethical/client";

/** Where Nethical answers and the agent key: the environment, else the tenant `npm start` seeded. */
function settings(): { url: string; apiKey: string } {
  const url = process.env.NETHICAL_URL ?? "http://127.0.0.1:8787";
  if (process.env.NETHICAL_API_KEY !== undefined) return { url, apiKey: process.env.NETHICAL_API_KEY };
  const file = join(import.meta.dirname, "..", "..", ".dev", "dev-tenant.json");
  try {
    return { url, apiKey: (JSON.parse(readFileSync(file, "utf8")) as { keys: { agent: string } }).keys.agent };
  } catch {
    throw new Error(`no NETHICAL_API_KEY and no ${file}: run \`npm start\` first, or set NETHICAL_URL and NETHICAL_API_KEY`);
  }
}

const { url, apiKey } = settings();
const client = new NethicalClient({ baseUrl: url, apiKey });
const agentId = process.env.NETHICAL_AGENT_ID ?? `support-agent-${Date.now().toString(36)}`;

// The agent's tools: what they would really do is only printed here.
const tools = {
  search: guard(client, {
    agentId,
    tool: "search",
    run: ({ query }: { query: string }, ctx) => `${ctx.decision.decision} — 3 results for "${query}"`,
  }),
  post_note: guard(client, {
    agentId,
    tool: "post_note",
    // The tool receives the arguments with the flagged spans already replaced.
    run: ({ ticket, body }: { ticket: string; body: string }, ctx) => `${ctx.decision.decision} — posted to ${ticket}: "${body}" (redacted: ${ctx.redacted.join(", ")})`,
  }),
  pay_invoice: guard(client, {
    agentId,
    tool: "pay_invoice",
    run: ({ amount, currency, payee }: { amount: number; currency: string; payee: string }, ctx) =>
      `${ctx.decision.decision} — paid ${amount} ${currency} to ${payee}, approved by ${ctx.approvedBy ?? "nobody"}`,
    // A person's approval, scripted: finance approves payments to known suppliers. Returning a name makes
    // guard() evaluate again with context.approval.approved_by, so the approval is in the audit trail.
    approve: ({ args, reason }) => {
      console.log(`  approval asked: ${reason ?? "approval required"}`);
      return args.payee === "ACME GmbH" ? { approvedBy: "finance@acme.test" } : false;
    },
  }),
  shell: guard(client, {
    agentId,
    tool: "shell",
    actionType: "code_execution",
    describe: ({ command }: { command: string }) => command,
    run: ({ command }: { command: string }, ctx) => `${ctx.decision.decision} — ran ${command}`,
  }),
};

type Step = { [K in keyof typeof tools]: { tool: K; args: Parameters<(typeof tools)[K]>[0] } }[keyof typeof tools];

// What a model might have asked for, in order.
const plan: Step[] = [
  { tool: "search", args: { query: "refund policy for damaged goods" } },
  { tool: "post_note", args: { ticket: "T-1042", body: "Customer card 4111 1111 1111 1111, call back on +1 415 555 0100" } },
  { tool: "pay_invoice", args: { amount: 25_000, currency: "EUR", payee: "ACME GmbH" } },
  { tool: "shell", args: { command: "rm -rf / --no-preserve-root" } },
  { tool: "search", args: { query: "next ticket" } },
];

for (const step of plan) {
  try {
    const result = await (tools[step.tool] as (args: unknown) => Promise<string>)(step.args);
    console.log(`${step.tool}: ${result}`);
  } catch (error) {
    if (error instanceof TerminatedError) {
      console.log(`${step.tool}: TERMINATE — ${error.explanation.summary} (decision ${error.decisionId}); the agent stops`);
      break;
    }
    if (error instanceof BlockedError) console.log(`${step.tool}: BLOCK — ${error.explanation.summary} (decision ${error.decisionId})`);
    else if (error instanceof ApprovalDeniedError) console.log(`${step.tool}: not approved — not run (decision ${error.decisionId})`);
    else throw error;
  }
}
