/**
 * What the fleet view lists: one record per device in Workers KV at `t:<tenant>:fleet:<device_id>`,
 * written by the sync hub (PolicyStore, `/v2/sync`) when a device authenticates and on each `ack` (which
 * carries the device's mode and active bundle hash, shared/src/sync/messages.ts) and when its socket
 * closes. KV because the view is read rarely (operators) and written at most about once a minute per device.
 */
import { z } from "zod";

/** What the fleet view shows about a device's attestation. */
export const AttestationFactsSchema = z
  .object({
    mode: z.enum(["tpm", "software"]),
    /** verified: the last quote passed; failed: the last sync was refused for attestation; software: nothing verified. */
    state: z.enum(["verified", "failed", "software"]),
    /** Plain words for operators, e.g. "software (development only: proves key possession, not hardware)". */
    summary: z.string().max(256),
    /** When a quote last verified (ISO), null if never. */
    verified_at: z.string().nullable(),
    /** The last attestation failure (kept after later successes), null if none. */
    last_failure: z.object({ code: z.string().max(64), message: z.string().max(512), at: z.string() }).strict().nullable(),
  })
  .strict();
export type AttestationFacts = z.infer<typeof AttestationFactsSchema>;

/** One device as the fleet view shows it. */
export const FleetRecordSchema = z
  .object({
    device_id: z.string().min(1).max(128),
    /** ISO instant of the last frame from the device. */
    last_seen: z.string(),
    /** The device's own mode from its last ack; OFFLINE once its socket closed. */
    mode: z.enum(["ONLINE", "DEGRADED", "OFFLINE"]).nullable(),
    /** Active bundle seq / hash the device reported (0 / null before its first bundle). */
    seq: z.number().int().nonnegative(),
    hash: z.string().nullable(),
    connected: z.boolean(),
    /** The last fleet control (terminate / reinstate / emergency stop) the device acknowledged applying; absent before its first. */
    control_seq: z.number().int().nonnegative().optional(),
    /** The policy key-set version (signing/key-set.ts) the device last acknowledged installing; absent before its first. */
    keyset_version: z.number().int().nonnegative().optional(),
    /**
     * Platform attestation at the last sync (attestation.ts): `tpm` quotes verified against the enrolled AK
     * and the tenant's PCR policy, or `software` (development only). Absent before the device's first sync.
     */
    attestation: AttestationFactsSchema.optional(),
    /** Set by `POST /v2/devices/{id}/revoke` (ISO time and reason): the device's sync and API key are refused. Absent = not revoked. */
    revoked: z.object({ at: z.string(), reason: z.string().max(512) }).strict().optional(),
  })
  .strict();
export type FleetRecord = z.infer<typeof FleetRecordSchema>;

/**
 * The KV key of a device's record (tenant-scoped like every key).
 *
 * @example
 * fleetKey("acme", "robot-7"); // "t:acme:fleet:robot-7"
 */
export function fleetKey(tenant: string, deviceId: string): string {
  return `${fleetPrefix(tenant)}${deviceId}`;
}

/**
 * The KV prefix of a tenant's fleet.
 *
 * @example
 * fleetPrefix("acme"); // "t:acme:fleet:"
 */
export function fleetPrefix(tenant: string): string {
  return `t:${tenant}:fleet:`;
}

/**
 * Record what the hub learned about a device (merged over the previous record).
 *
 * @example
 * await recordDeviceFacts(env.POLICY_KV, "acme", { device_id: "robot-7", mode: "ONLINE", seq: 4, hash, connected: true }, Date.now());
 */
export async function recordDeviceFacts(
  kv: KVNamespace,
  tenant: string,
  facts: Partial<FleetRecord> & { device_id: string },
  now: number,
): Promise<FleetRecord> {
  const key = fleetKey(tenant, facts.device_id);
  const previous = FleetRecordSchema.safeParse(await kv.get(key, "json"));
  const base: FleetRecord = previous.success
    ? previous.data
    : { device_id: facts.device_id, last_seen: new Date(now).toISOString(), mode: null, seq: 0, hash: null, connected: false };
  const record = FleetRecordSchema.parse({ ...base, ...facts, last_seen: new Date(now).toISOString() });
  await kv.put(key, JSON.stringify(record));
  return record;
}

/**
 * Every device record of a tenant, sorted by device id (at most `limit`).
 *
 * @example
 * const devices = await listFleet(env.POLICY_KV, "acme");
 */
export async function listFleet(kv: KVNamespace, tenant: string, limit: number = 1000): Promise<FleetRecord[]> {
  const out: FleetRecord[] = [];
  let cursor: string | undefined;
  do {
    const page: KVNamespaceListResult<unknown> = await kv.list({ prefix: fleetPrefix(tenant), ...(cursor !== undefined ? { cursor } : {}) });
    const values = await Promise.all(page.keys.map((k) => kv.get(k.name, "json")));
    for (const v of values) {
      const parsed = FleetRecordSchema.safeParse(v);
      if (parsed.success) out.push(parsed.data);
    }
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor !== undefined && out.length < limit);
  return out.sort((a, b) => (a.device_id < b.device_id ? -1 : 1)).slice(0, limit);
}
