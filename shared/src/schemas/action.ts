/**
 * The action an agent wants to take (EvaluateRequest) — the input to every decision.
 */
import { z } from "zod";

/**
 * Largest action text accepted: 64 Ki characters. It bounds the detectors' work per request (every scan is
 * linear in the text) and keeps a request well inside the evaluate body limit (256 KiB).
 */
export const MAX_ACTION_CHARS = 65_536;

/** Known action types; others are accepted as free-form lower-case identifiers. */
export const ACTION_TYPES = [
  "query",
  "tool_call",
  "code_execution",
  "message",
  "data_access",
  "actuation",
] as const;

const jsonValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);

/** A tool call: name and JSON arguments. */
export const ToolSchema = z
  .object({
    name: z.string().min(1).max(256),
    arguments: z.record(z.string(), jsonValue).optional(),
  })
  .strict();

/**
 * EvaluateRequest. Unknown fields are rejected (strict) so typos never silently weaken a policy.
 */
export const EvaluateRequestSchema = z
  .object({
    agent_id: z.string().min(1).max(256),
    action: z.string().max(MAX_ACTION_CHARS),
    action_type: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[a-z][a-z0-9_]*$/, "action_type must be a lower-case identifier"),
    tool: ToolSchema.optional(),
    context: z.record(z.string(), jsonValue).optional(),
    stated_intent: z.string().max(4096).optional(),
    /** Optional caller-chosen idempotency/decision id; the server makes one when absent. */
    request_id: z.string().min(1).max(128).optional(),
  })
  .strict();

export type EvaluateRequest = z.infer<typeof EvaluateRequestSchema>;
export type Tool = z.infer<typeof ToolSchema>;
