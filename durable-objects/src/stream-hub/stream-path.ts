/**
 * The stream a request asks for, from its path (`/v2/streams/decisions`, `/v2/streams/violations`,
 * `/v2/streams/agents/{id}`), and the token it carries (query `token`, or the `Sec-WebSocket-Protocol`
 * pair `nethical-stream, <token>` for clients that cannot put it in the URL's query).
 */
import type { StreamKind } from "./types.ts";

/** The subprotocol a client names next to its token; the hub answers with it. */
export const STREAM_SUBPROTOCOL = "nethical-stream";

/**
 * The stream `pathname` names, or null.
 *
 * @example
 * streamOfPath("/v2/streams/agents/arm-1"); // { kind: "agent", agent: "arm-1" }
 */
export function streamOfPath(pathname: string): { kind: StreamKind; agent?: string } | null {
  if (pathname === "/v2/streams/decisions") return { kind: "decisions" };
  if (pathname === "/v2/streams/violations") return { kind: "violations" };
  const agent = /^\/v2\/streams\/agents\/([^/]+)$/.exec(pathname)?.[1];
  if (agent === undefined) return null;
  try {
    return { kind: "agent", agent: decodeURIComponent(agent) };
  } catch {
    return null;
  }
}

/**
 * The token of an upgrade request and whether it came as a subprotocol; null when there is none.
 *
 * @example
 * streamTokenOf(new Request("https://x/v2/streams/decisions?token=nst.acme.…")); // { token: "nst.acme.…", subprotocol: false }
 */
export function streamTokenOf(request: Request): { token: string; subprotocol: boolean } | null {
  const query = new URL(request.url).searchParams.get("token");
  if (query !== null && query !== "") return { token: query, subprotocol: false };
  const offered = (request.headers.get("sec-websocket-protocol") ?? "").split(",").map((p) => p.trim());
  if (!offered.includes(STREAM_SUBPROTOCOL)) return null;
  const token = offered.find((p) => p.startsWith("nst."));
  return token === undefined ? null : { token, subprotocol: true };
}
