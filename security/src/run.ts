/**
 * `npm run security`: the security pipeline, four steps, each timed, each able to fail the run:
 *
 *   sbom      CycloneDX SBOM of the shipped production tree → security/out/sbom.cdx.json
 *   audit     npm audit over the lockfile, with security/allowlists/audit.json
 *   licences  licences of the SBOM's components, with security/allowlists/licences.json
 *   secrets   Nethical's secrets detector over `git ls-files`, with security/allowlists/secrets.json
 *
 * Options: `--root DIR` (default: this repository), `--steps sbom,audit,licences,secrets` (default: all),
 * `--audit-unavailable fail|skip` (default fail; also NETHICAL_AUDIT_UNAVAILABLE): what to do when the
 * registry's advisory endpoint cannot be used. `skip` marks the audit SKIPPED with the reason; advisories
 * found are never skipped. Exit code 1 when a step failed.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { readAllowlist, today } from "./allowlist.ts";
import { formatAdvisory, judgeAdvisories, runNpmAudit, type AuditAllow } from "./audit.ts";
import { checkLicences, componentsOf, type LicenceAllow } from "./licences.ts";
import { makeSbom, SBOM_PATH, SHIPPED_WORKSPACES, workspaceNames } from "./sbom.ts";
import { formatHit, scanSecrets, trackedFiles, type SecretAllow } from "./secrets-scan.ts";

const STEPS = ["sbom", "audit", "licences", "secrets"] as const;
type Step = (typeof STEPS)[number];
type Status = "ok" | "FAILED" | "SKIPPED";

const { values } = parseArgs({
  options: {
    root: { type: "string", default: resolve(import.meta.dirname, "..", "..") },
    steps: { type: "string", default: STEPS.join(",") },
    "audit-unavailable": { type: "string", default: process.env.NETHICAL_AUDIT_UNAVAILABLE ?? "fail" },
    workspaces: { type: "string" },
  },
});
const root = resolve(values.root);
const steps = values.steps.split(",").map((s) => s.trim()) as Step[];
for (const s of steps) if (!STEPS.includes(s)) throw new Error(`unknown step ${s}; steps are ${STEPS.join(",")}`);
const auditUnavailable = values["audit-unavailable"];
if (auditUnavailable !== "fail" && auditUnavailable !== "skip") throw new Error("--audit-unavailable is fail or skip");
// The shipped workspaces of this repository; a planted test project passes "" (no workspaces).
const workspaces = values.workspaces === undefined ? [...SHIPPED_WORKSPACES] : values.workspaces.split(",").filter((w) => w !== "");
const day = today();
const allowlist = (name: string): string => join(root, "security", "allowlists", `${name}.json`);
const sbomFile = join(root, SBOM_PATH);

function print(lines: readonly string[], indent = "  "): void {
  for (const line of lines) console.log(`${indent}${line}`);
}

function sbom(): Status {
  makeSbom(root, sbomFile, workspaces);
  const bom = JSON.parse(readFileSync(sbomFile, "utf8")) as { components?: { name: string; version?: string; properties?: { name: string; value: string }[] }[] };
  console.log(`  ${componentsOf(bom).length} components, CycloneDX 1.6 JSON: ${SBOM_PATH}`);
  // npm ls reports an installed package that nothing requires as extraneous; the SBOM keeps it, marked.
  const extraneous = (bom.components ?? []).filter((c) => c.properties?.some((p) => p.name === "cdx:npm:package:extraneous" && p.value === "true"));
  for (const c of extraneous) console.log(`  extraneous (installed, required by nothing; still licence-checked): ${c.name}@${c.version ?? ""}`);
  return "ok";
}

function audit(): Status {
  const outcome = runNpmAudit(root);
  if (outcome.kind === "unavailable") {
    console.log(`  the registry's advisory endpoint could not be used: ${outcome.reason}`);
    console.log("  no advisory data was checked: this run says NOTHING about known vulnerabilities.");
    if (auditUnavailable === "skip") {
      console.log("  SKIPPED because --audit-unavailable=skip (see README, Security pipeline)");
      return "SKIPPED";
    }
    return "FAILED";
  }
  if (outcome.kind === "error") {
    console.log(`  ${outcome.reason}`);
    return "FAILED";
  }
  const r = judgeAdvisories(outcome.advisories, readAllowlist<AuditAllow>(allowlist("audit")), day);
  const prod = outcome.advisories.filter((a) => a.production).length;
  console.log(`  ${outcome.advisories.length} advisories (${prod} on production packages): ${r.failures.length} failing, ${r.warnings.length} warnings, ${r.accepted.length} allowlisted`);
  print(r.failures.map((a) => `FAIL ${formatAdvisory(a)}`));
  print(r.warnings.map((a) => `warn ${formatAdvisory(a)}`));
  print(r.accepted.map((a) => `allowlisted ${formatAdvisory(a)}`));
  print(r.badEntries.map((e) => `FAIL ${e}`));
  print(r.unused.map((e) => `unused allowlist entry (remove it): ${e}`));
  return r.failures.length + r.badEntries.length === 0 ? "ok" : "FAILED";
}

function licences(): Status {
  if (!existsSync(sbomFile)) throw new Error(`${SBOM_PATH} is missing: run the sbom step first`);
  const components = componentsOf(JSON.parse(readFileSync(sbomFile, "utf8")) as { components?: [] });
  const r = checkLicences(components, readAllowlist<LicenceAllow>(allowlist("licences")), workspaceNames(root), day);
  console.log(`  ${r.checked} third-party production packages: ${r.failures.length} failing, ${r.accepted.length} allowlisted`);
  print(r.failures.map((f) => `FAIL ${f}`));
  print(r.accepted.map((f) => `allowlisted ${f}`));
  print(r.badEntries.map((e) => `FAIL ${e}`));
  print(r.unused.map((e) => `unused allowlist entry (remove it): ${e}`));
  return r.failures.length + r.badEntries.length === 0 ? "ok" : "FAILED";
}

function secrets(): Status {
  const r = scanSecrets(root, trackedFiles(root), readAllowlist<SecretAllow>(allowlist("secrets")), day);
  console.log(`  ${r.files} tracked text files: ${r.failures.length} findings failing, ${r.allowed} allowlisted`);
  print(r.failures.map((h) => `FAIL ${formatHit(h)}`));
  print(r.badEntries.map((e) => `FAIL ${e}`));
  print(r.unused.map((e) => `unused allowlist entry (remove it): ${e}`));
  return r.failures.length + r.badEntries.length === 0 ? "ok" : "FAILED";
}

const RUN: Record<Step, () => Status> = { sbom, audit, licences, secrets };
const summary: string[] = [];
let failed = false;
for (const step of steps) {
  console.log(`== security ${step}`);
  const t0 = performance.now();
  let status: Status;
  try {
    status = RUN[step]();
  } catch (error) {
    console.log(`  ${(error as Error).message}`);
    status = "FAILED";
  }
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`== security ${step}: ${status} (${seconds} s)`);
  summary.push(`${step} ${status} ${seconds} s`);
  if (status === "FAILED") failed = true;
}
console.log(`== security pipeline ${failed ? "FAILED" : "done"}: ${summary.join("; ")}`);
process.exitCode = failed ? 1 : 0;
