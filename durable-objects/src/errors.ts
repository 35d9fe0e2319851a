/**
 * How the Durable Objects report that something did not happen. Two forms, one rule:
 *
 * - A **refusal** is a normal answer the caller acts on (a lifecycle transition the state machine forbids, a
 *   bundle that fails verification, a proof range outside the log, an agent that is not terminated). The
 *   RPC method returns a {@link Refusal} in a result union `{ ok: true, … } | { ok: false, code, message }`,
 *   each method with its own closed set of codes.
 * - A **failure** is a call that cannot be served (the tenant does not exist, the object was addressed with
 *   another tenant's or agent's name, a bad argument, no active bundle, missing configuration, a broken
 *   invariant). The method throws a {@link DurableObjectError} with a {@link DurableObjectErrorCode}.
 * - `null` (or an empty list) only ever means "there is no such thing" in a read (`getPolicy`, `proof`,
 *   `snapshot`), never a failure.
 *
 * Workers RPC keeps only an error's message and standard type name (not its class or own properties), so the
 * code travels in the message as `[code] detail`; {@link durableObjectErrorOf} turns a caught error back
 * into a DurableObjectError on the calling side.
 */

/** Every failure code a Durable Object throws. */
export const DURABLE_OBJECT_ERROR_CODES = [
  /** The tenant has no state in this object (never created, or not this region's yet). */
  "unknown_tenant",
  /** The object was called with another tenant's or agent's name than the one it holds. */
  "wrong_object",
  /** The arguments cannot be served (e.g. a batch with no requests, or requests for two agents). */
  "invalid_call",
  /** The tenant has no active policy bundle, or the bundle asked for does not exist. */
  "no_bundle",
  /** A policy bundle the object needs failed verification (signature, hash, tenant); the detail names the code. */
  "bundle_refused",
  /** A bundle would not raise the seq (seqs only grow). */
  "seq_not_growing",
  /** Configuration is missing or malformed (a signing key that is not a JWK, a bad REGION). */
  "misconfigured",
  /** A remote signing service (the tree-head KMS) failed or did not answer; nothing was signed. */
  "signer_unavailable",
  /** A WebSocket tag or attachment is over its limit. */
  "socket_limit",
  /** An invariant broke (a step that must produce a value did not). */
  "internal",
  /** The runtime monitor refused a step that would break a safety property (a tree head that would shrink or rewrite the log). */
  "monitor_violation",
] as const;

export type DurableObjectErrorCode = (typeof DURABLE_OBJECT_ERROR_CODES)[number];

const CODES: ReadonlySet<string> = new Set(DURABLE_OBJECT_ERROR_CODES);
const MESSAGE_RE = /^\[([a-z_]+)\] ([\s\S]*)$/;

/** A Durable Object failure with its code. The message is `[code] detail`, so the code survives RPC. */
export class DurableObjectError extends Error {
  readonly code: DurableObjectErrorCode;
  readonly detail: string;

  /**
   * @example
   * throw new DurableObjectError("unknown_tenant", "tenant does not exist");
   */
  constructor(code: DurableObjectErrorCode, detail: string) {
    super(`[${code}] ${detail}`);
    this.name = "DurableObjectError";
    this.code = code;
    this.detail = detail;
  }
}

/**
 * The DurableObjectError behind `error`, whether thrown in this isolate or received over RPC (where only
 * the message survives), or undefined for any other error.
 *
 * @example
 * try { await stub.setPolicy(tenant, policy, Date.now()); }
 * catch (error) { if (durableObjectErrorOf(error)?.code === "unknown_tenant") … }
 */
export function durableObjectErrorOf(error: unknown): DurableObjectError | undefined {
  if (error instanceof DurableObjectError) return error;
  if (!(error instanceof Error)) return undefined;
  const m = MESSAGE_RE.exec(error.message);
  if (m === null || !CODES.has(m[1] as string)) return undefined;
  return new DurableObjectError(m[1] as DurableObjectErrorCode, m[2] as string);
}

/** A refusal: the `ok: false` side of a Durable Object method's result union, with that method's codes. */
export interface Refusal<C extends string> {
  readonly ok: false;
  readonly code: C;
  readonly message: string;
}

/**
 * Build a refusal.
 *
 * @example
 * return refuse("not_terminated", "the agent is not terminated");
 */
export function refuse<C extends string>(code: C, message: string): Refusal<C> {
  return { ok: false, code, message };
}
