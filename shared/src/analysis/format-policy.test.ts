import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../policy/parse.ts";
import { PolicyError } from "../policy/errors.ts";
import { formatPolicyText, policyFormat } from "./format-policy.ts";

const acme = readFileSync(join(import.meta.dirname, "..", "..", "..", "examples", "policies", "acme.yaml"), "utf8");
const messy = `# top comment
rules:
  # the only rule
  - then: { reason: "x", decision: BLOCK }
    when: { value: query, op: eq, field: action_type }
    id: r1
name: p
default: { decision: ALLOW }
version: 1
`;

describe("policy formatting", () => {
  it("orders keys canonically in YAML, keeps comments, and does not change the policy", () => {
    const out = formatPolicyText(messy, "yaml");
    expect(out.indexOf("version:")).toBeLessThan(out.indexOf("name:"));
    expect(out.indexOf("name:")).toBeLessThan(out.indexOf("rules:"));
    expect(out).toContain("- id: r1\n    when: { field: action_type, op: eq, value: query }\n    then: { decision: BLOCK, reason: \"x\" }");
    expect(out).toContain("# the only rule");
    expect(out).toContain("# top comment");
    expect(parsePolicy(out)).toEqual(parsePolicy(messy));
  });

  it("is idempotent, and the example policy is already formatted", () => {
    const once = formatPolicyText(messy, "yaml");
    expect(formatPolicyText(once, "yaml")).toBe(once);
    expect(formatPolicyText(acme, "yaml")).toBe(acme);
  });

  it("keeps JSON as JSON with 2-space indentation", () => {
    const out = formatPolicyText('{"rules":[],"default":{"decision":"ALLOW"},"name":"p","version":1}', "json");
    expect(out).toBe('{\n  "version": 1,\n  "name": "p",\n  "default": {\n    "decision": "ALLOW"\n  },\n  "rules": []\n}\n');
    expect(formatPolicyText(out, "json")).toBe(out);
  });

  it("fails with a PolicyError on text that does not parse", () => {
    expect(() => formatPolicyText("{ nope", "json")).toThrow(PolicyError);
    expect(() => formatPolicyText("a: [1,\n", "yaml")).toThrow(/invalid YAML/);
  });

  it("guesses the format from the file name, then from the text", () => {
    expect(policyFormat("p.json", "x: 1")).toBe("json");
    expect(policyFormat("p.yml", "{}")).toBe("yaml");
    expect(policyFormat("-", " {\"a\":1}")).toBe("json");
  });
});
