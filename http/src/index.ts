/**
 * @nethical/http: the HTTP adapter pieces the Worker and the edge device share, so the same request gets
 * the same answer and the same bad request the same problem body: RFC 9457 problem details, body limits
 * and safe JSON reading, request context (request id, traceparent, latency), zod validation errors, the
 * batch envelope, and the error handlers. HTTP code, so not in the pure core.
 */
export { PROBLEMS, PROBLEM_CONTENT_TYPE, ProblemError, problemDetails, problemResponse, ProblemSchema, type Problem, type ProblemSlug } from "./problem.ts";
export { type BufferedBodyRequest, BODY_LIMITS, mediaTypeOf, parseJsonText, readBodyText, readJsonBody, requireJsonMediaType, unstorableTextProblem } from "./body.ts";
export { MAX_JSON_DEPTH, exceedsJsonDepth } from "./json-depth.ts";
export { elapsedMs, isValidTraceparent, requestContext, requestIdFrom, type RequestEnv, type RequestVariables } from "./request-context.ts";
export { fieldErrors, parseOrProblem, validationProblem, type FieldError } from "./validation.ts";
export { BatchSchema, MAX_BATCH_ITEMS, parseBatch, type ParsedBatch, type RejectedItem } from "./batch.ts";
export { allowedMethods } from "./method-not-allowed.ts";
export { installErrorHandlers } from "./error-handlers.ts";
export { storableUrl, unusableUrlPart } from "./storable-url.ts";
