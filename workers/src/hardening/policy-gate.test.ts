/**
 * Red-team defects 4 and 6, through the API: `PUT /v2/policies/active` activated a contradictory policy that
 * publish + transition refused; publish answered 201 without its analysis findings, and refused
 * examples/policies/broken.yaml with 2 of its 5 lint findings; a 500-character device id answered 500; a
 * trailing slash answered 405; an export from a tree size the log never had answered 200 without a proof;
 * error messages quoted the policy's values.
 */
import { describe, expect, it } from "vitest";
import { api, createTenant, defaultPolicyWith } from "../testing/api.ts";

// examples/policies/broken.yaml, inlined (workerd tests cannot read the repository's files).
const BROKEN = `version: 1
name: broken
default: { decision: ALLOW }
rules:
  - id: block-secrets
    priority: 100
    when: { finding: { type: SECRET } }
    then: { decision: BLOCK, reason: Secrets never leave }
  - id: allow-secrets-to-vault
    when: { finding: { type: SECRET } }
    then: { decision: ALLOW }
  - id: redact-github-tokens
    when:
      all:
        - { field: action_type, op: eq, value: message }
        - { finding: { type: SECRET, subtype: github_token, min_score: 0.8 } }
    then: { decision: RESTRICT, obligations: [ { type: redact, findings: [ SECRET ] } ] }
  - id: prod-and-staging
    when:
      all:
        - { field: context.environment, op: eq, value: prod }
        - { field: context.environment, op: eq, value: staging }
    then: { decision: BLOCK }
  - id: backreference-regex
    when: { field: action, op: matches, value: "(a)\\\\1" }
    then: { decision: BLOCK }
  - id: typo-in-subtype
    when: { finding: { type: DANGEROUS_CODE, subtype: fork_bombs } }
    then: { decision: BLOCK }
`;

const CONTRADICTORY = defaultPolicyWith([
  {
    id: "prod-and-staging",
    when: { all: [{ field: "context.environment", op: "eq", value: "prod" }, { field: "context.environment", op: "eq", value: "staging" }] },
    then: { decision: "BLOCK" },
  },
]);

interface Finding {
  severity: string;
  code: string;
  path: string;
  rules: string[];
}

describe("one policy gate for every way in", () => {
  it("PUT /v2/policies/active refuses a contradictory policy with 422 and its findings, and keeps the active one", async () => {
    const { keys } = await createTenant("put-gate");
    const before = (await (await api("/v2/policies/active", { key: keys.operator })).json()) as { policy_version: string };
    const res = await api("/v2/policies/active", { method: "PUT", key: keys.operator, json: CONTRADICTORY });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { type: string; findings: Finding[] };
    expect(problem.type).toBe("urn:nethical:problem:invalid-policy");
    expect(problem.findings.some((f) => f.code === "unreachable" && f.rules.includes("prod-and-staging"))).toBe(true);
    const after = (await (await api("/v2/policies/active", { key: keys.operator })).json()) as { policy_version: string };
    expect(after.policy_version).toBe(before.policy_version);
  });

  it("publish refuses broken.yaml with all five findings nethical lint prints", async () => {
    const { keys } = await createTenant("lint-parity");
    const res = await api("/v2/policies", { key: keys.operator, body: BROKEN, headers: { "content-type": "application/yaml" } });
    expect(res.status).toBe(422);
    const { findings } = (await res.json()) as { findings: Finding[] };
    // The same five as `npx nethical lint examples/policies/broken.yaml` (cli/src/commands/lint.test.ts).
    expect(findings.map((f) => `${f.severity} ${f.code} ${f.path}`)).toEqual([
      "error contradictory rules[1]",
      "warning shadowed rules[2]",
      "error unreachable rules[3].when",
      "error unsafe-regex rules[4].when.value",
      "error unknown-subtype rules[5].when.finding.subtype",
    ]);
    expect(findings.length).toBe(5);
  });

  it("publish answers 201 with the findings of a policy it quarantines", async () => {
    const { keys } = await createTenant("publish-findings");
    const res = await api("/v2/policies?policy_id=contradictory", { key: keys.operator, json: CONTRADICTORY });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { findings: Finding[] };
    expect(body.findings.some((f) => f.severity === "error" && f.code === "unreachable")).toBe(true);
  });

  it("never quotes a policy's values in its errors", async () => {
    const { keys } = await createTenant("no-echo");
    const secret = "AKIAZ3MQPL7XK2B9TRWE";
    const policy = defaultPolicyWith([{ id: "r", when: { field: secret, op: "eq", value: 1 }, then: { decision: "BLOCK" } }]);
    const res = await api("/v2/policies/active", { method: "PUT", key: keys.operator, json: policy });
    expect(res.status).toBe(422);
    expect(await res.text()).not.toContain(secret);
  });
});

describe("small edges", () => {
  it("a 500-character device id is not found (404), not a 500", async () => {
    const { keys } = await createTenant("long-device");
    const res = await api(`/v2/devices/${"d".repeat(500)}`, { key: keys.operator });
    expect(res.status).toBe(404);
  });

  it("a trailing slash reaches the route", async () => {
    const { keys } = await createTenant("slash");
    expect((await api("/v2/audit/status/", { key: keys.auditor })).status).toBe(200);
  });

  it("an export from a tree size the log never had is refused with 422", async () => {
    const { keys } = await createTenant("since");
    const res = await api("/v2/audit/export", { key: keys.auditor, json: { since_tree_size: 1_000_000 } });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe("since_tree_size");
  });
});
