/**
 * Where a tenant's PolicyStore lives: one Durable Object per tenant × region, named `<tenant>:<region>`.
 * The region comes from config (`REGION`, default "local"); the other regions it exchanges deltas with from
 * `PEER_REGIONS` (comma-separated). The stub itself comes from the residency seam
 * (`policyStoreStub` in residency/placement.ts), which chooses the jurisdiction from the tenant's residency
 * (and, for residency `any`, keeps the `eu` jurisdiction of regions whose name starts with "eu").
 */
import { policyStoreFor } from "../residency/by-tenant.ts";
import type { ResidencyLookupEnv } from "../residency/tenant-record.ts";
import { REGION_PATTERN, regionOf } from "./region.ts";

export { peerRegions, regionOf, REGION_PATTERN, type RegionConfig } from "./region.ts";

/**
 * The stub of `tenant`'s PolicyStore in `region` (default: this deployment's region), addressed through the
 * residency seam in the tenant's jurisdiction (the residency is looked up, cached per isolate).
 *
 * @example
 * const store = policyStoreStub(env, "acme");
 * await store.getActive("acme");
 */
export function policyStoreStub(env: ResidencyLookupEnv, tenant: string, region?: string): ReturnType<typeof policyStoreFor> {
  return policyStoreFor(env, tenant, region);
}

/**
 * Split a store name `<tenant>:<region>` back into its parts, or null when it is not one.
 *
 * @example
 * parseStoreName("acme:eu-west"); // { tenant: "acme", region: "eu-west" }
 */
export function parseStoreName(name: string | undefined): { tenant: string; region: string } | null {
  if (name === undefined) return null;
  const at = name.lastIndexOf(":");
  if (at <= 0) return null;
  const region = name.slice(at + 1);
  return REGION_PATTERN.test(region) ? { tenant: name.slice(0, at), region } : null;
}
