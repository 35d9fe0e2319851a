/**
 * The console's calls to the Worker (same origin): every data call carries the API key as a bearer token;
 * errors are RFC 9457 problems, shown by their title and detail.
 */

/** A failed call: the problem's status, title and detail. */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;

  constructor(status: number, title: string, detail: string) {
    super(`${status} ${title}${detail === "" ? "" : `: ${detail}`}`);
    this.name = "ApiError";
    this.status = status;
    this.title = title;
    this.detail = detail;
  }
}

/** The caller (`GET /v2/whoami`). */
export interface WhoAmI {
  kind: "tenant" | "platform";
  tenant?: string;
  role?: string;
  key_id?: string;
}

/** The console's API: `get`/`post` JSON, `text` for the metrics exposition. */
export class Api {
  readonly #key: string;

  constructor(key: string) {
    this.#key = key;
  }

  /**
   * GET a JSON answer.
   *
   * @example
   * const fleet = await api.get<{ devices: Device[] }>("/v2/fleet");
   */
  async get<T>(path: string): Promise<T> {
    return (await (await this.#call("GET", path)).json()) as T;
  }

  /**
   * POST a JSON body, read the JSON answer.
   *
   * @example
   * await api.post(`/v2/agents/${id}/reinstate`, { reason });
   */
  async post<T>(path: string, body: unknown): Promise<T> {
    return (await (await this.#call("POST", path, body)).json()) as T;
  }

  /**
   * GET a text answer (e.g. the Prometheus exposition).
   *
   * @example
   * const text = await api.text("/v2/metrics");
   */
  async text(path: string): Promise<string> {
    return (await this.#call("GET", path)).text();
  }

  async #call(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.#key}`, accept: "application/json, text/plain;q=0.5" };
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(path, { method, headers, cache: "no-store", credentials: "omit", ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    if (!res.ok) {
      let title = res.statusText;
      let detail = "";
      try {
        const problem = (await res.json()) as { title?: string; detail?: string };
        title = problem.title ?? title;
        detail = problem.detail ?? "";
      } catch {
        // not a problem document
      }
      throw new ApiError(res.status, title, detail);
    }
    return res;
  }
}

/**
 * A path with its query (values URL-encoded; empty and undefined values left out).
 *
 * @example
 * withQuery("/v2/decisions", { agent_id: "a b", limit: 50 }); // "/v2/decisions?agent_id=a+b&limit=50"
 */
export function withQuery(path: string, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") params.set(k, String(v));
  const s = params.toString();
  return s === "" ? path : `${path}?${s}`;
}
