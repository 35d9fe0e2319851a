/**
 * Which upgrade requests the local WebSocket→TCP proxy accepts: path `/v2`, an `address=host:port`
 * whose host is a loopback address, and no foreign browser Origin. Pure, so it is tested directly.
 */

export type ProxyTarget =
  | { ok: true; host: string; port: number }
  | { ok: false; status: 400 | 403 | 404; reason: string };

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * True for 127.0.0.0/8, ::1 and `localhost`: the only hosts the proxy may reach.
 *
 * @example
 * isLoopbackHost("127.0.0.1"); // true
 * isLoopbackHost("10.0.0.5"); // false
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  if (h === "localhost" || h === "::1" || h === "[::1]") return true;
  const m = IPV4.exec(h);
  if (m === null) return false;
  const octets = m.slice(1).map(Number);
  return octets[0] === 127 && octets.every((o) => o <= 255);
}

/**
 * Decide what an upgrade request for `url` (path and query, as in `req.url`) with an optional
 * `Origin` header may reach. `localhost` is mapped to 127.0.0.1 so no name resolution happens.
 *
 * @example
 * parseProxyTarget("/v2?address=127.0.0.1:5432", undefined); // { ok: true, host: "127.0.0.1", port: 5432 }
 * parseProxyTarget("/v2?address=db.example.com:5432", undefined).ok; // false (403)
 */
export function parseProxyTarget(url: string, origin: string | undefined): ProxyTarget {
  let parsed: URL;
  try {
    parsed = new URL(url, "http://proxy.invalid");
  } catch {
    return { ok: false, status: 400, reason: "Bad Request" };
  }
  if (parsed.pathname !== "/v2") return { ok: false, status: 404, reason: "Not Found" };
  if (origin !== undefined && !isLoopbackOrigin(origin)) return { ok: false, status: 403, reason: "Forbidden" };

  const address = parsed.searchParams.get("address");
  if (address === null || address === "") return { ok: false, status: 400, reason: "Bad Request" };
  const split = address.lastIndexOf(":");
  if (split <= 0) return { ok: false, status: 400, reason: "Bad Request" };
  const host = address.slice(0, split);
  const portText = address.slice(split + 1);
  if (!/^\d{1,5}$/.test(portText)) return { ok: false, status: 400, reason: "Bad Request" };
  const port = Number(portText);
  if (port < 1 || port > 65_535) return { ok: false, status: 400, reason: "Bad Request" };
  if (!isLoopbackHost(host)) return { ok: false, status: 403, reason: "Forbidden" };

  const lower = host.toLowerCase();
  const connectHost = lower === "localhost" ? "127.0.0.1" : lower === "[::1]" ? "::1" : lower;
  return { ok: true, host: connectHost, port };
}

function isLoopbackOrigin(origin: string): boolean {
  try {
    return isLoopbackHost(new URL(origin).hostname);
  } catch {
    return false; // includes the opaque origin "null"
  }
}
