/**
 * The device's local HTTP API (Hono), with the Worker's request and response shapes and its RFC 9457
 * problem+json errors: the body reader, limits, request context, validation, batch envelope and error
 * handlers all come from @nethical/http, so the same bad request gets the same problem body as at the
 * Worker.
 *
 * - `POST /v2/evaluate` — an EvaluateRequest → the device response (EvaluateResponse + mode, bundle, agent_seq)
 * - `POST /v2/batch-evaluate` — `{"requests": [1–100]}` → `{"results": [{index, status, agent_seq, response} | {index, status, problem}]}`
 * - `GET /status` — mode, bundle, log counts, sync state
 *
 * Bound to 127.0.0.1 only (http-server.ts): the caller is a process on the same machine; no API keys.
 */
import { Hono } from "hono";
import { EvaluateRequestSchema, degradedReasonOf, type EvaluateRequest } from "@nethical/core";
import {
  BODY_LIMITS,
  installErrorHandlers,
  parseBatch,
  parseOrProblem,
  ProblemError,
  problemDetails,
  readJsonBody,
  requestContext,
  type RequestEnv,
} from "@nethical/http";
import type { DeviceResponse, Governor } from "../governor/governor.ts";
import { LogFullError } from "../log/decision-log.ts";

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
export function deviceApi(governor: Governor, status: () => unknown): Hono<RequestEnv> {
  const app = new Hono<RequestEnv>();
  app.use("*", requestContext<RequestEnv>());

  app.post("/v2/evaluate", async (c) => {
    const request = parseOrProblem(EvaluateRequestSchema, await readJsonBody(c.req.raw, BODY_LIMITS.evaluate), "the evaluate request");
    const res = decide(governor, request);
    const degraded = res.fail_closed ?? degradedReasonOf(res);
    return c.json(res, 200, {
      "x-nethical-policy-version": res.policy_version,
      "x-nethical-agent-seq": String(res.agent_seq),
      "x-nethical-mode": res.mode,
      "cache-control": "no-store",
      ...(degraded !== null ? { "x-nethical-degraded": degraded } : {}),
    });
  });

  app.post("/v2/batch-evaluate", async (c) => {
    const requestId = c.get("requestId");
    const { requests, indices, rejected } = parseBatch(await readJsonBody(c.req.raw, BODY_LIMITS.batch), requestId);
    const results: Record<string, unknown>[] = new Array(requests.length + rejected.length);
    for (const item of rejected) results[item.index] = { ...item };
    requests.forEach((request, k) => {
      const index = indices[k] as number;
      try {
        const response = decide(governor, request);
        results[index] = { index, status: 200, agent_seq: response.agent_seq, response };
      } catch (error) {
        if (!(error instanceof ProblemError)) throw error;
        results[index] = { index, status: error.status, problem: problemDetails(error.slug, error.detail, requestId, error.extensions) };
      }
    });
    return c.json({ results }, 200, { "cache-control": "no-store" });
  });

  app.get("/status", (c) => c.json(status() as object, 200, { "cache-control": "no-store" }));

  installErrorHandlers(app);
  return app;
}
