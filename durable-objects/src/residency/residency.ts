/**
 * A tenant's data residency: where its Durable Objects run and store data and which Postgres database holds
 * its audit rows. Set once, when the tenant is created (POST /v2/admin/tenants), and never changed: a
 * Durable Object's jurisdiction is part of its id, so moving a tenant means a new tenant (README "Data
 * residency"). Tenants created before residency existed have no record of it and read as `any`.
 */

/** The residencies a tenant can have: the EU, the United States, or no constraint. */
export const RESIDENCIES = ["eu", "us", "any"] as const;
export type Residency = (typeof RESIDENCIES)[number];

/** The residency of a tenant whose record has none (created before residency existed), and the default at creation. */
export const DEFAULT_RESIDENCY: Residency = "any";

/**
 * Whether `value` is a residency.
 *
 * @example
 * isResidency("eu"); // true
 * isResidency("EU"); // false
 */
export function isResidency(value: unknown): value is Residency {
  return typeof value === "string" && (RESIDENCIES as readonly string[]).includes(value);
}

/**
 * The residency stored in a tenant record: the value when it is one, `any` when the record has none.
 * Anything else is a corrupt record and throws (never silently placed elsewhere).
 *
 * @example
 * storedResidency(undefined); // "any" (a tenant created before residency existed)
 * storedResidency("eu");      // "eu"
 */
export function storedResidency(value: unknown): Residency {
  if (value === undefined || value === null) return DEFAULT_RESIDENCY;
  if (isResidency(value)) return value;
  throw new TypeError("tenant record has an unknown residency");
}
