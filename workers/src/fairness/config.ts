/**
 * The tenant's fairness setting, in KV under `t:{tenant}:fairness`: the context field cohorts come from,
 * the values the tenant declares (so reports can name them), and the random salt of the cohort
 * pseudonyms (created once; kept when the field changes, so a cohort keeps its id). Read on the decision
 * path in `waitUntil` only, cached per isolate for {@link FAIRNESS_CACHE_TTL_MS}: one KV read per
 * isolate per half minute, not one per decision.
 */
import { base64UrlDecode, base64UrlEncode, COHORT_FIELD_PATTERN } from "@nethical/core";
import { z } from "zod";

/** How long an isolate trusts its cached setting (a changed field applies to decisions after this). */
export const FAIRNESS_CACHE_TTL_MS = 30_000;

const Value = z.union([z.string().min(1).max(128), z.number(), z.boolean()]);

/** Body of `PUT /v2/fairness/config`. */
export const FairnessConfigInputSchema = z
  .object({
    field: z.string().regex(COHORT_FIELD_PATTERN, "field is a context path: letters, digits, _ and -, up to 4 dotted levels").describe("Context field the cohorts come from, e.g. `applicant_group` for `context.applicant_group`"),
    values: z.array(Value).max(100).default([]).describe("The values you expect, so reports name their cohorts (others appear as pseudonyms)"),
  })
  .strict();
export type FairnessConfigInput = z.infer<typeof FairnessConfigInputSchema>;

const StoredSchema = z.strictObject({ field: z.string(), values: z.array(Value), salt: z.string(), updated_at: z.string() });
/** The stored setting (the salt never leaves the Worker). */
export type FairnessConfig = z.infer<typeof StoredSchema>;

/**
 * The KV key of a tenant's setting.
 *
 * @example
 * fairnessConfigKey("acme"); // "t:acme:fairness"
 */
export function fairnessConfigKey(tenant: string): string {
  return `t:${tenant}:fairness`;
}

const cache = new Map<string, { at: number; config: FairnessConfig | null }>();

/**
 * The tenant's setting, or null when it names no field (cached per isolate).
 *
 * @example
 * const config = await readFairnessConfig(env.POLICY_KV, "acme", Date.now());
 */
export async function readFairnessConfig(kv: KVNamespace, tenant: string, now: number, fresh = false): Promise<FairnessConfig | null> {
  const cached = cache.get(tenant);
  if (!fresh && cached !== undefined && now - cached.at < FAIRNESS_CACHE_TTL_MS) return cached.config;
  const parsed = StoredSchema.safeParse(await kv.get(fairnessConfigKey(tenant), "json"));
  const config = parsed.success ? parsed.data : null;
  cache.set(tenant, { at: now, config });
  return config;
}

/**
 * Save the setting (keeping the salt, or creating one); returns the setting before and after.
 *
 * @example
 * const { before, after } = await writeFairnessConfig(env.POLICY_KV, "acme", { field: "group", values: ["A", "B"] }, Date.now());
 */
export async function writeFairnessConfig(kv: KVNamespace, tenant: string, input: FairnessConfigInput, now: number): Promise<{ before: FairnessConfig | null; after: FairnessConfig }> {
  const before = await readFairnessConfig(kv, tenant, now, true);
  const salt = before?.salt ?? base64UrlEncode(crypto.getRandomValues(new Uint8Array(32)));
  const after: FairnessConfig = { field: input.field, values: input.values, salt, updated_at: new Date(now).toISOString() };
  await kv.put(fairnessConfigKey(tenant), JSON.stringify(after));
  cache.set(tenant, { at: now, config: after });
  return { before, after };
}

/**
 * The salt's bytes.
 *
 * @example
 * await cohortKey(saltBytes(config));
 */
export function saltBytes(config: FairnessConfig): Uint8Array {
  return base64UrlDecode(config.salt);
}

/**
 * The public view of a setting (no salt).
 *
 * @example
 * c.json(publicConfig(config));
 */
export function publicConfig(config: FairnessConfig | null): { field: string | null; values: (string | number | boolean)[]; updated_at: string | null } {
  return { field: config?.field ?? null, values: config?.values ?? [], updated_at: config?.updated_at ?? null };
}
