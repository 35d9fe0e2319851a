/**
 * The compliance and transparency reports against the running stack (real PostgreSQL, `wrangler dev`, the
 * real `nethical` CLI process): a period is seeded with known decisions, an approval and an appeal; the
 * transparency report (CLI and API) counts exactly those from Postgres; the compliance report runs every
 * control live from the CLI (with its repository checks) and from `GET /v2/compliance/report`, each with
 * its status and evidence; breaking one control (probe answers stripped of their explanation) fails it with
 * its reason.
 */
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { complianceReport, type ComplianceReport, type LiveTarget, type TransparencyReport } from "@nethical/core/compliance/index.ts";
import { POSTGRES_AVAILABLE, SKIP_NOTE } from "../local-stack.ts";
import { call, startAuditStack, until, type AuditStack } from "./audit-stack.ts";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const NODE = join(ROOT, "node_modules", ".bin", "node");
const NETHICAL = join(ROOT, "cli", "bin", "nethical.js");
/** The environment variable the CLI reads the API key from (the key itself is made at run time). */
const KEY_VAR = "NETHICAL_API_KEY";
/** Where the reports of this run are written (for the README's numbers). */
const OUT = join(ROOT, "test-results", "compliance");
const POLICY = {
  version: 1,
  name: "compliance-e2e",
  default: { decision: "ALLOW" },
  rules: [
    { id: "kill-switch", when: { field: "context.kill", op: "eq", value: true }, then: { decision: "TERMINATE", reason: "kill switch" } },
    { id: "block-flag", when: { field: "context.block", op: "eq", value: true }, then: { decision: "BLOCK", reason: "block flag" } },
    { id: "export-needs-approval", when: { field: "context.export", op: "eq", value: true }, then: { decision: "RESTRICT", obligations: [{ type: "require_human_approval", reason: "Bulk export" }], reason: "Bulk export needs approval" } },
  ],
};

/** Run the real CLI; exit code and output (it may exit 1: a failed control). */
async function nethical(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(NODE, [NETHICAL, ...args], { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

function httpTarget(url: string, key: string): LiveTarget {
  return {
    async request(method, path, options = {}) {
      const headers: Record<string, string> = options.auth === "none" ? {} : { authorization: `Bearer ${key}` };
      if (options.body !== undefined) headers["content-type"] = "application/json";
      const res = await fetch(`${url}${path}`, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
      const text = await res.text();
      try {
        return { status: res.status, body: JSON.parse(text) as unknown };
      } catch {
        return { status: res.status, body: text };
      }
    },
  };
}

const statuses = (r: ComplianceReport) => Object.fromEntries(r.controls.map((c) => [c.id, c.status]));

describe.skipIf(!POSTGRES_AVAILABLE)(`compliance and transparency reports against the running stack${SKIP_NOTE}`, { timeout: 60_000 }, () => {
  let stack: AuditStack;
  let from: number;
  let to: number;
  const decisionIds: string[] = [];

  beforeAll(async () => {
    stack = await startAuditStack();
    const { agent, operator, auditor } = stack.tenant.keys;
    const put = await fetch(`${stack.url}/v2/policies/active`, { method: "PUT", headers: { authorization: `Bearer ${operator}`, "content-type": "application/json" }, body: JSON.stringify(POLICY) });
    expect(put.status).toBe(200);
    from = Date.now();
    const decide = async (request: Record<string, unknown>, expected: string) => {
      const res = await call(stack, agent, "/v2/evaluate", { action: "read the weather forecast", action_type: "query", ...request });
      const body = (await res.json()) as { decision: string; decision_id: string; obligations: { type: string; approval_id?: string }[] };
      expect(body.decision).toBe(expected);
      decisionIds.push(body.decision_id);
      return body;
    };
    for (let i = 0; i < 4; i++) await decide({ agent_id: "reader-1" }, "ALLOW");
    await decide({ agent_id: "blocker-1", context: { block: true } }, "BLOCK");
    const terminated = await decide({ agent_id: "arm-1", context: { kill: true } }, "TERMINATE");
    const restricted = await decide({ agent_id: "exporter-1", context: { export: true } }, "RESTRICT");
    const approvalId = restricted.obligations.find((o) => o.type === "require_human_approval")?.approval_id as string;
    expect((await call(stack, operator, `/v2/approvals/${approvalId}/approve`, { note: "data owner agreed" })).status).toBe(200);
    // An appeal names a recorded decision: wait until the audit Queue has recorded it.
    const recorded = await until(async () => {
      const res = await call(stack, auditor, `/v2/decisions/${terminated.decision_id}`);
      await res.body?.cancel();
      return res.status === 200;
    }, 60_000);
    expect(recorded).toBe(true);
    const filed = await call(stack, agent, "/v2/appeals", { decision_id: terminated.decision_id, evidence: "The kill flag was a drill." });
    expect(filed.status).toBe(201);
    const appealId = ((await filed.json()) as { appeal_id: string }).appeal_id;
    expect((await call(stack, operator, `/v2/appeals/${appealId}/reject`, { reason: "not a drill" })).status).toBe(200);
    // Every decision and admin event in Postgres (the report reads it from there).
    const stored = await until(async () => {
      const rows = await stack.rows();
      const admin = await stack.adminRows();
      return decisionIds.every((id) => rows.some((r) => r.event_id === id || r.row.event_id === id)) && admin.filter((r) => ["approval.approve", "appeal.file", "appeal.reject"].includes(String(r.row.action))).length === 3;
    }, 60_000);
    expect(stored).toBe(true);
    to = Date.now() + 1;
    const status = (await (await call(stack, auditor, "/v2/audit/status")).json()) as { pending_db: number };
    expect(status.pending_db).toBe(0);
    mkdirSync(OUT, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  });

  // @req CTL-transparency-report
  it("transparency report (the CLI, from Postgres): exactly the seeded period", async () => {
    const run = await nethical(["transparency", "report", "--url", stack.url, "--from", new Date(from).toISOString(), "--to", new Date(to).toISOString()], { [KEY_VAR]: stack.tenant.keys.auditor });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as TransparencyReport;
    expect(report.source).toBe("postgres");
    expect(report.decisions.total).toBe(7);
    expect(report.decisions.by_outcome).toEqual({ ALLOW: 4, RESTRICT: 1, BLOCK: 1, TERMINATE: 1 });
    expect(report.approvals).toEqual({ approved: 1, denied: 0 });
    expect(report.appeals).toEqual({ filed: 1, upheld: 0, rejected: 1, filed_by_decision: { TERMINATE: 1 } });
    expect(report.terminations).toEqual({ by_decision: 1, by_operator: 0, reinstatements: 0, emergency_stops: { engaged: 0, released: 0 } });
    expect(report.policy_versions.map((v) => v.decisions)).toEqual([7]);
    const md = await nethical(["transparency", "report", "--url", stack.url, "--key", stack.tenant.keys.auditor, "--from", String(from), "--to", String(to), "--format", "md"]);
    expect(md.stdout).toContain("| 7 | 4 | 1 | 1 | 1 | 7 | 0 | 0 |");
    writeFileSync(join(OUT, "transparency.md"), md.stdout);
    const bad = await call(stack, stack.tenant.keys.auditor, `/v2/transparency/report?from=${to}&to=${from}`);
    expect(bad.status).toBe(422);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
    await bad.body?.cancel();
  });

  it("compliance report (the CLI, live and repository): every control's status and evidence", async () => {
    // The retention control says what the stack serves: a rule (issue 19 part 4) or none.
    const retention = await call(stack, stack.tenant.keys.auditor, "/v2/audit/retention");
    const served = retention.status === 200;
    await retention.body?.cancel();
    const run = await nethical(["compliance", "report", "--url", stack.url, "--key", stack.tenant.keys.auditor]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(served ? 0 : 1); // exit 1 when a control fails
    const report = JSON.parse(run.stdout) as ComplianceReport;
    expect(report.scopes).toEqual(["live", "repository"]);
    expect(report.tenant).toBe(stack.tenant.tenant);
    expect(statuses(report)).toEqual({
      explanations: "pass",
      "audit-no-raw-pii": "pass",
      retention: served ? "pass" : "fail",
      "record-keeping": "pass",
      "human-oversight": "pass",
      "approval-signatures": "pass",
      "access-control": "pass",
      "transparency-report": "pass",
      "risk-management": "manual",
      governance: "manual",
      "functional-safety": "manual",
    });
    const byId = new Map(report.controls.map((c) => [c.id, c]));
    if (served) expect(byId.get("retention")?.evidence[0]?.detail).toMatch(/deleted after \d+ d/);
    else expect(byId.get("retention")?.reason).toBe("live: no retention rule is configured: the audit trail (AuditLog and Postgres) keeps every event without limit");
    for (const c of report.controls) {
      if (c.status !== "manual") expect(c.checked, c.id).toContain("live");
      if (c.status === "pass") expect(c.evidence.filter((e) => e.kind === "api").length, c.id).toBeGreaterThan(0);
    }
    expect(byId.get("record-keeping")?.evidence.find((e) => e.ref === "GET /v2/audit/tree-head")?.detail).toMatch(/signature verifies/);
    expect(byId.get("record-keeping")?.evidence.find((e) => e.ref === "GET /v2/audit/status")?.detail).toMatch(/^database postgres/);
    writeFileSync(join(OUT, "compliance-cli.json"), run.stdout);
    writeFileSync(join(OUT, "compliance-cli.md"), (await nethical(["compliance", "report", "--url", stack.url, "--format", "md"], { [KEY_VAR]: stack.tenant.keys.auditor })).stdout);
  });

  it("GET /v2/compliance/report (admin: with a probe decision) answers the same model; Markdown on request", async () => {
    const res = await call(stack, stack.tenant.keys.admin, "/v2/compliance/report");
    expect(res.status).toBe(200);
    const report = (await res.json()) as ComplianceReport;
    expect(report.scopes).toEqual(["live"]);
    expect(statuses(report)).toMatchObject({ explanations: "pass", "record-keeping": "pass", "access-control": "pass" });
    expect(report.controls.find((c) => c.id === "explanations")?.evidence[0]?.detail).toMatch(/^probe decision \S+: ALLOW, explanation "/);
    const md = await fetch(`${stack.url}/v2/compliance/report`, { headers: { authorization: `Bearer ${stack.tenant.keys.auditor}`, accept: "text/markdown" } });
    expect(md.headers.get("content-type")).toMatch(/^text\/markdown/);
    writeFileSync(join(OUT, "compliance-api.md"), await md.text());
  });

  // @req CTL-explanations
  it("a probe answer stripped of its explanation (test seam) fails the explanations control with its reason", async () => {
    const real = httpTarget(stack.url, stack.tenant.keys.admin);
    const stripped: LiveTarget = {
      async request(method, path, options) {
        const res = await real.request(method, path, options);
        if (path === "/v2/evaluate") return { status: res.status, body: { ...(res.body as object), explanation: undefined } };
        return res;
      },
    };
    const report = await complianceReport({ live: stripped, tenant: stack.tenant.tenant });
    expect(report.controls.find((c) => c.id === "explanations")).toMatchObject({ status: "fail", reason: "live: the probe decision carries no usable explanation: no explanation summary" });
    expect(stack.leakedSecrets()).toEqual([]);
  });
});
