/**
 * Webhook backoff: production's schedule (base 30 s) and the base read from the environment.
 */
import { describe, expect, it } from "vitest";
import { retryBaseSeconds, webhookRetryDelaySeconds } from "./backoff.ts";

describe("webhook backoff", () => {
  it("doubles from the base and stops at an hour: production's 8 retries", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => webhookRetryDelaySeconds(n, 30))).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600]);
    expect(webhookRetryDelaySeconds(50, 30)).toBe(3600);
    expect(webhookRetryDelaySeconds(0, 30)).toBe(30);
  });

  it("reads the base from WEBHOOK_RETRY_BASE_SECONDS, 30 when unset or invalid; 0 retries at once", () => {
    expect(retryBaseSeconds("30")).toBe(30);
    expect(retryBaseSeconds("1")).toBe(1);
    expect(retryBaseSeconds("0")).toBe(0);
    expect(retryBaseSeconds(undefined)).toBe(30);
    expect(retryBaseSeconds("soon")).toBe(30);
    expect(retryBaseSeconds("-5")).toBe(30);
    expect(webhookRetryDelaySeconds(4, 0)).toBe(0);
  });
});
