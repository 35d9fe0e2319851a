/**
 * PolicyStore Durable Object, one per tenant (name `<tenant>`): the source of truth for the tenant's
 * policy bundles (minimal version; the CRDT store comes later). It creates the tenant with
 * `defaultPolicy()` as seq 1, makes a new bundle with seq + 1 for each policy change, refuses any bundle
 * whose seq does not grow, and copies the active bundle to Workers KV (kv-sync.ts). Changes are
 * serialised in-object because building a bundle awaits WebCrypto (other calls may run meanwhile).
 */
import { DurableObject } from "cloudflare:workers";
import { createBundle, defaultPolicy, PolicyBundleSchema, verifyBundleHash, type PolicyBundle, type PolicyDocument } from "../../../shared/src/index.ts";
import { bundleMeta, type BundleMeta } from "./bundle-meta.ts";
import { activeBundle, appendBundle, bundleBySeq, ensureBundleSchema, getMeta, setMeta } from "./bundle-table.ts";
import { copyBundleToKv, retryKvCopy } from "./kv-sync.ts";

/** A tenant as PolicyStore knows it. */
export interface TenantInfo {
  tenant: string;
  name: string;
  created_at: string;
  active: BundleMeta;
}

export class PolicyStore extends DurableObject<Env> {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ensureBundleSchema(ctx.storage.sql);
  }

  /**
   * Create the tenant with the default policy as seq 1. `created` is false when it already existed.
   *
   * @example
   * const { created, tenant } = await stub.createTenant("acme", "Acme Robotics", Date.now());
   */
  createTenant(tenant: string, name: string, now: number): Promise<{ created: boolean; tenant: TenantInfo }> {
    return this.serial(async () => {
      const sql = this.ctx.storage.sql;
      const existing = getMeta(sql, "tenant");
      if (existing !== null) {
        this.checkTenant(tenant);
        return { created: false, tenant: this.info() };
      }
      const bundle = await createBundle(tenant, 1, defaultPolicy());
      setMeta(sql, "tenant", tenant);
      setMeta(sql, "name", name);
      setMeta(sql, "created_at", new Date(now).toISOString());
      appendBundle(sql, bundle, now);
      await copyBundleToKv(this.ctx, this.env.POLICY_KV, bundle);
      return { created: true, tenant: this.info() };
    });
  }

  /**
   * The tenant's record and active bundle meta, or null when the tenant was never created.
   *
   * @example
   * const info = await stub.describe("acme");
   */
  describe(tenant: string): TenantInfo | null {
    if (getMeta(this.ctx.storage.sql, "tenant") === null) return null;
    this.checkTenant(tenant);
    return this.info();
  }

  /**
   * The active bundle, or null when the tenant was never created.
   *
   * @example
   * const bundle = await stub.getActive("acme");
   */
  getActive(tenant: string): PolicyBundle | null {
    if (getMeta(this.ctx.storage.sql, "tenant") === null) return null;
    this.checkTenant(tenant);
    return activeBundle(this.ctx.storage.sql);
  }

  /**
   * A bundle by seq (active or older), or null.
   *
   * @example
   * const bundle = await stub.getBundle("acme", 3);
   */
  getBundle(tenant: string, seq: number): PolicyBundle | null {
    if (getMeta(this.ctx.storage.sql, "tenant") === null) return null;
    this.checkTenant(tenant);
    return bundleBySeq(this.ctx.storage.sql, seq);
  }

  /**
   * Make `policy` the active policy: a new bundle with seq = active seq + 1. Throws when the tenant does
   * not exist.
   *
   * @example
   * const bundle = await stub.setPolicy("acme", parsePolicy(yamlText, "yaml"), Date.now());
   */
  setPolicy(tenant: string, policy: PolicyDocument, now: number): Promise<PolicyBundle> {
    return this.serial(async () => {
      const active = this.getActive(tenant);
      if (active === null) throw new Error("tenant does not exist");
      const bundle = await createBundle(tenant, active.seq + 1, policy);
      appendBundle(this.ctx.storage.sql, bundle, now);
      await copyBundleToKv(this.ctx, this.env.POLICY_KV, bundle);
      return bundle;
    });
  }

  /**
   * Install a bundle made elsewhere (sync from another region or a device). Refused unless it is this
   * tenant's, well formed, its hash matches its content, and its seq is above the active seq.
   *
   * @example
   * const result = await stub.installBundle("acme", bundle, Date.now()); // { installed: false, reason: "…" }
   */
  installBundle(tenant: string, bundle: unknown, now: number): Promise<{ installed: boolean; reason?: string }> {
    return this.serial(async () => {
      const active = this.getActive(tenant);
      if (active === null) return { installed: false, reason: "tenant does not exist" };
      const parsed = PolicyBundleSchema.safeParse(bundle);
      if (!parsed.success || parsed.data.tenant !== tenant) return { installed: false, reason: "not a bundle for this tenant" };
      if (parsed.data.seq <= active.seq) return { installed: false, reason: `seq ${parsed.data.seq} is not above ${active.seq}` };
      if (!(await verifyBundleHash(parsed.data))) return { installed: false, reason: "hash does not match the content" };
      appendBundle(this.ctx.storage.sql, parsed.data, now);
      await copyBundleToKv(this.ctx, this.env.POLICY_KV, parsed.data);
      return { installed: true };
    });
  }

  /** Retry copying the active bundle to KV after a failed write. */
  override async alarm(): Promise<void> {
    await retryKvCopy(this.ctx, this.env.POLICY_KV);
  }

  private info(): TenantInfo {
    const sql = this.ctx.storage.sql;
    const active = activeBundle(sql);
    if (active === null) throw new Error("tenant has no active bundle");
    return {
      tenant: getMeta(sql, "tenant") ?? "",
      name: getMeta(sql, "name") ?? "",
      created_at: getMeta(sql, "created_at") ?? "",
      active: bundleMeta(active),
    };
  }

  private checkTenant(tenant: string): void {
    if (getMeta(this.ctx.storage.sql, "tenant") !== tenant) throw new Error("PolicyStore called with another tenant's name");
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
