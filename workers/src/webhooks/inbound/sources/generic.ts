/**
 * The `generic` inbound source: a tool-call event an agent platform pushes before running the tool.
 * `{"type": "tool_call", "agent_id", "tool": {"name", "arguments"?}, "action"?, "action_type"?, "context"?,
 * "stated_intent"?, "inputs"?, "request_id"?}` → the EvaluateRequest with the same fields; `action`
 * defaults to the tool's name and `action_type` to `tool_call`. Unknown fields are refused (422), as in
 * `POST /v2/evaluate`.
 */
import { z } from "zod";
import { EvaluateRequestSchema, ToolSchema, type EvaluateRequest } from "@nethical/core";
import { parseOrProblem } from "@nethical/http";

const fields = EvaluateRequestSchema.shape;

/** The generic tool-call event. */
export const GenericToolCallEventSchema = z
  .object({
    type: z.literal("tool_call").describe("The event type (the only one today)"),
    agent_id: fields.agent_id,
    tool: ToolSchema.describe("The tool the agent is about to call, with its JSON arguments (scanned)"),
    action: fields.action.optional().describe("What the agent is about to do, as text; defaults to the tool's name"),
    action_type: fields.action_type.optional().describe("Defaults to `tool_call`"),
    context: fields.context,
    stated_intent: fields.stated_intent,
    inputs: fields.inputs,
    request_id: fields.request_id,
  })
  .strict();
export type GenericToolCallEvent = z.infer<typeof GenericToolCallEventSchema>;

/**
 * The EvaluateRequest of a generic tool-call event (422 naming the fields when it does not match).
 *
 * @example
 * genericToEvaluateRequest({ type: "tool_call", agent_id: "bot-7", tool: { name: "run_shell", arguments: { cmd: "ls" } } });
 * // { agent_id: "bot-7", action: "run_shell", action_type: "tool_call", tool: { name: "run_shell", arguments: { cmd: "ls" } } }
 */
export function genericToEvaluateRequest(body: unknown): EvaluateRequest {
  const { type: _type, action, action_type, ...rest } = parseOrProblem(GenericToolCallEventSchema, body, "the tool-call event");
  return { ...rest, action: action ?? rest.tool.name, action_type: action_type ?? "tool_call" };
}
