/**
 * Requirements as data (issue 19 part 3): the compliance controls (shared/src/compliance/controls.ts), the
 * safety properties (verification/safety-properties.ts) and the product requirements a certifier lists. Each is
 * traced to the tests that carry a `// @req <ID>` comment on the line(s) just before their `it(`/`test(` call
 * (verification/trace-scan.ts). docs/TRACEABILITY.md is generated from this list and those annotations
 * (`npm run trace:doc`); verification/traceability.test.ts fails when a requirement has no annotated test, an
 * annotation names an unknown requirement, or the doc is stale; `npm run trace:check` (after the suites in
 * `npm test`) fails when an annotated test failed, was skipped or did not run.
 */
import { CONTROLS } from "@nethical/core/compliance/controls.ts";
import { SAFETY_PROPERTIES } from "./safety-properties.ts";

/** Where a requirement comes from. */
export type RequirementSource = "compliance" | "safety" | "product";

export interface Requirement {
  /** The id written in `// @req <ID>`: `CTL-<control id>`, `SAFETY-<property id>` or `REQ-…`. */
  id: string;
  source: RequirementSource;
  title: string;
  /** What a test must show to cover it. */
  statement: string;
  /**
   * Set for compliance controls a person must judge (no live check): such a requirement needs no annotated
   * test; tests annotated with it are supporting evidence only.
   */
  manual?: string;
}

/** The annotation id of a compliance control. */
export const controlRequirementId = (controlId: string): string => `CTL-${controlId}`;
/** The annotation id of a safety property. */
export const safetyRequirementId = (propertyId: string): string => `SAFETY-${propertyId}`;

/**
 * Product requirements. Only ones that existing tests really show are listed; "PII never written to
 * operational logs" is not (no test reads the Worker's or the device's log output for PII; the audit side of
 * it is the control CTL-audit-no-raw-pii).
 */
export const PRODUCT_REQUIREMENTS: readonly Requirement[] = [
  {
    id: "REQ-DECIDE-DETERMINISTIC",
    source: "product",
    title: "Decisions are deterministic",
    statement: "The same request, policy and agent state give the same decision, byte for byte (detectors, evaluation, Worker and device alike).",
  },
  {
    id: "REQ-AUDIT-TAMPER-EVIDENT",
    source: "product",
    title: "The audit trail is tamper-evident",
    statement: "Any change to a stored audit event, a Merkle node, a signed tree head or an archive segment is detected by verification; a removed segment is reported missing.",
  },
  {
    id: "REQ-DEVICE-OFFLINE-NO-LOSS",
    source: "product",
    title: "An edge device loses no decision offline or in a crash",
    statement: "A device keeps deciding while the network is gone; every decision it answered is logged before the answer (also across SIGKILL) and reaches the cloud exactly once after it reconnects.",
  },
  {
    id: "REQ-DEVICE-FAIL-CLOSED",
    source: "product",
    title: "An edge device fails closed",
    statement: "Without a verified bundle, past the offline staleness bound, or with a full log configured to fail closed, the device answers BLOCK (or RESTRICT when so configured), never ALLOW; TERMINATE stays available.",
  },
  {
    id: "REQ-AUTHZ-ROLES",
    source: "product",
    title: "Every route is authorised by role",
    statement: "Each role's key may do exactly what the role allows; other roles get 403 problem+json, callers without a key 401.",
  },
  {
    id: "REQ-BUNDLE-SIGNATURE",
    source: "product",
    title: "Only signed, newer policy bundles are installed",
    statement: "Tampered, foreign-key, unknown-key, older and other tenants' bundles are refused with their code by the Worker, the PolicyStore and the device; the last-known-good bundle stays in force.",
  },
];

/**
 * Every requirement: compliance controls, safety properties, then product requirements.
 *
 * @example
 * REQUIREMENTS.find((r) => r.id === "SAFETY-P1")?.title; // "No ALLOW after TERMINATE"
 */
export const REQUIREMENTS: readonly Requirement[] = [
  ...CONTROLS.map((c): Requirement => ({ id: controlRequirementId(c.id), source: "compliance", title: c.title, statement: c.evidence, ...(c.live === null ? { manual: c.manual ?? "judged by a person" } : {}) })),
  ...SAFETY_PROPERTIES.map((p): Requirement => ({ id: safetyRequirementId(p.id), source: "safety", title: p.title, statement: p.statement })),
  ...PRODUCT_REQUIREMENTS,
];
