/**
 * The compliance report's live target inside the Worker: each probe is a request through the Worker's own
 * app (same authentication, roles, routes and storage as any client), made with the report caller's
 * `Authorization` header or with none. Nothing leaves the isolate.
 */
import type { Context } from "hono";
import type { LiveTarget } from "@nethical/core/compliance/index.ts";
import type { AppEnv } from "../app-env.ts";

/** The app's fetch handler. */
export type AppFetch = (request: Request, env: Env, ctx: Context<AppEnv>["executionCtx"] | undefined) => Response | Promise<Response>;

/**
 * A live target that calls `appFetch` with `authorization` (the caller's header).
 *
 * @example
 * const target = inProcessTarget(appFetch, c.env, ctx, c.req.header("authorization") ?? "", "https://nethical.internal");
 */
export function inProcessTarget(appFetch: AppFetch, env: Env, ctx: Parameters<AppFetch>[2], authorization: string, origin: string): LiveTarget {
  return {
    async request(method, path, options = {}) {
      const headers = new Headers({ accept: "application/json" });
      if ((options.auth ?? "caller") === "caller") headers.set("authorization", authorization);
      if (options.body !== undefined) headers.set("content-type", "application/json");
      const init: RequestInit = { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) };
      const res = await appFetch(new Request(new URL(path, origin), init), env, ctx);
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: the text is the body
      }
      return { status: res.status, body };
    },
  };
}
