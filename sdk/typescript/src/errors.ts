/**
 * The errors the client throws: {@link NethicalApiError} for any answer that is not a success (it carries
 * the RFC 9457 problem+json the Worker sent), {@link ProofVerificationError} when a proof or a signed tree
 * head does not verify against the pinned key, and the guard's {@link BlockedError},
 * {@link TerminatedError} and {@link ApprovalDeniedError}, which carry the decision's id, violations and
 * explanation.
 */
import type { EvaluateResponse, Explanation, Violation } from "@nethical/core";

/** RFC 9457 problem details as the Worker sends them (`instance` is the request id). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  [extension: string]: unknown;
}

/**
 * An HTTP answer that is not a success, or a request that never got one (network failure, timeout:
 * `status` 0). `problem` is the problem+json body when the Worker sent one.
 *
 * @example
 * try { await client.evaluate(req); } catch (e) {
 *   if (e instanceof NethicalApiError && e.status === 422) console.error(e.problem?.errors);
 * }
 */
export class NethicalApiError extends Error {
  /** HTTP status, or 0 when no answer arrived. */
  readonly status: number;
  /** The problem+json body, when there was one. */
  readonly problem: Problem | undefined;
  /** The `x-request-id` the client sent (and the Worker echoes as the problem's `instance`). */
  readonly requestId: string;
  /** How many attempts were made, retries included. */
  readonly attempts: number;
  /** The server's Retry-After in milliseconds, when it sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(init: { status: number; problem?: Problem; requestId: string; attempts: number; message?: string; retryAfterMs?: number; cause?: unknown }) {
    const what = init.problem !== undefined ? `${init.problem.title}: ${init.problem.detail}` : (init.message ?? `HTTP ${init.status}`);
    super(`${init.status === 0 ? "no answer" : `HTTP ${init.status}`} (${what}; request ${init.requestId})`, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "NethicalApiError";
    this.status = init.status;
    this.problem = init.problem;
    this.requestId = init.requestId;
    this.attempts = init.attempts;
    this.retryAfterMs = init.retryAfterMs;
  }

  /** The problem's slug (`too-many-requests`, `validation-failed`, …) from `urn:nethical:problem:<slug>`. */
  get slug(): string | undefined {
    const type = this.problem?.type;
    return type?.startsWith("urn:nethical:problem:") ? type.slice("urn:nethical:problem:".length) : undefined;
  }
}

/**
 * A proof or a signed tree head from the server did not verify client-side. `reason` says which check
 * failed; the data must not be trusted.
 *
 * @example
 * try { await client.audit.event(id); } catch (e) { if (e instanceof ProofVerificationError) alert(e.reason); }
 */
export class ProofVerificationError extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(`audit proof rejected: ${reason}`);
    this.name = "ProofVerificationError";
    this.reason = reason;
  }
}

/** What every guard refusal carries: the decision that refused the tool call. */
export abstract class GuardRefusal extends Error {
  readonly decisionId: string;
  readonly decision: EvaluateResponse["decision"];
  readonly violations: Violation[];
  readonly explanation: Explanation;
  readonly response: EvaluateResponse;
  constructor(response: EvaluateResponse, what: string) {
    super(`${what} (decision ${response.decision_id}): ${response.explanation.summary}`);
    this.decisionId = response.decision_id;
    this.decision = response.decision;
    this.violations = response.violations;
    this.explanation = response.explanation;
    this.response = response;
  }
}

/**
 * The decision was BLOCK: the tool was not run.
 *
 * @example
 * try { await guarded({ path: "/etc/shadow" }); } catch (e) { if (e instanceof BlockedError) log(e.explanation.summary); }
 */
export class BlockedError extends GuardRefusal {
  constructor(response: EvaluateResponse) {
    super(response, "blocked by Nethical");
    this.name = "BlockedError";
  }
}

/**
 * The decision was TERMINATE: the tool was not run and the agent is stopped until an operator reinstates
 * it; the agent loop should end.
 *
 * @example
 * catch (e) { if (e instanceof TerminatedError) process.exit(1); }
 */
export class TerminatedError extends GuardRefusal {
  constructor(response: EvaluateResponse) {
    super(response, "agent terminated by Nethical");
    this.name = "TerminatedError";
  }
}

/**
 * A RESTRICT required human approval and the caller's `approve` callback said no (or none was given):
 * the tool was not run.
 *
 * @example
 * catch (e) { if (e instanceof ApprovalDeniedError) tellUser("not approved"); }
 */
export class ApprovalDeniedError extends GuardRefusal {
  constructor(response: EvaluateResponse) {
    super(response, "human approval required and not given");
    this.name = "ApprovalDeniedError";
  }
}
