/**
 * `@nethical/client`: the TypeScript client of the Nethical API, and `guard()` around an agent's tools.
 */
export { NethicalClient, type CallOptions, type DecisionMeta, type NethicalClientOptions } from "./client.ts";
export { guard, scanToolOutput, type ApprovalAnswer, type ApprovalRequest, type GuardContext, type GuardOptions } from "./guard.ts";
export {
  ApprovalDeniedError,
  BlockedError,
  GuardRefusal,
  NethicalApiError,
  ProofVerificationError,
  TerminatedError,
  type Problem,
} from "./errors.ts";
export {
  pinnedVerifier,
  verifyConsistencyProof,
  verifyEventProof,
  verifySignedTreeHead,
  type ConsistencyProof,
  type EventProof,
  type PinnedKey,
  type SignedTreeHead,
  type Verification,
} from "./audit-proofs.ts";
export {
  LiveStream,
  openStream,
  StreamClosedError,
  type OpenStreamOptions,
  type StreamEvent,
  type StreamHeartbeat,
  type StreamReady,
  type Streams,
  type StreamToken,
  type StreamTokenRequest,
} from "./streams.ts";
export { applySpanObligations, redactSpans, REDACTED } from "./redact.ts";
export { DEFAULT_RETRY, parseRetryAfter, rateLimitResetMs, retryDelayMs, type RetryOptions } from "./retry-policy.ts";
export { DEFAULT_TIMEOUT_MS, newRequestId, type RetryEvent } from "./transport.ts";
export type { BatchResult, DecisionQuery, DecisionRecord, WhoAmI } from "./api-paths.ts";
export type { EvaluateRequest, EvaluateResponse, Obligation, Violation } from "@nethical/core";
