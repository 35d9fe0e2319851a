/**
 * Backoff between webhook delivery attempts: `base × 2^(n-1)` seconds after the n-th attempt, at most an
 * hour. Production's base is 30 s (wrangler.toml `WEBHOOK_RETRY_BASE_SECONDS`): 30 s, 1, 2, 4, 8, 16, 32
 * min, 1 h over the queue's 8 retries (about 2 h in all); tests set a base of 0 or 1.
 */

/** Longest delay between two attempts. */
export const MAX_WEBHOOK_RETRY_DELAY_S = 3600;
/** The base when WEBHOOK_RETRY_BASE_SECONDS is unset or not a number. */
export const DEFAULT_WEBHOOK_RETRY_BASE_S = 30;

/**
 * The base delay from the environment's text value.
 *
 * @example
 * retryBaseSeconds("30"); // 30
 * retryBaseSeconds(undefined); // 30
 */
export function retryBaseSeconds(raw: string | undefined): number {
  const n = raw === undefined || raw.trim() === "" ? Number.NaN : Number(raw);
  return Number.isFinite(n) && n >= 0 ? Math.min(n, MAX_WEBHOOK_RETRY_DELAY_S) : DEFAULT_WEBHOOK_RETRY_BASE_S;
}

/**
 * Seconds to wait after attempt `attempts` (1 = the first) with base `base`.
 *
 * @example
 * webhookRetryDelaySeconds(1, 30); // 30
 * webhookRetryDelaySeconds(3, 30); // 120
 * webhookRetryDelaySeconds(9, 30); // 3600
 */
export function webhookRetryDelaySeconds(attempts: number, base: number): number {
  const n = Number.isInteger(attempts) && attempts >= 1 ? attempts : 1;
  return Math.min(Math.round(base * 2 ** Math.min(n - 1, 20)), MAX_WEBHOOK_RETRY_DELAY_S);
}
