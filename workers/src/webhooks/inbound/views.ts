/**
 * The inbound webhook API's answers as zod schemas, for the API description and the tests that check
 * real answers against it: a signing secret (never its value), the same with its value (create and rotate
 * only), and the two sources' events.
 */
import { z } from "zod";
import { named } from "../../openapi/components.ts";
import { GenericToolCallEventSchema } from "./sources/generic.ts";
import { OpenAiFunctionCallSchema } from "./sources/openai.ts";

/** A signing secret as every read shows it. */
export const InboundWebhookSecret = named(
  "InboundWebhookSecret",
  z
    .object({
      id: z.string().describe("`whk_` and 32 hex digits"),
      source: z.string(),
      created_at: z.string(),
      expires_at: z.string().nullable().describe("When it stops verifying (the previous secret after a rotation); null until then"),
    })
    .strict(),
);

/** A secret just created or rotated in: its value, shown this once. */
export const InboundWebhookSecretWithValue = named(
  "InboundWebhookSecretWithValue",
  InboundWebhookSecret.extend({ secret: z.string().describe("`whsec_` + base64 of 32 random bytes: sign deliveries with it (Standard Webhooks)") }).strict(),
);

/** The `generic` source's event. */
export const GenericToolCallEvent = named("GenericToolCallEvent", GenericToolCallEventSchema);

/** The `openai` source's event. */
export const OpenAiFunctionCall = named("OpenAiFunctionCall", OpenAiFunctionCallSchema);
