/**
 * The action an agent wants to take (EvaluateRequest) — the input to every decision.
 */
import * as z from "zod";

/**
 * Largest action text accepted: 64 Ki characters. It bounds the detectors' work per request (every scan is
 * linear in the text) and keeps a request well inside the evaluate body limit (256 KiB).
 */
export const MAX_ACTION_CHARS = 65_536;

/**
 * Known action types. Others are accepted as custom action types (lower-case identifiers, 1–64
 * characters, {@link ACTION_TYPE_PATTERN}) because tenant policies may define and match their own (e.g.
 * `email`, `sms`, `payment`). A custom type gets no law-pack rule that names an action type (those name
 * only known ones), a risk base of 0.4, and counts as executable only with a `tool`; see the README.
 */
export const ACTION_TYPES = [
  "query",
  "tool_call",
  "code_execution",
  "message",
  "data_access",
  "actuation",
] as const;

/** What an `action_type` must look like: a lower-case identifier. */
export const ACTION_TYPE_PATTERN = /^[a-z][a-z0-9_]*$/;

/** Any JSON value (the values of `tool.arguments` and `context`). */
export const JsonValueSchema: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValueSchema), z.record(z.string(), JsonValueSchema)]),
);
const jsonValue = JsonValueSchema;

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
    agent_id: z.string().min(1).max(256).describe("The agent acting; its state (counters, strikes, TERMINATE) is kept per tenant and agent id"),
    action: z.string().max(MAX_ACTION_CHARS).describe("What the agent is about to do, as text (a prompt, a command, a message); scanned by every detector"),
    action_type: z
      .string()
      .min(1)
      .max(64)
      .regex(ACTION_TYPE_PATTERN, `action_type must be a lower-case identifier: ${ACTION_TYPES.join(", ")} or a custom type your policy names`)
      .describe(
        `The kind of action: one of ${ACTION_TYPES.join(", ")}, or a custom lower-case identifier a tenant policy matches. Law-pack rules that depend on the type (actuation safety TERMINATE, code_execution sandbox, outbound PII redaction for message/tool_call) apply to the known types only; a custom type gets the type-independent rules, a risk base of 0.4, and counts as executable only with a tool.`,
      ),
    tool: ToolSchema.optional().describe("The tool the agent calls, with its JSON arguments (string values are scanned; spans point into `tool.arguments.<path>`)"),
    context: z.record(z.string(), jsonValue).optional().describe("Free JSON about the action's setting; tenant policy rules read it as `context.<path>`"),
    stated_intent: z.string().max(4096).optional().describe("Why the agent says it acts; scanned, not trusted"),
    /** Untrusted content the agent read (tool results, documents, web pages, e-mails), scanned in data mode. */
    inputs: InputsSchema.optional().describe("Untrusted content the agent read before acting (tool results, documents, web pages, e-mails): at most 16 items and 65,536 characters of content, scanned for hidden instructions"),
    /** Optional caller-chosen idempotency/decision id; the server makes one when absent. */
    request_id: z.string().min(1).max(128).optional().describe("Caller-chosen decision id (1–128 characters); the server makes one when absent"),
    /**
     * A human approval (from a `require_human_approval` obligation's `approval_id`) to satisfy on this retry.
     * Not part of the request hash the approval is bound to (nor is `request_id`).
     */
    approval_id: z
      .string()
      .regex(/^apr_[0-9a-f]{32}$/, "approval_id must be an id from a require_human_approval obligation (apr_ and 32 hex characters)")
      .optional()
      .describe(
        "Retry of a RESTRICT that required human approval: the obligation's `approval_id`. Answered ALLOW (the obligation satisfied, the approver's key id in `explanation.decided_by` and `approval`) only if that approval was approved, has not expired, has not been used, belongs to this tenant and agent and was opened for this same request (same hash of the request without `request_id` and `approval_id`); otherwise refused with a problem (404, 409) and nothing is decided.",
      ),
  })
  .strict();

export type EvaluateRequest = z.infer<typeof EvaluateRequestSchema>;
export type Tool = z.infer<typeof ToolSchema>;
