/**
 * Where API keys live: Workers KV, one record per key at `t:<tenant>:key:<key_id>` holding the SHA-256
 * of the key (never the key), its role and its revocation time, with a short per-isolate L1 cache.
 *
 * Why KV: the key is checked on every request at every PoP, so the lookup must be a local read, not a
 * round trip to one Durable Object somewhere else. The key format carries the tenant and key id, so the
 * read is tenant-scoped and needs no global hash index. Revocation writes `revoked_at` (the record is
 * kept so listings show it) and evicts the isolate's cached copy: it takes effect at once in the isolate
 * that revoked it, and elsewhere within KEY_CACHE_TTL_MS plus KV's propagation time (about 60 s).
 */
import { z } from "zod";
import { apiKeyKey, apiKeyPrefix } from "@nethical/durable-objects/storage-keys";
import { ROLES } from "./principal.ts";

/** How long an isolate trusts its cached copy of a key record. */
export const KEY_CACHE_TTL_MS = 5_000;

/** The stored key record. */
export const ApiKeyRecordSchema = z
  .object({
    key_id: z.string(),
    tenant: z.string(),
    role: z.enum(ROLES),
    label: z.string().optional(),
    /** For role `device`: the one device this key speaks for. */
    device_id: z.string().optional(),
    /** For role `agent`, optional: the only agent ids this key may evaluate for (unset: any of the tenant's). */
    agent_ids: z.array(z.string()).optional(),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    created_at: z.string(),
    revoked_at: z.string().optional(),
  })
  .strict();
export type ApiKeyRecord = z.infer<typeof ApiKeyRecordSchema>;

/** What listings show: the record without its hash. */
export type ApiKeyMeta = Omit<ApiKeyRecord, "hash">;

const cache = new Map<string, { record: ApiKeyRecord | null; expires: number }>();
const MAX_CACHED = 10_000;

/**
 * Store a new key record.
 *
 * @example
 * await putApiKey(env.POLICY_KV, { key_id, tenant, role: "agent", hash, created_at });
 */
export async function putApiKey(kv: KVNamespace, record: ApiKeyRecord): Promise<void> {
  const { hash: _hash, ...meta } = record;
  await kv.put(apiKeyKey(record.tenant, record.key_id), JSON.stringify(record), { metadata: meta });
  cache.delete(apiKeyKey(record.tenant, record.key_id));
}

/**
 * Read a key record (L1 cache first, then KV). Null when it does not exist or is unreadable.
 *
 * @example
 * const record = await getApiKey(env.POLICY_KV, "acme", "0123456789abcdef");
 */
export async function getApiKey(kv: KVNamespace, tenant: string, keyId: string, now: number = Date.now()): Promise<ApiKeyRecord | null> {
  const name = apiKeyKey(tenant, keyId);
  const hit = cache.get(name);
  if (hit !== undefined && hit.expires > now) return hit.record;
  const raw = await kv.get(name, "json");
  const parsed = ApiKeyRecordSchema.safeParse(raw);
  const record = parsed.success && parsed.data.tenant === tenant && parsed.data.key_id === keyId ? parsed.data : null;
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(name, { record, expires: now + KEY_CACHE_TTL_MS });
  return record;
}

/**
 * All of a tenant's keys (active and revoked), without hashes, oldest first.
 *
 * @example
 * const keys = await listApiKeys(env.POLICY_KV, "acme");
 */
export async function listApiKeys(kv: KVNamespace, tenant: string): Promise<ApiKeyMeta[]> {
  const out: ApiKeyMeta[] = [];
  let cursor: string | undefined;
  do {
    const page: KVNamespaceListResult<unknown, string> = await kv.list({ prefix: apiKeyPrefix(tenant), ...(cursor ? { cursor } : {}) });
    for (const key of page.keys) {
      const meta = ApiKeyRecordSchema.omit({ hash: true }).safeParse(key.metadata);
      if (meta.success) out.push(meta.data);
    }
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor !== undefined && out.length < 10_000);
  return out.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.key_id.localeCompare(b.key_id));
}

/**
 * Revoke a key: keeps the record with `revoked_at` set and drops this isolate's cached copy. Returns
 * the updated record, or null when the key does not exist. Revoking twice keeps the first time.
 *
 * @example
 * await revokeApiKey(env.POLICY_KV, "acme", "0123456789abcdef", new Date().toISOString());
 */
export async function revokeApiKey(kv: KVNamespace, tenant: string, keyId: string, at: string): Promise<ApiKeyRecord | null> {
  const name = apiKeyKey(tenant, keyId);
  cache.delete(name);
  const parsed = ApiKeyRecordSchema.safeParse(await kv.get(name, "json"));
  if (!parsed.success) return null;
  const record: ApiKeyRecord = { ...parsed.data, revoked_at: parsed.data.revoked_at ?? at };
  await putApiKey(kv, record);
  return record;
}

/**
 * Drop every cached key record: what a fresh isolate sees. For tests of the KV path.
 *
 * @example
 * forgetCachedKeys();
 */
export function forgetCachedKeys(): void {
  cache.clear();
}
