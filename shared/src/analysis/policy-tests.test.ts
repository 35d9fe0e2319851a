import { describe, expect, it } from "vitest";
import { compilePolicy } from "../policy/compile.ts";
import { defaultPolicy } from "../policy/default-policy.ts";
import { PolicyError } from "../policy/errors.ts";
import { parsePolicyTests, runPolicyTest } from "./policy-tests.ts";

const policy = compilePolicy({ tenant: "t", seq: 1, hash: "0".repeat(64), policy: defaultPolicy() });

describe("policy unit tests", () => {
  it("passes a case whose decision, obligation types and violation rule ids match", () => {
    const [c] = parsePolicyTests(`
- name: email in a message is redacted
  request: { agent_id: a, action: "mail jane.doe@acme-corp.com", action_type: message }
  expect: { decision: RESTRICT, obligations: [redact], violations: [law.22.pii.email-address.outbound, redact-outbound-pii-and-secrets] }
`);
    const result = runPolicyTest(policy, c!);
    expect(result).toEqual({ name: "email in a message is redacted", pass: true, diffs: [] });
  });

  it("fails with a field-by-field diff when the outcome differs", () => {
    const [c] = parsePolicyTests(
      JSON.stringify({ cases: [{ name: "wrong", request: { agent_id: "a", action: "rm -rf /", action_type: "code_execution" }, expect: { decision: "ALLOW", obligations: ["sandbox"] } }] }),
      "json",
    );
    const result = runPolicyTest(policy, c!);
    expect(result.pass).toBe(false);
    expect(result.diffs).toEqual([
      { field: "decision", expected: "ALLOW", actual: "BLOCK" },
      { field: "obligations", expected: ["sandbox"], actual: [] },
    ]);
  });

  it("uses the partial agent state a case gives", () => {
    const [c] = parsePolicyTests(`
- name: repeat offender
  request: { agent_id: a, action: hello, action_type: query }
  agent: { strikes: 5 }
  expect: { decision: TERMINATE, violations: [terminate-repeat-offender] }
`);
    expect(runPolicyTest(policy, c!).pass).toBe(true);
  });

  it("rejects malformed files and cases with every problem and its path, never running them", () => {
    expect(() => parsePolicyTests("name: not a list\n")).toThrow(/expected a list of test cases/);
    try {
      parsePolicyTests(`
- name: ok
  request: { agent_id: a, action: x, action_type: query }
  expect: { decision: DENY }
- name: bad request
  request: { agent_id: a, action: x, action_type: Query }
  expect: { decision: ALLOW, extra: 1 }
`);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyError);
      const paths = (error as PolicyError).issues.map((i) => i.path);
      expect(paths).toEqual(expect.arrayContaining(["[0].expect.decision", "[1].expect"]));
    }
    expect(() => parsePolicyTests(`- { name: r, request: { agent_id: a, action: x, action_type: Query }, expect: { decision: ALLOW } }`)).toThrow(/\[0\]\.request\.action_type/);
  });
});
