/**
 * The live checks of the compliance controls: each asks the running API (through a `LiveTarget`, so the
 * Worker can answer in-process and the CLI over HTTP) and says pass, fail (with the reason) or not
 * applicable, with the API answers it saw as evidence. They never write anything but the one probe
 * decision of the explanation check (agent `compliance-probe`, a harmless read), which is itself audited.
 */
import { detectPii } from "../detectors/pii.ts";
import { detectSecrets } from "../detectors/secrets.ts";
import { verifyTreeHead } from "../merkle/tree-head.ts";
import { createVerifier } from "../signing/verifier.ts";
import type { CheckOutcome, Evidence, LiveTarget } from "./types.ts";

/** The agent id of the probe decision the explanation check makes. */
export const PROBE_AGENT_ID = "compliance-probe";
/** How many stored decisions and admin events the checks read: one page of each, oldest first, of the last SAMPLE_DAYS days. */
export const SAMPLE_SIZE = 200;
/** The window the sampled pages come from. */
export const SAMPLE_DAYS = 30;

/** `from=…&limit=…` of the sampled page. */
const sample = () => `from=${Date.now() - SAMPLE_DAYS * 86_400_000}&limit=${SAMPLE_SIZE}`;

type Json = Record<string, unknown>;
const obj = (x: unknown): Json => (x !== null && typeof x === "object" && !Array.isArray(x) ? (x as Json) : {});
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const api = (ref: string, detail?: string): Evidence => (detail === undefined ? { kind: "api", ref } : { kind: "api", ref, detail });
const fail = (reason: string, evidence: Evidence[]): CheckOutcome => ({ status: "fail", reason, evidence });
const pass = (evidence: Evidence[]): CheckOutcome => ({ status: "pass", evidence });

/** The caller's role, from `GET /v2/whoami` (null for the platform key). */
async function callerRole(target: LiveTarget): Promise<string | null> {
  const { body } = await target.request("GET", "/v2/whoami");
  const role = obj(body).role;
  return typeof role === "string" ? role : null;
}

/**
 * An explanation says what decided (summary, at least one `decided_by` with a reason, the laws list).
 *
 * @example
 * explanationProblem(response.explanation); // null when it says what decided, else what is missing
 */
export function explanationProblem(explanation: unknown): string | null {
  const e = obj(explanation);
  if (typeof e.summary !== "string" || e.summary.trim() === "") return "no explanation summary";
  const by = arr(e.decided_by);
  if (by.length === 0) return "explanation names nothing that decided (decided_by is empty)";
  if (by.some((d) => typeof obj(d).reason !== "string" || (obj(d).reason as string).trim() === "")) return "a decided_by entry has no reason";
  if (!Array.isArray(e.laws)) return "explanation has no laws list";
  return null;
}

/**
 * GDPR Art. 22 / AI Act Art. 13: a probe decision (when the caller may evaluate) and a page of stored
 * decisions (the last 30 days, oldest first) each carry an explanation.
 *
 * @example
 * const outcome = await checkExplanations(target); // { status: "pass", evidence: [...] }
 */
export async function checkExplanations(target: LiveTarget): Promise<CheckOutcome> {
  const evidence: Evidence[] = [];
  const role = await callerRole(target);
  if (role === "admin" || role === "operator") {
    const probe = { agent_id: PROBE_AGENT_ID, action: "read the public status page", action_type: "query" };
    const res = await target.request("POST", "/v2/evaluate", { body: probe });
    if (res.status !== 200) return fail(`the probe evaluation answered ${res.status}, not 200`, [api("POST /v2/evaluate", `status ${res.status}`)]);
    const answer = obj(res.body);
    const problem = explanationProblem(answer.explanation);
    evidence.push(api("POST /v2/evaluate", `probe decision ${String(answer.decision_id)}: ${String(answer.decision)}${problem === null ? `, explanation "${String(obj(answer.explanation).summary)}"` : ""}`));
    if (problem !== null) return fail(`the probe decision carries no usable explanation: ${problem}`, evidence);
  } else {
    evidence.push(api("POST /v2/evaluate", `not probed: the caller's role (${role ?? "none"}) may not evaluate; stored decisions checked instead`));
  }
  const list = await target.request("GET", `/v2/decisions?${sample()}`);
  if (list.status !== 200) return fail(`GET /v2/decisions answered ${list.status}`, [...evidence, api("GET /v2/decisions", `status ${list.status}`)]);
  const decisions = arr(obj(list.body).decisions);
  const bad = decisions.filter((d) => explanationProblem(obj(d).explanation) !== null);
  evidence.push(api(`GET /v2/decisions (last ${SAMPLE_DAYS} days, first ${SAMPLE_SIZE})`, `${decisions.length} stored decisions read, ${bad.length} without an explanation`));
  if (bad.length > 0) return fail(`${bad.length} of ${decisions.length} stored decisions carry no usable explanation (first: ${String(obj(bad[0]).event_id)})`, evidence);
  return pass(evidence);
}

/** Strings that are identifiers, hashes or times, not free text (never personal data by construction). */
const NOT_TEXT = /^(?:[0-9a-f]{32,128}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{4}-\d{2}-\d{2}T[\d:.]+Z|[A-Za-z0-9+/_-]{43,}={0,2})$/;

/** Every string leaf of a JSON value with its path. */
function stringLeaves(value: unknown, path: string, out: { path: string; text: string }[]): void {
  if (typeof value === "string") out.push({ path, text: value });
  else if (Array.isArray(value)) value.forEach((v, i) => stringLeaves(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) stringLeaves(v, path === "" ? k : `${path}.${k}`, out);
}

/**
 * The paths in `event` whose text the PII or secrets detectors flag (ids, hashes and times are skipped).
 *
 * @example
 * rawPiiPaths({ explanation: { summary: "mail bob@example.com" } }); // ["explanation.summary: email"]
 */
export function rawPiiPaths(event: unknown): string[] {
  const leaves: { path: string; text: string }[] = [];
  stringLeaves(event, "", leaves);
  const found: string[] = [];
  for (const { path, text } of leaves) {
    if (NOT_TEXT.test(text)) continue;
    const findings = [...detectPii({ text }), ...detectSecrets({ text })];
    if (findings.length > 0) found.push(`${path}: ${[...new Set(findings.map((f) => f.subtype ?? f.type))].join(", ")}`);
  }
  return found;
}

/**
 * GDPR Art. 5(1)(c): a page of stored decisions and of admin events (the last 30 days, oldest first) holds
 * no raw PII or secrets.
 *
 * @example
 * await checkNoRawPii(target);
 */
export async function checkNoRawPii(target: LiveTarget): Promise<CheckOutcome> {
  const evidence: Evidence[] = [];
  const offenders: string[] = [];
  for (const [path, field] of [["/v2/decisions", "decisions"], ["/v2/audit/admin-events", "admin_events"]] as const) {
    const res = await target.request("GET", `${path}?${sample()}`);
    if (res.status !== 200) return fail(`GET ${path} answered ${res.status}`, [...evidence, api(`GET ${path}`, `status ${res.status}`)]);
    const events = arr(obj(res.body)[field]);
    let flagged = 0;
    for (const e of events) {
      const paths = rawPiiPaths(e);
      if (paths.length > 0) {
        flagged++;
        offenders.push(`${String(obj(e).event_id)} (${paths.slice(0, 3).join("; ")})`);
      }
    }
    evidence.push(api(`GET ${path} (last ${SAMPLE_DAYS} days, first ${SAMPLE_SIZE})`, `${events.length} stored events scanned with the PII and secrets detectors, ${flagged} flagged`));
  }
  if (offenders.length > 0) return fail(`raw PII or secrets in stored audit events: ${offenders.slice(0, 5).join(", ")}`, evidence);
  return pass(evidence);
}

/** EU AI Act Art. 19: deployers keep logs at least six months. */
export const MIN_RETENTION_DAYS = 183;

/**
 * GDPR Art. 5(1)(e), AI Act Art. 19: the tenant's audit trail has a retention rule (`GET /v2/audit/retention`:
 * days hot, warm, and in all before deletion) that keeps events at least six months and deletes them at the end.
 *
 * @example
 * await checkRetention(target); // fail: "no retention rule …" where the route is not served
 */
export async function checkRetention(target: LiveTarget): Promise<CheckOutcome> {
  const res = await target.request("GET", "/v2/audit/retention");
  if (res.status === 404 || res.status === 405) {
    return fail("no retention rule is configured: the audit trail (AuditLog and Postgres) keeps every event without limit", [api("GET /v2/audit/retention", `status ${res.status}: no retention configuration is served`)]);
  }
  if (res.status !== 200) return fail(`GET /v2/audit/retention answered ${res.status}`, [api("GET /v2/audit/retention", `status ${res.status}`)]);
  const policy = obj(obj(res.body).policy);
  const days = policy.retention_days;
  const segments = arr(obj(res.body).segments).length;
  const evidence = [api("GET /v2/audit/retention", `rule ${String(policy.rule_id)} (${policy.set_at === null ? "the default" : "set by an admin"}): hot ${String(policy.hot_days)} d, warm ${String(policy.warm_days)} d, deleted after ${String(days)} d; ${segments} archived segments`)];
  if (typeof days !== "number" || days <= 0) return fail("the retention rule names no retention period", evidence);
  if (days < MIN_RETENTION_DAYS) return fail(`the retention period (${days} days) is shorter than the six months (${MIN_RETENTION_DAYS} days) EU AI Act Art. 19 asks for`, evidence);
  return pass(evidence);
}

/**
 * AI Act Art. 12, 21 CFR 11.10(e), IEC 62443 SR 2.8: the audit log's latest tree head is signed and its
 * signature verifies with the key it names; the log is not empty.
 *
 * @example
 * await checkSignedTreeHead(target);
 */
export async function checkSignedTreeHead(target: LiveTarget): Promise<CheckOutcome> {
  const res = await target.request("GET", "/v2/audit/tree-head");
  if (res.status !== 200) return fail(`GET /v2/audit/tree-head answered ${res.status}`, [api("GET /v2/audit/tree-head", `status ${res.status}`)]);
  const head = obj(res.body).tree_head;
  const key = obj(obj(res.body).public_key);
  if (typeof key.key_id !== "string") return fail("the tree head comes without the key that signed it", [api("GET /v2/audit/tree-head", "no public_key")]);
  const verdict = await verifyTreeHead(head, createVerifier(key.key_id, key.jwk as JsonWebKey));
  const size = obj(head).tree_size;
  const evidence = [api("GET /v2/audit/tree-head", `tree_size ${String(size)}, key ${key.key_id}, signature ${verdict.ok ? "verifies" : "does not verify"}`)];
  if (!verdict.ok) return fail(`the signed tree head does not verify: ${verdict.reason}`, evidence);
  if (typeof size !== "number" || size < 1) return fail("the audit log is empty: nothing has been recorded", evidence);
  const status = await target.request("GET", "/v2/audit/status");
  if (status.status === 200) evidence.push(api("GET /v2/audit/status", `database ${String(obj(status.body).database)}, signing key ${String(obj(status.body).signing_key)}, pending ${String(obj(status.body).pending_db)}`));
  return pass(evidence);
}

/** How many decided approvals and appeals the checks look up one by one (from the listing's first page). */
export const LOOKUP_LIMIT = 20;

/**
 * The admin event of `action` on target `id`, looked up in a window around `at` (the record's own time:
 * the event is written just after the state change), or null.
 */
async function findAdminEvent(target: LiveTarget, action: string, id: string, at: unknown): Promise<Json | null> {
  const t = typeof at === "string" ? Date.parse(at) : Number.NaN;
  if (!Number.isFinite(t)) return null;
  const res = await target.request("GET", `/v2/audit/admin-events?action=${action}&from=${t - 60_000}&to=${t + 300_000}&limit=500`);
  const found = arr(obj(res.body).admin_events).map(obj).find((e) => String(obj(e.target).id) === id);
  return found ?? null;
}

/**
 * AI Act Art. 14, GDPR Art. 22(3): the human oversight routes answer (approvals, appeals) and every decided
 * appeal (up to LOOKUP_LIMIT of the listing's first page) has its admin events in the audit trail.
 *
 * @example
 * await checkHumanOversight(target);
 */
export async function checkHumanOversight(target: LiveTarget): Promise<CheckOutcome> {
  const evidence: Evidence[] = [];
  for (const path of ["/v2/approvals?limit=1", "/v2/appeals?limit=100"]) {
    const res = await target.request("GET", path);
    evidence.push(api(`GET ${path}`, `status ${res.status}`));
    if (res.status !== 200) return fail(`the oversight route GET ${path.split("?")[0]} answered ${res.status}`, evidence);
  }
  const appeals = arr(obj((await target.request("GET", "/v2/appeals?limit=100")).body).appeals).map(obj).slice(-LOOKUP_LIMIT);
  const missing: string[] = [];
  let decided = 0;
  for (const a of appeals) {
    const id = String(a.appeal_id);
    if ((await findAdminEvent(target, "appeal.file", id, a.filed_at)) === null) missing.push(`${id} (filing)`);
    if (a.status === "upheld" || a.status === "rejected") {
      decided++;
      if ((await findAdminEvent(target, a.status === "upheld" ? "appeal.uphold" : "appeal.reject", id, a.decided_at)) === null) missing.push(`${id} (decision)`);
    }
  }
  evidence.push(api("GET /v2/audit/admin-events?action=appeal.*", `${appeals.length} appeals looked up (${decided} decided): ${appeals.length - missing.length} with every audit event`));
  if (missing.length > 0) return fail(`appeals without their audit event: ${missing.slice(0, 5).join(", ")}`, evidence);
  return pass(evidence);
}

/**
 * 21 CFR 11.50 / 11.70: each decided approval (up to LOOKUP_LIMIT of the listing's first page) shows who decided, when and what (manifestation) and is
 * linked to its record: an `approval.approve|deny` admin event in the signed log with the same request hash.
 *
 * @example
 * await checkApprovalSignatures(target);
 */
export async function checkApprovalSignatures(target: LiveTarget): Promise<CheckOutcome> {
  const res = await target.request("GET", "/v2/approvals?limit=100");
  if (res.status !== 200) return fail(`GET /v2/approvals answered ${res.status}`, [api("GET /v2/approvals", `status ${res.status}`)]);
  const decided = arr(obj(res.body).approvals).map(obj).filter((a) => a.decided_by !== null && a.decided_by !== undefined);
  const evidence = [api("GET /v2/approvals?limit=100", `${decided.length} decided approvals`)];
  if (decided.length === 0) return { status: "not_applicable", reason: "no approval has been decided in this tenant yet: there is no signature to check", evidence };
  const problems: string[] = [];
  for (const a of decided.slice(-LOOKUP_LIMIT)) {
    const id = String(a.approval_id);
    if (typeof a.decided_at !== "string" || !/^[0-9a-f]{64}$/.test(String(a.request_hash))) problems.push(`${id}: no decision time or request hash`);
    const event = (await findAdminEvent(target, "approval.approve", id, a.decided_at)) ?? (await findAdminEvent(target, "approval.deny", id, a.decided_at));
    if (event === null) problems.push(`${id}: no approval.approve/deny event in the audit trail`);
    else if (obj(event.after).request_hash !== a.request_hash) problems.push(`${id}: the audit event is bound to another request`);
    else if (obj(event.actor).key_id !== a.decided_by) problems.push(`${id}: the audit event names another approver`);
  }
  evidence.push(api("GET /v2/audit/admin-events?action=approval.*", `${Math.min(decided.length, LOOKUP_LIMIT)} decided approvals looked up: each needs its signed-log event with the same request_hash and approver key id`));
  if (problems.length > 0) return fail(`approvals not bound to a signed record: ${problems.slice(0, 5).join("; ")}`, evidence);
  return pass(evidence);
}

/**
 * 21 CFR 11.10(d), IEC 62443 SR 1.1/2.1: no key → 401; a tenant key on the platform's tenant-creation route
 * → 403; an auditor key on an admin write → 403.
 *
 * @example
 * await checkAccessControl(target);
 */
export async function checkAccessControl(target: LiveTarget): Promise<CheckOutcome> {
  const evidence: Evidence[] = [];
  const anonymous = await target.request("GET", "/v2/audit/tree-head", { auth: "none" });
  evidence.push(api("GET /v2/audit/tree-head without a key", `status ${anonymous.status}`));
  if (anonymous.status !== 401) return fail(`a request without a key answered ${anonymous.status}, not 401`, evidence);
  // An empty body: authorisation is checked before the body is read, so nothing is created.
  const platform = await target.request("POST", "/v2/admin/tenants", { body: {} });
  evidence.push(api("POST /v2/admin/tenants with the caller's tenant key", `status ${platform.status}`));
  if (platform.status !== 403) return fail(`a tenant key on the platform route answered ${platform.status}, not 403`, evidence);
  const role = await callerRole(target);
  if (role === "auditor") {
    const write = await target.request("POST", "/v2/emergency-stop", { body: {} });
    evidence.push(api("POST /v2/emergency-stop with an auditor key", `status ${write.status}`));
    if (write.status !== 403) return fail(`an auditor key on an operator route answered ${write.status}, not 403`, evidence);
  }
  return pass(evidence);
}

/**
 * EU AI Act Art. 13: the tenant's transparency report for the last 30 days answers from stored data.
 *
 * @example
 * await checkTransparencyReport(target);
 */
export async function checkTransparencyReport(target: LiveTarget): Promise<CheckOutcome> {
  const to = Date.now();
  const path = `/v2/transparency/report?from=${new Date(to - 30 * 86_400_000).toISOString()}&to=${new Date(to).toISOString()}`;
  const res = await target.request("GET", path);
  const body = obj(res.body);
  const evidence = [api("GET /v2/transparency/report (last 30 days)", `status ${res.status}${res.status === 200 ? `, ${String(obj(body.decisions).total)} decisions from ${String(body.source)}` : ""}`)];
  if (res.status !== 200) return fail(`the transparency report answered ${res.status}`, evidence);
  return pass(evidence);
}
