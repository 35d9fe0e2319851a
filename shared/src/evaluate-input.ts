/**
 * Input checks around evaluate: `validateEvaluateRequest` for untrusted JSON (adapters call it once per
 * request, before evaluate) and `assertEvaluable`, the cheap guard evaluate itself runs.
 */
import type { CompiledPolicy } from "./policy/compile.ts";
import { formatPath, type PolicyIssue } from "./policy/errors.ts";
import { EvaluateRequestSchema, type EvaluateRequest } from "./schemas/action.ts";
import type { AgentStateSnapshot } from "./schemas/agent-state.ts";
import { firstTooDeep } from "./util/json-depth.ts";

/** Deepest nesting accepted in a request (tool arguments, context). */
export const MAX_REQUEST_DEPTH = 64;

/**
 * Thrown by evaluate when its arguments are not what adapters must pass (validate requests first).
 *
 * @example
 * try { evaluate(badRequest, policy, agent, now); } catch (e) { e instanceof EvaluateInputError; } // true
 */
export class EvaluateInputError extends TypeError {
  constructor(message: string) {
    super(`evaluate: ${message}`);
    this.name = "EvaluateInputError";
  }
}

/**
 * Cheap shape checks for evaluate's arguments (no zod on the hot path): enough to fail with a clear error
 * instead of a crash deep inside a detector.
 *
 * @example
 * assertEvaluable(request, policy, emptyAgentState(), Date.now()); // throws EvaluateInputError when malformed
 */
export function assertEvaluable(request: EvaluateRequest, policy: CompiledPolicy, agent: AgentStateSnapshot, now: number): void {
  if (request === null || typeof request !== "object") throw new EvaluateInputError("request must be an object");
  if (typeof request.action !== "string" || typeof request.action_type !== "string" || typeof request.agent_id !== "string") {
    throw new EvaluateInputError("request needs string agent_id, action and action_type (use validateEvaluateRequest)");
  }
  if (policy === null || typeof policy !== "object" || policy.index === undefined) {
    throw new EvaluateInputError("policy must come from compilePolicy");
  }
  if (agent === null || typeof agent !== "object" || typeof agent.decisions !== "object" || agent.decisions === null) {
    throw new EvaluateInputError("agent must be an AgentStateSnapshot");
  }
  if (!Number.isFinite(now)) throw new EvaluateInputError("now must be a finite number (ms since the epoch)");
}

/** Result of validateEvaluateRequest. */
export type RequestValidation = { ok: true; request: EvaluateRequest } | { ok: false; issues: PolicyIssue[] };

/**
 * Validate untrusted JSON as an EvaluateRequest (strict: unknown fields rejected). For adapters.
 *
 * @example
 * const v = validateEvaluateRequest(JSON.parse(body));
 * if (!v.ok) console.error(v.issues.map((i) => `${i.path}: ${i.message}`).join("; "));
 * else evaluate(v.request, policy, agentState, Date.now());
 */
export function validateEvaluateRequest(json: unknown): RequestValidation {
  const deep = firstTooDeep(json, MAX_REQUEST_DEPTH);
  if (deep !== undefined) return { ok: false, issues: [{ path: formatPath(deep), message: `nested deeper than ${MAX_REQUEST_DEPTH} levels` }] };
  const result = EvaluateRequestSchema.safeParse(json);
  if (result.success) return { ok: true, request: result.data };
  return { ok: false, issues: result.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
}
