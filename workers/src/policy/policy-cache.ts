/**
 * L2: the Cache API of this colo (`caches.default`), holding signed bundles under an immutable version URL
 * (`https://policy-cache.nethical.internal/t/<tenant>/bundle/<seq>/<hash>`). A version URL names exactly one
 * bundle, so entries never need invalidating for correctness; the emergency flush deletes them anyway.
 * Bundles read from here are verified like any other copy. Missing Cache API (some test runtimes) = miss.
 */
import type { PolicyBundle } from "@nethical/core";
import { parseBundle } from "@nethical/durable-objects/policy/fetch-bundle";

const ORIGIN = "https://policy-cache.nethical.internal";

/** How long a colo keeps a bundle (immutable content; the seq pointer decides which one is current). */
export const L2_MAX_AGE_S = 86_400;

/**
 * The version URL of a bundle.
 *
 * @example
 * bundleCacheUrl("acme", { seq: 3, hash }); // "https://policy-cache.nethical.internal/t/acme/bundle/3/<hash>"
 */
export function bundleCacheUrl(tenant: string, ref: { seq: number; hash: string }): string {
  return `${ORIGIN}/t/${encodeURIComponent(tenant)}/bundle/${ref.seq}/${ref.hash}`;
}

function cache(): Cache | null {
  return typeof caches === "undefined" ? null : (caches as unknown as { default: Cache }).default;
}

/**
 * The cached bundle for `ref`, or null (miss, or not that tenant's bundle with that seq and hash).
 *
 * @example
 * const bundle = await cacheGetBundle("acme", { seq: 3, hash });
 */
export async function cacheGetBundle(tenant: string, ref: { seq: number; hash: string }): Promise<PolicyBundle | null> {
  const c = cache();
  if (c === null) return null;
  try {
    const hit = await c.match(bundleCacheUrl(tenant, ref));
    return hit === undefined ? null : parseBundle(await hit.json(), tenant, ref);
  } catch {
    return null;
  }
}

/**
 * Store a (verified) bundle under its version URL. Never throws.
 *
 * @example
 * await cachePutBundle(bundle);
 */
export async function cachePutBundle(bundle: PolicyBundle): Promise<void> {
  const c = cache();
  if (c === null) return;
  const response = new Response(JSON.stringify(bundle), {
    headers: { "content-type": "application/json", "cache-control": `public, max-age=${L2_MAX_AGE_S}, immutable` },
  });
  await c.put(bundleCacheUrl(bundle.tenant, bundle), response).catch(() => undefined);
}

/**
 * Delete cached bundles of `tenant` for the given versions (emergency flush). Returns how many were deleted.
 *
 * @example
 * await cacheDeleteBundles("acme", [{ seq: 3, hash }]);
 */
export async function cacheDeleteBundles(tenant: string, refs: readonly { seq: number; hash: string }[]): Promise<number> {
  const c = cache();
  if (c === null) return 0;
  let deleted = 0;
  for (const ref of refs) if (await c.delete(bundleCacheUrl(tenant, ref)).catch(() => false)) deleted++;
  return deleted;
}
