/**
 * Which URLs an outbound webhook may be delivered to. Checked when a subscription is created and again
 * before every delivery attempt (the rules may have changed, and a stored URL is never trusted blindly).
 *
 * Refused: anything but `https:`; user names or passwords in the URL; IP literals in the unspecified,
 * loopback, private (RFC 1918), CGNAT (100.64/10), link-local, unique-local (fc00::/7), site-local,
 * multicast, benchmark and reserved ranges — IPv4, IPv6, and IPv4 embedded in IPv6 (mapped, compatible,
 * NAT64, 6to4); the names `localhost`, `*.localhost`, single-label names and the internal suffixes
 * `.local`, `.internal`, `.localdomain`, `.home.arpa`; ports below 1024 other than 443, and the default
 * ports of internal services (databases, caches, container and cluster APIs). In development
 * (`ENVIRONMENT = "development"`) a loopback target (`127.0.0.1`, `[::1]`, `localhost`) is allowed over
 * `http:` or `https:` on ports from 1024, so a local receiver can be used.
 *
 * Host names are not resolved here (Workers have no DNS API); a public name that resolves to a private
 * address cannot be reached from Cloudflare's network anyway.
 */

/** Why a target was refused: one word for machines, and a sentence for people. */
export interface TargetRefusal {
  ok: false;
  reason: TargetRefusalReason;
  detail: string;
}

/** The refusal reasons, as the 400 problem's `reason` member names them. */
export type TargetRefusalReason =
  | "invalid_url"
  | "not_https"
  | "credentials_in_url"
  | "private_address"
  | "loopback_address"
  | "link_local_address"
  | "reserved_address"
  | "internal_host_name"
  | "unsafe_port";

/** A target that may be used: its canonical URL text. */
export interface TargetAccepted {
  ok: true;
  url: string;
}

/** Longest URL a subscription may have. */
export const MAX_TARGET_URL_CHARS = 2048;

/** Ports of internal services that are never webhook receivers (the default ports, even above 1024). */
export const UNSAFE_PORTS: ReadonlySet<number> = new Set([
  2375, 2376, 2379, 2380, 3306, 5432, 5984, 6379, 6443, 8500, 9200, 9300, 10250, 10255, 11211, 27017,
]);

const INTERNAL_SUFFIXES = [".localhost", ".local", ".internal", ".localdomain", ".home.arpa"];

/**
 * Check `raw` as a webhook target. `development` allows loopback over http(s).
 *
 * @example
 * checkWebhookTarget("https://hooks.example.com/nethical", false); // { ok: true, url: "https://hooks.example.com/nethical" }
 * checkWebhookTarget("https://10.0.0.5/hook", false);              // { ok: false, reason: "private_address", … }
 * checkWebhookTarget("http://127.0.0.1:9000/hook", true);          // { ok: true, … } (development only)
 */
export function checkWebhookTarget(raw: string, development: boolean): TargetAccepted | TargetRefusal {
  if (raw.length > MAX_TARGET_URL_CHARS) return refuse("invalid_url", `the URL is longer than ${MAX_TARGET_URL_CHARS} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse("invalid_url", "the URL cannot be parsed");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return refuse("not_https", "only https URLs can receive webhooks");
  if (url.username !== "" || url.password !== "") return refuse("credentials_in_url", "the URL may not carry a user name or password; authenticate with the signature");
  const host = url.hostname.toLowerCase();
  const port = url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
  const loopback = isLoopbackHost(host);
  if (loopback && development) {
    if (port < 1024) return refuse("unsafe_port", "a local receiver must listen on a port from 1024");
    return { ok: true, url: url.href };
  }
  if (url.protocol !== "https:") return refuse("not_https", "only https URLs can receive webhooks (http is allowed for a loopback receiver in development only)");
  const addressRefusal = hostRefusal(host);
  if (addressRefusal !== null) return addressRefusal;
  if ((port < 1024 && port !== 443) || UNSAFE_PORTS.has(port)) return refuse("unsafe_port", `port ${port} is not allowed; use 443 or a port from 1024 that is not an internal service's`);
  return { ok: true, url: url.href };
}

function refuse(reason: TargetRefusalReason, detail: string): TargetRefusal {
  return { ok: false, reason, detail };
}

function isLoopbackHost(host: string): boolean {
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  const v4 = parseIpv4(host);
  if (v4 !== null) return v4[0] === 127;
  if (host.startsWith("[")) {
    const v6 = parseIpv6(host.slice(1, -1));
    return v6 !== null && v6.slice(0, 7).every((g) => g === 0) && v6[7] === 1;
  }
  return false;
}

/** The refusal for `host` (as WHATWG URL canonicalises it), or null when it is a public name or address. */
function hostRefusal(host: string): TargetRefusal | null {
  if (host.startsWith("[")) {
    const groups = parseIpv6(host.slice(1, -1));
    if (groups === null) return refuse("invalid_url", "the IPv6 address cannot be parsed");
    return ipv6Refusal(groups);
  }
  const v4 = parseIpv4(host);
  if (v4 !== null) return ipv4Refusal(v4);
  const name = host.endsWith(".") ? host.slice(0, -1) : host;
  if (name === "localhost" || name.endsWith(".localhost")) return refuse("loopback_address", "localhost is not a public host");
  if (!name.includes(".")) return refuse("internal_host_name", "single-label host names are internal; use a public DNS name");
  if (INTERNAL_SUFFIXES.some((s) => name.endsWith(s))) return refuse("internal_host_name", "this host name suffix is for internal networks");
  return null;
}

/**
 * Why an IPv4 address may not be a target, or null when it is public.
 *
 * @example
 * ipv4Refusal([100, 64, 0, 1])?.reason; // "private_address" (CGNAT)
 */
export function ipv4Refusal(a: readonly number[]): TargetRefusal | null {
  const [o0 = 0, o1 = 0, o2 = 0] = a;
  if (o0 === 0) return refuse("reserved_address", "0.0.0.0/8 is the unspecified network");
  if (o0 === 127) return refuse("loopback_address", "127.0.0.0/8 is loopback");
  if (o0 === 10 || (o0 === 172 && o1 >= 16 && o1 <= 31) || (o0 === 192 && o1 === 168)) return refuse("private_address", "RFC 1918 private addresses are not reachable targets");
  if (o0 === 100 && o1 >= 64 && o1 <= 127) return refuse("private_address", "100.64.0.0/10 is carrier-grade NAT (shared) space");
  if (o0 === 169 && o1 === 254) return refuse("link_local_address", "169.254.0.0/16 is link-local (cloud metadata lives here)");
  if (o0 === 192 && o1 === 0 && o2 === 0) return refuse("reserved_address", "192.0.0.0/24 is reserved for protocol assignments");
  if (o0 === 198 && (o1 === 18 || o1 === 19)) return refuse("reserved_address", "198.18.0.0/15 is reserved for benchmarking");
  if (o0 >= 224) return refuse("reserved_address", "multicast, reserved and broadcast addresses are not targets");
  return null;
}

/**
 * Why an IPv6 address (eight 16-bit groups) may not be a target, or null when it is public. IPv4
 * embedded in IPv6 (mapped ::ffff:0:0/96, compatible ::/96, NAT64 64:ff9b::/96, 6to4 2002::/16) is
 * judged as that IPv4 address.
 *
 * @example
 * ipv6Refusal(parseIpv6("::ffff:7f00:1")!)?.reason; // "loopback_address"
 */
export function ipv6Refusal(g: readonly number[]): TargetRefusal | null {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const embedded = (hi: number, lo: number) => [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff];
  const firstFiveZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (firstFiveZero && g5 === 0 && g6 === 0 && g7 === 0) return refuse("reserved_address", ":: is the unspecified address");
  if (firstFiveZero && g5 === 0 && g6 === 0 && g7 === 1) return refuse("loopback_address", "::1 is loopback");
  if (firstFiveZero && (g5 === 0xffff || g5 === 0)) return ipv4Refusal(embedded(g6, g7)) ?? (g5 === 0 ? refuse("reserved_address", "::/96 (IPv4-compatible) is deprecated") : null);
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return ipv4Refusal(embedded(g6, g7));
  if (g0 === 0x2002) return ipv4Refusal(embedded(g1, g2));
  if ((g0 & 0xfe00) === 0xfc00) return refuse("private_address", "fc00::/7 is unique-local");
  if ((g0 & 0xffc0) === 0xfe80) return refuse("link_local_address", "fe80::/10 is link-local");
  if ((g0 & 0xffc0) === 0xfec0) return refuse("private_address", "fec0::/10 is site-local");
  if ((g0 & 0xff00) === 0xff00) return refuse("reserved_address", "ff00::/8 is multicast");
  if (g0 === 0x100 && g1 === 0 && g2 === 0 && g3 === 0) return refuse("reserved_address", "100::/64 is the discard prefix");
  return null;
}

/**
 * A dotted-quad IPv4 address as four octets, or null (WHATWG URL has already turned `0x7f.1`,
 * `2130706433` and other spellings into dotted quads).
 *
 * @example
 * parseIpv4("10.1.2.3"); // [10, 1, 2, 3]
 */
export function parseIpv4(text: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (m === null) return null;
  const octets = m.slice(1).map(Number);
  return octets.every((o) => o <= 255) ? octets : null;
}

/**
 * An IPv6 address (no brackets, no zone) as eight 16-bit groups, or null. Accepts `::` compression and
 * a trailing dotted-quad.
 *
 * @example
 * parseIpv6("fe80::1"); // [0xfe80, 0, 0, 0, 0, 0, 0, 1]
 */
export function parseIpv6(text: string): number[] | null {
  let s = text.toLowerCase();
  const quad = /(?:^|:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(s);
  if (quad !== null) {
    const v4 = parseIpv4(quad[1] as string);
    if (v4 === null) return null;
    const hex = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
    s = `${s.slice(0, -(quad[1] as string).length)}${hex(v4[0] as number, v4[1] as number)}:${hex(v4[2] as number, v4[3] as number)}`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string): number[] | null => {
    if (part === "") return [];
    const groups = part.split(":");
    if (groups.some((x) => !/^[0-9a-f]{1,4}$/.test(x))) return null;
    return groups.map((x) => parseInt(x, 16));
  };
  const head = parse(halves[0] as string);
  const rest = halves.length === 2 ? parse(halves[1] as string) : [];
  if (head === null || rest === null) return null;
  const known = head.length + rest.length;
  if (halves.length === 1) return known === 8 ? head : null;
  if (known > 7) return null;
  return [...head, ...new Array<number>(8 - known).fill(0), ...rest];
}
