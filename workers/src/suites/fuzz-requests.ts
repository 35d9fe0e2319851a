/**
 * The fuzz suite's request model: every route and method of the Worker (workers/src/app.ts), and
 * fast-check arbitraries that turn one into a concrete request — with the documented method or a wrong
 * one, path variants (trailing and double slashes, unknown routes, bad percent-encoding), every role's
 * key, no key or a bad one, and a body that is valid, slightly wrong or hostile (deep nesting, huge
 * strings, NUL and lone surrogates, wrong types, unknown fields, wrong content types, truncated JSON,
 * invalid UTF-8, 1e309, `__proto__` keys, YAML alias bombs, a stream that breaks off).
 *
 * Every request plants unique *value markers* (`zq…qz`) in the values it sends — body values, query
 * values, path parameters — and *key markers* (`kq…kq`) in the names of unknown fields. An error body may
 * name a field (key markers), never a value (value markers): fuzz-checks.ts checks that.
 */
import fc from "fast-check";

/** Which credential a request carries. */
export type KeyKind = "agent" | "operator" | "auditor" | "admin" | "device" | "platform" | "none" | "malformed" | "wrong-secret" | "revoked" | "other-tenant" | "basic";

export const KEY_KINDS: readonly KeyKind[] = ["agent", "operator", "auditor", "admin", "device", "platform", "none", "malformed", "wrong-secret", "revoked", "other-tenant", "basic"];

/** What the request model knows about the tenant under test (from createTenant and earlier answers). */
export interface FuzzWorld {
  tenant: string;
  otherTenant: string;
  keys: Record<KeyKind, string | null>;
  /** A key id of this tenant that may be revoked by the fuzz (never one the fuzz itself uses). */
  spareKeyId: string;
  deviceId: string;
  /** Agent ids, policy ids and audit event ids seen in earlier 2xx answers. */
  agents: string[];
  policies: string[];
  events: string[];
  /** Outbound webhook subscription ids and inbound webhook secret ids seen in earlier 2xx answers. */
  subscriptions: string[];
  inboundSecrets: string[];
}

/** Kinds of body the generator builds. */
export type BodyKind =
  | "valid"
  | "unknown-field"
  | "wrong-type"
  | "random-json"
  | "deep-nesting"
  | "huge-string"
  | "nul"
  | "lone-surrogate"
  | "raw-lone-surrogate"
  | "big-number"
  | "proto-key"
  | "truncated"
  | "invalid-utf8"
  | "bom"
  | "empty"
  | "not-json"
  | "broken-stream"
  | "yaml-bomb";

export const BODY_KINDS: readonly BodyKind[] = [
  "valid",
  "valid",
  "valid",
  "unknown-field",
  "wrong-type",
  "random-json",
  "deep-nesting",
  "huge-string",
  "nul",
  "lone-surrogate",
  "raw-lone-surrogate",
  "big-number",
  "proto-key",
  "truncated",
  "invalid-utf8",
  "bom",
  "empty",
  "not-json",
  "broken-stream",
  "yaml-bomb",
];

type Params = Record<string, string>;
type ValueOf = (world: FuzzWorld, mark: () => string) => Record<string, unknown>;

/** One route of the API, as documented in workers/README.md. */
export interface RouteSpec {
  id: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Path template; `{name}` parameters come from {@link pathParam}. */
  path: string;
  /** A valid body for the route (JSON), with value markers in its strings. */
  body?: ValueOf;
  /** Query parameters a valid call may carry. */
  query?: (world: FuzzWorld, mark: () => string) => Params;
  /** The body is a policy document (JSON or YAML). */
  policy?: boolean;
  /** A key that may call the route (for well-formed cases). */
  role: KeyKind;
}

const agentRequest = (world: FuzzWorld, mark: () => string, i = 0): Record<string, unknown> => ({
  agent_id: world.agents[i % Math.max(1, world.agents.length)] ?? `fuzz-agent-${i}`,
  action: `read the weather forecast for ${mark()}`,
  action_type: "query",
  context: { note: mark(), n: i },
});

const policyDocument = (mark: () => string, name = "fuzz-policy"): Record<string, unknown> => ({
  version: 1,
  name,
  default: { decision: "ALLOW" },
  rules: [{ id: "fuzz-block", when: { field: "action", op: "contains", value: mark() }, then: { decision: "BLOCK", reason: mark() } }],
});

/** Every route of the Worker (workers/src/app.ts and workers/src/routes/). */
export const ROUTES: readonly RouteSpec[] = [
  { id: "health", role: "none", method: "GET", path: "/health" },
  { id: "sync", role: "none", method: "GET", path: "/v2/sync", query: (w) => ({ tenant: w.tenant }) },
  { id: "whoami", role: "agent", method: "GET", path: "/v2/whoami" },
  { id: "evaluate", role: "agent", method: "POST", path: "/v2/evaluate", body: (w, m) => agentRequest(w, m) },
  { id: "batch-evaluate", role: "operator", method: "POST", path: "/v2/batch-evaluate", body: (w, m) => ({ requests: [agentRequest(w, m, 0), agentRequest(w, m, 1), { agent_id: m(), action: 42 }] }) },
  { id: "agent", role: "auditor", method: "GET", path: "/v2/agents/{agent}" },
  { id: "reinstate", role: "operator", method: "POST", path: "/v2/agents/{agent}/reinstate", body: (_w, m) => ({ reason: `operator reviewed ${m()}` }) },
  { id: "terminate", role: "operator", method: "POST", path: "/v2/agents/{agent}/terminate", body: (_w, m) => ({ reason: `operator stopped ${m()}` }) },
  { id: "policy-active", role: "auditor", method: "GET", path: "/v2/policies/active", query: () => ({ include: "policy" }) },
  { id: "policy-active-put", role: "operator", method: "PUT", path: "/v2/policies/active", body: (_w, m) => policyDocument(m), policy: true },
  { id: "policy-keys", role: "auditor", method: "GET", path: "/v2/policies/keys" },
  { id: "policy-bundle-install", role: "operator", method: "POST", path: "/v2/policies/bundles", body: (_w, m) => ({ tenant: m(), seq: 2, hash: "0".repeat(64), policy: {}, key_id: "fuzz-key", signature: "AA" }) },
  { id: "policy-key-publish", role: "platform", method: "POST", path: "/v2/policies/keys", body: (_w, m) => ({ key_id: `fz-${crypto.randomUUID().slice(0, 8)}`, generate: true, not_after: m() }) },
  { id: "policy-key-activate", role: "platform", method: "POST", path: "/v2/policies/keys/{key_id}/activate" },
  { id: "policy-key-revoke", role: "platform", method: "POST", path: "/v2/policies/keys/{key_id}/revoke", body: (_w, m) => ({ reason: m() }) },
  { id: "policy-keyset-put", role: "platform", method: "PUT", path: "/v2/policies/keys/set", body: (_w, m) => ({ domain: "nethical-policy-keyset-v1", version: 1, issued_at: m(), keys: [], key_id: "x", signature: "AA" }) },
  { id: "policy-keyset-version", role: "auditor", method: "GET", path: "/v2/policies/keys/sets/{version}" },
  { id: "policy-flush", role: "admin", method: "POST", path: "/v2/policies/flush" },
  { id: "policy-publish", role: "operator", method: "POST", path: "/v2/policies", body: (_w, m) => policyDocument(m, "fuzz-published"), query: (_w, m) => ({ policy_id: "fuzz-published", note: m() }), policy: true },
  { id: "policy-list", role: "auditor", method: "GET", path: "/v2/policies" },
  { id: "policy-get", role: "operator", method: "GET", path: "/v2/policies/{policy}", query: () => ({ include: "policy" }) },
  { id: "policy-transition", role: "admin", method: "POST", path: "/v2/policies/{policy}/versions/{version}/transition", body: () => ({ to: "canary", canary_percent: 10 }) },
  { id: "device-enrol", role: "operator", method: "POST", path: "/v2/devices", body: (_w, m) => ({ device_id: `dev-${crypto.randomUUID().slice(0, 8)}`, public_key_jwk: { kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" }, label: m() }) },
  { id: "device", role: "auditor", method: "GET", path: "/v2/devices/{device}" },
  { id: "device-key-rotate", role: "device", method: "POST", path: "/v2/devices/{device}/key", body: (_w, m) => ({ public_key_jwk: { kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" }, issued_at: new Date().toISOString(), proof_old: m(), proof_new: m() }) },
  // `{revoked_device}` is always a marker (pathParam's default): the fuzz never revokes the world's own device.
  { id: "device-revoke", role: "operator", method: "POST", path: "/v2/devices/{revoked_device}/revoke", body: (_w, m) => ({ reason: m() }) },
  { id: "fleet", role: "operator", method: "GET", path: "/v2/fleet" },
  { id: "pcr-policy-put", role: "operator", method: "PUT", path: "/v2/attestation/pcr-policy", body: () => ({ pcrs: { "0": "0".repeat(64), "7": "0".repeat(64) }, require_tpm: false }) },
  { id: "pcr-policy", role: "auditor", method: "GET", path: "/v2/attestation/pcr-policy" },
  { id: "pcr-policy-delete", role: "admin", method: "DELETE", path: "/v2/attestation/pcr-policy" },
  { id: "estop", role: "auditor", method: "GET", path: "/v2/emergency-stop" },
  { id: "estop-engage", role: "operator", method: "POST", path: "/v2/emergency-stop", body: (_w, m) => ({ reason: `fuzz drill ${m()}` }) },
  { id: "estop-release", role: "admin", method: "DELETE", path: "/v2/emergency-stop", body: (_w, m) => ({ reason: `fuzz drill over ${m()}` }) },
  { id: "approvals", role: "operator", method: "GET", path: "/v2/approvals", query: () => ({ status: "pending", limit: "5" }) },
  { id: "approval", role: "auditor", method: "GET", path: "/v2/approvals/{approval}" },
  { id: "approval-approve", role: "operator", method: "POST", path: "/v2/approvals/{approval}/approve", body: (_w, m) => ({ note: m() }) },
  { id: "approval-deny", role: "admin", method: "POST", path: "/v2/approvals/{approval}/deny", body: (_w, m) => ({ note: m() }) },
  { id: "appeal-file", role: "agent", method: "POST", path: "/v2/appeals", body: (w, m) => ({ decision_id: w.events[0] ?? m(), evidence: m() }) },
  { id: "appeals", role: "auditor", method: "GET", path: "/v2/appeals", query: () => ({ status: "pending", limit: "5" }) },
  { id: "appeal", role: "operator", method: "GET", path: "/v2/appeals/{appeal}" },
  { id: "appeal-uphold", role: "operator", method: "POST", path: "/v2/appeals/{appeal}/uphold", body: (_w, m) => ({ reason: m() }) },
  { id: "appeal-reject", role: "admin", method: "POST", path: "/v2/appeals/{appeal}/reject", body: (_w, m) => ({ reason: m() }) },
  { id: "decisions", role: "auditor", method: "GET", path: "/v2/decisions", query: (w) => ({ limit: "5", ...(w.agents[0] !== undefined ? { agent_id: w.agents[0] } : {}) }) },
  { id: "decision", role: "auditor", method: "GET", path: "/v2/decisions/{event}" },
  { id: "audit-tree-head", role: "auditor", method: "GET", path: "/v2/audit/tree-head" },
  { id: "audit-status", role: "admin", method: "GET", path: "/v2/audit/status" },
  { id: "audit-keys", role: "auditor", method: "GET", path: "/v2/audit/keys" },
  { id: "audit-consistency", role: "auditor", method: "GET", path: "/v2/audit/consistency", query: () => ({ from: "1" }) },
  { id: "audit-export", role: "auditor", method: "POST", path: "/v2/audit/export", body: () => ({ from_leaf: 0, limit: 5 }) },
  { id: "audit-proof", role: "admin", method: "GET", path: "/v2/audit/{event}" },
  { id: "audit-ingest", role: "operator", method: "POST", path: "/v2/audit/ingest", body: (w, m) => ({ events: [ingestEvent(w, m)] }) },
  { id: "audit-witness", role: "auditor", method: "GET", path: "/v2/audit/witness" },
  { id: "audit-retention", role: "auditor", method: "GET", path: "/v2/audit/retention" },
  { id: "audit-retention-put", role: "admin", method: "PUT", path: "/v2/audit/retention", body: (_w, m) => ({ hot_days: 30, warm_days: m(), retention_days: 2557 }) },
  { id: "audit-archive-run", role: "admin", method: "POST", path: "/v2/audit/archive/run" },
  { id: "tenant-create", role: "platform", method: "POST", path: "/v2/admin/tenants", body: (_w, m) => ({ tenant: `fz-${crypto.randomUUID().slice(0, 8)}`, name: m() }) },
  { id: "keys-issue", role: "admin", method: "POST", path: "/v2/admin/tenants/{tenant}/keys", body: (_w, m) => ({ role: "auditor", label: m() }) },
  { id: "keys-list", role: "platform", method: "GET", path: "/v2/admin/tenants/{tenant}/keys" },
  { id: "keys-revoke", role: "admin", method: "DELETE", path: "/v2/admin/tenants/{tenant}/keys/{key}" },
  { id: "openapi", role: "agent", method: "GET", path: "/v2/openapi.json" },
  { id: "subscription-create", role: "operator", method: "POST", path: "/v2/webhooks/subscriptions", body: (_w, m) => ({ url: "https://hooks.example.com/fuzz", events: ["decision.blocked", "agent.terminated"], description: m() }) },
  { id: "subscription-list", role: "auditor", method: "GET", path: "/v2/webhooks/subscriptions" },
  { id: "subscription", role: "auditor", method: "GET", path: "/v2/webhooks/subscriptions/{subscription}" },
  { id: "subscription-delete", role: "operator", method: "DELETE", path: "/v2/webhooks/subscriptions/{subscription}" },
  { id: "subscription-rotate", role: "operator", method: "POST", path: "/v2/webhooks/subscriptions/{subscription}/rotate-secret" },
  { id: "subscription-deliveries", role: "auditor", method: "GET", path: "/v2/webhooks/subscriptions/{subscription}/deliveries", query: () => ({ limit: "5" }) },
  { id: "subscription-redeliver", role: "operator", method: "POST", path: "/v2/webhooks/subscriptions/{subscription}/deliveries/{delivery}/redeliver" },
  { id: "webhook-inbound", role: "none", method: "POST", path: "/v2/webhooks/{source}", query: (w) => ({ tenant: w.tenant }), body: (w, m) => ({ type: "tool_call", agent_id: w.agents[0] ?? "fuzz-agent-0", tool: { name: "lookup", arguments: { q: m() } } }) },
  { id: "inbound-secret-create", role: "operator", method: "POST", path: "/v2/webhooks/{source}/secrets" },
  { id: "inbound-secret-list", role: "operator", method: "GET", path: "/v2/webhooks/{source}/secrets" },
  { id: "inbound-secret-rotate", role: "admin", method: "POST", path: "/v2/webhooks/{source}/secrets/rotate" },
  { id: "inbound-secret-retire", role: "operator", method: "DELETE", path: "/v2/webhooks/{source}/secrets/{secret}" },
  { id: "stream-token", role: "auditor", method: "POST", path: "/v2/streams/token", body: (w) => ({ stream: "decisions", filters: { agent_id: [w.agents[0] ?? "fuzz-agent-0"] }, window: 4 }) },
  { id: "stream-decisions", role: "none", method: "GET", path: "/v2/streams/decisions", query: (_w, m) => ({ token: m() }) },
  { id: "stream-violations", role: "none", method: "GET", path: "/v2/streams/violations", query: (_w, m) => ({ token: m() }) },
  { id: "stream-agent", role: "none", method: "GET", path: "/v2/streams/agents/{agent}", query: (_w, m) => ({ token: m() }) },
  { id: "metrics", role: "operator", method: "GET", path: "/v2/metrics" },
  { id: "slo", role: "auditor", method: "GET", path: "/v2/slo" },
  { id: "slo-profile", role: "operator", method: "PUT", path: "/v2/slo/profile", body: () => ({ profile: "cloud" }) },
  { id: "admin-events", role: "auditor", method: "GET", path: "/v2/audit/admin-events", query: () => ({ limit: "5" }) },
  { id: "fairness", role: "auditor", method: "GET", path: "/v2/fairness", query: () => ({ field: "applicant_group" }) },
  { id: "fairness-config", role: "auditor", method: "GET", path: "/v2/fairness/config" },
  { id: "fairness-config-put", role: "admin", method: "PUT", path: "/v2/fairness/config", body: () => ({ field: "applicant_group", values: ["A", "B"] }) },
  { id: "compliance-report", role: "auditor", method: "GET", path: "/v2/compliance/report", query: () => ({ format: "json" }) },
  { id: "transparency-report", role: "auditor", method: "GET", path: "/v2/transparency/report", query: () => ({ from: new Date(Date.now() - 86_400_000).toISOString() }) },
  { id: "tenant", role: "platform", method: "GET", path: "/v2/admin/tenants/{tenant}" },
];

/**
 * Routes a fuzzed request can never get a 2xx from, and why: the device sync and the streams answer 2xx
 * only by upgrading to a WebSocket with a device key or a stream token the fuzz never has (it sends
 * markers as tokens); an inbound webhook needs a Standard Webhooks signature; a redelivery needs a
 * delivery, and the fuzz's decisions (ALLOW) make none. The fuzz's ALLOWs open no approval and cannot be
 * appealed, so there is no approval or appeal to read, decide or file (their lists answer 200) — except that a
 * fuzzed decision is now and then appealable, so `appeal-file` may answer 2xx in one run and not the next.
 * The full-budget check requires every route NOT listed here to answer 2xx; a listed one that does is no error.
 */
export const NO_2XX_ROUTES: readonly string[] = [
  "sync", "stream-decisions", "stream-violations", "stream-agent", "webhook-inbound", "subscription-redeliver",
  "approval", "approval-approve", "approval-deny", "appeal-file", "appeal", "appeal-uphold", "appeal-reject",
  // Needs a bundle signed by a trusted policy key: the fuzz world holds none.
  "policy-bundle-install",
  // A key rotation needs proofs by the device's private keys (the fuzz holds none); revocation is aimed at
  // marker ids only, so the world's device (and its API key) stays usable for the other routes.
  "device-key-rotate", "device-revoke",
  // Key-set steps need the platform bootstrap key and a published key whose private half the Worker holds
  // (activate), an active key to retire (revoke), or a set signed offline by a trusted key (keyset-put).
  "policy-key-activate", "policy-key-revoke", "policy-keyset-put",
];

/**
 * The routes that match a method and concrete path ("{x}" matches one segment), for shape checks.
 *
 * @example
 * routeFor("GET", "/v2/agents/a-1")?.id; // "agent" (its template: /v2/agents/{agent})
 */
export function routeFor(method: string, path: string): RouteSpec | null {
  const clean = path.replace(/\/+$/, "") || "/";
  const segments = clean.split("/");
  // Literal routes first (Hono registers /v2/policies/active, /keys, /flush before /v2/policies/:id).
  const candidates = [...ROUTES].sort((a, b) => literalCount(b) - literalCount(a));
  for (const route of candidates) {
    if (route.method !== (method === "HEAD" ? "GET" : method)) continue;
    const parts = route.path.split("/");
    if (parts.length !== segments.length) continue;
    if (parts.every((p, i) => (p.startsWith("{") ? (segments[i] ?? "") !== "" : p === segments[i]))) return route;
  }
  return null;
}

function literalCount(route: RouteSpec): number {
  return route.path.split("/").filter((p) => p !== "" && !p.startsWith("{")).length;
}

function ingestEvent(world: FuzzWorld, mark: () => string): Record<string, unknown> {
  return {
    event_id: `fuzz-${crypto.randomUUID()}`,
    tenant: world.tenant,
    agent_id: world.agents[0] ?? "fuzz-agent-0",
    time: new Date().toISOString(),
    request_hash: "0".repeat(64),
    decision: "BLOCK",
    risk_score: 0.5,
    violations: [],
    obligations: [],
    explanation: { summary: `uploaded ${mark()}`, decided_by: [], laws: [], risk_features: {} },
    policy_version: "1.abcdefabcdef",
    policy_hash: "ab".repeat(32),
    latency_ms: 1,
    source: "edge-worker",
  };
}

/** A concrete request and what the checks need to know about it. */
export interface FuzzCase {
  route: RouteSpec;
  method: string;
  path: string;
  keyKind: KeyKind;
  bodyKind: BodyKind | "none";
  contentType: string | null;
  headers: Record<string, string>;
  body: BodyInit | null;
  /** Value markers planted in this request: none may appear in an error body. */
  markers: string[];
  /** Short description for reports (never the body). */
  label: string;
}

/** Raw choices fast-check makes; {@link buildCase} turns them into a request against the current world. */
export interface FuzzChoice {
  /** `valid`: a well-formed call of the route; `one-off`: well-formed but for one dimension; `wild`: all random. */
  mode: "valid" | "one-off" | "wild";
  /** Which dimension a `one-off` case leaves random. */
  offDimension: "method" | "path" | "param" | "key" | "body" | "contentType";
  route: number;
  methodKind: "documented" | "wrong";
  wrongMethod: string;
  pathVariant: "as-is" | "trailing-slash" | "double-slash" | "unknown-suffix" | "unknown-route" | "upper-case" | "bad-percent" | "query-junk" | "dot-segment";
  param: "known" | "marker" | "long" | "encoded" | "empty-ish" | "unicode";
  keyKind: KeyKind;
  bodyKind: BodyKind;
  contentType: "route" | "json" | "json-utf8" | "yaml" | "text" | "none" | "latin1" | "form" | "junk" | "problem";
  json: unknown;
  depth: number;
  size: number;
  cut: number;
  upgrade: boolean;
  client: number;
}

const VALUE = fc.string({ minLength: 0, maxLength: 12 });

/**
 * Random JSON where every string is either arbitrary or carries a marker placeholder `@@M@@`, which
 * {@link buildCase} replaces with a fresh value marker (keys never carry one).
 */
const jsonWithMarkers: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constant("@@M@@"),
    VALUE,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom("agent_id", "action", "action_type", "requests", "role", "to", "tenant", "reason", "events", "kqAkq", "context", "tool"), tie("value"), { maxKeys: 4 }),
  ),
})).value;

/** fast-check arbitrary of one request's choices. */
export const fuzzChoice: fc.Arbitrary<FuzzChoice> = fc.record({
  mode: fc.constantFrom("valid", "one-off", "one-off", "wild", "wild"),
  offDimension: fc.constantFrom("method", "path", "param", "key", "body", "body", "contentType"),
  route: fc.nat({ max: ROUTES.length - 1 }),
  methodKind: fc.constantFrom("documented", "documented", "documented", "wrong"),
  wrongMethod: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"),
  pathVariant: fc.constantFrom("as-is", "as-is", "as-is", "as-is", "trailing-slash", "double-slash", "unknown-suffix", "unknown-route", "upper-case", "bad-percent", "query-junk", "dot-segment"),
  param: fc.constantFrom("known", "known", "known", "marker", "long", "encoded", "empty-ish", "unicode"),
  keyKind: fc.constantFrom(...KEY_KINDS, "operator", "admin", "agent", "auditor"),
  bodyKind: fc.constantFrom(...BODY_KINDS),
  contentType: fc.constantFrom("route", "route", "route", "route", "json", "json-utf8", "yaml", "text", "none", "latin1", "form", "junk", "problem"),
  json: jsonWithMarkers,
  depth: fc.integer({ min: 20, max: 5_000 }),
  size: fc.integer({ min: 60_000, max: 1_200_000 }),
  cut: fc.double({ min: 0, max: 1, noNaN: true }),
  upgrade: fc.boolean(),
  client: fc.nat({ max: 65_535 }),
});

let markerCount = 0;

/**
 * A fresh value marker: `zq` + 12 base-36 characters + `qz`, never produced by the server itself.
 *
 * @example
 * valueMarker(); // e.g. "zq0k3x9a200001qz"
 */
export function valueMarker(): string {
  markerCount++;
  const random = crypto.getRandomValues(new Uint32Array(2));
  return `zq${(random[0] as number).toString(36).padStart(7, "0").slice(0, 7)}${(markerCount % 36 ** 5).toString(36).padStart(5, "0")}qz`;
}

/**
 * The concrete request for `choice` in `world`.
 *
 * @example
 * const c = buildCase(choice, world); // { method: "POST", path: "/v2/evaluate", body: …, markers: ["zq…qz"] }
 */
export function buildCase(raw: FuzzChoice, world: FuzzWorld): FuzzCase {
  const choice = shaped(raw);
  const markers: string[] = [];
  const mark = (): string => {
    const m = valueMarker();
    markers.push(m);
    return m;
  };
  const route = ROUTES[choice.route] as RouteSpec;
  const method = choice.methodKind === "documented" ? route.method : choice.wrongMethod;
  let path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(pathParam(name, choice.param, world, mark, choice.client)));
  path = applyPathVariant(path, choice.pathVariant, mark);
  const query = route.query?.(world, mark) ?? {};
  if (route.id === "sync" && choice.param !== "known") query.tenant = choice.param === "marker" ? mark() : `no-such-${choice.client}`;
  const search = new URLSearchParams(query).toString();
  if (search !== "") path += (path.includes("?") ? "&" : "?") + search;

  const headers: Record<string, string> = { "cf-connecting-ip": `198.51.${choice.client >> 8}.${choice.client & 255}` };
  const key = world.keys[choice.keyKind];
  if (choice.keyKind === "basic") headers.authorization = `Basic ${btoa(`user:${mark()}`)}`;
  else if (choice.keyKind === "malformed") headers.authorization = `Bearer ${mark()} extra`;
  else if (key !== null) headers.authorization = `Bearer ${key}`;
  // Upgrade only towards tenants that do not exist: a real socket would outlive the request.
  if (route.id === "sync" && choice.upgrade && choice.param !== "known") headers.upgrade = "websocket";

  const sendsBody = method !== "GET" && method !== "HEAD";
  if (!sendsBody) return { route, method, path, keyKind: choice.keyKind, bodyKind: "none", contentType: null, headers, body: null, markers, label: `${method} ${route.id}/${choice.pathVariant}/${choice.param} key=${choice.keyKind}` };

  const contentType = contentTypeOf(choice.contentType, route);
  if (contentType !== null) headers["content-type"] = contentType;
  const body = bodyOf(choice, route, world, mark);
  return {
    route,
    method,
    path,
    keyKind: choice.keyKind,
    bodyKind: choice.bodyKind,
    contentType,
    headers,
    body,
    markers,
    label: `${method} ${route.id}/${choice.pathVariant}/${choice.param} key=${choice.keyKind} body=${choice.bodyKind} type=${contentType ?? "none"}`,
  };
}

/** Make a `valid` choice well-formed, and a `one-off` one well-formed but for its one dimension. */
function shaped(choice: FuzzChoice): FuzzChoice {
  if (choice.mode === "wild") return choice;
  const route = ROUTES[choice.route] as RouteSpec;
  const keep = (d: FuzzChoice["offDimension"]) => choice.mode === "one-off" && choice.offDimension === d;
  return {
    ...choice,
    methodKind: keep("method") ? "wrong" : "documented",
    pathVariant: keep("path") ? choice.pathVariant : choice.cut < 0.15 ? "trailing-slash" : "as-is",
    param: keep("param") ? choice.param : "known",
    keyKind: keep("key") ? choice.keyKind : route.role,
    bodyKind: keep("body") ? choice.bodyKind : "valid",
    contentType: keep("contentType") ? choice.contentType : route.policy === true && choice.cut > 0.7 ? "yaml" : "route",
    upgrade: false,
  };
}

function pathParam(name: string, kind: FuzzChoice["param"], world: FuzzWorld, mark: () => string, pick: number): string {
  if (kind === "marker") return mark();
  if (kind === "long") return `${mark()}${"x".repeat(600)}`;
  if (kind === "encoded") return `${mark()}/../%00\u0000?#`;
  if (kind === "empty-ish") return " ";
  if (kind === "unicode") return `${mark()}ｒｍ\u200b\ud83d\ude00`;
  switch (name) {
    case "agent":
      return world.agents[pick % world.agents.length] ?? "fuzz-agent-0";
    case "policy":
      return world.policies[0] ?? "fuzz-published";
    case "version":
      return "1";
    case "device":
      return world.deviceId;
    case "event":
      // The oldest: by now the audit Queue consumer has most likely appended it.
      return world.events[0] ?? mark();
    case "tenant":
      return world.tenant;
    case "key":
      return world.spareKeyId;
    case "subscription":
      return world.subscriptions[pick % Math.max(1, world.subscriptions.length)] ?? mark();
    case "secret":
      return world.inboundSecrets[pick % Math.max(1, world.inboundSecrets.length)] ?? mark();
    case "source":
      return pick % 2 === 0 ? "generic" : "openai";
    default:
      return mark();
  }
}

function applyPathVariant(path: string, variant: FuzzChoice["pathVariant"], mark: () => string): string {
  switch (variant) {
    case "trailing-slash":
      return `${path}/`;
    case "double-slash":
      return path.replace("/v2/", "//v2//");
    case "unknown-suffix":
      return `${path}/${mark()}`;
    case "unknown-route":
      return `/v2/${mark()}/${mark()}`;
    case "upper-case":
      return path.toUpperCase();
    case "bad-percent":
      return `${path}%ZZ%E0%A4%A`;
    case "query-junk":
      return `${path}?kqQkq=${mark()}&&=&%ZZ=${mark()}`;
    case "dot-segment":
      return `/v2/../v2/./${path.replace(/^\/v2\//, "")}`;
    default:
      return path;
  }
}

function contentTypeOf(kind: FuzzChoice["contentType"], route: RouteSpec): string | null {
  switch (kind) {
    case "route":
    case "json":
      return "application/json";
    case "json-utf8":
      return "application/json; charset=utf-8";
    case "yaml":
      return "application/yaml";
    case "text":
      return "text/plain";
    case "none":
      return route.policy === true ? null : null;
    case "latin1":
      return "application/json; charset=latin1";
    case "form":
      return "application/x-www-form-urlencoded";
    case "junk":
      return ";;;/;;charset===";
    case "problem":
      return "application/problem+json";
  }
}

const encoder = new TextEncoder();

function withMarkers(value: unknown, mark: () => string): unknown {
  if (value === "@@M@@") return mark();
  if (Array.isArray(value)) return value.map((v) => withMarkers(v, mark));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withMarkers(v, mark)]));
  return value;
}

/** Replace one string value of `body` (the first at any depth) by `replacement`; or add a field. */
function replaceAString(body: Record<string, unknown>, replacement: unknown): Record<string, unknown> {
  let done = false;
  const walk = (v: unknown): unknown => {
    if (done) return v;
    if (typeof v === "string") {
      done = true;
      return replacement;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const out = walk(body) as Record<string, unknown>;
  return done ? out : { ...out, text: replacement };
}

function bodyOf(choice: FuzzChoice, route: RouteSpec, world: FuzzWorld, mark: () => string): BodyInit | null {
  const valid = route.body?.(world, mark) ?? {};
  const json = (v: unknown) => JSON.stringify(v);
  switch (choice.bodyKind) {
    case "valid":
      if (route.policy === true && choice.contentType === "yaml") return yamlPolicy(mark);
      return route.body === undefined && choice.cut < 0.5 ? null : json(valid);
    case "unknown-field":
      return json({ ...valid, [`kq${choice.client}kq`]: mark() });
    case "wrong-type": {
      const wrong = [42, 1.5, true, null, [mark()], { nested: mark() }, -1][choice.client % 7];
      const keys = Object.keys(valid);
      const k = keys[choice.client % Math.max(1, keys.length)] ?? "requests";
      return json({ ...valid, [k]: wrong });
    }
    case "random-json":
      return json(withMarkers(choice.json, mark));
    case "deep-nesting": {
      const m = mark();
      if (choice.cut < 0.5) return json({ ...valid, context: nest(Math.min(choice.depth, 2_000), m) });
      return "[".repeat(choice.depth) + JSON.stringify(m) + "]".repeat(choice.depth);
    }
    case "huge-string":
      return json(replaceAString(valid, mark() + "A".repeat(choice.size) + mark()));
    case "nul":
      return json(replaceAString(valid, `${mark()}\u0000${mark()}`));
    case "lone-surrogate":
      return json(replaceAString(valid, `${mark()}\ud800${mark()}`));
    case "raw-lone-surrogate":
      // JSON.stringify escapes a lone surrogate; here it is written raw (encoded it becomes U+FFFD).
      return json(replaceAString(valid, `${mark()}@@S@@`)).replace("@@S@@", "\udc00");
    case "big-number": {
      const literal = ["1e309", "-1e309", "1e-400", "123456789012345678901234567890", "-0", "0.1e99999", "NaN", "Infinity", "0x10"][choice.client % 9] as string;
      return json(replaceAString(valid, "@@N@@")).replace('"@@N@@"', literal);
    }
    case "proto-key": {
      const m = mark();
      const inner = json(valid).slice(1, -1);
      const pollution = [`"__proto__":{"role":"admin","agent_id":"${m}","polluted":"${m}"}`, `"constructor":{"prototype":{"polluted":"${m}"}}`, `"__proto__":"${m}"`][choice.client % 3];
      return `{${pollution}${inner === "" ? "" : `,${inner}`}}`;
    }
    case "truncated": {
      const text = json(valid);
      return text.slice(0, Math.floor(text.length * choice.cut));
    }
    case "invalid-utf8": {
      const text = encoder.encode(json(replaceAString(valid, `${mark()}@@B@@`)));
      const at = Math.max(0, indexOfBytes(text, encoder.encode("@@B@@")));
      const bad = [
        [0xff, 0xfe],
        [0xc3, 0x28],
        [0xed, 0xa0, 0x80],
        [0xf4, 0x90, 0x80, 0x80],
        [0xe2, 0x82],
      ][choice.client % 5] as number[];
      return new Uint8Array([...text.slice(0, at), ...bad, ...text.slice(at + 5)]);
    }
    case "bom":
      return new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode(json(valid))]);
    case "empty":
      return choice.cut < 0.5 ? "" : " \n\t ";
    case "not-json":
      return `${mark()} = ${mark()}; <xml>${mark()}</xml>`;
    case "broken-stream": {
      const head = encoder.encode(json(valid).slice(0, 20) + mark());
      return new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(head);
          controller.error(new Error("connection reset by peer"));
        },
      });
    }
    case "yaml-bomb": {
      const m = mark();
      const lines = [`a: &a ["${m}","${m}","${m}","${m}","${m}","${m}","${m}","${m}","${m}"]`];
      for (let i = 1; i < 9; i++) lines.push(`${"abcdefghi"[i]}: &${"abcdefghi"[i]} [${Array(9).fill(`*${"abcdefghi"[i - 1]}`).join(",")}]`);
      return lines.join("\n");
    }
  }
}

function yamlPolicy(mark: () => string): string {
  return ["version: 1", "name: fuzz-yaml", "default:", "  decision: ALLOW", "rules:", "  - id: yaml-block", "    when: { field: action, op: contains, value: " + JSON.stringify(mark()) + " }", "    then: { decision: BLOCK }"].join("\n");
}

function nest(depth: number, leaf: string): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? { n: v } : [v];
  return v;
}

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
