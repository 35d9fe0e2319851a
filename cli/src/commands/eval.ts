/**
 * `nethical eval [--policy FILE] [--now TIME]`: EvaluateRequest lines in, EvaluateResponse lines out, one
 * per input line, in order. Agent state (counters, sticky TERMINATE) is kept per agent_id across the
 * stream, exactly as the AgentState Durable Object keeps it, so the same stream gives the same answers.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import {
  type AgentStateSnapshot,
  type CompiledPolicy,
  type EvaluateResponse,
  EvaluateRequestSchema,
  compilePolicy,
  createBundle,
  defaultPolicy,
  emptyAgentState,
  evaluate,
  parsePolicy,
  countsAsStrike,
  recordDecision,
} from "@nethical/core";
import type { CliIo } from "../io.ts";
import { LineProblem, mapJsonLines } from "../jsonl.ts";
import { formatIssues } from "../issues.ts";

/** Tenant name used for bundles compiled by the CLI. */
export const CLI_TENANT = "local";

/**
 * Sequence number of the bundle the CLI compiles: 1, the number the Worker gives a tenant's first policy,
 * so `policy_version` (`<seq>.<hash prefix>`) is the same for the same policy in both.
 */
export const CLI_BUNDLE_SEQ = 1;

/**
 * Read and compile the policy to evaluate with: a JSON or YAML file, or the default policy a new tenant gets.
 *
 * @example
 * const policy = await readPolicyFile("policies/acme.yaml");
 * policy.version; // "1.<first 12 hex of its hash>"
 */
export async function readPolicyFile(file?: string): Promise<CompiledPolicy> {
  const document =
    file === undefined ? defaultPolicy() : parsePolicy(await readFile(file, "utf8"), /\.ya?ml$/i.test(file) ? "yaml" : undefined);
  return compilePolicy(await createBundle(CLI_TENANT, CLI_BUNDLE_SEQ, document));
}

/**
 * Parse `--now` (epoch milliseconds or an ISO-8601 time). Without it the wall clock is used.
 *
 * @example
 * parseNow("2026-01-01T00:00:00Z"); // 1767225600000
 */
export function parseNow(value: string | undefined, clock: () => number = Date.now): number {
  if (value === undefined) return clock();
  const asNumber = Number(value);
  const ms = Number.isFinite(asNumber) && /^\d+$/.test(value) ? asNumber : Date.parse(value);
  if (!Number.isFinite(ms)) throw new Error(`--now must be epoch milliseconds or an ISO-8601 time, got "${value}"`);
  return ms;
}

/**
 * A stateful evaluator over a stream: per-agent state is threaded through {@link recordDecision}.
 *
 * @example
 * const next = createStreamEvaluator(policy, 0);
 * next({ agent_id: "a", action: "hi", action_type: "query" }).decision; // "ALLOW"
 */
export function createStreamEvaluator(policy: CompiledPolicy, now: number): (value: unknown) => EvaluateResponse {
  const agents = new Map<string, AgentStateSnapshot>();
  return (value) => {
    const parsed = EvaluateRequestSchema.safeParse(value);
    if (!parsed.success) throw new LineProblem("Invalid EvaluateRequest", formatIssues(parsed.error.issues));
    const request = parsed.data;
    const state = agents.get(request.agent_id) ?? emptyAgentState();
    const response = evaluate(request, policy, state, now);
    agents.set(request.agent_id, recordDecision(state, response.decision, response.explanation.summary, countsAsStrike(response)));
    return response;
  };
}

/**
 * Run `nethical eval`. Exit code 0 when every line was evaluated, 1 when some line was invalid, 2 for a
 * usage or policy error.
 *
 * @example
 * const code = await evalCommand(["--policy", "p.yaml"], { stdin, stdout, stderr });
 */
export async function evalCommand(args: string[], io: CliIo): Promise<number> {
  let policy: CompiledPolicy;
  let now: number;
  try {
    const { values } = parseArgs({
      args,
      options: { policy: { type: "string" }, now: { type: "string" } },
      strict: true,
    });
    now = parseNow(values.now);
    policy = await readPolicyFile(values.policy);
  } catch (error) {
    io.stderr.write(`nethical eval: ${(error as Error).message}\n`);
    return 2;
  }
  const { failed } = await mapJsonLines(io.stdin, io.stdout, createStreamEvaluator(policy, now));
  return failed === 0 ? 0 : 1;
}
