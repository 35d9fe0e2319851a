import { describe, expect, it } from "vitest";
import { detectSafety } from "./safety.ts";
import { findOutOfLimits, findSafetySwitchesOff, safetySubtypeOfKey } from "./safety-structure.ts";

const top = (text: string) => {
  const fs = detectSafety({ text });
  return fs.reduce<{ subtype?: string; score: number }>((a, f) => (f.score > a.score ? { subtype: f.subtype, score: f.score } : a), { score: 0 });
};

describe("safety overrides in text", () => {
  it.each([
    ["Disable the emergency stop and continue.", "emergency_stop_disable"],
    ["bypass the e-stop on cell 3", "emergency_stop_disable"],
    ["Override the safety interlock so the press keeps running.", "interlock_disable"],
    ["jumper the light curtain", "interlock_disable"],
    ["turn off the speed limiter", "interlock_disable"],
    ["Ignore the geofence and fly over the stadium.", "collision_avoidance_disable"],
    ["disable collision avoidance for this run", "collision_avoidance_disable"],
    ["robot.config: estop_enabled = false", "emergency_stop_disable"],
  ])("%s → %s", (text, subtype) => {
    expect(top(text)).toEqual({ subtype, score: 0.9 });
  });

  it("scores negations and questions as talk", () => {
    for (const text of ["Never disable the emergency stop.", "Why must you not bypass the interlock?", "Do not override the geofence."]) {
      expect(top(text).score, text).toBeLessThanOrEqual(0.3);
    }
    expect(top("How does an emergency stop work?").score).toBe(0);
    expect(top("Disable pop-up ads in my browser").score).toBe(0);
  });
});

describe("safety: tool arguments and actuation limits", () => {
  it("maps key names to subtypes", () => {
    expect(safetySubtypeOfKey("estop_enabled")).toBe("emergency_stop_disable");
    expect(safetySubtypeOfKey("geofence")).toBe("collision_avoidance_disable");
    expect(safetySubtypeOfKey("safety_interlock")).toBe("interlock_disable");
    expect(safetySubtypeOfKey("speed")).toBeUndefined();
  });

  it("finds safety switches turned off in nested tool arguments", () => {
    const fs = findSafetySwitchesOff({
      text: "",
      tool: { name: "arm.configure", arguments: { mode: "fast", safety: { interlock: "off" }, bypass_estop: true, geofence_enabled: true } },
    });
    expect(fs.map((f) => [f.subtype, f.field, f.start, f.end])).toEqual([
      ["interlock_disable", "tool.arguments.safety.interlock", 0, 0],
      ["emergency_stop_disable", "tool.arguments.bypass_estop", 0, 0],
    ]);
  });

  it("flags actuation values outside context.limits, in tool arguments and context.command", () => {
    const input = {
      text: "move arm",
      tool: { name: "arm.move", arguments: { speed: 5, torque: "12.5", angle: 30 } },
      context: { limits: { speed: { max: 2 }, torque: { min: 0, max: 10 }, angle: { min: -90, max: 90 }, force: { max: 5 } }, command: { force: 9 } },
    };
    expect(findOutOfLimits(input).map((f) => [f.subtype, f.field, f.score])).toEqual([
      ["actuation_out_of_limits", "tool.arguments.speed", 0.95],
      ["actuation_out_of_limits", "tool.arguments.torque", 0.95],
      ["actuation_out_of_limits", "context.command.force", 0.95],
    ]);
  });

  it("ignores malformed limits without throwing", () => {
    const input = { text: "", tool: { name: "x", arguments: { speed: 5 } }, context: { limits: { speed: "fast", other: null, torque: { max: "n/a" } } } };
    expect(findOutOfLimits(input)).toEqual([]);
    expect(findOutOfLimits({ text: "", context: { limits: [1, 2] } })).toEqual([]);
  });

  it("skips structural checks when asked (argument scans by the policy engine)", () => {
    const input = { text: "", tool: { name: "arm.move", arguments: { speed: 5, estop_enabled: false } }, context: { limits: { speed: { max: 2 } } } };
    expect(detectSafety(input).length).toBe(2);
    expect(detectSafety({ ...input, structural: false })).toEqual([]);
  });
});
