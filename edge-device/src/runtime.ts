/**
 * The running device (`nethical-edge start`): the local parts (device.ts), the local HTTP API on
 * 127.0.0.1, and — when a server is configured — the sync client and the log uploader.
 */
import type { AgentMonitorStats } from "@nethical/core/monitor/index.ts";
import { dataPaths, type DeviceConfig } from "./config.ts";
import { openDevice, type Device } from "./device.ts";
import { deviceApi } from "./http/http-api.ts";
import { serveLocal, type LocalServer } from "./http/http-server.ts";
import { Uploader } from "./log/uploader.ts";
import { softwareAttestor } from "./sync/attestor.ts";
import { tpmAttestor } from "./sync/tpm-attestor.ts";
import { loadDeviceApiKey } from "./sync/device-api-key.ts";
import { loadIdentityKey, type IdentityKey } from "./sync/identity-key.ts";
import { recoverFromRetiredKey } from "./sync/pending-identity-key.ts";
import { swappableSigner } from "./sync/swappable-signer.ts";
import { SyncClient, type SyncState } from "./sync/sync-client.ts";
import type { PredictiveStats } from "./governor/predictive.ts";

export interface Runtime {
  device: Device;
  server: LocalServer;
  sync: SyncClient | undefined;
  uploader: Uploader | undefined;
  status(): DeviceStatus;
  stop(): Promise<void>;
}

/** What `GET /status` and `nethical-edge status` show. */
export interface DeviceStatus {
  tenant: string;
  device_id: string;
  mode: string;
  bundle: { seq: number; hash: string | null; max_seq: number };
  bundle_refusal: { code: string; message: string } | null;
  /** The policy key set the device verifies with (0 = pinned trusted_keys) and the last update it refused. */
  keyset: { version: number; refusal: { code: string; message: string; version: number | null } | null };
  /** Fleet controls from the cloud: the last applied seq, the emergency stop in force (or null), the last refusal. */
  controls: { seq: number; emergency_stop: { seq: number; reason: string; actor_key_id: string; since: string } | null; refusal: { code: string; message: string } | null };
  confirmed_at: string | null;
  stale: boolean;
  rtt_ms: number | null;
  log: { events: number; pending: number; uploaded: number; last_seq: number; full: boolean; unlogged_fail_closed: number };
  sync: SyncState | null;
  upload: Uploader["state"] | null;
  http: string;
  /** The decision cache (hits, misses, evictions…), the pattern profiler's size and idle pre-computation CPU. */
  predictive: PredictiveStats;
  /** The runtime monitor's counters (decisions checked, violations by property), null when it is off. */
  monitor: AgentMonitorStats | null;
}

/** Idle pre-computation: every 50 ms, when the event loop is free, at most 2 ms of CPU (≤ 4 % of a core). */
const IDLE_INTERVAL_MS = 50;
const IDLE_BUDGET_US = 2_000;

/**
 * Start the device runtime.
 *
 * @example
 * const rt = await startRuntime(loadDeviceConfig("device.json"));
 * rt.device.governor.evaluate(request);
 */
export async function startRuntime(config: DeviceConfig): Promise<Runtime> {
  const device = await openDevice(config);
  let sync: SyncClient | undefined;
  let uploader: Uploader | undefined;
  let uploadTimer: ReturnType<typeof setInterval> | undefined;
  let identity: IdentityKey | undefined;
  if (config.server_url !== undefined) {
    // The key from enrolment (role device) unless the config names one explicitly.
    const apiKey = config.api_key ?? loadDeviceApiKey(dataPaths(config).apiKey);
    // The identity key: the software key file, or a key on a PKCS#11 token (config `identity.pkcs11`).
    const key = await loadIdentityKey(config).catch((error: unknown) => {
      device.close();
      throw error;
    });
    identity = key;
    if (key !== undefined) {
      // Swappable: after a key rotation (`rotate-key`, pending-identity-key.ts) the next challenge is signed with the new key.
      const signer = swappableSigner(key.signer);
      sync = new SyncClient(device, {
        serverUrl: config.server_url,
        signer,
        // TPM quotes at every sync when configured (sync/tpm-attestor.ts); otherwise software (development only).
        attestor: config.attestation?.kind === "tpm" ? tpmAttestor(config.attestation) : softwareAttestor(signer, key.publicKeyJwk),
        ...(apiKey !== undefined ? { apiKey } : {}),
        // The server retired the key in use: take the rotated key from disk, or promote a pending one (a crash mid-rotation).
        onServerError: async (code) => {
          if (code !== "key_retired") return;
          const next = await recoverFromRetiredKey(config, await signer.publicKey());
          if (next === undefined) return;
          signer.use(next.signer);
          identity?.close();
          identity = next;
        },
      });
    }
    uploader = new Uploader(device.log, {
      serverUrl: config.server_url,
      batchSize: config.upload.batch_size,
      ...(apiKey !== undefined ? { apiKey } : {}),
    });
    const u = uploader;
    uploadTimer = setInterval(() => void u.drain().catch(() => undefined), config.upload.interval_ms);
  }
  // A timer only runs when no decision is running (decisions are synchronous): that is the device's idle time.
  const idleTimer = setInterval(() => device.governor.idle(IDLE_BUDGET_US), IDLE_INTERVAL_MS);
  idleTimer.unref();

  const status = (): DeviceStatus => {
    const now = device.clock();
    const current = device.keeper.current;
    const confirmed = device.freshness.confirmedAt;
    return {
      tenant: config.tenant,
      device_id: config.device_id,
      mode: device.monitor.mode(now),
      bundle: { seq: device.keeper.seq, hash: current?.bundle.hash ?? null, max_seq: device.keeper.maxSeq },
      bundle_refusal: sync?.state.last_refusal ?? device.keeper.lastRefusal,
      keyset: { version: device.keySets.version, refusal: device.keySets.lastRefusal },
      controls: { seq: device.controls.seq, emergency_stop: device.controls.emergencyStop, refusal: device.controls.lastRefusal },
      confirmed_at: confirmed > 0 ? new Date(confirmed).toISOString() : null,
      stale: now - confirmed > config.offline.staleness_bound_s * 1000,
      rtt_ms: device.monitor.rttMs,
      log: { ...device.log.stats(), full: device.log.full, unlogged_fail_closed: device.governor.unloggedFailClosed },
      sync: sync?.state ?? null,
      upload: uploader?.state ?? null,
      http: server.url,
      predictive: device.governor.predictive,
      monitor: device.governor.monitor,
    };
  };
  const server = await serveLocal(deviceApi(device.governor, status).fetch, config.http.port);
  sync?.start();
  void uploader?.drain().catch(() => undefined);

  let stopped = false;
  return {
    device,
    server,
    sync,
    uploader,
    status,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(uploadTimer);
      clearInterval(idleTimer);
      await sync?.stop();
      await server.close();
      await uploader?.uploadBatch().catch(() => 0);
      identity?.close();
      device.close();
    },
  };
}
