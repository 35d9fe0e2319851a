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

/** Where an untrusted input came from (`inputs[].source`). */
export const INPUT_SOURCES = ["tool_output", "retrieved_document", "web_page", "email", "file", "user_upload", "other"] as const;
export type InputSource = (typeof INPUT_SOURCES)[number];

/** Most untrusted inputs one request may carry. */
export const MAX_INPUTS = 16;
/**
 * Most characters all inputs' `content` may hold together: 64 Ki, the same bound as the action, so a request
 * scans at most 128 Ki characters (action + inputs) and stays inside the evaluate body limit (256 KiB).
 */
export const MAX_INPUTS_CHARS = 65_536;

/**
 * One piece of untrusted content the agent read before acting (a tool result, a retrieved document, a web
 * page, an e-mail, a file): scanned in data mode for instructions hiding in it (indirect prompt injection).
 * `name` says which tool, URL, file or sender it came from; it is not scanned.
 */
export const InputSchema = z
  .object({
    source: z.enum(INPUT_SOURCES),
    content: z.string().max(MAX_INPUTS_CHARS),
    name: z.string().min(1).max(256).optional(),
  })
  .strict();
export type Input = z.infer<typeof InputSchema>;

/** `inputs`: at most MAX_INPUTS items holding at most MAX_INPUTS_CHARS characters of content together. */
export const InputsSchema = z
  .array(InputSchema)
  .max(MAX_INPUTS)
  .superRefine((inputs, ctx) => {
    let total = 0;
    for (const input of inputs) total += input.content.length;
    if (total > MAX_INPUTS_CHARS) {
      ctx.addIssue({ code: "custom", message: `inputs hold ${total} characters of content together; at most ${MAX_INPUTS_CHARS} are accepted` });
    }
  });

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
    /** Untrusted content the agent read (tool results, documents, web pages, e-mails), scanned in data mode. */
    inputs: InputsSchema.optional(),
    /** Optional caller-chosen idempotency/decision id; the server makes one when absent. */
    request_id: z.string().min(1).max(128).optional(),
  })
  .strict();

export type EvaluateRequest = z.infer<typeof EvaluateRequestSchema>;
export type Tool = z.infer<typeof ToolSchema>;
