/** Compliance controls and reports, transparency reports (issue 19). */
export * from "./types.ts";
export { CONTROLS } from "./controls.ts";
export { complianceReport, type RepositoryChecker, type RunOptions } from "./run.ts";
export { explanationProblem, rawPiiPaths, PROBE_AGENT_ID } from "./live-checks.ts";
export { MAX_PERIOD_DAYS, periodProblem, transparencyReport, TransparencyReportSchema, type TransparencyInput, type TransparencyReport } from "./transparency.ts";
export { complianceMarkdown, controlTableMarkdown, transparencyMarkdown } from "./markdown.ts";
