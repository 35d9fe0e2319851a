/**
 * Drafts of example inputs: a request plus a partial agent state that condition fields can be written into
 * (`context.a.b`, `tool.arguments.x`, `agent.decisions.BLOCK`, …), and a probe context that evaluates one
 * literal on one value with the real compiled condition semantics (no second implementation of the operators).
 */
import type { EvaluateRequest } from "../schemas/action.ts";
import { emptyAgentState, type AgentStateSnapshot } from "../schemas/agent-state.ts";
import { WorkBudget, type EvalContext } from "../policy/context.ts";
import type { PartialAgentState } from "./report.ts";

/** A request and agent state being built. */
export interface Draft {
  request: EvaluateRequest;
  agent: PartialAgentState;
}

/** Agent id and tool name used when a condition does not pin them. */
export const EXAMPLE_AGENT_ID = "agent-1";
export const EXAMPLE_TOOL_NAME = "example_tool";

/**
 * A fresh draft: a `query` from `agent-1` with empty text.
 *
 * @example
 * newDraft().request.action_type; // "query"
 */
export function newDraft(): Draft {
  return { request: { agent_id: EXAMPLE_AGENT_ID, action: "", action_type: "query" }, agent: {} };
}

/**
 * A full agent snapshot from a partial one (missing counters are 0, flags false).
 *
 * @example
 * agentStateFrom({ decisions: { BLOCK: 5 } }).decisions.BLOCK; // 5
 */
export function agentStateFrom(partial: PartialAgentState | undefined): AgentStateSnapshot {
  const base = emptyAgentState();
  if (partial === undefined) return base;
  const { decisions, ...rest } = partial;
  return { ...base, ...rest, decisions: { ...base.decisions, ...decisions } };
}

/**
 * Write `value` into the draft at a condition field (undefined removes it). Returns false for `risk`, which
 * is computed, not written.
 *
 * @example
 * const d = newDraft(); assignField(d, "context.env", "prod"); d.request.context; // { env: "prod" }
 */
export function assignField(draft: Draft, field: string, value: unknown): boolean {
  const req = draft.request as unknown as Record<string, unknown>;
  switch (field) {
    case "risk":
      return false;
    case "action":
    case "action_type":
    case "agent_id":
    case "stated_intent":
      if (value === undefined) delete req[field];
      else req[field] = value;
      return true;
    case "tool.name":
      if (value === undefined) delete draft.request.tool;
      else draft.request.tool = { ...draft.request.tool, name: value as string };
      return true;
  }
  if (field.startsWith("agent.decisions.")) {
    const word = field.slice("agent.decisions.".length) as keyof AgentStateSnapshot["decisions"];
    draft.agent.decisions = { ...draft.agent.decisions, [word]: value };
    return true;
  }
  if (field.startsWith("agent.")) {
    (draft.agent as Record<string, unknown>)[field.slice("agent.".length)] = value;
    return true;
  }
  if (field.startsWith("context.")) {
    draft.request.context = setPath(draft.request.context, field.slice("context.".length).split("."), value);
    return true;
  }
  const tool = draft.request.tool ?? { name: EXAMPLE_TOOL_NAME };
  draft.request.tool = { ...tool, arguments: setPath(tool.arguments, field.slice("tool.arguments.".length).split("."), value) };
  return true;
}

function setPath(root: Record<string, unknown> | undefined, segments: readonly string[], value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { ...root };
  const [head, ...rest] = segments as [string, ...string[]];
  if (rest.length === 0) {
    if (value === undefined) delete out[head];
    else out[head] = value;
    return out;
  }
  const child = out[head];
  out[head] = setPath(child !== null && typeof child === "object" && !Array.isArray(child) ? (child as Record<string, unknown>) : undefined, rest, value);
  return out;
}

/**
 * A context in which `field` has `value` and nothing else is set (no findings, risk 0 unless the field is
 * `risk`): enough to test one field literal with its compiled predicate.
 *
 * @example
 * compileCondition({ field: "context.env", op: "eq", value: "prod" })(probeContext("context.env", "prod")); // true
 */
export function probeContext(field: string, value: unknown): EvalContext {
  const draft = newDraft();
  if (field !== "risk") assignField(draft, field, value);
  return { budget: new WorkBudget(), request: draft.request, agent: agentStateFrom(draft.agent), findings: [], risk: field === "risk" ? (value as number) : 0 };
}
