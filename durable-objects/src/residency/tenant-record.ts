/**
 * The tenant record in Workers KV (`t:<tenant>:meta`: id, name, residency, creation time), written once when
 * the tenant is created, and the cached residency lookup every addressing path uses.
 *
 * The lookup is cheap on the hot path: residency never changes, so a found value is kept for the isolate's
 * life (authentication resolves it once and carries it in the Principal). A tenant with no record was
 * created before residency existed, or its record has not reached this location yet (KV propagates in
 * about 60 s): the tenant's PolicyStore in the default namespace is asked — and, where jurisdictions are
 * applied, in the `eu` and `us` ones — and its answer (the residency it was created with, `any` for an old
 * one) is exact. A tenant known to none is `unknown_tenant` — never guessed as `any`, so a new EU
 * tenant's data is never written to the default namespace.
 */
import { z } from "zod";
import { DurableObjectError } from "../errors.ts";
import { tenantMetaKey } from "../storage-keys.ts";
import { jurisdictionsApplied, policyStoreStub, type SeamEnv, type TenantRef } from "./placement.ts";
import { RESIDENCIES, storedResidency, type Residency } from "./residency.ts";

/** The stored tenant record. `residency` is absent only in records of a future migration's backfill. */
export const TenantRecordSchema = z
  .object({
    tenant: z.string(),
    name: z.string(),
    residency: z.enum(RESIDENCIES).optional(),
    created_at: z.string(),
  })
  .strict();
export type TenantRecord = z.infer<typeof TenantRecordSchema>;

/** How long an isolate remembers that a tenant is unknown (a found residency is kept for good). */
export const UNKNOWN_TENANT_TTL_MS = 5_000;
const MAX_CACHED = 10_000;
const cache = new Map<string, { residency: Residency | null; expires: number }>();

/**
 * Write the tenant record.
 *
 * @example
 * await putTenantRecord(env.POLICY_KV, { tenant: "acme", name: "Acme", residency: "eu", created_at });
 */
export async function putTenantRecord(kv: KVNamespace, record: TenantRecord): Promise<void> {
  await kv.put(tenantMetaKey(record.tenant), JSON.stringify(TenantRecordSchema.parse(record)));
  remember(record.tenant, storedResidency(record.residency), Number.POSITIVE_INFINITY);
}

/**
 * The tenant record, or null when there is none (or it is not a record of this tenant).
 *
 * @example
 * const record = await readTenantRecord(env.POLICY_KV, "acme"); // { tenant, name, residency, created_at }
 */
export async function readTenantRecord(kv: KVNamespace, tenant: string): Promise<TenantRecord | null> {
  const parsed = TenantRecordSchema.safeParse(await kv.get(tenantMetaKey(tenant), "json"));
  return parsed.success && parsed.data.tenant === tenant ? parsed.data : null;
}

/** The bindings the lookup reads. */
export type ResidencyLookupEnv = SeamEnv & { readonly POLICY_KV: KVNamespace };

/**
 * `tenant`'s residency: the isolate's cache, else the KV record, else the tenant's PolicyStore (default
 * namespace). Throws DurableObjectError `unknown_tenant` when no one knows the tenant.
 *
 * @example
 * const residency = await tenantResidency(env, "acme"); // "eu"
 */
export async function tenantResidency(env: ResidencyLookupEnv, tenant: string, now: number = Date.now()): Promise<Residency> {
  const hit = cache.get(tenant);
  if (hit !== undefined && hit.expires > now) {
    if (hit.residency === null) throw unknownTenant();
    return hit.residency;
  }
  const record = await readTenantRecord(env.POLICY_KV, tenant);
  if (record !== null) return remember(tenant, storedResidency(record.residency), Number.POSITIVE_INFINITY);
  // Where jurisdictions are off (locally) every store is in the default namespace: one place to ask.
  const places: Residency[] = jurisdictionsApplied(env) ? ["any", "eu", "us"] : ["any"];
  for (const residency of places) {
    const info = await policyStoreStub(env, { tenant, residency }).describe(tenant);
    if (info !== null) return remember(tenant, storedResidency(info.residency), Number.POSITIVE_INFINITY);
  }
  remember(tenant, null, now + UNKNOWN_TENANT_TTL_MS);
  throw unknownTenant();
}

/**
 * `tenant` with its residency, ready for the seam's stubs.
 *
 * @example
 * const ref = await tenantRef(env, "acme");
 * await auditLogStub(env, ref).treeHead("acme");
 */
export async function tenantRef(env: ResidencyLookupEnv, tenant: string): Promise<TenantRef> {
  return { tenant, residency: await tenantResidency(env, tenant) };
}

/**
 * Forget every cached residency: what a fresh isolate sees. For tests of the lookup.
 *
 * @example
 * forgetCachedResidencies();
 */
export function forgetCachedResidencies(): void {
  cache.clear();
}

function remember<R extends Residency | null>(tenant: string, residency: R, expires: number): R {
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(tenant, { residency, expires });
  return residency;
}

function unknownTenant(): DurableObjectError {
  return new DurableObjectError("unknown_tenant", "no tenant with that id");
}
