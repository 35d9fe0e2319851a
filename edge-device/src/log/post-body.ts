/**
 * One HTTP(S) POST over `node:http` / `node:https`, for the uploader: the answer's status, its body read and
 * dropped. Not `fetch`: Node's fetch is undici, and loading and using it costs the device ~11 MB of
 * anonymous memory and ~5 MB of its binary's pages (one-off, a bare Node 24 process: WebSocket + 20 POSTs
 * +16 MB RSS through undici, +2.5 MB through `ws` and this), more than the 64 MB budget can spare
 * (README "Memory and start-up").
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

/** The request did not finish (answer read to the end) within its time. */
export class PostTimeoutError extends Error {
  override name = "TimeoutError";
}

/**
 * POST `body` to `url` with `headers`; resolves the answer's status once its body has been read, rejects
 * on a network error, or with {@link PostTimeoutError} when the whole exchange takes over `timeoutMs`.
 *
 * @example
 * await postBody(new URL("https://api.example.com/v2/audit/ingest"), '{"events":[]}', { "content-type": "application/json" }, 15_000); // 200
 */
export function postBody(url: URL, body: string, headers: Record<string, string>, timeoutMs: number): Promise<number> {
  if (url.protocol !== "http:" && url.protocol !== "https:") return Promise.reject(new TypeError(`postBody: ${url.protocol} is not http: or https:`));
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  const payload = Buffer.from(body, "utf8");
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | null, status = 0) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error === null) resolve(status);
      else reject(error);
    };
    const req = send(url.href, { method: "POST", headers: { ...headers, "content-length": String(payload.length) } }, (res) => {
      res.on("data", () => undefined);
      res.on("end", () => finish(null, res.statusCode ?? 0));
      res.on("error", (error) => finish(error));
    });
    const timer = setTimeout(() => {
      const error = new PostTimeoutError(`no complete answer within ${timeoutMs} ms`);
      finish(error);
      req.destroy(error);
    }, timeoutMs);
    req.on("error", (error) => finish(error));
    req.end(payload);
  });
}
