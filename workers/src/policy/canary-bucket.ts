/**
 * Which agents a canary covers: agent ids are hashed (FNV-1a, 32 bit) into 100 buckets; an agent is in a
 * `percent`% canary when its bucket is below `percent`. Deterministic: the same agent is always in or out
 * for the same percentage, on every PoP, and raising the percentage only adds agents.
 */

/**
 * The agent's bucket, 0–99.
 *
 * @example
 * canaryBucket("robot-7"); // e.g. 42, always the same
 */
export function canaryBucket(agentId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < agentId.length; i++) {
    hash ^= agentId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 100;
}

/**
 * Whether `agentId` is in a canary of `percent` (0–100).
 *
 * @example
 * inCanary("robot-7", 10); // true for about 10% of agent ids
 */
export function inCanary(agentId: string, percent: number): boolean {
  return canaryBucket(agentId) < percent;
}
