/**
 * The inbound webhook sources: each maps its event to an EvaluateRequest (one module per source).
 */
import type { EvaluateRequest } from "@nethical/core";
import { genericToEvaluateRequest } from "./generic.ts";
import { openAiToEvaluateRequest } from "./openai.ts";

/** The sources `POST /v2/webhooks/{source}` accepts, in the order the API documents them. */
export const INBOUND_SOURCES = ["generic", "openai"] as const;
export type InboundSource = (typeof INBOUND_SOURCES)[number];

const MAPPERS: Readonly<Record<InboundSource, (body: unknown) => EvaluateRequest>> = {
  generic: genericToEvaluateRequest,
  openai: openAiToEvaluateRequest,
};

/**
 * Whether `name` is a known source.
 *
 * @example
 * isInboundSource("openai");        // true
 * isInboundSource("subscriptions"); // false
 */
export function isInboundSource(name: string): name is InboundSource {
  return (INBOUND_SOURCES as readonly string[]).includes(name);
}

/**
 * The EvaluateRequest of `source`'s event (4xx problem when it does not map).
 *
 * @example
 * toEvaluateRequest("openai", { agent_id: "bot-7", name: "send_email", arguments: "{}" });
 */
export function toEvaluateRequest(source: InboundSource, body: unknown): EvaluateRequest {
  return MAPPERS[source](body);
}
