/**
 * Reconnect delays: capped exponential backoff with full jitter (AWS Architecture Blog, "Exponential
 * Backoff And Jitter"): attempt n waits a uniform random time in [0, min(cap, base · 2ⁿ)], so a fleet
 * that lost the server at the same moment does not come back in lock-step.
 */

/**
 * The delay before reconnect attempt `attempt` (0-based); `random` returns [0, 1).
 *
 * @example
 * backoffDelay(3, 500, 30_000, () => 0.5); // 2000
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(Math.max(0, attempt), 30));
  return Math.floor(random() * ceiling);
}
