/**
 * Device revocation (`POST /v2/devices/{id}/revoke`, operator/admin): the record is marked revoked (sync
 * then refuses the device with `device_revoked`, before any signature check), every open `/v2/sync` session
 * of the device is closed with that code on each PolicyStore that serves the tenant's devices, the device's
 * own API keys (role `device`, bound to this id) are revoked, and the fleet view shows it revoked. Revoking a
 * revoked device changes nothing and says so.
 *
 * Propagation: the revoked record and the API keys are in Workers KV, read at every connect and request;
 * another location may read the old value for up to about a minute (KV's propagation, plus the key store's
 * 5 s isolate cache). Sessions already open are closed at once on every store reached.
 */
import { keySetSubscribers } from "@nethical/durable-objects/policy/key-set-store";
import { peerRegions, policyStoreStub, regionOf } from "@nethical/durable-objects/policy-store/store-address";
import { recordDeviceFacts } from "@nethical/durable-objects/policy-store/fleet-records";
import { listApiKeys, revokeApiKey, type ApiKeyMeta } from "../auth/key-store.ts";
import { DO_TIMEOUT_MS } from "../decide/with-timeout.ts";
import { callDurableObject } from "../durable-object-call.ts";
import { readDevice, writeDevice, type DeviceRecord } from "./device-registry.ts";

/** What a revocation did. */
export interface RevocationOutcome {
  record: DeviceRecord;
  /** False when the device was already revoked (nothing changed). */
  changed: boolean;
  /** The device API keys revoked now (their records after revocation). */
  revokedKeys: ApiKeyMeta[];
  /** Sessions closed, stores reached and stores that could not be reached (their devices are refused on reconnect). */
  sessions_closed: number;
  stores: { reached: string[]; missed: string[] };
}

/** The regions whose PolicyStore may hold a session of the tenant's devices: this one, its peers, and every registered one. */
async function syncRegions(env: Env, tenant: string): Promise<string[]> {
  const local = regionOf(env);
  const registered = (await keySetSubscribers(env.POLICY_KV, 1000, tenant).catch(() => [])).map((s) => s.region);
  return [...new Set([local, ...peerRegions(env, local), ...registered])];
}

/**
 * Revoke a device. Returns null when there is no such device.
 *
 * @example
 * const outcome = await revokeDevice(env, "acme", "robot-7", "stolen", "k_7f01", Date.now());
 */
export async function revokeDevice(env: Env, tenant: string, deviceId: string, reason: string, actorKeyId: string, now: number): Promise<RevocationOutcome | null> {
  const record = await readDevice(env.POLICY_KV, tenant, deviceId);
  if (record === null) return null;
  const at = new Date(now).toISOString();
  const changed = record.revoked === undefined;
  const revoked: DeviceRecord = changed ? { ...record, revoked: { at, reason, actor_key_id: actorKeyId } } : record;
  if (changed) await writeDevice(env.POLICY_KV, tenant, revoked);
  // The device's own API keys (even on a repeat, in case an earlier revocation stopped half-way).
  const apiKeys: ApiKeyMeta[] = [];
  for (const key of await listApiKeys(env.POLICY_KV, tenant)) {
    if (key.role !== "device" || key.device_id !== deviceId || key.revoked_at !== undefined) continue;
    const after = await revokeApiKey(env.POLICY_KV, tenant, key.key_id, at);
    if (after !== null) {
      const { hash: _hash, ...meta } = after;
      apiKeys.push(meta);
    }
  }
  let sessionsClosed = 0;
  const stores = { reached: [] as string[], missed: [] as string[] };
  for (const region of await syncRegions(env, tenant)) {
    try {
      sessionsClosed += await callDurableObject(policyStoreStub(env, tenant, region).disconnectRevokedDevice(tenant, deviceId), "PolicyStore", DO_TIMEOUT_MS, "unreachable");
      stores.reached.push(region);
    } catch {
      stores.missed.push(region);
    }
  }
  const revokedFacts = revoked.revoked ?? { at, reason };
  await recordDeviceFacts(env.POLICY_KV, tenant, { device_id: deviceId, connected: false, revoked: { at: revokedFacts.at, reason: revokedFacts.reason } }, now);
  return { record: revoked, changed, revokedKeys: apiKeys, sessions_closed: sessionsClosed, stores };
}

/**
 * Lift a revocation (a forced re-enrolment by an admin): the fleet record no longer shows the device revoked.
 *
 * @example
 * await clearFleetRevocation(env.POLICY_KV, "acme", "robot-7", Date.now());
 */
export async function clearFleetRevocation(kv: KVNamespace, tenant: string, deviceId: string, now: number): Promise<void> {
  await recordDeviceFacts(kv, tenant, { device_id: deviceId, revoked: undefined }, now);
}
