/**
 * A small circuit breaker for the consumer's Postgres inserts, per isolate: after a failed insert,
 * batches in the next few seconds do not wait on a dead database (each attempt can take the whole connect
 * timeout) — they still append to the AuditLog, which is what sequences and keeps the events, and retry
 * their messages with backoff. The first batch after the pause tries Postgres again.
 */

/** How long to skip Postgres after a failed insert. */
export const DB_PAUSE_MS = 5_000;

let pausedUntil = 0;

/**
 * Whether the consumer should try Postgres now.
 *
 * @example
 * if (!dbAvailable(Date.now())) retryAll(items, retryDelaySeconds);
 */
export function dbAvailable(now: number): boolean {
  return now >= pausedUntil;
}

/**
 * Record a failed insert (pause) or a successful one (close the breaker).
 *
 * @example
 * recordDbResult(false, Date.now());
 */
export function recordDbResult(ok: boolean, now: number): void {
  pausedUntil = ok ? 0 : now + DB_PAUSE_MS;
}
