/**
 * The device's local HTTP API (Hono), with the Worker's request and response shapes and its RFC 9457
 * problem+json errors (the same body reader, limits and problem helpers, imported from workers/src):
 *
 * - `POST /v2/evaluate` — an EvaluateRequest → the device response (EvaluateResponse + mode, bundle, agent_seq)
 * - `POST /v2/batch-evaluate` — `{"requests": [1–100]}` → `{"results": [{index, status, agent_seq, response} | {index, status: 422, problem}]}`
 * - `GET /status` — mode, bundle, log counts, sync state
 *
 * Bound to 127.0.0.1 only (http-server.ts): the caller is a process on the same machine; no API keys.
 */
import { Hono } from "hono";
import { validateEvaluateRequest, type EvaluateRequest } from "@nethical/core";
import { BODY_LIMITS, readJsonBody } from "../../../workers/src/http/body.ts";
import { elapsedMs, isValidTraceparent, requestIdFrom } from "../../../workers/src/http/request-context.ts";
import { ProblemError, problemDetails, problemResponse } from "../../../workers/src/problem.ts";
import type { DeviceResponse, Governor } from "../governor/governor.ts";
import { LogFullError } from "../log/decision-log.ts";

type DeviceEnv = { Variables: { requestId: string; startedAt: number } };

/** Most items in one batch (as the Worker). */
export const MAX_BATCH_ITEMS = 100;

const MAX_ERRORS = 20;

function validated(json: unknown, what: string, index?: number): EvaluateRequest {
  const v = validateEvaluateRequest(json);
  if (v.ok) return v.request;
  const prefix = index === undefined ? "" : `requests.${index}.`;
  throw new ProblemError("validation-failed", `${what} does not match the schema`, {
    errors: v.issues.slice(0, MAX_ERRORS).map((i) => ({ path: `${prefix}${i.path}`.replace(/\.$/, "") || "(root)", message: i.message })),
  });
}

function decide(governor: Governor, request: EvaluateRequest): DeviceResponse {
  try {
    return governor.evaluate(request);
  } catch (error) {
    if (error instanceof LogFullError) throw new ProblemError("unavailable", "the decision log is full; nothing can be decided until it is uploaded");
    throw error;
  }
}

/**
 * The local API app.
 *
 * @example
 * const app = deviceApi(device.governor, () => runtime.status());
 * await app.request("/v2/evaluate", { method: "POST", headers: { "content-type": "application/json" }, body });
 */
export function deviceApi(governor: Governor, status: () => unknown): Hono<DeviceEnv> {
  const app = new Hono<DeviceEnv>();
  app.use("*", async (c, next) => {
    c.set("startedAt", performance.now());
    const requestId = requestIdFrom(c.req.header("x-request-id"));
    c.set("requestId", requestId);
    await next();
    c.res.headers.set("x-request-id", requestId);
    const traceparent = c.req.header("traceparent");
    if (traceparent !== undefined && isValidTraceparent(traceparent)) c.res.headers.set("traceparent", traceparent);
    if (!c.res.headers.has("x-nethical-latency-ms")) c.res.headers.set("x-nethical-latency-ms", String(elapsedMs(c.get("startedAt"))));
  });

  app.post("/v2/evaluate", async (c) => {
    const request = validated(await readJsonBody(c.req.raw, BODY_LIMITS.evaluate), "the evaluate request");
    const res = decide(governor, request);
    return c.json(res, 200, {
      "x-nethical-policy-version": res.policy_version,
      "x-nethical-agent-seq": String(res.agent_seq),
      "x-nethical-mode": res.mode,
      "cache-control": "no-store",
      ...(res.fail_closed !== undefined ? { "x-nethical-degraded": res.fail_closed } : {}),
    });
  });

  app.post("/v2/batch-evaluate", async (c) => {
    const body = await readJsonBody(c.req.raw, BODY_LIMITS.batch);
    const requests = (body as { requests?: unknown } | null)?.requests;
    const keys = body !== null && typeof body === "object" && !Array.isArray(body) ? Object.keys(body) : [];
    if (!Array.isArray(requests) || requests.length < 1 || requests.length > MAX_BATCH_ITEMS || keys.length !== 1) {
      throw new ProblemError("validation-failed", "the batch does not match the schema", {
        errors: [{ path: "requests", message: `expected {"requests": [1–${MAX_BATCH_ITEMS} evaluate requests]}` }],
      });
    }
    const results = requests.map((item, index) => {
      try {
        const response = decide(governor, validated(item, `requests[${index}]`, index));
        return { index, status: 200, agent_seq: response.agent_seq, response };
      } catch (error) {
        if (!(error instanceof ProblemError)) throw error;
        return { index, status: error.status, problem: problemDetails(error.slug, error.detail, c.get("requestId"), error.extensions) };
      }
    });
    return c.json({ results }, 200, { "cache-control": "no-store" });
  });

  app.get("/status", (c) => c.json(status() as object, 200, { "cache-control": "no-store" }));

  app.notFound((c) => problemResponse(new ProblemError("not-found", "no such route"), c.get("requestId") ?? "unknown"));
  app.onError((error, c) => {
    const requestId = c.get("requestId") ?? "unknown";
    if (error instanceof ProblemError) return problemResponse(error, requestId);
    console.error(JSON.stringify({ level: "error", request_id: requestId, error: error.name }));
    return problemResponse(new ProblemError("internal", "the request could not be completed"), requestId);
  });
  return app;
}
