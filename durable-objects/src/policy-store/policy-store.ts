/**
 * PolicyStore Durable Object, one per tenant × region (name `<tenant>:<region>`, store-address.ts): the
 * source of truth for the tenant's policies. Its state is a CRDT replica (shared/src/crdt: every policy
 * version a whole-document LWW register, OR-set membership, LWW active pointer) persisted in SQLite and
 * exchanged with the peer regions' stores on alarms (anti-entropy.ts). Activations become signed bundles
 * (publish.ts) whose seq only grows; each is copied to Workers KV and pushed to every device connected over
 * the hibernating `/v2/sync` WebSocket (sync-session.ts). Changes are serialised in-object because signing
 * and KV writes await.
 */
import { DurableObject } from "cloudflare:workers";
import {
  BundleVerificationError,
  FLEET_CONTROL_DOMAIN,
  FleetControlError,
  keyUsability,
  PING_TEXT,
  PolicyBundleSchema,
  PONG_TEXT,
  signFleetControl,
  verifyBundleWithKeySet,
  verifyFleetControlWithKeySet,
  type FleetControl,
  type FleetControlKind,
  type FleetControlRefusal,
  type PolicyBundle,
  type PolicyDocument,
  type PolicyReplica,
} from "@nethical/core";
import { deviceKey } from "../storage-keys.ts";
import { readDeviceAttestation, readPcrPolicy, recordAttestationOutcome } from "./attestation-records.ts";
import { policyKeySet, policySigner } from "../policy/signing-keys.ts";
import { keySetChain, keySetsAfter, rememberKeySetSubscriber } from "../policy/key-set-store.ts";
import { exchangeWithPeer, receiveExchange, type ExchangeReply } from "./anti-entropy.ts";
import { bundleMeta, type BundleMeta } from "./bundle-meta.ts";
import { activeBundle, appendBundle, bundleBySeq, ensureBundleSchema, getMeta, setMeta } from "./bundle-table.ts";
import { canaryOf, type CanaryInfo } from "./canary.ts";
import { copyBundleToKv, retryKvCopy } from "./kv-sync.ts";
import * as ops from "./store-operations.ts";
import { loadReplica, saveReplica } from "./replica-table.ts";
import { parseStoreName, peerRegions, regionOf } from "./store-address.ts";
import { policyStoreStub, type TenantRef } from "../residency/placement.ts";
import { storedResidency, type Residency } from "../residency/residency.ts";
import { acceptSyncSocket } from "./sync-accept.ts";
import { recordDeviceFacts } from "./fleet-records.ts";
import { type DeviceAuthRecord, type SyncHost, attachmentOf, catchUpKeySets, disconnectDevice, handleSyncMessage, pushBundle, pushControl } from "./sync-session.ts";
import { appendControl, controlsAfter, controlState, emergencyStopOf, ensureControlSchema, lastControlSeq, type ControlState } from "./fleet-controls.ts";
import { planTransition, isRefusal, type TransitionRefusal, type TransitionTarget } from "./transition.ts";
import { publishGateErrors } from "./policy-gate.ts";
import type { VersionInfo } from "./policy-versions.ts";
import { DurableObjectError, refuse, type Refusal } from "../errors.ts";

/** A tenant as PolicyStore knows it. */
export interface TenantInfo {
  tenant: string;
  name: string;
  created_at: string;
  /** Where the tenant's data lives (residency/residency.ts); `any` for a tenant created before residency existed. */
  residency: Residency;
  active: BundleMeta;
}

/** Result of a lifecycle transition: the version and the active bundle, or a refusal (durable-objects/src/errors.ts). */
export type TransitionResult =
  | { ok: true; version: VersionInfo; active: BundleMeta | null }
  | (Refusal<TransitionRefusal["code"]> & { errors?: unknown[] });

/** Result of createTenant: the new tenant, or the refusal `exists` with the tenant as it is. */
export type CreateTenantResult = { ok: true; tenant: TenantInfo } | (Refusal<"exists"> & { tenant: TenantInfo });

/** Why installBundle refused a bundle: the tenant is unknown, it is not a bundle, or a verification code. */
export type InstallRefusalCode = "unknown_tenant" | "malformed" | BundleVerificationError["code"];

/** Result of installBundle: the bundle now active, or a refusal with its code. */
export type InstallResult = { ok: true; active: BundleMeta } | Refusal<InstallRefusalCode>;

/** What an operator asks a fleet control to do (issueControl). */
export interface ControlRequest {
  kind: FleetControlKind;
  agent_id?: string;
  reason: string;
  actor_key_id: string;
}

/**
 * Result of issueControl: the signed control, the state after it and the peer regions it reached (those
 * missed get it on their next control or catch-up), or a refusal: the stop is `already_engaged` / `not_engaged`.
 */
export type IssueControlResult =
  | { ok: true; control: FleetControl; state: ControlState; regions: { reached: string[]; missed: string[] } }
  | Refusal<"already_engaged" | "not_engaged">;

/** Result of installControl (a peer region's store receiving a control): applied now, or already held; or refused. */
export type InstallControlResult = { ok: true; applied: boolean } | Refusal<FleetControlRefusal> | (Refusal<"gap"> & { last_seq: number });

/** Delay between a local change and the anti-entropy exchange it triggers, and the steady interval. */
export const ANTI_ENTROPY_SOON_MS = 200;
export const ANTI_ENTROPY_INTERVAL_MS = 30_000;
/** Delay before a fleet control is handed again to a peer region that missed it. */
export const CONTROL_RETRY_MS = 1_000;

export class PolicyStore extends DurableObject<Env> {
  private queue: Promise<unknown> = Promise.resolve();
  private replicaCache: PolicyReplica | undefined;
  private keySetSubscribed = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ensureBundleSchema(ctx.storage.sql);
    ensureControlSchema(ctx.storage.sql);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING_TEXT, PONG_TEXT));
  }

  /**
   * Create the tenant with the default policy active as seq 1, remembering its residency (the seam addressed
   * this store by it); the refusal `exists` when it already existed.
   */
  createTenant(tenant: string, name: string, now: number, residency: Residency = "any"): Promise<CreateTenantResult> {
    return this.serial(async (): Promise<CreateTenantResult> => {
      if (getMeta(this.ctx.storage.sql, "tenant") !== null) {
        this.checkTenant(tenant);
        return { ...refuse("exists", "a tenant with that id already exists"), tenant: this.info() };
      }
      this.adopt(tenant, name, now, residency);
      await this.mutate(now, (r) => ops.seedDefault(r, now));
      return { ok: true, tenant: this.info() };
    });
  }

  /** The tenant's record and active bundle meta, or null when the tenant was never created here. */
  describe(tenant: string): TenantInfo | null {
    return this.known(tenant) ? this.info() : null;
  }

  /** The active signed bundle, or null. */
  getActive(tenant: string): PolicyBundle | null {
    return this.known(tenant) ? activeBundle(this.ctx.storage.sql) : null;
  }

  /** A published bundle by seq, or null. */
  getBundle(tenant: string, seq: number): PolicyBundle | null {
    if (!this.known(tenant)) return null;
    const canary = canaryOf(this.ctx.storage.sql);
    return bundleBySeq(this.ctx.storage.sql, seq) ?? (canary?.bundle.seq === seq ? canary.bundle : null);
  }

  /** The canary (percentage and signed bundle), or null. */
  getCanary(tenant: string): CanaryInfo | null {
    return this.known(tenant) ? canaryOf(this.ctx.storage.sql) : null;
  }

  /** Every policy with its versions (no documents). */
  listPolicies(tenant: string): { policy_id: string; versions: VersionInfo[] }[] {
    return this.known(tenant) ? ops.listPolicies(this.replica().state) : [];
  }

  /** One policy's versions (`withDocuments` adds each version's document), or null. */
  getPolicy(tenant: string, policyId: string, withDocuments = false): { policy_id: string; versions: (VersionInfo & { policy?: unknown })[] } | null {
    return this.known(tenant) ? ops.getPolicy(this.replica().state, policyId, withDocuments) : null;
  }

  /** Create a new version of `policyId` in quarantine. Throws when the tenant does not exist. */
  createVersion(tenant: string, policyId: string, policy: PolicyDocument, meta: { author?: string; note?: string }, now: number): Promise<VersionInfo> {
    return this.serial(async () => {
      this.requireTenant(tenant);
      let created: VersionInfo | undefined;
      await this.mutate(now, (r) => {
        const next = ops.writeNewVersion(r, policyId, policy, meta, now);
        created = next.info;
        return next.replica;
      });
      if (created === undefined) throw new DurableObjectError("internal", "version not created");
      return created;
    });
  }

  /** Move a version through the lifecycle (quarantine → canary → active → deprecated; rollback). */
  transition(tenant: string, policyId: string, version: number, to: TransitionTarget, options: { canaryPercent?: number; author?: string }, now: number): Promise<TransitionResult> {
    return this.serial(async () => {
      this.requireTenant(tenant);
      const plan = planTransition(this.replica().state, policyId, version, to, { ...options, gate: publishGateErrors });
      if (isRefusal(plan)) return { ...refuse(plan.code, plan.message), ...(plan.errors === undefined ? {} : { errors: plan.errors }) };
      await this.mutate(now, (r) => ops.applyPlan(r, plan, now));
      const active = activeBundle(this.ctx.storage.sql);
      return { ok: true, version: ops.infoOf(plan.result), active: active === null ? null : bundleMeta(active) };
    });
  }

  /** `PUT /v2/policies/active`: a new version of the active policy, activated at once. Returns its bundle. */
  setPolicy(tenant: string, policy: PolicyDocument, now: number): Promise<PolicyBundle> {
    return this.serial(async () => {
      this.requireTenant(tenant);
      await this.mutate(now, (r) => ops.writeAndActivate(r, policy, now));
      const bundle = activeBundle(this.ctx.storage.sql);
      if (bundle === null) throw new DurableObjectError("internal", "no active bundle after activation");
      return bundle;
    });
  }

  /**
   * Install a signed bundle made elsewhere (`POST /v2/policies/bundles`, e.g. signed offline on a PKCS#11
   * token). Refused (with the verification code) unless signed by a trusted key, unmodified, this tenant's,
   * and newer than the active bundle. The bundle itself, with its own signature, goes to devices and the KV copy.
   */
  installBundle(tenant: string, bundle: unknown, now: number): Promise<InstallResult> {
    return this.serial(async (): Promise<InstallResult> => {
      if (!this.known(tenant)) return refuse("unknown_tenant", "tenant does not exist");
      const parsed = PolicyBundleSchema.safeParse(bundle);
      if (!parsed.success) return refuse("malformed", "not a policy bundle");
      const current = activeBundle(this.ctx.storage.sql)?.seq ?? 0;
      try {
        await verifyBundleWithKeySet(parsed.data, await policyKeySet(this.env), { tenant, minSeq: current, rejectEqualSeq: true });
      } catch (error) {
        if (error instanceof BundleVerificationError) return refuse(error.code, error.message);
        throw error;
      }
      // The bundle as signed offline is what devices and isolates get: recorded first, so publishing finds
      // the active version already bundled under its seq and signs nothing of its own.
      appendBundle(this.ctx.storage.sql, parsed.data, now);
      await this.mutate(now, (r) => ops.installVersion(r, parsed.data, now));
      for (const ws of this.ctx.getWebSockets()) pushBundle(ws, parsed.data, "bundle");
      await copyBundleToKv(this.ctx, this.env.POLICY_KV, parsed.data);
      return { ok: true, active: bundleMeta(parsed.data) };
    });
  }

  /**
   * Issue a fleet control (terminate / reinstate an agent, engage / release the emergency stop): signed with
   * the policy key under the next control seq, stored, pushed to every connected device, then handed to the
   * peer regions' stores. Call it on the tenant's control home region (controlHomeRegion) so one store
   * numbers the tenant's controls.
   */
  issueControl(tenant: string, request: ControlRequest, now: number): Promise<IssueControlResult> {
    return this.serial(async (): Promise<IssueControlResult> => {
      this.requireTenant(tenant);
      const sql = this.ctx.storage.sql;
      const stop = emergencyStopOf(sql);
      if (request.kind === "estop.engage" && stop !== null) return refuse("already_engaged", "the emergency stop is already engaged");
      if (request.kind === "estop.release" && stop === null) return refuse("not_engaged", "the emergency stop is not engaged");
      const control = await signFleetControl(
        {
          domain: FLEET_CONTROL_DOMAIN,
          tenant,
          seq: lastControlSeq(sql) + 1,
          kind: request.kind,
          ...(request.agent_id !== undefined ? { agent_id: request.agent_id } : {}),
          reason: request.reason,
          actor_key_id: request.actor_key_id,
          issued_at: new Date(now).toISOString(),
        },
        await policySigner(this.env),
      );
      appendControl(sql, control, now);
      for (const ws of this.ctx.getWebSockets()) pushControl(ws, control);
      const regions = await this.forwardControl(tenant, control, now);
      // A region missed: the alarm hands it over again soon (and on every anti-entropy round after).
      if (regions.missed.length > 0) await this.scheduleExchange(CONTROL_RETRY_MS);
      return { ok: true, control, state: controlState(sql), regions };
    });
  }

  /** A peer region's control, verified and appended in seq order (refused `gap` with the last seq held). */
  installControl(tenant: string, name: string, control: unknown, now: number, residency?: Residency): Promise<InstallControlResult> {
    return this.serial(async (): Promise<InstallControlResult> => {
      if (getMeta(this.ctx.storage.sql, "tenant") === null) this.adopt(tenant, name, now, storedResidency(residency));
      this.checkTenant(tenant);
      let verified: FleetControl;
      try {
        verified = await verifyFleetControlWithKeySet(control, await policyKeySet(this.env), tenant, new Date(now));
      } catch (error) {
        if (error instanceof FleetControlError) return refuse(error.code, error.message);
        throw error;
      }
      const last = lastControlSeq(this.ctx.storage.sql);
      if (verified.seq <= last) return { ok: true, applied: false };
      if (verified.seq !== last + 1) return { ...refuse("gap", `control ${verified.seq} arrived before ${last + 1}`), last_seq: last };
      appendControl(this.ctx.storage.sql, verified, now);
      for (const ws of this.ctx.getWebSockets()) pushControl(ws, verified);
      return { ok: true, applied: true };
    });
  }

  /** The emergency stop and the latest control seq (read by Workers before deciding), or null for an unknown tenant. */
  controlState(tenant: string): ControlState | null {
    return this.known(tenant) ? controlState(this.ctx.storage.sql) : null;
  }

  /** Signed controls after `after` (oldest first, at most `limit`). */
  listControls(tenant: string, after: number, limit: number): FleetControl[] {
    return this.known(tenant) ? controlsAfter(this.ctx.storage.sql, after, Math.min(Math.max(limit, 1), 1000)) : [];
  }

  /** Anti-entropy, receiving side: join a peer's delta, answer with what the peer lacks. `residency`: the sender's tenant's. */
  exchange(tenant: string, name: string, from: string, deltaWire: unknown, now: number, residency?: Residency): Promise<ExchangeReply> {
    return this.serial(async () => {
      if (getMeta(this.ctx.storage.sql, "tenant") === null) this.adopt(tenant, name, now, storedResidency(residency));
      this.checkTenant(tenant);
      let reply: ExchangeReply | undefined;
      await this.mutate(now, (r) => {
        const received = receiveExchange(this.ctx.storage.sql, r, from, deltaWire, now);
        reply = received.reply;
        return received.replica;
      }, false);
      if (reply === undefined) throw new DurableObjectError("internal", "exchange produced no reply");
      return reply;
    });
  }

  /** Anti-entropy, sending side: exchange deltas with every peer region now. Returns the peers reached. */
  async antiEntropy(tenant: string, now: number): Promise<string[]> {
    if (!this.known(tenant)) return [];
    const reached: string[] = [];
    for (const peer of this.peers()) {
      const ok = await exchangeWithPeer(this.exchangeHost(tenant), peer, now).catch(() => false);
      if (ok) reached.push(peer);
    }
    return reached;
  }

  /** Add peer regions beyond `PEER_REGIONS` (operations and tests). */
  async setPeerRegions(tenant: string, regions: string[]): Promise<void> {
    this.requireTenant(tenant);
    setMeta(this.ctx.storage.sql, "peers", JSON.stringify(regions));
    if (this.peers().length > 0) await this.scheduleExchange(ANTI_ENTROPY_SOON_MS);
  }

  /** KV retry and anti-entropy. */
  override async alarm(): Promise<void> {
    await retryKvCopy(this.ctx, this.env.POLICY_KV);
    const tenant = getMeta(this.ctx.storage.sql, "tenant");
    if (tenant === null || this.peers().length === 0) return;
    await this.antiEntropy(tenant, Date.now());
    const latest = controlsAfter(this.ctx.storage.sql, lastControlSeq(this.ctx.storage.sql) - 1, 1)[0];
    const missed = latest === undefined ? [] : (await this.forwardControl(tenant, latest, Date.now())).missed;
    await this.scheduleExchange(missed.length > 0 ? CONTROL_RETRY_MS : ANTI_ENTROPY_INTERVAL_MS);
  }

  /** `GET /v2/sync` WebSocket upgrades, forwarded by the Worker. */
  override async fetch(request: Request): Promise<Response> {
    const tenant = getMeta(this.ctx.storage.sql, "tenant");
    // So a key rotation reaches this store's devices at once (key-set-store.ts).
    if (tenant !== null) await this.subscribeKeySets(tenant);
    return acceptSyncSocket(this.ctx, request, tenant);
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const tenant = getMeta(this.ctx.storage.sql, "tenant") ?? "";
    await handleSyncMessage(ws, message, {
      tenant,
      activeBundle: () => activeBundle(this.ctx.storage.sql),
      deviceKey: async (id) => {
        const record = await this.env.POLICY_KV.get<DeviceAuthRecord>(deviceKey(tenant, id), "json");
        return record?.public_key_jwk === undefined ? null : record;
      },
      recordDevice: (facts) => this.recordDevice(tenant, facts),
      controlsAfter: (after) => controlsAfter(this.ctx.storage.sql, after, 10_000),
      // TPM attestation (attestation-gate.ts): the enrolment record's AK and the tenant's PCR policy, both in KV.
      deviceAttestation: (id) => readDeviceAttestation(this.env.POLICY_KV, tenant, id),
      pcrPolicy: () => readPcrPolicy(this.env.POLICY_KV, tenant),
      recordAttestation: (id, outcome) => recordAttestationOutcome(this.env.POLICY_KV, tenant, id, outcome, Date.now()).then(() => undefined, () => undefined),
      keySetsAfter: (after) => this.keySetsAfter(after),
    });
  }

  /**
   * Close every `/v2/sync` session of a revoked device on this store, after an `error device_revoked`
   * (POST /v2/devices/{id}/revoke; its reconnects are refused by the revoked record). Returns how many closed.
   */
  disconnectRevokedDevice(tenant: string, deviceId: string): number {
    if (!this.known(tenant)) return 0;
    return disconnectDevice(this.ctx.getWebSockets(), deviceId, "device_revoked", "this device has been revoked");
  }

  /**
   * Push the platform's newest policy key sets to every connected device that lacks them (called after a
   * rotation step; devices also catch up on connect and on each status ack). Returns how many sockets got one.
   */
  async pushKeySets(): Promise<{ devices: number; reissued: boolean }> {
    let devices = 0;
    for (const ws of this.ctx.getWebSockets()) {
      const before = attachmentOf(ws).sent_keyset_version ?? 0;
      await catchUpKeySets(ws, { keySetsAfter: (after) => this.keySetsAfter(after) });
      if ((attachmentOf(ws).sent_keyset_version ?? 0) > before) devices += 1;
    }
    return { devices, reissued: await this.reissueIfRetired() };
  }

  /**
   * After a switch or a revocation: when the active bundle is signed by a key that is no longer `active` or
   * `published` (retired, revoked, expired, gone), re-issue the same policy as a new version signed by the
   * active key, so nothing in use depends on the old key when it is revoked. A bundle signed offline under a
   * published key (POST /v2/policies/bundles) is left as signed.
   */
  private reissueIfRetired(): Promise<boolean> {
    return this.serial(async () => {
      const tenant = getMeta(this.ctx.storage.sql, "tenant");
      const active = activeBundle(this.ctx.storage.sql);
      if (tenant === null || active === null || typeof active.key_id !== "string") return false;
      const set = await policyKeySet(this.env);
      const key = set.keys.find((k) => k.key_id === active.key_id);
      const usable = "key" in keyUsability(set, active.key_id, new Date());
      if (usable && (key?.status === "active" || key?.status === "published")) return false;
      const now = Date.now();
      await this.mutate(now, (r) => ops.writeAndActivate(r, active.policy, now));
      return true;
    });
  }

  /** Register this store for immediate key-set pushes (once per object lifetime; best effort). */
  private async subscribeKeySets(tenant: string): Promise<void> {
    if (this.keySetSubscribed) return;
    this.keySetSubscribed = true;
    await rememberKeySetSubscriber(this.env.POLICY_KV, tenant, this.region()).catch(() => (this.keySetSubscribed = false));
  }

  private async keySetsAfter(after: number) {
    await policyKeySet(this.env); // creates version 1 on first use
    return keySetsAfter(this.env.POLICY_KV, keySetChain(this.env), after);
  }

  /** Fleet view facts (GET /v2/fleet); a failed write never breaks the sync session. */
  private async recordDevice(tenant: string, facts: Parameters<SyncHost["recordDevice"]>[0]): Promise<void> {
    await recordDeviceFacts(this.env.POLICY_KV, tenant, facts, Date.now()).catch(() => undefined);
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    const deviceId = attachmentOf(ws).device_id;
    if (deviceId !== null) {
      await this.recordDevice(getMeta(this.ctx.storage.sql, "tenant") ?? "", { device_id: deviceId, connected: false, mode: "OFFLINE" });
    }
    try {
      ws.close(code, reason);
    } catch {
      // already closed
    }
  }

  /** Apply a change to the replica, persist it, publish what it activates, and schedule anti-entropy. */
  private async mutate(now: number, change: (r: PolicyReplica) => PolicyReplica, exchangeSoon = true): Promise<void> {
    const next = change(this.replica());
    this.replicaCache = next;
    saveReplica(this.ctx.storage.sql, next);
    await this.publish(now);
    if (exchangeSoon && this.peers().length > 0) await this.scheduleExchange(ANTI_ENTROPY_SOON_MS);
  }

  private async publish(now: number): Promise<void> {
    const tenant = getMeta(this.ctx.storage.sql, "tenant") ?? "";
    // A store that signs bundles is re-issued on a key switch even when no device is connected.
    if (tenant !== "") await this.subscribeKeySets(tenant);
    const result = await ops.publishActive(this.ctx.storage.sql, tenant, this.replica(), await policySigner(this.env), now);
    if (result.replica !== this.replicaCache) {
      this.replicaCache = result.replica;
      saveReplica(this.ctx.storage.sql, result.replica);
    }
    for (const bundle of result.published) {
      // Devices first (one hop), then the KV copy isolates read.
      for (const ws of this.ctx.getWebSockets()) pushBundle(ws, bundle, "bundle");
      await copyBundleToKv(this.ctx, this.env.POLICY_KV, bundle);
    }
    await ops.publishCanary(this.ctx.storage.sql, this.env.POLICY_KV, tenant, this.replica(), await policySigner(this.env));
  }

  /** Hand a control to every peer region's store (catching a peer up from its last seq on a gap). */
  private async forwardControl(tenant: string, control: FleetControl, now: number): Promise<{ reached: string[]; missed: string[] }> {
    const reached: string[] = [];
    const missed: string[] = [];
    const name = getMeta(this.ctx.storage.sql, "name") ?? tenant;
    for (const peer of this.peers()) {
      try {
        const ref = this.ref(tenant);
        const store = policyStoreStub(this.env, ref, peer);
        let result = await store.installControl(tenant, name, control, now, ref.residency);
        if (!result.ok && result.code === "gap") {
          for (const missing of controlsAfter(this.ctx.storage.sql, (result as { last_seq: number }).last_seq, 10_000)) {
            result = await store.installControl(tenant, name, missing, now, ref.residency);
            if (!result.ok) break;
          }
        }
        (result.ok ? reached : missed).push(peer);
      } catch {
        missed.push(peer);
      }
    }
    return { reached, missed };
  }

  private exchangeHost(tenant: string) {
    return {
      env: this.env,
      sql: this.ctx.storage.sql,
      tenant,
      residency: this.ref(tenant).residency,
      name: getMeta(this.ctx.storage.sql, "name") ?? tenant,
      region: this.region(),
      read: () => this.replica(),
      apply: (change: (r: PolicyReplica) => PolicyReplica, now: number) => this.serial(() => this.mutate(now, change, false)),
    };
  }

  private replica(): PolicyReplica {
    this.replicaCache ??= loadReplica(this.ctx.storage.sql, this.region());
    return this.replicaCache;
  }

  private region(): string {
    return getMeta(this.ctx.storage.sql, "region") ?? parseStoreName(this.ctx.id.name)?.region ?? regionOf(this.env);
  }

  private peers(): string[] {
    const extra = JSON.parse(getMeta(this.ctx.storage.sql, "peers") ?? "[]") as string[];
    const self = this.region();
    return [...new Set([...peerRegions(this.env, self), ...extra.filter((r) => r !== self)])];
  }

  private async scheduleExchange(delayMs: number): Promise<void> {
    const at = Date.now() + delayMs;
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  private adopt(tenant: string, name: string, now: number, residency: Residency): void {
    const sql = this.ctx.storage.sql;
    setMeta(sql, "tenant", tenant);
    setMeta(sql, "residency", residency);
    setMeta(sql, "name", name);
    setMeta(sql, "created_at", new Date(now).toISOString());
    setMeta(sql, "region", parseStoreName(this.ctx.id.name)?.region ?? regionOf(this.env));
  }

  private info(): TenantInfo {
    const sql = this.ctx.storage.sql;
    const active = activeBundle(sql);
    if (active === null) throw new DurableObjectError("no_bundle", "tenant has no active bundle");
    return {
      tenant: getMeta(sql, "tenant") ?? "",
      name: getMeta(sql, "name") ?? "",
      created_at: getMeta(sql, "created_at") ?? "",
      residency: storedResidency(getMeta(sql, "residency")),
      active: bundleMeta(active),
    };
  }

  /** This store's tenant with its residency (`any` for a store created before residency existed), for the seam. */
  private ref(tenant: string): TenantRef {
    return { tenant, residency: storedResidency(getMeta(this.ctx.storage.sql, "residency")) };
  }

  private known(tenant: string): boolean {
    if (getMeta(this.ctx.storage.sql, "tenant") === null) return false;
    this.checkTenant(tenant);
    return true;
  }

  private requireTenant(tenant: string): void {
    if (!this.known(tenant)) throw new DurableObjectError("unknown_tenant", "tenant does not exist");
  }

  private checkTenant(tenant: string): void {
    if (getMeta(this.ctx.storage.sql, "tenant") !== tenant) throw new DurableObjectError("wrong_object", "PolicyStore called with another tenant's name");
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
