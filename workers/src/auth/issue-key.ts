/**
 * Issuing an API key: a fresh secret, stored only as its SHA-256 (key-store.ts). The secret is returned
 * to the caller exactly once.
 */
import { generateApiKey, hashApiKey } from "./api-key.ts";
import { type ApiKeyMeta, type ApiKeyRecord, putApiKey } from "./key-store.ts";
import type { Role } from "./principal.ts";

/**
 * Create and store a key for `tenant`; returns its metadata and the secret (show it once, never log it).
 *
 * @example
 * const { meta, secret } = await issueApiKey(env.POLICY_KV, "acme", "agent", { label: "ci" });
 */
export async function issueApiKey(
  kv: KVNamespace,
  tenant: string,
  role: Role,
  extras: { label?: string; device_id?: string; agent_ids?: readonly string[] } = {},
): Promise<{ meta: ApiKeyMeta; secret: string }> {
  const { keyId, token } = generateApiKey(tenant);
  const record: ApiKeyRecord = { key_id: keyId, tenant, role, hash: await hashApiKey(token), created_at: new Date().toISOString() };
  if (extras.label !== undefined) record.label = extras.label;
  if (extras.device_id !== undefined) record.device_id = extras.device_id;
  if (extras.agent_ids !== undefined) record.agent_ids = [...extras.agent_ids];
  await putApiKey(kv, record);
  const { hash: _hash, ...meta } = record;
  return { meta, secret: token };
}
