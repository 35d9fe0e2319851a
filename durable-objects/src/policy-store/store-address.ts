/**
 * Where a tenant's PolicyStore lives: one Durable Object per tenant × region, named `<tenant>:<region>`.
 * The region comes from config (`REGION`, default "local"); the other regions it exchanges deltas with from
 * `PEER_REGIONS` (comma-separated). The stub itself comes from the residency seam
 * (`policyStoreStub` in residency/placement.ts), which chooses the jurisdiction from the tenant's residency
 * (and, for residency `any`, keeps the `eu` jurisdiction of regions whose name starts with "eu").
 */
import { DEFAULT_REGION } from "../storage-keys.ts";
import { DurableObjectError } from "../errors.ts";
import { policyStoreFor } from "../residency/by-tenant.ts";
import type { ResidencyLookupEnv } from "../residency/tenant-record.ts";

/** Region names: 1–32 characters of lower-case letters, digits and hyphens. */
export const REGION_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** The config a PolicyStore address is built from (a subset of the Worker's Env). */
export interface RegionConfig {
  readonly REGION?: string;
  readonly PEER_REGIONS?: string;
  readonly USE_JURISDICTIONS?: string;
}

/**
 * This deployment's region.
 *
 * @example
 * regionOf({ REGION: "eu-west" }); // "eu-west"
 * regionOf({});                    // "local"
 */
export function regionOf(config: RegionConfig): string {
  const region = (config.REGION ?? "").trim();
  if (region === "") return DEFAULT_REGION;
  if (!REGION_PATTERN.test(region)) throw new DurableObjectError("misconfigured", "REGION must be 1–32 characters of [a-z0-9-]");
  return region;
}

/**
 * The configured regions other than `self`, de-duplicated; malformed names are ignored.
 *
 * @example
 * peerRegions({ PEER_REGIONS: "eu-west, us-east" }, "eu-west"); // ["us-east"]
 */
export function peerRegions(config: RegionConfig, self: string): string[] {
  const names = (config.PEER_REGIONS ?? "").split(",").map((r) => r.trim());
  return [...new Set(names.filter((r) => r !== "" && r !== self && REGION_PATTERN.test(r)))];
}

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
