/**
 * The shared zod schemas under the names the API description (`GET /v2/openapi.json`) gives them in
 * `components.schemas`. Each is the schema itself with a name attached (`named`, a clone with
 * the same checks), so the document and the contract test use exactly what the handlers validate with.
 * Use these in route descriptions instead of the unnamed originals, so the document refers to one
 * component rather than repeating the schema.
 */
import { extendZodWithOpenApi } from "@hono/zod-openapi";
import { z } from "zod";
import {
  AdminAuditEventSchema,
  AgentStateSnapshotSchema,
  AuditEventSchema,
  AuditSegmentSchema,
  DecisionSchema,
  EvaluateRequestSchema,
  EvaluateResponseSchema,
  JsonValueSchema,
  PolicyDocumentSchema,
  TreeHeadSchema,
} from "@nethical/core";
import { ProblemSchema } from "@nethical/http";

// Adds `.openapi()` to the zod the shared schemas are built with. Zod 4 copies methods onto each schema
// when it is made, so schemas made before this call (all of @nethical/core's) lack the method: `named`
// calls it from the prototype.
extendZodWithOpenApi(z);
const openapi = (z.ZodType.prototype as unknown as { openapi: (this: z.ZodType, ...args: unknown[]) => z.ZodType }).openapi;

/**
 * `schema` with a component name (and OpenAPI metadata such as an example): a clone with the same checks.
 *
 * @example
 * export const EvaluateRequest = named("EvaluateRequest", EvaluateRequestSchema, { example });
 */
export function named<T extends z.ZodType>(name: string, schema: T, metadata?: Record<string, unknown>): T {
  return (metadata === undefined ? openapi.call(schema, name) : openapi.call(schema, name, metadata)) as T;
}

/** Any JSON value; named so the recursive schema is a `$ref` to itself. */
export const JsonValue = named("JsonValue", JsonValueSchema);

/** Example EvaluateRequest (the README's quick start). */
export const EVALUATE_EXAMPLE = {
  agent_id: "demo-agent",
  action: "rm -rf / --no-preserve-root",
  action_type: "code_execution",
} as const;

/** EvaluateRequest (shared/src/schemas/action.ts). */
export const EvaluateRequest = named("EvaluateRequest", EvaluateRequestSchema, { example: EVALUATE_EXAMPLE });

/** EvaluateResponse (shared/src/schemas/response.ts). */
export const EvaluateResponse = named("EvaluateResponse", EvaluateResponseSchema);

/** RFC 9457 problem details (http/src/problem.ts). */
export const Problem = named("Problem", ProblemSchema);

/** ALLOW, RESTRICT, BLOCK, TERMINATE. */
export const Decision = named("Decision", DecisionSchema);

/** An agent's counters as the engine sees them (shared/src/schemas/agent-state.ts). */
export const AgentStateSnapshot = named("AgentStateSnapshot", AgentStateSnapshotSchema);

/** A recorded decision as signed into the audit log (shared/src/audit/event.ts). */
export const AuditEvent = named("AuditEvent", AuditEventSchema);

/** An admin change as signed into the audit log (shared/src/audit/admin-event.ts). */
export const AdminAuditEvent = named("AdminAuditEvent", AdminAuditEventSchema);

/** A signed Merkle tree head (shared/src/merkle/tree-head.ts). */
export const TreeHead = named("TreeHead", TreeHeadSchema);

/** A verifiable audit segment (shared/src/audit/segment.ts). */
export const AuditSegment = named("AuditSegment", AuditSegmentSchema);

/** A policy document (shared/src/policy/schema.ts). */
export const PolicyDocument = named("PolicyDocument", PolicyDocumentSchema);

/**
 * JSON content of `schema`, for a request body or a response.
 *
 * @example
 * responses: { 200: { description: "The decision", ...json(EvaluateResponse) } }
 */
export function json<T extends z.ZodType>(schema: T, example?: unknown) {
  return { content: { "application/json": { schema, ...(example !== undefined ? { example } : {}) } } };
}
