/**
 * The `openai` inbound source: an OpenAI-style function call, `{"name", "arguments"}` with `arguments` a
 * JSON string (as the model produced it), plus `agent_id` — in the signed body, so it cannot be changed
 * without breaking the signature. The Responses API's `function_call` item may be forwarded as it is
 * (`type`, `id`, `call_id`, `status` are accepted and ignored) with `agent_id` added; `context` is
 * optional. → EvaluateRequest `{agent_id, action: name, action_type: "tool_call", tool: {name, arguments}}`.
 * `arguments` that is not JSON, nests too deep or is not an object → 400 naming the field.
 */
import { z } from "zod";
import { EvaluateRequestSchema, firstUnstorableText, ToolSchema, type EvaluateRequest } from "@nethical/core";
import { exceedsJsonDepth, MAX_JSON_DEPTH, parseOrProblem, ProblemError, unstorableTextProblem } from "@nethical/http";

/** The OpenAI-style function call. */
export const OpenAiFunctionCallSchema = z
  .object({
    agent_id: EvaluateRequestSchema.shape.agent_id,
    name: ToolSchema.shape.name.describe("The function's name"),
    arguments: z.string().max(65_536).describe("The function's arguments: a JSON object, as a string"),
    type: z.literal("function_call").optional(),
    id: z.string().max(256).optional(),
    call_id: z.string().max(256).optional(),
    status: z.string().max(64).optional(),
    context: EvaluateRequestSchema.shape.context,
  })
  .strict();
export type OpenAiFunctionCall = z.infer<typeof OpenAiFunctionCallSchema>;

/**
 * The EvaluateRequest of an OpenAI-style function call (422 for a wrong shape, 400 for bad `arguments`).
 *
 * @example
 * openAiToEvaluateRequest({ agent_id: "bot-7", name: "send_email", arguments: "{\"to\":\"a@example.com\"}" });
 * // { agent_id: "bot-7", action: "send_email", action_type: "tool_call", tool: { name: "send_email", arguments: { to: "a@example.com" } } }
 */
export function openAiToEvaluateRequest(body: unknown): EvaluateRequest {
  const call = parseOrProblem(OpenAiFunctionCallSchema, body, "the function call");
  const args = parseArguments(call.arguments);
  return {
    agent_id: call.agent_id,
    action: call.name,
    action_type: "tool_call",
    tool: { name: call.name, arguments: args },
    ...(call.context !== undefined ? { context: call.context } : {}),
  };
}

function parseArguments(text: string): Record<string, unknown> {
  const bad = (message: string) => new ProblemError("invalid-json", `arguments ${message}`, { errors: [{ path: "arguments", message }] });
  if (text.trim() === "") return {};
  if (exceedsJsonDepth(text, MAX_JSON_DEPTH)) throw bad(`may nest at most ${MAX_JSON_DEPTH} levels`);
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw bad("is not valid JSON");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw bad("must be a JSON object");
  const unstorable = firstUnstorableText(value);
  if (unstorable !== undefined) throw unstorableTextProblem({ ...unstorable, path: ["arguments", ...unstorable.path] });
  return value as Record<string, unknown>;
}
