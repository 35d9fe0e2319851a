/**
 * Fleet: the tenant's devices (`GET /v2/fleet`): mode, connection, policy seq (and whether behind the
 * newest), control seq, last seen, and attestation state when the API reports one.
 */
import type { Ctx } from "../context.ts";
import { h, replace, timeCell } from "../dom.ts";

/** A device as `GET /v2/fleet` lists it (attestation fields are optional: older Workers do not send them). */
export interface FleetDevice {
  device_id: string;
  last_seen: string;
  mode: "ONLINE" | "DEGRADED" | "OFFLINE" | null;
  seq: number;
  hash: string | null;
  connected: boolean;
  control_seq?: number;
  behind: boolean;
  [key: string]: unknown;
}

/**
 * The attestation state of a device as text, from whichever attestation field the API sends
 * (`attestation: {mode|kind, state|status|result|verified, verified_at}`, `attestation_state`, `attested`), or
 * "not reported".
 *
 * @example
 * attestationText({ attestation: { mode: "tpm", state: "verified" } }); // "tpm: verified"
 */
export function attestationText(device: Record<string, unknown>): string {
  const a = device.attestation;
  if (a !== null && typeof a === "object") {
    const o = a as Record<string, unknown>;
    const mode = typeof o.mode === "string" ? o.mode : typeof o.kind === "string" ? o.kind : null;
    const state = o.state ?? o.status ?? o.result ?? o.verdict ?? (typeof o.verified === "boolean" ? (o.verified ? "verified" : "not verified") : undefined);
    const at = o.verified_at ?? o.checked_at ?? o.at;
    const text = [mode, typeof state === "string" ? state : null].filter((x) => x !== null).join(": ");
    if (text !== "") return typeof at === "string" ? `${text} (${at})` : text;
  }
  if (typeof a === "string") return a;
  if (typeof device.attestation_state === "string") return device.attestation_state;
  if (typeof device.attested === "boolean") return device.attested ? "attested" : "not attested";
  return "not reported";
}

/**
 * Render the fleet view into `main`.
 *
 * @example
 * fleetView(ctx, main);
 */
export function fleetView(ctx: Ctx, main: HTMLElement): void {
  const summary = h("p", { role: "status", class: "status" }, "Loading…");
  const body = h("tbody");
  replace(
    main,
    h("h1", {}, "Fleet"),
    summary,
    h(
      "div",
      { class: "scroll" },
      h(
        "table",
        { "data-testid": "fleet" },
        h("caption", { class: "sr-only" }, "Devices"),
        h("thead", {}, h("tr", {}, ...["Device", "Mode", "Connected", "Policy seq", "Control seq", "Last seen", "Attestation"].map((t) => h("th", { scope: "col" }, t)))),
        body,
      ),
    ),
  );
  async function refresh(): Promise<void> {
    try {
      const fleet = await ctx.api.get<{ count: number; newest_seq: number; devices: FleetDevice[] }>("/v2/fleet");
      const behind = fleet.devices.filter((d) => d.behind).length;
      const modes = ["ONLINE", "DEGRADED", "OFFLINE"].map((m) => `${fleet.devices.filter((d) => d.mode === m).length} ${m}`).join(", ");
      summary.textContent = `${fleet.count} devices (${modes}); newest policy seq ${fleet.newest_seq}; ${behind} behind.`;
      summary.className = "status";
      replace(
        body,
        fleet.devices.length === 0
          ? h("tr", {}, h("td", { colspan: 7 }, "No devices enrolled."))
          : fleet.devices.map((d) =>
              h(
                "tr",
                {},
                h("td", {}, d.device_id),
                h("td", {}, h("span", { class: `badge mode-${(d.mode ?? "unknown").toLowerCase()}` }, d.mode ?? "unknown")),
                h("td", {}, d.connected ? "yes" : "no"),
                h("td", { class: "num" }, String(d.seq), d.behind ? h("span", { class: "badge block" }, " behind") : null),
                h("td", { class: "num" }, d.control_seq === undefined ? "—" : String(d.control_seq)),
                h("td", {}, timeCell(d.last_seen)),
                h("td", {}, attestationText(d)),
              ),
            ),
      );
    } catch (error) {
      summary.textContent = `Could not read the fleet: ${(error as Error).message}`;
      summary.className = "status bad";
    }
  }
  const timer = setInterval(() => void refresh(), 5_000);
  ctx.onLeave(() => clearInterval(timer));
  void refresh();
}
