/**
 * Tool-call shapes: the state of the pattern profiler's Markov model. A shape keeps what says which kind of
 * step an agent is taking (action type, tool, argument names, short enum-like values such as a git
 * sub-command) and drops what varies between instances of the same step (paths, ids, numbers, free text).
 */
import type { EvaluateRequest } from "../schemas/action.ts";

/** Short identifier-like strings (≤ 16 characters, letters, `_` and `-`) stay in the shape; others become a class. */
const ENUM_LIKE = /^[A-Za-z][A-Za-z_-]{0,15}$/;

/**
 * The shape of `request`.
 *
 * @example
 * callShape({ agent_id: "c1", action: "git", action_type: "tool_call", tool: { name: "git", arguments: { command: "status", path: "src/a.ts" } } });
 * // "tool_call|git|command=status,path=<path>"
 */
export function callShape(request: EvaluateRequest): string {
  const tool = request.tool;
  if (tool === undefined) return `${request.action_type}|`;
  const args = tool.arguments;
  if (args === undefined) return `${request.action_type}|${tool.name}|`;
  const keys = Object.keys(args).sort();
  let out = `${request.action_type}|${tool.name}|`;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    out += `${i === 0 ? "" : ","}${k}=${valueClass(args[k])}`;
  }
  return out;
}

function valueClass(v: unknown): string {
  if (typeof v === "string") {
    if (ENUM_LIKE.test(v)) return v;
    if (v.includes("/") && !v.includes(" ")) return "<path>";
    return v.includes(" ") ? "<text>" : "<id>";
  }
  if (typeof v === "number") return "<n>";
  if (typeof v === "boolean") return String(v);
  if (v === null) return "null";
  return Array.isArray(v) ? "<list>" : "<obj>";
}

/**
 * The agent type a request belongs to: `context.agent_type` when it is a string, else the agent id without
 * a trailing number or hex id (`coder-17` → `coder`, `robot_arm-3f9a2c1d` → `robot_arm`).
 *
 * @example
 * agentTypeOf({ agent_id: "support-42", action: "x", action_type: "message" }); // "support"
 */
export function agentTypeOf(request: EvaluateRequest): string {
  const declared = request.context?.["agent_type"];
  if (typeof declared === "string" && declared.length > 0 && declared.length <= 64) return declared;
  const stripped = request.agent_id.replace(/[-_:.]?(?:[0-9a-f]{6,}|\d+)$/i, "");
  return stripped.length === 0 ? request.agent_id.slice(0, 64) : stripped.slice(0, 64);
}
