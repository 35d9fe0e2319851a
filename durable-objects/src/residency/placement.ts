/**
 * THE residency seam: the only place that turns a tenant (id + residency) into a Durable Object stub or an
 * audit database. Every tenant object — AgentState, PolicyStore, AuditLog, WebhookOutbox, WebhookInbox,
 * StreamHub, MetricsStore, Oversight — is addressed here (security/src/residency-seam.test.ts fails if `idFromName`/`getByName`
 * on those bindings appears anywhere else), so no route can reach a tenant's data outside its jurisdiction.
 *
 * - `eu`  → `namespace.jurisdiction("eu")`, audit rows in `DATABASE_URL_EU` (unset: the AuditLog alone
 *   keeps them — never the default database).
 * - `us`  → `namespace.jurisdiction("us")` (Cloudflare's `us` jurisdiction; `fedramp` is a different,
 *   narrower one), audit rows in `DATABASE_URL`.
 * - `any` → the default namespace, `DATABASE_URL`; except that a PolicyStore of a region whose name starts
 *   with "eu" keeps the `eu` jurisdiction it always had (store-address.ts's rule, so existing stores stay
 *   addressable).
 *
 * workerd refuses jurisdictions locally, so the jurisdiction is applied only when `USE_JURISDICTIONS` is
 * "true"; otherwise the default namespace is used and the choice is still computed and reported to
 * {@link observePlacements} listeners (what the tests read). In a deployed environment (every ENVIRONMENT but
 * `development`) an `eu` or `us` tenant with jurisdictions off is refused (`misconfigured`), never served
 * from the default namespace.
 * The namespace's jurisdiction call itself is injectable ({@link useJurisdictionCall}).
 */
import { DurableObjectError } from "../errors.ts";
import { agentStateName, policyStoreName } from "../storage-keys.ts";
import { auditLogName } from "../audit-log/name.ts";
import { webhookOutboxName } from "../webhook-outbox/name.ts";
import { webhookInboxName } from "../webhook-inbox/name.ts";
import { streamHubName } from "../stream-hub/name.ts";
import { METRICS_REGISTRY_NAME, metricsStoreName } from "../metrics-store/name.ts";
import { oversightName } from "../oversight/name.ts";
import type { AuditDbEnv } from "../audit-log/postgres.ts";
import { regionOf } from "../policy-store/region.ts";
import type { Residency } from "./residency.ts";

/** A tenant as the seam needs it: its id and its residency. */
export interface TenantRef {
  readonly tenant: string;
  readonly residency: Residency;
}

/** The bindings of the per-tenant Durable Objects. */
export const TENANT_OBJECTS = ["AGENT_STATE", "POLICY_STORE", "AUDIT_LOG", "WEBHOOK_OUTBOX", "WEBHOOK_INBOX", "STREAM_HUB", "METRICS", "OVERSIGHT", "WITNESS"] as const;
export type TenantObject = (typeof TENANT_OBJECTS)[number];

/** The jurisdictions the seam uses. */
export type Jurisdiction = "eu" | "us";

/** The audit database secrets. */
export type AuditDatabaseSecret = "DATABASE_URL" | "DATABASE_URL_EU";

/** The config the seam reads (a subset of the Worker's Env). */
export interface ResidencyConfig {
  readonly ENVIRONMENT?: string;
  readonly USE_JURISDICTIONS?: string;
  readonly REGION?: string;
}

/**
 * Whether `config` is a deployed environment, which refuses to serve a resident tenant from the default
 * namespace: every ENVIRONMENT but "development" (an unset or misspelt one too: fail closed, as the
 * production configuration and the signing keys do).
 */
function deployed(config: ResidencyConfig): boolean {
  return config.ENVIRONMENT !== "development";
}

/** One addressing decision, as reported to observers. */
export type PlacementEvent =
  | { kind: "object"; object: TenantObject; name: string; tenant: string; residency: Residency; jurisdiction: Jurisdiction | null; applied: boolean }
  | { kind: "database"; tenant: string; residency: Residency; database: AuditDatabaseSecret; configured: boolean };

/** How a namespace is narrowed to a jurisdiction: `namespace.jurisdiction(j)` unless a test injects another. */
export type JurisdictionCall = <T extends Rpc.DurableObjectBranded | undefined>(namespace: DurableObjectNamespace<T>, jurisdiction: Jurisdiction) => DurableObjectNamespace<T>;

const realJurisdictionCall: JurisdictionCall = (namespace, jurisdiction) => namespace.jurisdiction(jurisdiction);
let jurisdictionCall: JurisdictionCall = realJurisdictionCall;
const listeners = new Set<(event: PlacementEvent) => void>();

/**
 * Replace the namespace's jurisdiction call (tests: workerd refuses the real one locally). Returns the undo.
 *
 * @example
 * const restore = useJurisdictionCall((ns, j) => { seen.push(j); return ns; });
 * try { … } finally { restore(); }
 */
export function useJurisdictionCall(call: JurisdictionCall): () => void {
  const before = jurisdictionCall;
  jurisdictionCall = call;
  return () => {
    jurisdictionCall = before;
  };
}

/**
 * Listen to every addressing decision the seam makes in this isolate (tests, diagnostics). Returns the unsubscribe.
 *
 * @example
 * const events: PlacementEvent[] = [];
 * const stop = observePlacements((e) => events.push(e));
 */
export function observePlacements(listener: (event: PlacementEvent) => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

function report(event: PlacementEvent): void {
  for (const listener of listeners) listener(event);
}

/**
 * The jurisdiction a tenant object belongs in (null: the default namespace), whether or not it is applied.
 *
 * @example
 * jurisdictionFor("eu", "AUDIT_LOG");                 // "eu"
 * jurisdictionFor("any", "POLICY_STORE", "eu-west");  // "eu" (the region rule PolicyStores always had)
 * jurisdictionFor("any", "AGENT_STATE");              // null
 */
export function jurisdictionFor(residency: Residency, object: TenantObject, region?: string): Jurisdiction | null {
  if (residency === "eu" || residency === "us") return residency;
  return object === "POLICY_STORE" && region !== undefined && region.startsWith("eu") ? "eu" : null;
}

/**
 * Whether jurisdictions are applied (`USE_JURISDICTIONS = "true"`; workerd refuses them locally).
 *
 * @example
 * jurisdictionsApplied({ USE_JURISDICTIONS: "true" }); // true
 */
export function jurisdictionsApplied(config: ResidencyConfig): boolean {
  return config.USE_JURISDICTIONS === "true";
}

/**
 * `namespace` narrowed to the jurisdiction `tenant`'s `object` belongs in, and the id of `name` in it.
 * Refuses (misconfigured) a resident tenant in staging/production when jurisdictions are off.
 *
 * @example
 * const ns = tenantNamespace(env, env.AUDIT_LOG, "AUDIT_LOG", { tenant: "acme", residency: "eu" }, "acme");
 */
export function tenantNamespace<T extends Rpc.DurableObjectBranded | undefined>(
  config: ResidencyConfig,
  namespace: DurableObjectNamespace<T>,
  object: TenantObject,
  ref: TenantRef,
  name: string,
  region?: string,
): DurableObjectNamespace<T> {
  const jurisdiction = jurisdictionFor(ref.residency, object, region);
  const applied = jurisdiction !== null && jurisdictionsApplied(config);
  if (jurisdiction !== null && !applied && ref.residency !== "any" && deployed(config)) {
    throw new DurableObjectError("misconfigured", `USE_JURISDICTIONS is not "true": a tenant of residency ${ref.residency} cannot be served`);
  }
  report({ kind: "object", object, name, tenant: ref.tenant, residency: ref.residency, jurisdiction, applied });
  return applied && jurisdiction !== null ? jurisdictionCall(namespace, jurisdiction) : namespace;
}

/** The bindings and config the stubs need. */
export type SeamEnv = ResidencyConfig & Pick<Env, TenantObject> & { readonly PEER_REGIONS?: string };

/**
 * The AgentState of `ref`'s agent `agentId`.
 *
 * @example
 * await agentStateStub(env, principal, "robot-7").decideAll(tenant, requests, ref, now);
 */
export function agentStateStub(env: SeamEnv, ref: TenantRef, agentId: string) {
  const name = agentStateName(ref.tenant, agentId);
  const ns = tenantNamespace(env, env.AGENT_STATE, "AGENT_STATE", ref, name);
  return ns.get(ns.idFromName(name));
}

/**
 * The PolicyStore of `ref` in `region` (default: this deployment's region).
 *
 * @example
 * await policyStoreStub(env, { tenant: "acme", residency: "eu" }).getActive("acme");
 */
export function policyStoreStub(env: SeamEnv, ref: TenantRef, region: string = regionOf(env)) {
  const name = policyStoreName(ref.tenant, region);
  const ns = tenantNamespace(env, env.POLICY_STORE, "POLICY_STORE", ref, name, region);
  return ns.get(ns.idFromName(name));
}

/**
 * The AuditLog of `ref`.
 *
 * @example
 * await auditLogStub(env, ref).append(ref.tenant, events);
 */
export function auditLogStub(env: SeamEnv, ref: TenantRef) {
  const name = auditLogName(ref.tenant);
  const ns = tenantNamespace(env, env.AUDIT_LOG, "AUDIT_LOG", ref, name);
  return ns.get(ns.idFromName(name));
}

/**
 * The WebhookOutbox of `ref`.
 *
 * @example
 * await webhookOutboxStub(env, ref).listSubscriptions(ref.tenant, Date.now());
 */
export function webhookOutboxStub(env: SeamEnv, ref: TenantRef) {
  const name = webhookOutboxName(ref.tenant);
  const ns = tenantNamespace(env, env.WEBHOOK_OUTBOX, "WEBHOOK_OUTBOX", ref, name);
  return ns.get(ns.idFromName(name));
}

/**
 * The WebhookInbox of `ref`.
 *
 * @example
 * await webhookInboxStub(env, ref).listSecrets(ref.tenant, "openai", Date.now());
 */
export function webhookInboxStub(env: SeamEnv, ref: TenantRef) {
  const name = webhookInboxName(ref.tenant);
  const ns = tenantNamespace(env, env.WEBHOOK_INBOX, "WEBHOOK_INBOX", ref, name);
  return ns.get(ns.idFromName(name));
}

/**
 * The StreamHub of `ref`.
 *
 * @example
 * await streamHubStub(env, ref).streams(ref.tenant);
 */
export function streamHubStub(env: SeamEnv, ref: TenantRef) {
  const name = streamHubName(ref.tenant);
  const ns = tenantNamespace(env, env.STREAM_HUB, "STREAM_HUB", ref, name);
  return ns.get(ns.idFromName(name));
}

/**
 * `ref`'s MetricsStore (its decision counts and latencies).
 *
 * @example
 * await metricsStoreStub(env, ref).snapshot(ref.tenant);
 */
export function metricsStoreStub(env: SeamEnv, ref: TenantRef) {
  const name = metricsStoreName(ref.tenant);
  const ns = tenantNamespace(env, env.METRICS, "METRICS", ref, name);
  return ns.get(ns.idFromName(name));
}

/**
 * `ref`'s Oversight object (approvals and appeals).
 *
 * @example
 * await oversightStub(env, ref).getApproval(ref.tenant, id, Date.now());
 */
export function oversightStub(env: SeamEnv, ref: TenantRef) {
  const name = oversightName(ref.tenant);
  const ns = tenantNamespace(env, env.OVERSIGHT, "OVERSIGHT", ref, name);
  return ns.get(ns.idFromName(name));
}

/**
 * `ref`'s Witness (cosigns its audit tree heads; durable-objects/src/witness/), in the tenant's jurisdiction.
 *
 * @example
 * await witnessStub(env, ref).lastCosigned(ref.tenant);
 */
export function witnessStub(env: SeamEnv, ref: TenantRef) {
  const name = ref.tenant;
  const ns = tenantNamespace(env, env.WITNESS, "WITNESS", ref, name);
  return ns.get(ns.idFromName(name));
}

/** Platform objects: one per deployment, holding no tenant's data (tenant ids at most), in the default namespace. */
export const PLATFORM_OBJECTS = { [METRICS_REGISTRY_NAME]: "METRICS" } as const;

/**
 * A platform object (PLATFORM_OBJECTS), addressed in the default namespace: it belongs to no tenant.
 *
 * @example
 * await platformObjectStub(env, "platform:metrics-registry").tenants();
 */
export function platformObjectStub<N extends keyof typeof PLATFORM_OBJECTS>(env: SeamEnv, name: N) {
  const ns = env[PLATFORM_OBJECTS[name]];
  return ns.get(ns.idFromName(name));
}

/**
 * What a deployed environment (not `development`) lacks to honour `residency` (empty when nothing, and
 * always empty in development): `USE_JURISDICTIONS` for `eu` and `us`, `DATABASE_URL_EU` for `eu`. Tenant
 * creation refuses a residency the deployment cannot honour.
 *
 * @example
 * residencyGaps({ ENVIRONMENT: "production", USE_JURISDICTIONS: "true" }, "eu"); // ["DATABASE_URL_EU"]
 */
export function residencyGaps(env: ResidencyConfig & { readonly DATABASE_URL_EU?: string }, residency: Residency): string[] {
  if (!deployed(env) || residency === "any") return [];
  const gaps: string[] = [];
  if (!jurisdictionsApplied(env)) gaps.push("USE_JURISDICTIONS");
  if (residency === "eu" && (typeof env.DATABASE_URL_EU !== "string" || env.DATABASE_URL_EU.trim() === "")) gaps.push("DATABASE_URL_EU");
  return gaps;
}

/** The secrets the audit database is chosen from. */
export type AuditDatabaseEnv = ResidencyConfig & AuditDbEnv & { readonly DATABASE_URL_EU?: string };

/**
 * Which secret holds the audit database of a residency.
 *
 * @example
 * auditDatabaseSecret("eu"); // "DATABASE_URL_EU"
 * auditDatabaseSecret("us"); // "DATABASE_URL"
 */
export function auditDatabaseSecret(residency: Residency): AuditDatabaseSecret {
  return residency === "eu" ? "DATABASE_URL_EU" : "DATABASE_URL";
}

/**
 * The audit database env (for openAuditDb / redriveToPostgres) of `ref`: `DATABASE_URL` set to the URL of
 * its residency's database, or unset when that secret is (then the AuditLog alone keeps the rows — an EU
 * tenant's rows never fall back to the default database). In a deployed environment an `eu` tenant without
 * `DATABASE_URL_EU` is refused (misconfigured).
 *
 * @example
 * const handle = openAuditDb(auditDatabaseFor(env, { tenant: "acme", residency: "eu" }));
 */
export function auditDatabaseFor(env: AuditDatabaseEnv, ref: TenantRef): AuditDbEnv {
  const secret = auditDatabaseSecret(ref.residency);
  const url = env[secret];
  const configured = typeof url === "string" && url.trim() !== "";
  if (!configured && secret === "DATABASE_URL_EU" && deployed(env)) {
    throw new DurableObjectError("misconfigured", "DATABASE_URL_EU is not set: the audit rows of a tenant of residency eu cannot be stored");
  }
  report({ kind: "database", tenant: ref.tenant, residency: ref.residency, database: secret, configured });
  return { ...(configured ? { DATABASE_URL: url } : {}), ...(env.NEON_WS_PROXY_PORT !== undefined ? { NEON_WS_PROXY_PORT: env.NEON_WS_PROXY_PORT } : {}) };
}
