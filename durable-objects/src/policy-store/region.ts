/**
 * A deployment's region (`REGION`, default "local") and the regions its PolicyStores exchange deltas with
 * (`PEER_REGIONS`, comma-separated). Kept apart from store-address.ts so the residency seam can read the
 * region without importing the stub helpers built on it.
 */
import { DEFAULT_REGION } from "../storage-keys.ts";
import { DurableObjectError } from "../errors.ts";

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
