import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { provePolicy, type ProofFinding, type ProofReport } from "./prove.ts";
import { firstMatchCombiner } from "./testing.ts";
import { checkWithin, shutdownZ3, z3Context } from "./z3.ts";

const root = join(import.meta.dirname, "..", "..", "..");
const broken = readFileSync(join(root, "examples", "policies", "broken.yaml"), "utf8");
const find = (r: ProofReport, code: ProofFinding["code"], first?: string) => r.findings.filter((f) => f.code === code && (first === undefined || f.rules[0] === first));

afterAll(shutdownZ3);

describe("provePolicy on examples/policies/broken.yaml", () => {
  let report: ProofReport;

  it("proves the unreachable rule unreachable (UNSAT, no witness)", async () => {
    report = await provePolicy(broken, { format: "yaml" });
    const [f] = find(report, "unreachable");
    expect(f).toMatchObject({ status: "proven", rules: ["prod-and-staging"] });
    expect(f?.witness).toBeUndefined();
    expect(report.unknown).toBe(0);
    expect(report.skipped).toBe(2); // the unsafe regex and the unknown subtype are not encoded
  }, 60_000);

  it("reports the conflict with a witness evaluate confirms", () => {
    const f = report.findings.find((x) => x.code === "conflict" && x.rules.includes("block-secrets") && x.rules.includes("allow-secrets-to-vault"));
    expect(f?.status).toBe("confirmed");
    expect(f?.evaluated).toMatchObject({ decision: "BLOCK", confirmed: true });
    expect(f?.evaluated?.matched).toEqual(expect.arrayContaining(["block-secrets", "allow-secrets-to-vault"]));
    expect(f?.witness?.request.action_type).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it("proves the shadowed rule shadowed and shows a confirmed witness of both matching", () => {
    const [f] = find(report, "shadowed", "redact-github-tokens");
    expect(f).toMatchObject({ status: "proven", rules: ["redact-github-tokens", "block-secrets"] });
    expect(f?.evaluated?.confirmed).toBe(true);
  });

  // @req SAFETY-P1
  // @req SAFETY-L1
  it("finds the law-weakening attempt, shows it fail under evaluate, and proves law preservation", () => {
    const [attempt] = find(report, "law-override-attempt", "allow-dangerous-code");
    expect(attempt?.status).toBe("confirmed");
    expect(attempt?.message).toMatch(/at least BLOCK/);
    expect(attempt?.evaluated?.matched).toContain("allow-dangerous-code");
    expect(["BLOCK", "TERMINATE"]).toContain(attempt?.evaluated?.decision);
    expect(find(report, "law-preservation")[0]?.status).toBe("proven");
    expect(find(report, "law-preservation-any-policy")[0]?.status).toBe("proven");
  });

  it("every SAT finding carries a witness and evaluate's verdict; unconfirmed ones are never called confirmed", () => {
    for (const f of report.findings.filter((x) => x.code === "conflict" || x.code === "law-override-attempt")) {
      expect(f.witness).toBeDefined();
      expect(f.status).toBe(f.evaluated?.confirmed === true ? "confirmed" : "unconfirmed");
    }
  });
});

describe("a planted mutated combiner (first match wins) fails the law-preservation proof", () => {
  // @req SAFETY-P1
  // @req SAFETY-L1
  it("gives a counterexample for this policy and for every policy", async () => {
    const report = await provePolicy(broken, { format: "yaml", combiner: firstMatchCombiner });
    const [mine] = find(report, "law-preservation");
    expect(mine?.status).toBe("violated");
    expect(mine?.witness).toBeDefined();
    // The real evaluate on the counterexample keeps the law's decision: only the mutated combiner weakens it.
    expect(mine?.evaluated?.matched.length).toBeGreaterThan(0);
    expect(find(report, "law-preservation-any-policy")[0]?.status).toBe("violated");
  }, 60_000);
});

describe("encoding", () => {
  const policy = (when: unknown, extra: unknown[] = []) => ({ version: 1, name: "t", default: { decision: "ALLOW" }, rules: [{ id: "r", when, then: { decision: "BLOCK" } }, ...extra] });
  const unreachable = async (when: unknown) => find(await provePolicy(policy(when)), "unreachable").length === 1;

  it("is exact on numeric ranges, equality, in/nin, prefixes and finding subtypes", async () => {
    expect(await unreachable({ all: [{ field: "agent.violations", op: "gt", value: 5 }, { field: "agent.violations", op: "lt", value: 3 }] })).toBe(true);
    expect(await unreachable({ all: [{ field: "agent.violations", op: "gt", value: 5 }, { field: "agent.violations", op: "lt", value: 6 }] })).toBe(true); // integers
    expect(await unreachable({ all: [{ field: "tool.name", op: "starts_with", value: "db." }, { field: "tool.name", op: "eq", value: "http.get" }] })).toBe(true);
    expect(await unreachable({ all: [{ field: "context.env", op: "in", value: ["a", "b"] }, { field: "context.env", op: "nin", value: ["a", "b", "c"] }] })).toBe(true);
    expect(await unreachable({ all: [{ finding: { type: "SECRET", subtype: "github_token" } }, { not: { finding: { type: "SECRET" } } }] })).toBe(true);
    expect(await unreachable({ all: [{ finding: { type: "US_SSN" } }, { not: { finding: { type: "PII" } } }] })).toBe(true);
    expect(await unreachable({ all: [{ finding: { type: "SECRET", min_score: 0.9 } }, { not: { finding: { type: "SECRET", min_score: 0.8 } } }] })).toBe(true);
    expect(await unreachable({ all: [{ field: "agent.violations", op: "gt", value: 5 }, { field: "agent.violations", op: "lt", value: 7 }] })).toBe(false);
    expect(await unreachable({ all: [{ finding: { type: "SECRET", min_score: 0.8 } }, { not: { finding: { type: "SECRET", min_score: 0.9 } } }] })).toBe(false);
  }, 60_000);

  it("over-approximates regexes (a free boolean) and says so", async () => {
    const report = await provePolicy(policy({ all: [{ field: "action", op: "matches", value: "^a" }, { field: "action", op: "eq", value: "b" }] }));
    expect(find(report, "unreachable")).toHaveLength(0); // really unreachable, but not provable under the encoding
    expect(report.approximations).toContain("regex");
  }, 60_000);
});

describe("time budget", () => {
  // @req SAFETY-L1
  it("a query the solver cannot finish in time is unknown, not a proof or a finding", async () => {
    const z = await z3Context();
    const [x, y, w] = [z.Int.const("x"), z.Int.const("y"), z.Int.const("w")];
    const solver = new z.Solver();
    const hard = [x.gt(1), y.gt(1), w.gt(1), x.mul(x).mul(x).add(y.mul(y).mul(y)).eq(w.mul(w).mul(w))];
    const res = await checkWithin(solver, hard, 50);
    expect(res.answer).toBe("unknown");
  }, 60_000);
});

describe("nethical lint --prove (a real process)", () => {
  const run = (args: string[]) => spawnSync(process.execPath, [join(root, "cli", "bin", "nethical.js"), "lint", ...args], { cwd: root, encoding: "utf8", timeout: 120_000 });

  // @req SAFETY-L1
  it("reports each finding with its witness and evaluate's verdict, and exits 1", () => {
    const res = run(["--prove", "examples/policies/broken.yaml"]);
    expect(res.status).toBe(1);
    expect(res.stdout).toMatch(/proof \[unreachable\] proven: prod-and-staging/);
    expect(res.stdout).toMatch(/proof \[conflict\] confirmed: allow-secrets-to-vault \(ALLOW\) and block-secrets \(BLOCK\)/);
    expect(res.stdout).toMatch(/proof \[shadowed\] proven: redact-github-tokens/);
    expect(res.stdout).toMatch(/proof \[law-override-attempt\] confirmed: allow-dangerous-code/);
    expect(res.stdout).toMatch(/proof \[law-preservation\] proven/);
    expect(res.stdout).toMatch(/ {2}witness: \{"request":/);
    expect(res.stdout).toMatch(/ {2}evaluate: BLOCK, matched \[.*\] → confirmed/);
    expect(res.stdout).toMatch(/solver queries \(median [\d.]+ ms\), 0 unknown/);
  }, 130_000);

  it("reports solver timeouts as unknown (a 1 ms budget), never as proofs or findings", () => {
    const res = run(["--prove", "--prove-timeout-ms", "1", "examples/policies/broken.yaml"]);
    // A query may still finish within 1 ms on a fast moment (law preservation sometimes does): whatever the
    // 1 ms run does prove or refute must be what the default budget proves or refutes, word for word.
    const full = run(["--prove", "examples/policies/broken.yaml"]);
    const decided = res.stdout.split("\n").filter((l) => / proof \[[\w-]+\] (proven|violated): /.test(l));
    for (const line of decided) expect(full.stdout).toContain(line);
    expect(res.stdout).toMatch(/proof \[[\w-]+\] unknown: .* unknown \(the solver found no answer within 1 ms\)/);
    const unknownLines = res.stdout.split("\n").filter((l) => / unknown: /.test(l));
    const summary = /, (\d+) unknown;/.exec(res.stdout);
    expect(unknownLines.length).toBeGreaterThan(0);
    expect(Number(summary?.[1])).toBeGreaterThanOrEqual(unknownLines.length); // a few searches that time out are not findings
  }, 130_000);

  it("rejects a bad --prove-timeout-ms with exit 2", () => {
    const res = run(["--prove", "--prove-timeout-ms", "0", "examples/policies/acme.yaml"]);
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/--prove-timeout-ms must be a positive integer/);
  }, 30_000);
});
