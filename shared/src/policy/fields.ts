/**
 * Condition fields: which request/agent values a policy may test, their kind (for static type checks), and
 * compiled getters. Nested paths read own properties only (no prototype lookups: `context.constructor` is
 * simply absent) and numeric segments index arrays.
 *
 * | field | kind |
 * |---|---|
 * | `action`, `action_type`, `agent_id`, `stated_intent`, `tool.name` | string |
 * | `risk`, `agent.requests`, `agent.violations`, `agent.strikes`, `agent.window_requests`, `agent.decisions.<WORD>` | number |
 * | `tool.arguments.<path>`, `context.<path>` | any JSON value |
 */
import { DECISIONS, type Decision } from "../schemas/decision.ts";
import type { EvalContext } from "./context.ts";

export type FieldKind = "string" | "number" | "json";
export type FieldGetter = (ctx: EvalContext) => unknown;

/** Deepest nested path accepted under `tool.arguments.` or `context.`. */
export const MAX_FIELD_DEPTH = 16;

const FIXED: Readonly<Record<string, { kind: FieldKind; get: FieldGetter }>> = {
  action: { kind: "string", get: (c) => c.request.action },
  action_type: { kind: "string", get: (c) => c.request.action_type },
  agent_id: { kind: "string", get: (c) => c.request.agent_id },
  stated_intent: { kind: "string", get: (c) => c.request.stated_intent },
  "tool.name": { kind: "string", get: (c) => c.request.tool?.name },
  risk: { kind: "number", get: (c) => c.risk },
  "agent.requests": { kind: "number", get: (c) => c.agent.requests },
  "agent.violations": { kind: "number", get: (c) => c.agent.violations },
  "agent.strikes": { kind: "number", get: (c) => c.agent.strikes ?? 0 },
  "agent.window_requests": { kind: "number", get: (c) => c.agent.window_requests },
};

const PREFIXES = ["tool.arguments.", "context."] as const;

/**
 * Why `field` is not a valid condition field, or undefined.
 *
 * @example
 * fieldProblem("context.environment"); // undefined
 * fieldProblem("agent.decisions.DENY"); // "unknown decision word (expected one of ALLOW, …)"
 */
export function fieldProblem(field: string): string | undefined {
  if (Object.hasOwn(FIXED, field)) return undefined;
  if (field.startsWith("agent.decisions.")) {
    const word = field.slice("agent.decisions.".length);
    return (DECISIONS as readonly string[]).includes(word)
      ? undefined
      : `unknown decision word (expected one of ${DECISIONS.join(", ")})`;
  }
  for (const prefix of PREFIXES) {
    if (!field.startsWith(prefix)) continue;
    const segments = field.slice(prefix.length).split(".");
    if (segments.some((s) => s === "")) return `empty path segment in ${field}`;
    if (segments.length > MAX_FIELD_DEPTH) return `path deeper than ${MAX_FIELD_DEPTH} segments`;
    return undefined;
  }
  return `unknown field (expected action, action_type, agent_id, stated_intent, tool.name, tool.arguments.<path>, context.<path>, risk, agent.requests, agent.violations, agent.strikes, agent.window_requests or agent.decisions.<WORD>)`;
}

/**
 * The value kind of a valid field.
 *
 * @example
 * fieldKind("risk");          // "number"
 * fieldKind("context.team");  // "json"
 */
export function fieldKind(field: string): FieldKind {
  const fixed = FIXED[field];
  if (fixed !== undefined) return fixed.kind;
  return field.startsWith("agent.decisions.") ? "number" : "json";
}

/**
 * A getter for a valid field (check {@link fieldProblem} first).
 *
 * @example
 * const get = compileFieldGetter("context.env");
 * get(ctx); // ctx.request.context?.env
 */
export function compileFieldGetter(field: string): FieldGetter {
  const fixed = FIXED[field];
  if (fixed !== undefined) return fixed.get;
  if (field.startsWith("agent.decisions.")) {
    const word = field.slice("agent.decisions.".length) as Decision;
    return (c) => c.agent.decisions[word];
  }
  if (field.startsWith("context.")) {
    return pathGetter((c) => c.request.context, field.slice("context.".length).split("."));
  }
  return pathGetter((c) => c.request.tool?.arguments, field.slice("tool.arguments.".length).split("."));
}

function pathGetter(root: FieldGetter, segments: readonly string[]): FieldGetter {
  if (segments.length === 1) {
    const key = segments[0] as string;
    return (c) => step(root(c), key);
  }
  return (c) => {
    let value = root(c);
    for (let i = 0; i < segments.length && value !== undefined; i++) value = step(value, segments[i] as string);
    return value;
  };
}

function step(value: unknown, key: string): unknown {
  if (value === null || typeof value !== "object") return undefined;
  if (Array.isArray(value)) return /^(?:0|[1-9]\d*)$/.test(key) ? value[Number(key)] : undefined;
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}
