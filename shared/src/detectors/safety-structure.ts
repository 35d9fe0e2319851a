/**
 * Structural safety checks on the tool call and context (no text spans): safety switches turned off in
 * tool arguments (`{ "estop_enabled": false }`, `{ "bypass_interlock": true }`) and actuation commands
 * outside `context.limits` (`{ speed: { max: 2 } }` with `tool.arguments.speed = 5`). Findings use
 * start = end = 0 and name the offending field.
 */
import type { Finding } from "../schemas/finding.ts";
import { makeFinding, type DetectorInput } from "./types.ts";

/**
 * Subtype for a safety key name, or undefined when the key is not a safety switch.
 *
 * @example
 * safetySubtypeOfKey("estop_enabled"); // "emergency_stop_disable"
 * safetySubtypeOfKey("speed");         // undefined
 */
export function safetySubtypeOfKey(key: string): string | undefined {
  const k = key.toLowerCase();
  if (/e_?stop|emergency|dead_?man|kill_?switch/.test(k)) return "emergency_stop_disable";
  if (/collision|obstacle|geofenc|proximity|lidar|no_?fly/.test(k)) return "collision_avoidance_disable";
  if (/interlock|safety|guard|speed_?limit|torque_?limit|force_?limit|light_?curtain|watchdog/.test(k)) return "interlock_disable";
  return undefined;
}

const OFF = new Set(["false", "0", "off", "disabled", "disable", "none", "no"]);
const NEGATING_KEY = /^(?:disable|bypass|override|ignore|skip|suppress|defeat)[_\-]?/i;

/**
 * Safety switches turned off anywhere in `tool.arguments` (nested objects up to depth 4).
 *
 * @example
 * findSafetySwitchesOff({ text: "", tool: { name: "robot.move", arguments: { estop_enabled: false } } });
 * // [{ type: "SAFETY_OVERRIDE", subtype: "emergency_stop_disable", start: 0, end: 0, score: 0.9, field: "tool.arguments.estop_enabled", … }]
 */
export function findSafetySwitchesOff(input: DetectorInput): Finding[] {
  const out: Finding[] = [];
  const args = input.tool?.arguments;
  if (args !== undefined && args !== null && typeof args === "object") walk(args, "tool.arguments", 0, out);
  return out;
}

function walk(obj: Record<string, unknown>, path: string, depth: number, out: Finding[]): void {
  if (depth > 4 || out.length >= 32) return;
  for (const [key, value] of Object.entries(obj)) {
    const field = `${path}.${key}`;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      walk(value as Record<string, unknown>, field, depth + 1, out);
      continue;
    }
    const subtype = safetySubtypeOfKey(key);
    if (subtype === undefined) continue;
    const v = String(value).toLowerCase();
    const off = NEGATING_KEY.test(key) ? value === true || v === "true" || v === "1" || v === "on" : OFF.has(v);
    if (off) out.push({ ...makeFinding("SAFETY_OVERRIDE", subtype, 0, 0, 0.9, "safety"), field });
  }
}

function numeric(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^\s*-?\d+(?:\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * Actuation values outside `context.limits`: for each `limits[param] = { min?, max? }`, the numbers in
 * `tool.arguments[param]` and `context.command[param]` must lie in [min, max]. Score 0.95; malformed
 * limits are ignored (never crash).
 *
 * @example
 * findOutOfLimits({ text: "", tool: { name: "arm.move", arguments: { speed: 5 } }, context: { limits: { speed: { max: 2 } } } });
 * // [{ type: "SAFETY_OVERRIDE", subtype: "actuation_out_of_limits", start: 0, end: 0, score: 0.95, field: "tool.arguments.speed", … }]
 */
export function findOutOfLimits(input: DetectorInput): Finding[] {
  const limits = record(input.context?.["limits"]);
  if (limits === undefined) return [];
  const out: Finding[] = [];
  const sources: [string, Record<string, unknown> | undefined][] = [
    ["tool.arguments", record(input.tool?.arguments)],
    ["context.command", record(input.context?.["command"])],
  ];
  for (const [param, spec] of Object.entries(limits)) {
    const lim = record(spec);
    if (lim === undefined) continue;
    const min = numeric(lim["min"]);
    const max = numeric(lim["max"]);
    if (min === undefined && max === undefined) continue;
    for (const [path, src] of sources) {
      const v = src === undefined ? undefined : numeric(src[param]);
      if (v === undefined) continue;
      if ((min !== undefined && v < min) || (max !== undefined && v > max)) {
        out.push({ ...makeFinding("SAFETY_OVERRIDE", "actuation_out_of_limits", 0, 0, 0.95, "safety"), field: `${path}.${param}` });
      }
    }
  }
  return out;
}
