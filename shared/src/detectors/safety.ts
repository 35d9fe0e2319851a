/**
 * The safety detector (type SAFETY_OVERRIDE): requests or commands that disable, bypass or override
 * interlocks, emergency stops, collision avoidance, geofences and speed/force limiters; `key=false`
 * settings in text; and the structural checks in safety-structure.ts. "Never bypass the interlock" or
 * "why is the e-stop important?" is talk, not doing.
 */
import type { Finding } from "../schemas/finding.ts";
import { registerRules, scanRules, type PatternRule } from "./rules.ts";
import { findOutOfLimits, findSafetySwitchesOff, safetySubtypeOfKey } from "./safety-structure.ts";
import { makeFinding, type Detector, type DetectorInput } from "./types.ts";
import { applyTalk, talkFactor } from "./talk-about.ts";
import { verbAlternation, verbTriggers } from "./verbs.ts";

const VERBS = ["disable", "deactivate", "bypass", "override", "ignore", "defeat", "turn off", "switch off", "shut off",
  "suppress", "jumper", "short", "short-circuit", "remove", "circumvent", "mute", "inhibit", "kill", "tape over", "disconnect", "unplug", "skip"];
const VERB = verbAlternation(VERBS);
const FILL = "(?:(?:the|all|any|its|their|his|her|our|my|this|that|robot's|vehicle's|machine's|drone's|car's|safety)\\s+){0,3}";
const INTERLOCK =
  "(?:interlocks?|safety\\s+(?:interlocks?|limits?|guards?|circuits?|systems?|controllers?|relays?|features?|checks?|sensors?|light\\s+curtains?|mats?|devices?|cut-?offs?)|light\\s+curtains?|(?:machine|blade|saw|belt|chain|fan|protective|physical|point[\\s-]of[\\s-]operation)\\s+guards?|speed\\s+(?:limiters?|limits?|governors?)|torque\\s+limits?|force\\s+limits?|thermal\\s+(?:cut-?offs?|limits?)|overload\\s+protection|overspeed\\s+protection|pressure\\s+relief\\s+valves?|limit\\s+switch(?:es)?|watchdogs?)";
const ESTOP =
  "(?:e-?stops?|emergency[\\s-]+stops?|emergency\\s+(?:brakes?|braking|shut-?down|shut-?off|kill\\s+switch)|kill\\s+switch(?:es)?|dead[\\s-]?man(?:'s)?\\s+(?:switch|control|pedal)|stop\\s+buttons?)";
const COLLISION =
  "(?:collision[\\s-]+(?:avoidance|detection|warning|prevention)|obstacle\\s+(?:avoidance|detection)|geo-?fenc(?:e|es|ing)|proximity\\s+sensors?|lidar|(?:pedestrian|person|human)\\s+detection|automatic\\s+emergency\\s+braking|no-fly\\s+zones?|altitude\\s+limits?)";
const rule = (subtype: string, object: string, triggers: readonly string[]): PatternRule => ({
  subtype,
  re: new RegExp(`\\b${VERB}\\s+${FILL}${object}\\b`, "gi"),
  score: 0.9,
  talk: "full",
  triggersAll: [verbTriggers(VERBS), triggers],
  anchored: true,
});

const RULES: readonly PatternRule[] = registerRules([
  rule("emergency_stop_disable", ESTOP, ["e-stop", "estop", "emergency", "kill", "dead", "stop"]),
  rule("collision_avoidance_disable", COLLISION, ["collision", "obstacle", "geofenc", "geo-fenc", "proximity", "lidar", "pedestrian", "person", "human", "automatic", "no-fly", "altitude"]),
  rule("interlock_disable", INTERLOCK, ["interlock", "safety", "light", "machine", "blade", "saw", "belt", "chain", "fan", "protective", "physical", "point", "speed", "torque", "force", "thermal", "overload", "overspeed", "pressure", "limit", "watchdog"]),
]);
const SETTING_RE =
  /\b((?:safety[_\-.]?(?:interlock|check|limit|mode|guard)s?|interlocks?|e_?stop|emergency_stop|collision_avoidance|obstacle_avoidance|geofenc(?:e|ing)|speed_limit(?:er)?)(?:[_\-.]?enabled)?)["']?\s{0,3}[:=]\s{0,3}["']?(?:false|0|off|disabled?|none|no)\b/gi;
const SETTING_GATE = /[:=]\s{0,3}["']?(?:false|0|off|disabled?|none|no)\b/i;

/**
 * SAFETY_OVERRIDE findings for the input (text rules + tool-argument switches + actuation limits).
 *
 * @example
 * detectSafety({ text: "Disable the emergency stop and continue." })[0].subtype; // "emergency_stop_disable"
 * detectSafety({ text: "Never bypass the interlock." })[0].score;                // 0.27
 */
export function detectSafety(input: DetectorInput): Finding[] {
  const out: Finding[] = [];
  const text = input.text;
  scanRules(input, "SAFETY_OVERRIDE", "safety", RULES, out);
  if (SETTING_GATE.test(text)) {
    SETTING_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = SETTING_RE.exec(text)) !== null && out.length < 64) {
      const subtype = safetySubtypeOfKey((m[1] ?? "").replace(/[\-.]/g, "_")) ?? "interlock_disable";
      const end = m.index + m[0].length;
      out.push(makeFinding("SAFETY_OVERRIDE", subtype, m.index, end, applyTalk(0.9, talkFactor(input, m.index, end, "question")), "safety"));
    }
  }
  if (input.structural !== false) {
    if (input.tool !== undefined) out.push(...findSafetySwitchesOff(input));
    if (input.context !== undefined) out.push(...findOutOfLimits(input));
  }
  return out;
}

/** The safety detector. */
export const safetyDetector: Detector = { id: "safety", types: ["SAFETY_OVERRIDE"], detect: detectSafety };
