/**
 * Verifying fleet controls against a {@link KeySet}: the control's key must be listed, unrevoked and inside its
 * window at `now` (`revoked_key`, `expired_key`, `key_not_yet_valid`), then verifyFleetControl's checks.
 */
import { keyUsability, usableKeys, type KeySet } from "../signing/key-set.ts";
import { FleetControlError, verifyFleetControl, type FleetControl } from "./fleet-control.ts";

/**
 * Verify a control for `tenant` against `keySet` at `now`.
 *
 * @example
 * const control = await verifyFleetControlWithKeySet(message.control, keySet, "acme", new Date());
 */
export async function verifyFleetControlWithKeySet(control: unknown, keySet: KeySet, tenant: string, now: Date = new Date()): Promise<FleetControl> {
  const keyId = control !== null && typeof control === "object" ? (control as { key_id?: unknown }).key_id : undefined;
  if (typeof keyId === "string") {
    const use = keyUsability(keySet, keyId, now);
    if ("refusal" in use && use.refusal !== "unknown_key") throw new FleetControlError(use.refusal, `control refused: ${use.message}`);
  }
  return verifyFleetControl(control, usableKeys(keySet, now), tenant);
}
