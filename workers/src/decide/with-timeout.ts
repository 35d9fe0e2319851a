/**
 * Deadlines for dependencies (KV, Durable Objects): a slow dependency must not make the Worker miss its
 * SLO; the caller falls back to the fail-safe answer instead.
 */

/** Deadline for one Durable Object call. */
export const DO_TIMEOUT_MS = 3_000;
/** Deadline for one KV read. */
export const KV_TIMEOUT_MS = 1_500;

/** Raised when a dependency misses its deadline. */
export class DependencyTimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`${what} did not answer within ${ms} ms`);
    this.name = "DependencyTimeoutError";
  }
}

/**
 * `promise`, or a DependencyTimeoutError after `ms`. The timer is cleared either way.
 *
 * @example
 * const result = await withTimeout(stub.decide(tenant, request, ref, now), DO_TIMEOUT_MS, "AgentState");
 */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DependencyTimeoutError(what, ms)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
