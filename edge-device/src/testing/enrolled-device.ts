/**
 * The setup of a test with a device process and a sync server: a reference server for tenant "acme"
 * publishing a signed bundle, a device enrolled with it (its key created and registered), and the device's
 * config written to `<data_dir>/device.json` (server URL, trusted policy keys, the local API on a free port,
 * plus what the test adds). Start the device with `spawnDevice(setup.configFile, …)`.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { dataPaths, ensureDeviceKey, parseDeviceConfig } from "@nethical/edge-device";
import { writeConfig } from "./device-process.ts";
import { tempDir, testSigner, type TestSigner } from "./fixtures.ts";
import { ReferenceServer } from "./reference-server.ts";

/** What {@link enrolledDevice} set up; `close` stops the server and removes the data folder. */
export interface EnrolledDevice {
  server: ReferenceServer;
  signer: TestSigner;
  dir: string;
  configFile: string;
  close: () => Promise<void>;
}

/**
 * A started reference server publishing bundle `seq` (default 1), and device `deviceId` enrolled with it,
 * its data in a fresh temporary folder or `options.dataDir`; `extra` is merged into the device config.
 *
 * @example
 * const e = await enrolledDevice("rover-1", { upload: { batch_size: 5, interval_ms: 50 } });
 * const device = await spawnDevice(e.configFile); // … then device.kill(), e.close()
 */
export async function enrolledDevice(
  deviceId: string,
  extra: Record<string, unknown> = {},
  options: { dataDir?: string; seq?: number } = {},
): Promise<EnrolledDevice> {
  const signer = await testSigner("acme");
  const server = new ReferenceServer("acme");
  await server.start();
  server.publish(await signer.bundle(options.seq ?? 1));
  const temp = options.dataDir === undefined ? tempDir() : undefined;
  const dir = options.dataDir ?? (temp as { dir: string }).dir;
  mkdirSync(dir, { recursive: true });
  const raw = { tenant: "acme", device_id: deviceId, data_dir: dir, server_url: server.url, trusted_keys: signer.trusted, http: { port: 0 }, ...extra };
  const key = await ensureDeviceKey(dataPaths(parseDeviceConfig(raw)).deviceKey, deviceId);
  server.devices.set(deviceId, key.publicKeyJwk);
  const configFile = writeConfig(join(dir, "device.json"), raw);
  return {
    server,
    signer,
    dir,
    configFile,
    close: async () => {
      await server.stop();
      temp?.remove();
    },
  };
}
