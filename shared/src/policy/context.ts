/**
 * EvalContext: everything a compiled condition may look at while one request is evaluated. Built once per
 * evaluate call; compiled closures only read it.
 */
import type { EvaluateRequest } from "../schemas/action.ts";
import type { AgentStateSnapshot } from "../schemas/agent-state.ts";
import type { Finding } from "../schemas/finding.ts";

export interface EvalContext {
  readonly request: EvaluateRequest;
  readonly agent: AgentStateSnapshot;
  /** All findings for this request (action text, tool argument strings, stated intent). */
  readonly findings: readonly Finding[];
  /** The request's risk score (computed before any rule runs). */
  readonly risk: number;
}

/** A compiled condition: true when it holds for the request in `ctx`. */
export type Predicate = (ctx: EvalContext) => boolean;
