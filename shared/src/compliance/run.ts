/**
 * Run the controls into a report: each control's live check (when the run has a live target) and its
 * repository check (when the run has a checkout), combined — any fail fails the control. A control with
 * no live check is `manual`; a control none of whose checks could run here is `manual` too, saying where
 * it is checked.
 */
import { CONTROLS } from "./controls.ts";
import type { CheckOutcome, CheckScope, ComplianceReport, Control, ControlResult, LiveTarget, RepositoryEvidence } from "./types.ts";

/** Checks a control's repository evidence (the CLI: files in a checkout). */
export type RepositoryChecker = (evidence: RepositoryEvidence) => Promise<CheckOutcome>;

/** What a run may use. */
export interface RunOptions {
  live?: LiveTarget;
  repository?: RepositoryChecker;
  tenant?: string | null;
  now?: Date;
  controls?: readonly Control[];
}

async function liveOutcome(control: Control, target: LiveTarget): Promise<CheckOutcome> {
  if (control.live === null) return { status: "manual", reason: control.manual ?? "needs a person's judgement", evidence: [] };
  try {
    return await control.live(target);
  } catch (error) {
    return { status: "fail", reason: `the live check could not run: ${(error as Error)?.message ?? String(error)}`, evidence: [] };
  }
}

function combine(control: Control, outcomes: { scope: CheckScope; outcome: CheckOutcome }[]): ControlResult {
  const base = { id: control.id, title: control.title, frameworks: [...control.frameworks], evidence_required: control.evidence };
  const evidence = outcomes.flatMap((o) => o.outcome.evidence);
  const checked = outcomes.map((o) => o.scope);
  const failed = outcomes.filter((o) => o.outcome.status === "fail");
  if (failed.length > 0) return { ...base, status: "fail", reason: failed.map((o) => `${o.scope}: ${o.outcome.reason ?? "failed"}`).join("; "), checked, evidence };
  if (control.live === null) return { ...base, status: "manual", reason: control.manual ?? "needs a person's judgement", checked, evidence };
  const live = outcomes.find((o) => o.scope === "live");
  if (live === undefined) return { ...base, status: "manual", reason: "its live check did not run here: pass --url and --key to check it against the running system", checked, evidence };
  if (live.outcome.status === "not_applicable") return { ...base, status: "not_applicable", reason: live.outcome.reason ?? "not applicable", checked, evidence };
  return { ...base, status: live.outcome.status, reason: live.outcome.status === "pass" ? null : (live.outcome.reason ?? null), checked, evidence };
}

/**
 * The compliance report. Controls run one after another (their probes are few and bounded).
 *
 * @example
 * const report = await complianceReport({ live: httpTarget(url, key), repository: checkRepository(root) });
 * report.summary; // { pass: 6, fail: 1, not_applicable: 1, manual: 3 }
 */
export async function complianceReport(options: RunOptions): Promise<ComplianceReport> {
  const controls = options.controls ?? CONTROLS;
  const results: ControlResult[] = [];
  for (const control of controls) {
    const outcomes: { scope: CheckScope; outcome: CheckOutcome }[] = [];
    if (options.live !== undefined) outcomes.push({ scope: "live", outcome: await liveOutcome(control, options.live) });
    const hasRepoEvidence = control.repository.tests.length + control.repository.files.length > 0;
    if (options.repository !== undefined && hasRepoEvidence) outcomes.push({ scope: "repository", outcome: await options.repository(control.repository) });
    results.push(combine(control, outcomes));
  }
  const count = (s: ControlResult["status"]) => results.filter((r) => r.status === s).length;
  const scopes: CheckScope[] = [...(options.live !== undefined ? (["live"] as const) : []), ...(options.repository !== undefined ? (["repository"] as const) : [])];
  return {
    format: "nethical.compliance-report/1",
    generated_at: (options.now ?? new Date()).toISOString(),
    tenant: options.tenant ?? null,
    scopes,
    summary: { pass: count("pass"), fail: count("fail"), not_applicable: count("not_applicable"), manual: count("manual") },
    controls: results,
  };
}
