/**
 * The device's own API key, issued by the Worker when the device is enrolled (`POST /v2/devices` answers
 * it once as `api_key`): role `device`, bound to this device id, good only for uploading this device's
 * decision log to `/v2/audit/ingest`. Kept in `<data_dir>/device-api-key` (mode 0600, written atomically),
 * never printed.
 */
import { readIfExists, writeFileAtomic } from "./bundle-file.ts";

/**
 * Store the key issued at enrolment.
 *
 * @example
 * saveDeviceApiKey(dataPaths(config).apiKey, body.api_key);
 */
export function saveDeviceApiKey(file: string, key: string): void {
  writeFileAtomic(file, `${key}\n`, 0o600);
}

/**
 * The stored key, or undefined when the device was never enrolled against a server.
 *
 * @example
 * const apiKey = config.api_key ?? loadDeviceApiKey(dataPaths(config).apiKey);
 */
export function loadDeviceApiKey(file: string): string | undefined {
  const text = readIfExists(file)?.trim();
  return text === undefined || text === "" ? undefined : text;
}
