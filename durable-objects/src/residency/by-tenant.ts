/**
 * Tenant objects addressed by tenant id alone: each helper looks the tenant's residency up (cached for the
 * isolate's life after the first read, tenant-record.ts) and then addresses the object through the seam
 * (placement.ts). They return a stub-shaped object whose RPC methods (and `fetch`) wait for the lookup, so
 * a call site reads as before: `await auditLogFor(env, "acme").treeHead("acme")`. A tenant nobody knows
 * fails the call with DurableObjectError `unknown_tenant` (404 through callDurableObject).
 *
 * Use these where only the tenant id is at hand (queue consumers, unauthenticated entry points, Durable
 * Objects); where the residency is known (the authenticated Principal), call placement.ts directly.
 */
import {
  agentStateStub,
  auditLogStub,
  metricsStoreStub,
  oversightStub,
  policyStoreStub,
  streamHubStub,
  webhookInboxStub,
  webhookOutboxStub,
  witnessStub,
  type TenantRef,
} from "./placement.ts";
import { tenantRef, type ResidencyLookupEnv } from "./tenant-record.ts";

/**
 * A stub-shaped object whose method calls first resolve the real stub. Property reads other than methods
 * (`id`, `name`) are not available: nothing here needs them before the residency is known.
 *
 * @example
 * const store = deferredStub(async () => policyStoreStub(env, await tenantRef(env, "acme")));
 * await store.getActive("acme");
 */
export function deferredStub<S extends object>(resolve: () => Promise<S>): S {
  let stub: Promise<S> | null = null;
  const target = (): Promise<S> => {
    stub ??= resolve().catch((error: unknown) => {
      stub = null;
      throw error;
    });
    return stub;
  };
  return new Proxy({} as S, {
    get(_, property) {
      if (property === "then") return undefined; // not a thenable: `await stub` must not resolve it
      // Called as a member (not extracted): an RPC stub's methods are properties that are only callable so.
      return (...args: unknown[]) => target().then((s) => (s as unknown as Record<PropertyKey, (...a: unknown[]) => unknown>)[property]!(...args));
    },
  });
}

function lazily<S extends object>(env: ResidencyLookupEnv, tenant: string, address: (ref: TenantRef) => S): S {
  return deferredStub(async () => address(await tenantRef(env, tenant)));
}

/**
 * `tenant`'s PolicyStore in `region` (default: this deployment's), in the tenant's jurisdiction.
 *
 * @example
 * await policyStoreFor(env, "acme").getActive("acme");
 */
export function policyStoreFor(env: ResidencyLookupEnv, tenant: string, region?: string): ReturnType<typeof policyStoreStub> {
  return lazily(env, tenant, (ref) => policyStoreStub(env, ref, region));
}

/**
 * The AgentState of `tenant`'s agent `agentId`, in the tenant's jurisdiction.
 *
 * @example
 * await agentStateFor(env, "acme", "robot-7").snapshot("acme", "robot-7", Date.now());
 */
export function agentStateFor(env: ResidencyLookupEnv, tenant: string, agentId: string): ReturnType<typeof agentStateStub> {
  return lazily(env, tenant, (ref) => agentStateStub(env, ref, agentId));
}

/**
 * `tenant`'s AuditLog, in the tenant's jurisdiction.
 *
 * @example
 * await auditLogFor(env, "acme").treeHead("acme");
 */
export function auditLogFor(env: ResidencyLookupEnv, tenant: string): ReturnType<typeof auditLogStub> {
  return lazily(env, tenant, (ref) => auditLogStub(env, ref));
}

/**
 * `tenant`'s WebhookOutbox, in the tenant's jurisdiction.
 *
 * @example
 * await webhookOutboxFor(env, "acme").listSubscriptions("acme", Date.now());
 */
export function webhookOutboxFor(env: ResidencyLookupEnv, tenant: string): ReturnType<typeof webhookOutboxStub> {
  return lazily(env, tenant, (ref) => webhookOutboxStub(env, ref));
}

/**
 * `tenant`'s WebhookInbox, in the tenant's jurisdiction.
 *
 * @example
 * await webhookInboxFor(env, "acme").listSecrets("acme", "openai", Date.now());
 */
export function webhookInboxFor(env: ResidencyLookupEnv, tenant: string): ReturnType<typeof webhookInboxStub> {
  return lazily(env, tenant, (ref) => webhookInboxStub(env, ref));
}

/**
 * `tenant`'s StreamHub, in the tenant's jurisdiction.
 *
 * @example
 * await streamHubFor(env, "acme").streams("acme");
 */
export function streamHubFor(env: ResidencyLookupEnv, tenant: string): ReturnType<typeof streamHubStub> {
  return lazily(env, tenant, (ref) => streamHubStub(env, ref));
}

/**
 * `tenant`'s MetricsStore, in the tenant's jurisdiction.
 *
 * @example
 * await metricsStoreFor(env, "acme").snapshot("acme");
 */
export function metricsStoreFor(env: ResidencyLookupEnv, tenant: string): ReturnType<typeof metricsStoreStub> {
  return lazily(env, tenant, (ref) => metricsStoreStub(env, ref));
}

/**
 * `tenant`'s Oversight object, in the tenant's jurisdiction.
 *
 * @example
 * await oversightFor(env, "acme").getApproval("acme", id, Date.now());
 */
export function oversightFor(env: ResidencyLookupEnv, tenant: string): ReturnType<typeof oversightStub> {
  return lazily(env, tenant, (ref) => oversightStub(env, ref));
}

/**
 * `tenant`'s Witness (the cosigner of its audit tree heads), in the tenant's jurisdiction.
 *
 * @example
 * await witnessFor(env, "acme").publicKey("acme");
 */
export function witnessFor(env: ResidencyLookupEnv, tenant: string): ReturnType<typeof witnessStub> {
  return lazily(env, tenant, (ref) => witnessStub(env, ref));
}
