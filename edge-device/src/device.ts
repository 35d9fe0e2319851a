/**
 * A device's local parts, wired: the SQLite file, decision log, bundle keeper (last-known-good policy),
 * freshness, network monitor and governor. No network here: the sync client and uploader attach to a
 * Device (runtime.ts), so the governor works the same with or without them.
 */
import type { DatabaseSync } from "node:sqlite";
import { dataPaths, type DeviceConfig } from "./config.ts";
import { Freshness } from "./freshness.ts";
import { Governor } from "./governor/governor.ts";
import type { PredictiveOptions } from "./governor/predictive.ts";
import type { AgentMonitor } from "@nethical/core/monitor/index.ts";
import { DecisionLog } from "./log/decision-log.ts";
import { openDeviceDb } from "./log/device-db.ts";
import { NetworkMonitor } from "./net/network-monitor.ts";
import { BundleKeeper } from "./sync/bundle-keeper.ts";
import { ControlKeeper } from "./sync/control-keeper.ts";
import { KeySetKeeper } from "./sync/key-set-keeper.ts";

export interface Device {
  config: DeviceConfig;
  db: DatabaseSync;
  log: DecisionLog;
  keeper: BundleKeeper;
  /** The policy key set bundles and controls are verified with: pinned `trusted_keys` (version 0), then signed updates. */
  keySets: KeySetKeeper;
  /** Fleet controls from the cloud (terminate / reinstate an agent, emergency stop), applied in order, once. */
  controls: ControlKeeper;
  freshness: Freshness;
  monitor: NetworkMonitor;
  governor: Governor;
  clock: () => number;
  close(): void;
}

/**
 * Open the device: database, persisted bundle (re-verified), governor.
 *
 * @example
 * const device = await openDevice(loadDeviceConfig("device.json"));
 * device.governor.evaluate(request);
 */
export async function openDevice(config: DeviceConfig, options: { clock?: () => number; predictive?: PredictiveOptions; monitor?: AgentMonitor | false } = {}): Promise<Device> {
  const clock = options.clock ?? Date.now;
  const paths = dataPaths(config);
  const db = openDeviceDb(paths.db, config.log.synchronous);
  const log = new DecisionLog(db, { maxPending: config.log.max_pending, keepUploaded: config.log.keep_uploaded });
  const keySets = new KeySetKeeper(db, config.trusted_keys, clock);
  const keeper = new BundleKeeper(db, paths.bundle, config.tenant, keySets);
  await keeper.loadPersisted();
  const freshness = new Freshness(db);
  const monitor = new NetworkMonitor({
    heartbeatIntervalMs: config.network.heartbeat_interval_ms,
    degradedRttMs: config.network.degraded_rtt_ms,
    offlineAfterMissed: config.network.offline_after_missed,
  });
  let controls: ControlKeeper | undefined;
  const governor = new Governor({
    tenant: config.tenant,
    deviceId: config.device_id,
    log,
    policy: keeper,
    network: monitor,
    freshness,
    clock,
    controls: { get emergencyStop() { return controls?.emergencyStop ?? null; } },
    predictive: options.predictive ?? {
      enabled: config.decision_cache.enabled,
      cacheEntries: config.decision_cache.entries,
      cacheBytes: config.decision_cache.max_mb * 1024 * 1024,
    },
    ...(options.monitor !== undefined ? { monitor: options.monitor } : {}),
    settings: {
      restrictRiskAt: config.offline.restrict_risk_at,
      failClosedDecision: config.offline.fail_closed_decision,
      stalenessBoundMs: config.offline.staleness_bound_s * 1000,
      whenFull: config.log.when_full,
    },
  });
  controls = new ControlKeeper(db, config.tenant, keySets, {
    agentRow: (agentId, now) => governor.agentRow(agentId, now),
    rememberAgentRow: (row) => governor.rememberAgentRow(row),
    saveAgentRow: (agentId, row) => log.saveAgentRow(agentId, row),
  }, clock);
  let closed = false;
  return {
    config, db, log, keeper, keySets, controls, freshness, monitor, governor, clock,
    close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}

/**
 * Offer a bundle from the server and, when accepted, mark the device fresh.
 *
 * @example
 * await acceptBundle(device, message.bundle);
 */
export async function acceptBundle(device: Device, bundle: unknown): Promise<Awaited<ReturnType<BundleKeeper["offer"]>>> {
  const result = await device.keeper.offer(bundle);
  if (result.status !== "refused") device.freshness.confirm(device.clock(), true);
  return result;
}
