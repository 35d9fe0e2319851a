/**
 * @nethical/edge-device — the Nethical governor on a robot, vehicle or gateway: in-process decisions
 * (synchronous), offline modes, a durable decision log uploaded exactly once, and policy sync.
 */
export { ConfigError, DeviceConfigSchema, dataPaths, loadDeviceConfig, parseDeviceConfig, type DeviceConfig, type DeviceConfigInput } from "./config.ts";
export { acceptBundle, openDevice, type Device } from "./device.ts";
export { Freshness } from "./freshness.ts";
export { Governor, InvalidRequestError, type DeviceResponse, type GovernorOptions } from "./governor/governor.ts";
export { conservativeResponse, type ConservativeSettings } from "./governor/conservative.ts";
export { MODES, type BundleInUse, type FailClosedReason, type Mode } from "./governor/mode.ts";
export { DecisionLog, LogFullError, type StoredEvent } from "./log/decision-log.ts";
export { deviceAuditEvent, requestDigest, type DeviceFacts } from "./log/decision-event.ts";
export { Uploader, type UploadState, type UploaderOptions } from "./log/uploader.ts";
export { NetworkMonitor, type NetworkMonitorSettings } from "./net/network-monitor.ts";
export { backoffDelay } from "./net/backoff.ts";
export { BundleKeeper, type AcceptResult } from "./sync/bundle-keeper.ts";
export { softwareAttestor, type Attestor } from "./sync/attestor.ts";
export { ensureDeviceKey, loadDeviceKey, type DeviceKey } from "./sync/device-key.ts";
export { SyncClient, syncUrl, type SyncClientOptions, type SyncState } from "./sync/sync-client.ts";
export { deviceApi } from "./http/http-api.ts";
export { LOOPBACK, serveLocal, type LocalServer } from "./http/http-server.ts";
export { startRuntime, type DeviceStatus, type Runtime } from "./runtime.ts";
