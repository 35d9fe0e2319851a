/**
 * The fuzz suite's properties, checked on every answer:
 *
 * 1. never a 5xx;
 * 2. every error (4xx) is `application/problem+json` with `type` (`urn:nethical:problem:<slug>`), `title`,
 *    `status` (= the HTTP status), `detail` and `instance` (= `X-Request-Id`), and no stack trace;
 * 3. no value marker planted in the request appears in an error body or its headers — nor in the
 *    per-item problems of a 200 batch (field *names* may be named, values never);
 * 4. a 2xx comes only from a documented route, and has that route's documented shape.
 */
import { z } from "zod";
import { EvaluateResponseSchema } from "@nethical/core";
import { routeDocs } from "../openapi/route-docs.ts";
import { routeFor, type FuzzCase, type RouteSpec } from "./fuzz-requests.ts";

/** One property that did not hold. */
export interface Violation {
  property: "no-5xx" | "problem-shape" | "no-echo" | "documented-2xx" | "2xx-shape";
  label: string;
  status: number;
  /** What was wrong (the check's words, at most a slice of the answer). */
  detail: string;
}

const ProblemShape = z.looseObject({
  type: z.string().regex(/^urn:nethical:problem:[a-z-]+$/),
  title: z.string().min(1),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().min(1),
});

const Meta = z.looseObject({ tenant: z.string(), seq: z.number().int().positive(), hash: z.string().regex(/^[0-9a-f]{64}$/), policy_version: z.string(), signed: z.boolean() });
const Findings = z.array(z.looseObject({ severity: z.string(), message: z.string() }));
const Version = z.looseObject({ policy_id: z.string(), version: z.number().int().positive(), status: z.string() });
const Agent = z.looseObject({ tenant: z.string(), agent_id: z.string(), seq: z.number().int(), terminated: z.boolean(), decisions: z.looseObject({ ALLOW: z.number() }) });
const TreeHead = z.looseObject({ tree_size: z.number().int().nonnegative(), root_hash: z.string() });
const Device = z.looseObject({ device_id: z.string(), public_key_jwk: z.looseObject({ kty: z.literal("OKP"), x: z.string() }).refine((k) => !("d" in k), "private key part shown") });
const KeyMeta = z.looseObject({ key_id: z.string().regex(/^[0-9a-f]{16}$/), tenant: z.string(), role: z.string() }).refine((k) => !("hash" in k), "key hash shown");

/** The documented 2xx body of each route (workers/README.md). */
const SHAPES: Record<string, z.ZodType> = {
  health: z.object({ status: z.literal("ok"), service: z.literal("nethical-edge") }),
  whoami: z.union([z.object({ kind: z.literal("platform") }), z.object({ kind: z.literal("tenant"), tenant: z.string(), role: z.string(), key_id: z.string(), device_id: z.string().optional(), agent_ids: z.array(z.string()).optional() })]),
  evaluate: EvaluateResponseSchema,
  "batch-evaluate": z.object({
    results: z.array(
      z.union([
        z.looseObject({ index: z.number().int(), status: z.literal(200), agent_seq: z.number().int().nullable(), audit_event_id: z.string(), response: EvaluateResponseSchema }),
        z.object({ index: z.number().int(), status: z.literal(422), problem: ProblemShape }),
      ]),
    ),
  }),
  agent: Agent,
  reinstate: z.object({ reinstated: z.literal(true), cloud: z.enum(["reinstated", "not_terminated", "unknown_agent"]), agent: Agent.nullable(), control: z.looseObject({ seq: z.number().int().positive(), kind: z.literal("agent.reinstate") }) }),
  "policy-active": Meta,
  "policy-active-put": Meta.extend({ findings: Findings }),
  "policy-keys": z.object({ algorithm: z.literal("Ed25519"), keys: z.array(z.object({ key_id: z.string(), jwk: z.looseObject({ kty: z.string() }).refine((k) => !("d" in k), "private key part shown") })) }),
  "policy-flush": z.looseObject({}),
  "policy-publish": Version.extend({ findings: Findings }),
  "policy-list": z.object({ policies: z.array(z.looseObject({ policy_id: z.string(), versions: z.array(Version) })) }),
  "policy-get": z.looseObject({ policy_id: z.string(), versions: z.array(Version) }),
  "policy-transition": z.looseObject({ ok: z.literal(true) }),
  "device-enrol": Device.and(z.looseObject({ api_key: z.string().startsWith("nk_"), api_key_id: z.string() })),
  device: Device.refine((d) => !("api_key" in d), "device key shown again"),
  fleet: z.object({ tenant: z.string(), count: z.number().int(), newest_seq: z.number().int(), devices: z.array(z.looseObject({ device_id: z.string(), behind: z.boolean() })) }),
  decisions: z.object({ decisions: z.array(z.looseObject({ event_id: z.string(), decision_id: z.string(), leaf_index: z.number().int(), proof: z.string() })), next_cursor: z.string().nullable() }),
  decision: z.looseObject({ event_id: z.string(), decision_id: z.string(), leaf_index: z.number().int(), decision: z.string() }),
  "audit-tree-head": z.looseObject({ tree_head: TreeHead }),
  "audit-status": z.looseObject({ tree_size: z.number().int().nonnegative() }),
  "audit-consistency": z.looseObject({}),
  "audit-export": z.looseObject({ tree_head: TreeHead }),
  "audit-proof": z.looseObject({ event: z.looseObject({ event_id: z.string() }), leaf_index: z.number().int(), inclusion_proof: z.array(z.string()), tree_head: TreeHead }),
  "audit-ingest": z.object({ results: z.array(z.object({ event_id: z.string(), leaf_index: z.number().int(), status: z.enum(["appended", "duplicate", "conflict"]) })), conflicts: z.number().int() }),
  "tenant-create": z.looseObject({ tenant: z.string() }),
  "keys-issue": KeyMeta.and(z.looseObject({ secret: z.string().startsWith("nk_") })),
  "keys-list": z.object({ keys: z.array(KeyMeta.refine((k) => !("secret" in k), "secret shown again")) }),
  "keys-revoke": KeyMeta.and(z.looseObject({ revoked_at: z.string() })),
};

/** A path with its parameters' names left out, so `/v2/agents/{agent}` and `/v2/agents/{agent_id}` compare equal. */
const pathShape = (path: string) => path.replace(/\{[^}]+\}/g, "{}");

/**
 * The zod schema the API document names for `route`'s `status` JSON answer (the shape of routes without
 * one of their own in {@link SHAPES}), or undefined when it documents none.
 *
 * @example
 * documentedShape({ id: "openapi", role: "agent", method: "GET", path: "/v2/openapi.json" }, 200);
 */
export function documentedShape(route: Pick<RouteSpec, "method" | "path">, status: number): z.ZodType | undefined {
  const doc = routeDocs().find((r) => r.method === route.method.toLowerCase() && pathShape(r.path) === pathShape(route.path));
  const response = doc?.responses[status] as { content?: Record<string, { schema?: unknown }> } | undefined;
  return response?.content?.["application/json"]?.schema as z.ZodType | undefined;
}

/**
 * Whether the API document describes `route` (same method, same path but for parameter names).
 *
 * @example
 * isDocumented({ method: "GET", path: "/v2/agents/{agent}" }); // true
 */
export function isDocumented(route: Pick<RouteSpec, "method" | "path">): boolean {
  return routeDocs().some((r) => r.method === route.method.toLowerCase() && pathShape(r.path) === pathShape(route.path));
}

const STACK_TRACE = /\bat [^\s]+ \(|\.ts:\d+:\d+|\bTypeError\b|\bReferenceError\b/;

/** The value markers of `c` found in `text` (case-insensitive: some path variants upper-case the path). */
function echoed(c: FuzzCase, text: string): string[] {
  const lower = text.toLowerCase();
  return c.markers.filter((m) => lower.includes(m.toLowerCase()) || lower.includes(m.slice(2, 12).toLowerCase()));
}

/**
 * Check one answer against the four properties; returns the violations and, for a 2xx JSON answer, its
 * body (so the fuzz can learn agent ids, policy ids and event ids for later requests).
 *
 * @example
 * const { violations, body } = await checkAnswer(c, res);
 */
export async function checkAnswer(c: FuzzCase, res: Response): Promise<{ violations: Violation[]; body: unknown }> {
  const violations: Violation[] = [];
  const fail = (property: Violation["property"], detail: string) => violations.push({ property, label: c.label, status: res.status, detail: detail.slice(0, 300) });
  const text = await res.text();
  const type = res.headers.get("content-type") ?? "";
  const headerText = [...res.headers].map(([k, v]) => `${k}: ${v}`).join("\n");

  if (res.status >= 500) fail("no-5xx", `${res.status} ${type}`);
  if (res.status >= 400) {
    if (type !== "application/problem+json") fail("problem-shape", `content-type ${type}`);
    if (c.method !== "HEAD") {
      let body: unknown = null;
      try {
        body = JSON.parse(text);
      } catch {
        fail("problem-shape", "body is not JSON");
      }
      const parsed = ProblemShape.safeParse(body);
      if (!parsed.success) fail("problem-shape", `not a problem: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`);
      else {
        if (parsed.data.status !== res.status) fail("problem-shape", `status ${parsed.data.status} in the body`);
        if (parsed.data.instance !== res.headers.get("x-request-id")) fail("problem-shape", "instance is not the request id");
      }
      if (STACK_TRACE.test(text)) fail("problem-shape", "stack trace or runtime error name in the body");
    }
    const found = echoed(c, `${text}\n${headerText}`);
    if (found.length > 0) fail("no-echo", `value marker(s) echoed: ${found.length}`);
    return { violations, body: null };
  }
  if (res.status < 200 || res.status >= 300) return { violations, body: null };

  const route = routeFor(c.method, new URL(c.path, "https://x").pathname);
  if (route === null || route.id !== c.route.id) {
    // Path variants that still name a documented route (trailing slash, dot segments) are that route.
    if (route === null) fail("documented-2xx", `${res.status} for a path that is no documented route`);
  }
  const id = route?.id ?? c.route.id;
  if (c.method === "HEAD" || res.status === 204) return { violations, body: null };
  if (id === "decision" && type.startsWith("text/plain")) return { violations, body: null };
  // The Prometheus exposition is text by definition (its format is checked in workers/src/metrics/).
  if (id === "metrics") {
    if (!type.startsWith("text/plain")) fail("2xx-shape", `metrics content-type ${type}`);
    return { violations, body: null };
  }
  if (!type.startsWith("application/json")) {
    fail("2xx-shape", `content-type ${type}`);
    return { violations, body: null };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    fail("2xx-shape", "2xx body is not JSON");
    return { violations, body: null };
  }
  const shape = SHAPES[id] ?? (route !== null ? documentedShape(route, res.status) : undefined);
  if (shape === undefined) fail("2xx-shape", `${id}: no documented shape for ${res.status}`);
  const parsed = shape?.safeParse(body);
  if (parsed !== undefined && !parsed.success) fail("2xx-shape", `${id}: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  if (id === "batch-evaluate") {
    // Per-item problems are error bodies too.
    const problems = ((body as { results?: { status: number; problem?: unknown }[] }).results ?? []).filter((r) => r.status !== 200);
    const found = echoed(c, JSON.stringify(problems));
    if (found.length > 0) fail("no-echo", `value marker(s) echoed in batch item problems: ${found.length}`);
  }
  if (id === "evaluate" && res.headers.get("x-nethical-audit-event-id") === null) fail("2xx-shape", "evaluate without X-Nethical-Audit-Event-Id");
  return { violations, body };
}
