/**
 * The routes the client calls, in the shape openapi-typescript generates (`paths`), typed from
 * `@nethical/core`'s schema types (type-only imports: nothing of the core is bundled for them).
 * `src/openapi.d.ts`, generated from docs/openapi.json, is checked against these in openapi-paths.test.ts.
 */
import type { Decision, EvaluateRequest, EvaluateResponse } from "@nethical/core";
import type { Problem } from "./errors.ts";
import type { ConsistencyProof, EventProof, SignedTreeHead } from "./audit-proofs.ts";

type Json<T> = { headers: Record<string, unknown>; content: { "application/json": T } };
type Responses<Res> = { 200: Json<Res>; 201: Json<Res>; default: Json<Problem> };
type NoParams = { query?: never; header?: never; path?: never; cookie?: never };
type Query<Q> = { query?: Q; header?: never; path?: never; cookie?: never };
type Path<P, Q = never> = { query?: Q; header?: never; path: P; cookie?: never };
type Get<Res, Params = NoParams> = { parameters: Params; requestBody?: never; responses: Responses<Res> };
type Post<Req, Res, Params = NoParams> = { parameters: Params; requestBody: { content: { "application/json": Req } }; responses: Responses<Res> };

/** One item of `POST /v2/batch-evaluate`'s answer. */
export type BatchResult =
  | { index: number; status: 200; agent_seq?: number | null; response: EvaluateResponse }
  | { index: number; status: 422; problem: Problem };

/** A recorded decision as `GET /v2/decisions` lists it. */
export interface DecisionRecord {
  decision_id: string;
  agent_id: string;
  decision: Decision;
  leaf_index?: number | null;
  [field: string]: unknown;
}

/** Query of `GET /v2/decisions`. */
export interface DecisionQuery {
  agent_id?: string;
  decision?: Decision;
  from?: string | number;
  to?: string | number;
  limit?: number;
  cursor?: string;
}

/** `GET /v2/whoami`. */
export type WhoAmI =
  | { kind: "tenant"; tenant: string; role: string; key_id: string; device_id?: string; agent_ids?: string[] }
  | { kind: "platform" };

/** A JSON object whose fields the client passes through as the Worker sent them. */
export type JsonObject = Record<string, unknown>;

/** The routes of the Nethical API the client uses. */
export interface paths {
  "/v2/evaluate": { post: Post<EvaluateRequest, EvaluateResponse> };
  "/v2/batch-evaluate": { post: Post<{ requests: EvaluateRequest[] }, { results: BatchResult[] }> };
  "/v2/decisions": { get: Get<{ decisions: DecisionRecord[]; next_cursor: string | null }, Query<DecisionQuery>> };
  "/v2/decisions/{id}": { get: Get<DecisionRecord, Path<{ id: string }>> };
  "/v2/audit/tree-head": { get: Get<SignedTreeHead> };
  "/v2/audit/consistency": { get: Get<ConsistencyProof, Query<{ from: number; to?: number }>> };
  "/v2/audit/{id}": { get: Get<EventProof, Path<{ id: string }>> };
  "/v2/policies/active": { get: Get<JsonObject, Query<{ include?: "policy" }>>; put: Post<JsonObject, JsonObject> };
  "/v2/policies": { get: Get<{ policies: JsonObject[] }>; post: Post<JsonObject, JsonObject, Query<{ policy_id?: string }>> };
  "/v2/policies/{id}": { get: Get<JsonObject, Path<{ id: string }, { include?: "policy" }>> };
  "/v2/policies/{id}/versions/{version}/transition": {
    post: Post<{ to: "canary" | "active" | "deprecated" | "quarantine"; canary_percent?: number }, JsonObject, Path<{ id: string; version: number }>>;
  };
  "/v2/agents/{agent_id}": { get: Get<JsonObject, Path<{ agent_id: string }>> };
  "/v2/agents/{agent_id}/reinstate": { post: Post<{ reason: string }, { reinstated: true; agent: JsonObject }, Path<{ agent_id: string }>> };
  "/v2/whoami": { get: Get<WhoAmI> };
}
