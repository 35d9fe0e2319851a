/**
 * The token PIN comes from an environment variable whose name is configurable (default
 * NETHICAL_PKCS11_PIN), never from a command-line argument (visible in `ps`) or a config file.
 */
import { HsmError } from "./hsm-error.ts";

/** The default variable holding the user PIN. */
export const DEFAULT_PIN_ENV = "NETHICAL_PKCS11_PIN";

/**
 * The PIN from `env[name]`; HsmError pin_missing when unset or empty (the message names the variable,
 * never a value).
 *
 * @example
 * const pin = pinFromEnv("NETHICAL_PKCS11_PIN", process.env);
 */
export function pinFromEnv(name: string = DEFAULT_PIN_ENV, env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new HsmError("pin_missing", `"${name}" is not an environment variable name`);
  const pin = env[name];
  if (pin === undefined || pin === "") throw new HsmError("pin_missing", `the token PIN is read from the environment variable ${name}, which is not set`);
  return pin;
}
