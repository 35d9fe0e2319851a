import { describe, expect, it } from "vitest";
import { FINDING_TYPES } from "../schemas/finding.ts";
import { KNOWN_SUBTYPES } from "../policy/vocabulary.ts";
import { FUNDAMENTAL_LAWS, getLaw } from "./law-pack.ts";
import { AGENT_STATE_RULES, LAW_RULES } from "./law-rules.ts";
import { LAW_CATEGORIES } from "./law-text.ts";

describe("the 25 Fundamental Laws", () => {
  it("has laws 1–25 in order, each titled, categorised and described", () => {
    expect(FUNDAMENTAL_LAWS.map((l) => l.id)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    for (const law of FUNDAMENTAL_LAWS) {
      expect(law.title.length).toBeGreaterThan(5);
      expect(law.description.length).toBeGreaterThan(40);
      expect(LAW_CATEGORIES).toContain(law.category);
    }
    expect(getLaw(21)?.title).toBe("Primacy of Human Safety");
    expect(getLaw(22)?.category).toBe("protection");
    expect(getLaw(26)).toBeUndefined();
  });

  it("is deeply immutable", () => {
    const law = FUNDAMENTAL_LAWS[20] as { title: string; enforced_by: { rules: string[] } | null };
    expect(() => {
      law.title = "weakened";
    }).toThrow(TypeError);
    expect(() => law.enforced_by?.rules.pop()).toThrow(TypeError);
    expect(() => (FUNDAMENTAL_LAWS as unknown as unknown[]).pop()).toThrow(TypeError);
    const rule = LAW_RULES[0] as { min_score: number };
    expect(() => {
      rule.min_score = 1;
    }).toThrow(TypeError);
    expect(() => (LAW_RULES as unknown as unknown[]).push({})).toThrow(TypeError);
    expect(Object.isFrozen(AGENT_STATE_RULES.rateLimit)).toBe(true);
  });

  it("marks a law automatic exactly when the pack enforces it", () => {
    for (const law of FUNDAMENTAL_LAWS) {
      const ruleIds = [...LAW_RULES, ...Object.values(AGENT_STATE_RULES)].filter((r) => r.law === law.id).map((r) => r.id);
      expect(law.automatic).toBe(ruleIds.length > 0);
      if (law.automatic) expect(law.enforced_by?.rules).toEqual(expect.arrayContaining(ruleIds));
      else expect(law.enforced_by).toBeNull();
    }
    const automatic = FUNDAMENTAL_LAWS.filter((l) => l.automatic).map((l) => l.id);
    expect(automatic).toEqual([2, 5, 6, 7, 15, 17, 18, 21, 22, 23]);
  });

  it("names only contract finding types and subtypes", () => {
    for (const rule of LAW_RULES) {
      expect(FINDING_TYPES).toContain(rule.type);
      if (rule.subtype !== undefined) expect((KNOWN_SUBTYPES as Record<string, readonly string[]>)[rule.type]).toContain(rule.subtype);
      expect(rule.id).toMatch(new RegExp(`^law\\.${rule.law}\\.`));
      expect(rule.decision === "RESTRICT").toBe(rule.obligation !== undefined);
    }
    expect(new Set(LAW_RULES.map((r) => r.id)).size).toBe(LAW_RULES.length);
  });

  it("covers every finding type", () => {
    for (const type of FINDING_TYPES) expect(LAW_RULES.some((r) => r.type === type)).toBe(true);
  });
});
