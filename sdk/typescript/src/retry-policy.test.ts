import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY, parseRetryAfter, rateLimitResetMs, retryDelayMs, serverWaitMs } from "./retry-policy.ts";

describe("retry policy", () => {
  it("reads Retry-After as seconds or an HTTP date", () => {
    expect(parseRetryAfter("60", 0)).toBe(60_000);
    expect(parseRetryAfter(" 0 ", 0)).toBe(0);
    const now = Date.parse("Wed, 21 Oct 2015 07:27:00 GMT");
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now)).toBe(60_000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:26:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });

  it("reads the Worker's RateLimit headers only when nothing is left", () => {
    expect(rateLimitResetMs(new Headers({ "ratelimit-limit": "3", "ratelimit-remaining": "0", "ratelimit-reset": "3" }))).toBe(3000);
    expect(rateLimitResetMs(new Headers({ "ratelimit-remaining": "2", "ratelimit-reset": "3" }))).toBeUndefined();
    expect(rateLimitResetMs(new Headers({ ratelimit: '"default";r=0;t=10', "ratelimit-policy": '"default";q=100;w=60' }))).toBe(10_000);
    expect(rateLimitResetMs(new Headers({ ratelimit: '"default";r=5;t=10' }))).toBeUndefined();
  });

  it("prefers Retry-After over the RateLimit reset", () => {
    expect(serverWaitMs(new Headers({ "retry-after": "2", "ratelimit-remaining": "0", "ratelimit-reset": "9" }), 0)).toBe(2000);
    expect(serverWaitMs(new Headers({ "ratelimit-remaining": "0", "ratelimit-reset": "9" }), 0)).toBe(9000);
    expect(serverWaitMs(new Headers(), 0)).toBeUndefined();
  });

  it("waits at least what the server asked plus bounded jitter, and does not retry when it asks for more than the cap", () => {
    const options = { ...DEFAULT_RETRY, maxDelayMs: 65_000 };
    expect(retryDelayMs({ retry: 1, serverWaitMs: 60_000, options, random: 0 })).toBe(60_000);
    expect(retryDelayMs({ retry: 1, serverWaitMs: 60_000, options, random: 0.999 })).toBe(65_994);
    expect(retryDelayMs({ retry: 1, serverWaitMs: 60_000, options: DEFAULT_RETRY, random: 0 })).toBeUndefined();
    expect(retryDelayMs({ retry: 3, serverWaitMs: 1, options: DEFAULT_RETRY, random: 0 })).toBeUndefined();
  });

  it("backs off exponentially when the server gave no wait", () => {
    const waits = [1, 2].map((retry) => retryDelayMs({ retry, serverWaitMs: undefined, options: DEFAULT_RETRY, random: 0 }));
    expect(waits).toEqual([250, 500]);
    expect(retryDelayMs({ retry: 2, serverWaitMs: undefined, options: { ...DEFAULT_RETRY, maxDelayMs: 300 }, random: 0 })).toBe(300);
  });
});
