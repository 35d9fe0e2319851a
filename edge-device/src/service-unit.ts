/**
 * The systemd unit the device ships with (edge-device/deploy/nethical-edge.service), read back: the
 * environment it sets, the Node flags it starts the device with and its `MemoryMax=`. The memory-limit
 * test and `npm run bench:edge` run the device with exactly these settings, so the unit an operator
 * installs is the one that was measured.
 */
import { join } from "node:path";

/** Where the unit file is in this package. */
export const SERVICE_UNIT_FILE = join(import.meta.dirname, "..", "deploy", "nethical-edge.service");

/** What a unit's `[Service]` section sets for the device process. */
export interface ServiceSettings {
  /** `Environment=` assignments. */
  env: Record<string, string>;
  /** The options given to `node` before the device's entry in `ExecStart=`. */
  nodeArgs: string[];
  /** `MemoryMax=` in MiB, or null when unset or `infinity`. */
  memoryMaxMib: number | null;
}

const UNITS: Record<string, number> = { "": 1 / (1024 * 1024), K: 1 / 1024, M: 1, G: 1024, T: 1024 * 1024 };

/**
 * Read the device's settings from the text of a systemd unit (comments and other sections ignored;
 * `Environment=` may hold several assignments, each optionally in double quotes).
 *
 * @example
 * serviceSettings("[Service]\nEnvironment=A=1\nExecStart=/usr/bin/node --v8-pool-size=1 /opt/x.mjs start\nMemoryMax=64M");
 * // { env: { A: "1" }, nodeArgs: ["--v8-pool-size=1"], memoryMaxMib: 64 }
 */
export function serviceSettings(unit: string): ServiceSettings {
  const out: ServiceSettings = { env: {}, nodeArgs: [], memoryMaxMib: null };
  let section = "";
  for (const raw of unit.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    if (line.startsWith("[")) {
      section = line;
      continue;
    }
    if (section !== "[Service]") continue;
    const eq = line.indexOf("=");
    if (eq < 0) throw new Error(`service unit: not a key=value line: ${line}`);
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key === "Environment") {
      for (const m of value.matchAll(/"([^"]*)"|(\S+)/g)) {
        const assignment = m[1] ?? m[2] ?? "";
        const at = assignment.indexOf("=");
        if (at <= 0) throw new Error(`service unit: Environment= entry without a name: ${assignment}`);
        out.env[assignment.slice(0, at)] = assignment.slice(at + 1);
      }
    } else if (key === "ExecStart") {
      const [, ...args] = value.split(/\s+/);
      const entry = args.findIndex((a) => !a.startsWith("-"));
      out.nodeArgs = entry < 0 ? args : args.slice(0, entry);
    } else if (key === "MemoryMax") {
      const m = /^(\d+(?:\.\d+)?)([KMGT]?)$/.exec(value);
      if (value === "infinity") out.memoryMaxMib = null;
      else if (m === null) throw new Error(`service unit: MemoryMax= is not a size: ${value}`);
      else out.memoryMaxMib = Number(m[1]) * (UNITS[m[2] ?? ""] ?? 1);
    }
  }
  return out;
}
