/**
 * Device configuration: one JSON file (`nethical-edge start --config FILE`), checked with zod. Every
 * threshold that changes a decision when the network is gone lives here, with a conservative default.
 */
import { readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import * as z from "zod";

const Jwk = z.object({ kty: z.literal("OKP"), crv: z.literal("Ed25519"), x: z.string() }).loose();

export const DeviceConfigSchema = z
  .object({
    tenant: z.string().min(1).max(256),
    device_id: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, "device_id is 1–128 characters of [A-Za-z0-9._:-]"),
    /** Folder for device.db (decision log, agent state), bundle.json and device-key.json. */
    data_dir: z.string().min(1),
    /** The Worker, e.g. "https://api.example.com"; absent = standalone (always OFFLINE). */
    server_url: z.url().optional(),
    /** Bundle signing keys the device trusts: key id → public Ed25519 JWK. */
    trusted_keys: z.record(z.string(), Jwk).default({}),
    http: z.object({ port: z.number().int().min(0).max(65535).default(7878) }).strict().default({ port: 7878 }),
    offline: z
      .object({
        /** OFFLINE: an ALLOW with risk ≥ this becomes RESTRICT require_human_approval. */
        restrict_risk_at: z.number().min(0).max(1).default(0.4),
        /** No confirmation from the server for this long → fail closed. */
        staleness_bound_s: z.number().positive().default(24 * 3600),
        /** What failing closed answers (TERMINATE always stays TERMINATE). */
        fail_closed_decision: z.enum(["BLOCK", "RESTRICT"]).default("BLOCK"),
      })
      .strict()
      .default({ restrict_risk_at: 0.4, staleness_bound_s: 24 * 3600, fail_closed_decision: "BLOCK" }),
    network: z
      .object({
        heartbeat_interval_ms: z.number().int().min(50).default(5_000),
        /** Round trips above this (median of the last few) → DEGRADED. */
        degraded_rtt_ms: z.number().int().positive().default(500),
        /** No pong for this many intervals → OFFLINE. */
        offline_after_missed: z.number().int().min(1).default(3),
        reconnect_base_ms: z.number().int().min(1).default(500),
        reconnect_cap_ms: z.number().int().min(1).default(30_000),
      })
      .strict()
      .default({ heartbeat_interval_ms: 5_000, degraded_rtt_ms: 500, offline_after_missed: 3, reconnect_base_ms: 500, reconnect_cap_ms: 30_000 }),
    log: z
      .object({
        /** Most events kept that are not yet uploaded; uploaded ones are pruned beyond `keep_uploaded`. */
        max_pending: z.number().int().positive().default(1_000_000),
        keep_uploaded: z.number().int().nonnegative().default(10_000),
        /** When max_pending is reached: "refuse" throws LogFullError, "fail_closed" answers BLOCK. */
        when_full: z.enum(["refuse", "fail_closed"]).default("fail_closed"),
        /** SQLite synchronous: FULL survives power loss (default), NORMAL survives process crashes only. */
        synchronous: z.enum(["FULL", "NORMAL"]).default("FULL"),
      })
      .strict()
      .default({ max_pending: 1_000_000, keep_uploaded: 10_000, when_full: "fail_closed", synchronous: "FULL" }),
    /**
     * The decision cache (answers to repeated requests, README "Predictive pre-computation"): at most
     * `entries` requests and about `max_mb` MiB (keys plus ~2 KB per answer). Keys hold the request's text,
     * so on a device with little memory the byte bound is the one that matters; `enabled: false` turns the
     * cache and idle pre-computation off.
     */
    decision_cache: z
      .object({
        enabled: z.boolean().default(true),
        entries: z.number().int().min(1).max(65_536).default(4096),
        max_mb: z.number().positive().max(1024).default(2),
      })
      .strict()
      .default({ enabled: true, entries: 4096, max_mb: 2 }),
    upload: z
      .object({
        batch_size: z.number().int().min(1).max(500).default(500),
        interval_ms: z.number().int().min(10).default(2_000),
      })
      .strict()
      .default({ batch_size: 500, interval_ms: 2_000 }),
    /** API key for `POST /v2/audit/ingest` and `GET /v2/policies/keys` (from `nethical-edge enroll`). */
    api_key: z.string().min(1).optional(),
    /** Where the device's identity key lives; absent = `<data_dir>/device-key.json` (software). */
    identity: z
      .object({
        /** An Ed25519 key on a PKCS#11 token (HSM, secure element, SoftHSM2); the PIN from env var `pin_env`. */
        pkcs11: z
          .object({
            module: z.string().min(1),
            token: z.string().min(1),
            key: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, "key is the key label, 1–128 characters of [A-Za-z0-9._:-]"),
            pin_env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "pin_env is an environment variable name").default("NETHICAL_PKCS11_PIN"),
          })
          .strict(),
      })
      .strict()
      .optional(),
    /**
     * Platform attestation at every sync: absent or `software` (development only), or `tpm`: quotes over the
     * server's nonce and these sha256 PCRs with an attestation key persisted in the TPM (sync/tpm-attestor.ts).
     */
    attestation: z
      .discriminatedUnion("kind", [
        z.object({ kind: z.literal("software") }).strict(),
        z
          .object({
            kind: z.literal("tpm"),
            /** tpm2-tss TCTI: `device:/dev/tpmrm0` (kernel resource manager), `swtpm:host=…,port=…`, `tabrmd`. */
            tcti: z.string().min(1).max(256).default("device:/dev/tpmrm0"),
            pcrs: z
              .array(z.number().int().min(0).max(23))
              .min(1)
              .max(24)
              .refine((p) => new Set(p).size === p.length, "pcrs must not repeat")
              .default([0, 1, 2, 3, 4, 5, 6, 7]),
            /** Persistent handle of the attestation key (owner hierarchy range 0x81000000–0x817fffff). */
            ak_handle: z.string().regex(/^0x81[0-7][0-9a-fA-F]{5}$/, "ak_handle is a persistent owner handle like 0x81010002").default("0x81010002"),
          })
          .strict(),
      ])
      .optional(),
  })
  .strict();

export type DeviceConfig = z.infer<typeof DeviceConfigSchema>;
export type DeviceConfigInput = z.input<typeof DeviceConfigSchema>;

/** Thrown for an unreadable or invalid config file: names the file and the bad fields, never secrets. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/**
 * Check a config object; relative `data_dir` is resolved against `baseDir`.
 *
 * @example
 * const config = parseDeviceConfig({ tenant: "acme", device_id: "robot-7", data_dir: "./data" }, process.cwd());
 */
export function parseDeviceConfig(input: unknown, baseDir: string = process.cwd()): DeviceConfig {
  const result = DeviceConfigSchema.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 10).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new ConfigError(`invalid device config: ${issues.join("; ")}`);
  }
  const config = result.data;
  return { ...config, data_dir: isAbsolute(config.data_dir) ? config.data_dir : resolve(baseDir, config.data_dir) };
}

/**
 * Read and check a JSON config file.
 *
 * @example
 * const config = loadDeviceConfig("/etc/nethical/device.json");
 */
export function loadDeviceConfig(file: string): DeviceConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(`cannot read config ${file}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError(`config ${file} is not valid JSON`);
  }
  return parseDeviceConfig(json, dirname(resolve(file)));
}

/**
 * Files inside the data folder.
 *
 * @example
 * dataPaths(config).db; // "<data_dir>/device.db"
 */
export function dataPaths(config: Pick<DeviceConfig, "data_dir">): { db: string; bundle: string; deviceKey: string; apiKey: string } {
  return {
    db: join(config.data_dir, "device.db"),
    bundle: join(config.data_dir, "bundle.json"),
    deviceKey: join(config.data_dir, "device-key.json"),
    apiKey: join(config.data_dir, "device-api-key"),
  };
}
