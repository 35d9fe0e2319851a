/**
 * Backoff for audit messages that could not be stored yet: 1, 2, 4, … seconds, at most a minute. With
 * `max_retries = 10` (wrangler.toml) a message keeps trying for about four minutes before it is
 * dead-lettered (and then parked in the AuditLog outbox, which keeps trying on its own).
 */

/** Longest delay between two attempts. */
export const MAX_RETRY_DELAY_S = 60;

/**
 * Delay before the next attempt of a message that has been tried `attempts` times (1 = first delivery).
 *
 * @example
 * retryDelaySeconds(1); // 1
 * retryDelaySeconds(4); // 8
 * retryDelaySeconds(20); // 60
 */
export function retryDelaySeconds(attempts: number): number {
  const n = Number.isInteger(attempts) && attempts >= 1 ? attempts : 1;
  return Math.min(2 ** Math.min(n - 1, 16), MAX_RETRY_DELAY_S);
}
