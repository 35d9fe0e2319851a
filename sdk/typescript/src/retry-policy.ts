/**
 * When to retry and how long to wait. Pure: the transport passes in the clock and the random source.
 *
 * Retried statuses are 429 (a limit is spent) and 503 (a dependency of the Worker was unavailable; only
 * for requests safe to repeat, which the transport decides). The
 * wait is the server's `Retry-After` (seconds or an HTTP date) when it sent one, else the reset of its
 * `RateLimit` headers when they say nothing is left (`RateLimit-Remaining: 0` + `RateLimit-Reset`, or the
 * structured `RateLimit: "…";r=0;t=<s>`), else exponential back-off; plus jitter so that many clients
 * told the same Retry-After do not come back in the same millisecond. A server wait longer than the cap
 * is not retried: the error reaches the caller with `retryAfterMs`, who may decide to wait.
 */

/** Statuses the client retries. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/** Retry settings (all optional on the client; these are the defaults). */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2. */
  retries: number;
  /** First back-off when the server gives no wait, doubled each retry. Default 250 ms. */
  baseDelayMs: number;
  /** Longest wait before one retry; a server asking for more is not retried. Default 30 s. */
  maxDelayMs: number;
  /** Extra random wait, as a fraction of the wait (0.1 = up to +10 %, at least up to 50 ms). Default 0.1. */
  jitter: number;
}

/** The defaults of {@link RetryOptions}. */
export const DEFAULT_RETRY: RetryOptions = Object.freeze({ retries: 2, baseDelayMs: 250, maxDelayMs: 30_000, jitter: 0.1 });

/**
 * A `Retry-After` value in milliseconds: delay-seconds or an HTTP date (RFC 9110 §10.2.3), or undefined.
 *
 * @example
 * parseRetryAfter("60", 0); // 60000
 * parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("Wed, 21 Oct 2015 07:27:00 GMT")); // 60000
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d{1,10}$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * The wait until the rate limit resets, in milliseconds, when the `RateLimit` headers say nothing is left:
 * the Worker's `RateLimit-Remaining`/`RateLimit-Reset` (seconds), or the structured-field form
 * `RateLimit: "policy";r=0;t=10` of the current IETF draft (with `RateLimit-Policy` describing the quota).
 *
 * @example
 * rateLimitResetMs(new Headers({ "ratelimit-remaining": "0", "ratelimit-reset": "3" })); // 3000
 * rateLimitResetMs(new Headers({ ratelimit: '"default";r=0;t=10' })); // 10000
 */
export function rateLimitResetMs(headers: Headers): number | undefined {
  const remaining = headers.get("ratelimit-remaining");
  const reset = headers.get("ratelimit-reset");
  if (remaining !== null && reset !== null && Number(remaining) === 0 && /^\d{1,10}$/.test(reset.trim())) return Number(reset.trim()) * 1000;
  const structured = headers.get("ratelimit");
  if (structured === null) return undefined;
  for (const item of structured.split(",")) {
    const params = new Map(item.split(";").slice(1).map((p) => {
      const [k, v] = p.trim().split("=");
      return [k ?? "", v ?? ""] as const;
    }));
    const r = params.get("r");
    const t = params.get("t");
    if (r !== undefined && Number(r) === 0 && t !== undefined && /^\d{1,10}$/.test(t)) return Number(t) * 1000;
  }
  return undefined;
}

/**
 * How long the server asked the client to wait, from `Retry-After` or the `RateLimit` headers.
 *
 * @example
 * serverWaitMs(new Headers({ "retry-after": "2" }), Date.now()); // 2000
 */
export function serverWaitMs(headers: Headers, nowMs: number): number | undefined {
  return parseRetryAfter(headers.get("retry-after"), nowMs) ?? rateLimitResetMs(headers);
}

/**
 * The wait before retry number `retry` (1-based), or undefined when the client must not retry (no retries
 * left, or the server asked for longer than `maxDelayMs`). `random` is in [0, 1).
 *
 * @example
 * retryDelayMs({ retry: 1, serverWaitMs: 60_000, options: DEFAULT_RETRY, random: 0 }); // undefined (over the 30 s cap)
 * retryDelayMs({ retry: 1, serverWaitMs: 2_000, options: DEFAULT_RETRY, random: 0.5 }); // 2100
 * retryDelayMs({ retry: 2, serverWaitMs: undefined, options: DEFAULT_RETRY, random: 0 }); // 500
 */
export function retryDelayMs(input: { retry: number; serverWaitMs: number | undefined; options: RetryOptions; random: number }): number | undefined {
  const { retry, serverWaitMs: server, options, random } = input;
  if (retry > options.retries) return undefined;
  if (server !== undefined && server > options.maxDelayMs) return undefined;
  const wait = server ?? Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  const spread = Math.max(50, wait * options.jitter);
  return Math.round(wait + random * spread);
}
