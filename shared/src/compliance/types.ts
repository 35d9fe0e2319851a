/**
 * The compliance report model, shared by `nethical compliance report` (cli/) and
 * `GET /v2/compliance/report` (workers/): controls as data, each with the framework articles it serves,
 * what evidence satisfies it, and the result of checking it against the running system (API answers) and
 * the repository (tests that must exist, config files).
 */
import * as z from "zod";

/** A control's status: `manual` needs a person's judgement (an organisational process, a document review). */
export const CONTROL_STATUSES = ["pass", "fail", "not_applicable", "manual"] as const;
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

/** Where a check runs: against the live API, or against a checkout of the repository. */
export const CHECK_SCOPES = ["live", "repository"] as const;
export type CheckScope = (typeof CHECK_SCOPES)[number];

/** One framework reference (e.g. GDPR, "Art. 22(3)"). */
export const FrameworkRefSchema = z.strictObject({ framework: z.string(), article: z.string() });
export type FrameworkRef = z.infer<typeof FrameworkRefSchema>;

/** One piece of evidence: an API answer, a test, a config key, a file, a document. */
export const EvidenceSchema = z.strictObject({
  kind: z.enum(["api", "test", "config", "file", "doc"]),
  /** `GET /v2/audit/tree-head`, `workers/src/auth.test.ts › name`, `wrangler.toml › [[migrations]]`, … */
  ref: z.string(),
  /** What was seen (counts, ids, statuses); never raw PII or secrets. */
  detail: z.string().optional(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

/** The result of one check (live or repository) of one control. */
export interface CheckOutcome {
  status: ControlStatus;
  evidence: Evidence[];
  /** Why it failed, is not applicable, or needs a person. Required unless `pass`. */
  reason?: string;
}

/** A test that must exist in the repository: its file and (a substring of) its name. */
export interface RequiredTest {
  file: string;
  name: string;
}

/** What a repository check requires: tests and files (with, optionally, text each must contain). */
export interface RepositoryEvidence {
  tests: readonly RequiredTest[];
  files: readonly { path: string; contains?: string }[];
}

/** Calls the running API as the report's caller (`auth: "caller"`, the default) or with no key. */
export interface LiveTarget {
  request(method: "GET" | "POST", path: string, options?: { body?: unknown; auth?: "caller" | "none" }): Promise<{ status: number; body: unknown }>;
}

/** A control: data, plus the live check when the running system can show it. */
export interface Control {
  id: string;
  title: string;
  frameworks: readonly FrameworkRef[];
  /** What evidence satisfies the control, in words (the docs table prints it). */
  evidence: string;
  /** The live check, or null when the control is `manual` (the reason says why). */
  live: ((target: LiveTarget) => Promise<CheckOutcome>) | null;
  /** Why a person must judge it (controls without a live check). */
  manual?: string;
  repository: RepositoryEvidence;
}

/** One control's result in a report. */
export const ControlResultSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  frameworks: z.array(FrameworkRefSchema),
  evidence_required: z.string(),
  status: z.enum(CONTROL_STATUSES),
  reason: z.string().nullable().describe("Why it failed, is not applicable or is manual; null when it passed"),
  checked: z.array(z.enum(CHECK_SCOPES)).describe("Which checks ran: `live` (API answers), `repository` (tests and files)"),
  evidence: z.array(EvidenceSchema),
});
export type ControlResult = z.infer<typeof ControlResultSchema>;

/** The report. */
export const ComplianceReportSchema = z.strictObject({
  format: z.literal("nethical.compliance-report/1"),
  generated_at: z.string(),
  tenant: z.string().nullable(),
  scopes: z.array(z.enum(CHECK_SCOPES)).describe("Which kinds of check this run could do (the Worker has no checkout: `live` only)"),
  summary: z.strictObject({ pass: z.number().int(), fail: z.number().int(), not_applicable: z.number().int(), manual: z.number().int() }),
  controls: z.array(ControlResultSchema),
});
export type ComplianceReport = z.infer<typeof ComplianceReportSchema>;
