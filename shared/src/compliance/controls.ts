/**
 * The compliance controls, as data: what each serves (framework and article), what evidence satisfies it,
 * its live check against the running system (live-checks.ts) or why a person must judge it, and the tests
 * and files the repository must hold. docs/compliance.md is generated from this list
 * (`node cli/scripts/compliance-doc.ts`), and a test keeps it current.
 */
import { checkAccessControl, checkApprovalSignatures, checkExplanations, checkHumanOversight, checkNoRawPii, checkRetention, checkSignedTreeHead, checkTransparencyReport } from "./live-checks.ts";
import type { Control } from "./types.ts";

const GDPR = "GDPR";
const AI_ACT = "EU AI Act";
const NIST = "NIST AI RMF 1.0";
const CFR11 = "21 CFR Part 11";
const IEC62443 = "IEC 62443-3-3";
const ISO26262 = "ISO 26262";

/** Every control, in report order. */
export const CONTROLS: readonly Control[] = [
  {
    id: "explanations",
    title: "Every decision carries an explanation",
    frameworks: [
      { framework: GDPR, article: "Art. 22(3) (and Art. 13(2)(f)): meaningful information about the logic involved" },
      { framework: AI_ACT, article: "Art. 13: transparency and provision of information to deployers" },
      { framework: NIST, article: "MEASURE 2.9: the model is explained and its output interpreted" },
    ],
    evidence: "A probe decision (POST /v2/evaluate, agent compliance-probe) and a page of up to 200 stored decisions (the last 30 days, oldest first) each have an explanation summary, at least one decided_by entry with a reason, and a laws list; tests of the explanation builder.",
    live: checkExplanations,
    repository: {
      tests: [
        { file: "shared/src/explain/explain.test.ts", name: "describe tenant rules and agent state, and all validate against the schema" },
        { file: "shared/src/audit/event-from-decision.test.ts", name: "uses the server-made decision id as event id and copies the decision fields" },
      ],
      files: [{ path: "shared/src/schemas/response.ts", contains: "ExplanationSchema" }],
    },
  },
  {
    id: "audit-no-raw-pii",
    title: "No raw PII or secrets in audit events",
    frameworks: [
      { framework: GDPR, article: "Art. 5(1)(c): data minimisation" },
      { framework: GDPR, article: "Art. 25: data protection by design" },
    ],
    evidence: "A page of up to 200 stored decisions and 200 admin events (the last 30 days, oldest first), every free-text string scanned with the PII and secrets detectors (ids, hashes and times skipped): none flagged. Audit events hold the request's SHA-256, never the request.",
    live: checkNoRawPii,
    repository: {
      tests: [
        { file: "shared/src/audit/event-from-decision.test.ts", name: "never holds the raw request: PII in the action text is absent from the serialised event" },
        { file: "shared/src/evaluate-no-leak.test.ts", name: "holds for generated requests" },
      ],
      files: [],
    },
  },
  {
    id: "retention",
    title: "Audit retention is configured",
    frameworks: [
      { framework: GDPR, article: "Art. 5(1)(e): storage limitation" },
      { framework: AI_ACT, article: "Art. 19: logs kept for a period appropriate to the purpose (at least six months)" },
      { framework: CFR11, article: "§11.10(c): protection of records for their retention period" },
    ],
    evidence: "GET /v2/audit/retention answers the tenant's retention rule (days hot, warm, and in all before deletion; issue 19 part 4) with a retention period of at least six months (183 days).",
    live: checkRetention,
    repository: { tests: [], files: [{ path: "migrations/0001_append_only_roles.sql", contains: "append-only" }] },
  },
  {
    id: "record-keeping",
    title: "Tamper-evident audit trail with signed tree heads",
    frameworks: [
      { framework: AI_ACT, article: "Art. 12: automatic recording of events (logs)" },
      { framework: CFR11, article: "§11.10(e): secure, computer-generated, time-stamped audit trails" },
      { framework: IEC62443, article: "SR 2.8 auditable events; SR 3.9 protection of audit information" },
      { framework: ISO26262, article: "Part 8 §10: documentation and configuration management (traceable records)" },
    ],
    evidence: "GET /v2/audit/tree-head: the latest signed tree head verifies (Ed25519) with the key it names and the log is not empty; Postgres rows are append-only (triggers); offline segment verification tests.",
    live: checkSignedTreeHead,
    repository: {
      tests: [
        { file: "db/src/append-only.test.ts", name: "stops even the table owner: UPDATE, DELETE and TRUNCATE raise from the append-only triggers" },
        { file: "cli/src/commands/audit-verify.test.ts", name: "verifies an untampered segment: exit 0 and a report of what was checked" },
      ],
      files: [{ path: "migrations/0001_append_only_roles.sql", contains: "audit_events_append_only" }],
    },
  },
  {
    id: "human-oversight",
    title: "Human oversight: approvals and appeals exist and are audited",
    frameworks: [
      { framework: AI_ACT, article: "Art. 14: human oversight" },
      { framework: GDPR, article: "Art. 22(3): right to obtain human intervention and to contest the decision" },
      { framework: NIST, article: "MANAGE 2.4: mechanisms to supersede, disengage or deactivate" },
    ],
    evidence: "GET /v2/approvals and GET /v2/appeals answer 200; each of up to 20 appeals (the listing's first page) has its appeal.file event, and each decided one its appeal.uphold/reject event, in the audit trail.",
    live: checkHumanOversight,
    repository: {
      tests: [
        { file: "workers/src/approvals/appeals-flow.test.ts", name: "an upheld appeal of a TERMINATE reinstates the agent: it is ALLOWed again; filing and upholding are audited" },
        { file: "workers/src/approvals/approvals-flow.test.ts", name: "RESTRICT requiring approval opens one; approved, the same request retried is ALLOWed once with the approver's key id" },
      ],
      files: [],
    },
  },
  {
    id: "approval-signatures",
    title: "Approvals are bound to the request and signed",
    frameworks: [
      { framework: CFR11, article: "§11.50: signature manifestation (who, when, meaning)" },
      { framework: CFR11, article: "§11.70: signature/record linking" },
    ],
    evidence: "Each of up to 20 decided approvals (the listing's first page) names its approver key id, time and verdict, is bound to a request hash, and has its approval.approve/deny event (same request hash, same approver) in the signed Merkle log. Not applicable while no approval has been decided.",
    live: checkApprovalSignatures,
    repository: {
      tests: [
        { file: "workers/src/approvals/approvals-flow.test.ts", name: "approval binding: an approval used for a different request is refused" },
        { file: "shared/src/approvals/approval-hash.test.ts", name: "is the SHA-256 of the canonical request without request_id and approval_id" },
      ],
      files: [{ path: "shared/src/approvals/approval-hash.ts", contains: "approvalRequestHash" }],
    },
  },
  {
    id: "access-control",
    title: "Every route authenticated; roles enforced",
    frameworks: [
      { framework: CFR11, article: "§11.10(d): limiting system access to authorised individuals; §11.10(g): authority checks" },
      { framework: IEC62443, article: "SR 1.1 human user identification and authentication; SR 2.1 authorisation enforcement" },
      { framework: NIST, article: "GOVERN 1.4 (roles and responsibilities), MANAGE 4.1" },
    ],
    evidence: "No key → 401; the caller's tenant key on the platform route POST /v2/admin/tenants → 403; an auditor key on POST /v2/emergency-stop → 403; role and tenant isolation tests.",
    live: checkAccessControl,
    repository: {
      tests: [
        { file: "workers/src/auth.test.ts", name: "no key, a malformed header, garbage or an unknown well-formed key → 401 with a Bearer challenge" },
        { file: "workers/src/tenant-isolation.test.ts", name: "A's admin cannot list, issue or revoke B's keys" },
      ],
      files: [{ path: "workers/src/auth/principal.ts", contains: "ROLE_PERMISSIONS" }],
    },
  },
  {
    id: "transparency-report",
    title: "Per-tenant transparency report from stored data",
    frameworks: [
      { framework: AI_ACT, article: "Art. 13: transparency; Art. 26(5): monitoring of operation by deployers" },
      { framework: NIST, article: "GOVERN 4.2, MEASURE 4.1: documenting and communicating impacts" },
    ],
    evidence: "GET /v2/transparency/report for the last 30 days answers 200 with counts from the audit trail.",
    live: checkTransparencyReport,
    repository: { tests: [], files: [{ path: "shared/src/compliance/transparency.ts", contains: "transparencyReport" }] },
  },
  {
    id: "risk-management",
    title: "Risk management system",
    frameworks: [
      { framework: AI_ACT, article: "Art. 9: risk management system" },
      { framework: NIST, article: "MAP 1–5, MEASURE 1–3: context, risks and their measurement" },
    ],
    evidence: "A documented, maintained risk process: the threat model, detector evaluation results and fairness reports are inputs; a person must show the process is run and acted on.",
    live: null,
    manual: "Art. 9 asks for an organisational process run over the system's lifetime; software can supply inputs (detector evaluation, fairness figures) but not show the process is followed.",
    repository: { tests: [], files: [{ path: "bench/detectors.eval.ts" }] },
  },
  {
    id: "governance",
    title: "AI governance: policies, accountability, roles",
    frameworks: [{ framework: NIST, article: "GOVERN 1–6" }],
    evidence: "Named owners of policies and keys, a policy-change process (policy versions and their lifecycle are audited as admin events).",
    live: null,
    manual: "GOVERN is about the organisation (accountability, culture, third-party risk); the audit trail shows policy changes but not who is accountable.",
    repository: { tests: [], files: [] },
  },
  {
    id: "functional-safety",
    title: "Functional safety case for edge devices",
    frameworks: [
      { framework: ISO26262, article: "Part 6: software safety requirements and verification" },
      { framework: IEC62443, article: "SR 3.6 deterministic output; SR 7.x resource availability" },
    ],
    evidence: "A safety case for the vehicle or machine the edge device governs: hazard analysis, ASIL allocation, verification evidence (fail-safe tests of the edge device are inputs).",
    live: null,
    manual: "A safety case belongs to the integrated machine and its item definition; this repository provides one component's tests, not the case. Not applicable where no edge device governs a safety-related machine.",
    repository: { tests: [], files: [{ path: "edge-device/package.json" }] },
  },
];
