/**
 * The options every PKCS#11 subcommand shares (`--pkcs11 MODULE --token LABEL --key LABEL [--pin-env VAR]`)
 * and the lazy import of @nethical/hsm: the native binding loads only when one of these commands runs.
 */
import type * as Hsm from "@nethical/hsm/pkcs11";

/** parseArgs option definitions for the shared PKCS#11 options. */
export const PKCS11_OPTIONS = {
  pkcs11: { type: "string" },
  token: { type: "string" },
  key: { type: "string" },
  "pin-env": { type: "string" },
} as const;

/** Where the key is and how to find the PIN. */
export interface Pkcs11Choice {
  module: string;
  token: string;
  key: string;
  pinEnv: string;
}

/**
 * The PKCS#11 choice from parsed options; throws a usage error naming what is missing.
 *
 * @example
 * pkcs11Choice({ pkcs11: "/usr/lib/softhsm/libsofthsm2.so", token: "nethical", key: "policy-2027" }); // pinEnv NETHICAL_PKCS11_PIN
 */
export function pkcs11Choice(values: { pkcs11?: string | undefined; token?: string | undefined; key?: string | undefined; "pin-env"?: string | undefined }): Pkcs11Choice {
  const missing = (["pkcs11", "token", "key"] as const).filter((k) => values[k] === undefined || values[k] === "").map((k) => `--${k}`);
  if (missing.length > 0) throw new UsageError(`missing ${missing.join(", ")}`);
  return { module: values.pkcs11 as string, token: values.token as string, key: values.key as string, pinEnv: values["pin-env"] ?? "NETHICAL_PKCS11_PIN" };
}

/** A usage mistake (exit 2), as opposed to a failure of the token (exit 1). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * Import @nethical/hsm's PKCS#11 module; a clear error when it (or its native binding) is not installed.
 *
 * @example
 * const { openPkcs11Signer } = await loadHsm();
 */
export async function loadHsm(): Promise<typeof Hsm> {
  try {
    return await import("@nethical/hsm/pkcs11");
  } catch (error) {
    throw new Error(`PKCS#11 support is not installed (@nethical/hsm and its pkcs11js binding): ${(error as Error).message.split("\n")[0]}`);
  }
}

/**
 * A failure as one line: `[code] message` for HsmErrors, the message otherwise. Never contains the PIN
 * (HsmError messages do not carry it).
 *
 * @example
 * describeFailure(error); // "[pin_incorrect] log in to token "nethical": the PIN is wrong (CKR_PIN_INCORRECT)"
 */
export function describeFailure(error: unknown): string {
  const e = error as { name?: unknown; code?: unknown; message?: unknown } | null;
  if (e?.name === "HsmError" && typeof e.code === "string") return `[${e.code}] ${String(e.message)}`;
  return String(e?.message ?? error);
}
