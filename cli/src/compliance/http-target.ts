/**
 * The compliance report's live target from the CLI: HTTP requests to a running Nethical API with an API
 * key (or none). The key is sent as a Bearer token only; it is never printed.
 */
import type { LiveTarget } from "@nethical/core/compliance/index.ts";

/**
 * A live target for the API at `url` with `key`.
 *
 * @example
 * const target = httpTarget("http://127.0.0.1:8787", process.env.NETHICAL_API_KEY ?? "");
 */
export function httpTarget(url: string, key: string): LiveTarget {
  const base = url.replace(/\/+$/, "");
  return {
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { accept: "application/json" };
      if ((options.auth ?? "caller") === "caller") headers.authorization = `Bearer ${key}`;
      if (options.body !== undefined) headers["content-type"] = "application/json";
      const res = await fetch(`${base}${path}`, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
      const text = await res.text();
      try {
        return { status: res.status, body: JSON.parse(text) as unknown };
      } catch {
        return { status: res.status, body: text };
      }
    },
  };
}
