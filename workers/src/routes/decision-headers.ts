/**
 * Headers of a decision response: `X-Nethical-Policy-Version`, the agent's `X-Nethical-Agent-Seq`,
 * RateLimit headers from the agent's token bucket, and `X-Nethical-Degraded` when the fail-safe answered.
 */
import type { RoutedDecision } from "../decide/decide-requests.ts";

/**
 * Response headers for one outcome.
 *
 * @example
 * decisionHeaders(outcome); // { "x-nethical-policy-version": "…", "ratelimit-limit": "600", … }
 */
export function decisionHeaders(outcome: RoutedDecision): Record<string, string> {
  const headers: Record<string, string> = {
    "x-nethical-policy-version": outcome.response.policy_version,
    "cache-control": "no-store",
  };
  if (outcome.seq !== null) headers["x-nethical-agent-seq"] = String(outcome.seq);
  if (outcome.rate !== null) {
    headers["ratelimit-limit"] = String(outcome.rate.limit);
    headers["ratelimit-remaining"] = String(outcome.rate.remaining);
    headers["ratelimit-reset"] = String(outcome.rate.reset_s);
  }
  if (outcome.degraded !== null) headers["x-nethical-degraded"] = outcome.degraded;
  return headers;
}
