/**
 * The types the client is built on, from `src/openapi.d.ts`: generated from workers/openapi.json (the
 * document the Worker serves at `GET /v2/openapi.json`) by `npm run -w @nethical/client generate`, and
 * checked to be current by openapi-types.test.ts.
 */
import type { components, paths } from "./openapi.d.ts";

export type { components, paths };

type Schemas = components["schemas"];

/** One item of `POST /v2/batch-evaluate`'s answer: a decision, or a 422 problem for that item. */
export type BatchResult = Schemas["BatchEvaluateResponse"]["results"][number];

/** A recorded decision (`GET /v2/decisions`, `GET /v2/decisions/{id}`). */
export type DecisionRecord = Schemas["DecisionRecord"];

/** Query of `GET /v2/decisions`. */
export type DecisionQuery = NonNullable<paths["/v2/decisions"]["get"]["parameters"]["query"]>;

/** `GET /v2/whoami`. */
export type WhoAmI = paths["/v2/whoami"]["get"]["responses"][200]["content"]["application/json"];

/** A policy document (JSON; YAML text is sent as is). */
export type PolicyDocument = Schemas["PolicyDocument"];

/** The JSON body of `POST /v2/evaluate` as the document types it (JSON values as `JsonValue`). */
export type EvaluateBody = paths["/v2/evaluate"]["post"]["requestBody"]["content"]["application/json"];

/** Body of `POST /v2/webhooks/subscriptions`. */
export type WebhookSubscribeBody = paths["/v2/webhooks/subscriptions"]["post"]["requestBody"]["content"]["application/json"];

/** Query of the delivery log. */
export type WebhookDeliveryQuery = NonNullable<paths["/v2/webhooks/subscriptions/{id}/deliveries"]["get"]["parameters"]["query"]>;

/** A JSON object whose fields the client passes through as the Worker sent them. */
export type JsonObject = Record<string, unknown>;
