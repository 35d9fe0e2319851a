/**
 * The compliance report and the transparency report in workerd (real Worker, AgentState, audit Queue →
 * AuditLog, Oversight object): a tenant is seeded with known decisions, approvals, an appeal and a
 * reinstatement; the transparency report counts exactly those; the compliance report checks every control
 * live; breaking one control (a probe answer stripped of its explanation, through the live-target seam)
 * fails it with its reason.
 */
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { ComplianceReportSchema, TransparencyReportSchema, complianceReport, type ComplianceReport, type LiveTarget, type TransparencyReport } from "@nethical/core/compliance/index.ts";
import { waitForDecision } from "../audit/testing.ts";
import { approvalPolicy, waitForAdminEvent } from "../approvals/testing.ts";
import { action, api, createTenant, evaluate, type DecisionBody, type TestTenant } from "../testing/api.ts";
import { inProcessTarget } from "./in-process-target.ts";

let t: TestTenant;
let from: number;
let to: number;
const answers: DecisionBody[] = [];

async function decided(key: string, request: Record<string, unknown>, expected: string): Promise<DecisionBody> {
  const res = await evaluate(key, request);
  expect(res.status).toBe(200);
  expect(res.body.decision).toBe(expected);
  await waitForDecision(t.keys.auditor, res.headers.get("x-nethical-audit-event-id") as string);
  answers.push(res.body);
  return res.body;
}

const exportRequest = (agentId: string) => ({ agent_id: agentId, action: "export the customer table", action_type: "data_access", tool: { name: "export", arguments: { table: "customers" } }, context: { export: true } });
const approvalOf = (body: DecisionBody) => (body.obligations as { type: string; approval_id?: string }[]).find((o) => o.type === "require_human_approval")?.approval_id as string;

beforeAll(async () => {
  t = await createTenant("compliance");
  const policy = await api("/v2/policies/active", { method: "PUT", key: t.keys.operator, json: approvalPolicy() });
  expect(policy.status).toBe(200);
  from = Date.now();
  for (let i = 0; i < 3; i++) await decided(t.keys.agent, action("reader-1"), "ALLOW");
  await decided(t.keys.agent, action("blocker-1", { context: { block: true } }), "BLOCK");
  const terminated = await decided(t.keys.agent, action("arm-1", { context: { kill: true } }), "TERMINATE");
  const approve = approvalOf(await decided(t.keys.agent, exportRequest("exporter-1"), "RESTRICT"));
  const deny = approvalOf(await decided(t.keys.agent, exportRequest("exporter-2"), "RESTRICT"));
  expect((await api(`/v2/approvals/${approve}/approve`, { key: t.keys.operator, json: { note: "checked with the data owner" } })).status).toBe(200);
  expect((await api(`/v2/approvals/${deny}/deny`, { key: t.keys.operator, json: { note: "no ticket" } })).status).toBe(200);
  const filed = await api("/v2/appeals", { key: t.keys.agent, json: { decision_id: terminated.decision_id, evidence: "The kill flag was a test signal." } });
  expect(filed.status).toBe(201);
  const appealId = ((await filed.json()) as { appeal_id: string }).appeal_id;
  expect((await api(`/v2/appeals/${appealId}/uphold`, { key: t.keys.operator, json: { reason: "test signal confirmed" } })).status).toBe(200);
  await waitForAdminEvent(t.keys.auditor, "approval.approve", approve);
  await waitForAdminEvent(t.keys.auditor, "approval.deny", deny);
  await waitForAdminEvent(t.keys.auditor, "appeal.file", appealId);
  await waitForAdminEvent(t.keys.auditor, "appeal.uphold", appealId);
  await waitForAdminEvent(t.keys.auditor, "agent.reinstate", "arm-1");
  to = Date.now() + 1;
}, 60_000);

async function transparency(query: string, key = t.keys.auditor): Promise<Response> {
  return api(`/v2/transparency/report?${query}`, { key });
}

describe("transparency report", () => {
  // @req CTL-transparency-report
  it("counts exactly the seeded period: outcomes, laws, sources, approvals, appeals, reinstatements, policy versions", async () => {
    const res = await transparency(`from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    const report = (await res.json()) as TransparencyReport;
    expect(TransparencyReportSchema.safeParse(report).error).toBeUndefined();
    expect(report.tenant).toBe(t.tenant);
    expect(report.decisions.total).toBe(7);
    expect(report.decisions.by_outcome).toEqual({ ALLOW: 3, RESTRICT: 2, BLOCK: 1, TERMINATE: 1 });
    expect(report.decisions.by_source).toEqual({ "edge-worker": 7, device: 0 });
    expect(report.decisions.with_approval).toBe(0);
    // Laws: as the decisions the test received named them.
    const laws = new Map<number, number>();
    for (const a of answers) for (const law of new Set((a.explanation as unknown as { laws: number[] }).laws)) laws.set(law, (laws.get(law) ?? 0) + 1);
    expect(report.decisions.by_law.map((l) => [l.law, l.decisions])).toEqual([...laws.entries()].sort((a, b) => a[0] - b[0]));
    expect(report.approvals).toEqual({ approved: 1, denied: 1 });
    expect(report.appeals).toEqual({ filed: 1, upheld: 1, rejected: 0, filed_by_decision: { TERMINATE: 1 } });
    expect(report.terminations).toEqual({ by_decision: 1, by_operator: 0, reinstatements: 1, emergency_stops: { engaged: 0, released: 0 } });
    expect(report.policy_versions).toHaveLength(1);
    expect(report.policy_versions[0]).toMatchObject({ policy_version: answers[0]?.policy_version, decisions: 7 });
    expect(report.admin_actions).toEqual({ "agent.reinstate": 1, "appeal.file": 1, "appeal.uphold": 1, "approval.approve": 1, "approval.deny": 1 });
    expect(report.models[0]?.version).toMatch(/^sha256:[0-9a-f]{16}$/);
  });

  it("a period before the seeding is empty; Markdown on request", async () => {
    const empty = (await (await transparency(`from=${from - 86_400_000}&to=${from - 1}`)).json()) as TransparencyReport;
    expect(empty.decisions.total).toBe(0);
    expect(empty.approvals).toEqual({ approved: 0, denied: 0 });
    const md = await transparency(`from=${from}&to=${to}&format=md`);
    expect(md.headers.get("content-type")).toMatch(/^text\/markdown/);
    const text = await md.text();
    expect(text).toContain("# Transparency report");
    expect(text).toContain("| 7 | 3 | 2 | 1 | 1 | 7 | 0 | 0 |");
    const negotiated = await api(`/v2/transparency/report?from=${from}&to=${to}`, { key: t.keys.auditor, headers: { accept: "text/markdown" } });
    expect(negotiated.headers.get("content-type")).toMatch(/^text\/markdown/);
    await negotiated.body?.cancel();
  });

  it("bad periods are problems: to before from, more than 366 days, not a time, unknown parameters; agents may not read", async () => {
    for (const query of [`from=${to}&to=${from}`, `from=0&to=${367 * 86_400_000}`, "from=yesterday", "tenant=other"]) {
      const res = await transparency(query);
      expect(res.status, query).toBe(422);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      await res.body?.cancel();
    }
    const agent = await transparency("", t.keys.agent);
    expect(agent.status).toBe(403);
    expect(agent.headers.get("content-type")).toBe("application/problem+json");
    await agent.body?.cancel();
  });
});

const statuses = (r: ComplianceReport) => Object.fromEntries(r.controls.map((c) => [c.id, c.status]));

/** Whether this Worker serves a retention rule (issue 19 part 4): the retention control must say what the system does. */
async function retentionServed(): Promise<boolean> {
  const res = await api("/v2/audit/retention", { key: t.keys.auditor });
  await res.body?.cancel();
  return res.status === 200;
}

describe("compliance report", { timeout: 30_000 }, () => {
  it("checks every control live for an auditor: statuses, reasons, evidence", async () => {
    const res = await api("/v2/compliance/report", { key: t.keys.auditor });
    expect(res.status).toBe(200);
    const report = (await res.json()) as ComplianceReport;
    expect(ComplianceReportSchema.safeParse(report).error).toBeUndefined();
    expect(report.tenant).toBe(t.tenant);
    expect(report.scopes).toEqual(["live"]);
    const served = await retentionServed();
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
    else expect(byId.get("retention")?.reason).toMatch(/no retention rule is configured/);
    expect(byId.get("access-control")?.evidence.map((e) => e.detail)).toEqual(["status 401", "status 403", "status 403"]);
    expect(byId.get("explanations")?.evidence[1]?.detail).toMatch(/^7 stored decisions read, 0 without an explanation$/);
    expect(byId.get("approval-signatures")?.evidence[0]?.detail).toBe("2 decided approvals");
    for (const c of report.controls) if (c.status !== "pass") expect(c.reason, c.id).toBeTruthy();
  });

  it("an admin's report evaluates a probe decision and checks its explanation; Markdown on request", async () => {
    const res = await api("/v2/compliance/report?format=md", { key: t.keys.admin });
    expect(res.headers.get("content-type")).toMatch(/^text\/markdown/);
    const text = await res.text();
    expect(text).toContain("# Compliance report");
    expect(text).toMatch(/\| `explanations` Every decision carries an explanation \| .* \| PASS \|/);
    expect(text).toMatch(/POST \/v2\/evaluate`: probe decision [^ ]+: ALLOW, explanation "/);
  });

  // @req CTL-explanations
  it("a probe answer stripped of its explanation fails the explanations control, with its reason", async () => {
    const real = inProcessTarget((request) => exports.default.fetch(request), {} as Env, undefined, `Bearer ${t.keys.admin}`, "https://nethical.test");
    const stripped: LiveTarget = {
      async request(method, path, options) {
        const res = await real.request(method, path, options);
        if (method === "POST" && path === "/v2/evaluate") {
          const { explanation: _gone, ...rest } = res.body as Record<string, unknown>;
          return { status: res.status, body: rest };
        }
        return res;
      },
    };
    const report = await complianceReport({ live: stripped, tenant: t.tenant });
    const explanations = report.controls.find((c) => c.id === "explanations");
    expect(explanations).toMatchObject({ status: "fail", reason: "live: the probe decision carries no usable explanation: no explanation summary" });
    expect(report.summary.fail).toBe((await retentionServed()) ? 1 : 2); // this one (and retention where none is served)
  });

  // @req REQ-AUTHZ-ROLES
  it("agents and operators may not read it (403 problem); no key → 401", async () => {
    for (const key of [t.keys.agent, t.keys.operator]) {
      const res = await api("/v2/compliance/report", { key });
      expect(res.status).toBe(403);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      await res.body?.cancel();
    }
    const anonymous = await api("/v2/compliance/report");
    expect(anonymous.status).toBe(401);
    await anonymous.body?.cancel();
  });
});
