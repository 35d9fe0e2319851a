/**
 * PII on the network: e-mail addresses (scanned around each "@", linear time) and IP addresses (IPv4 with
 * octets ≤ 255; IPv6 including the compressed "::" forms and an embedded IPv4 tail).
 *
 * An IP address that is the target of a network command (`ping 8.8.8.8`, `curl http://10.0.0.5/x`,
 * `ssh user@192.168.1.10`, `dig @1.1.1.1`, `nmap -p 22 10.0.0.0/24`, …) names a machine, not a person: it
 * is not reported. The same address in prose or a record ("the user's IP was 81.2.69.142") still is.
 */
import type { PiiCandidate } from "./pii-types.ts";

const LOCAL_CHAR = /[A-Za-z0-9._%+\-]/;
const DOMAIN_CHAR = /[A-Za-z0-9.\-]/;
const LABEL_RE = /^[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?$/;
const TLD_RE = /^[A-Za-z]{2,24}$/;

/**
 * E-mail addresses, found by expanding around every "@" (no regex backtracking over long runs).
 *
 * @example
 * findEmails("mail LeaVLind@superrito.com now"); // [{ type: "EMAIL_ADDRESS", start: 5, end: 27, score: 0.95 }]
 */
export function findEmails(text: string): PiiCandidate[] {
  const out: PiiCandidate[] = [];
  let at = text.indexOf("@");
  while (at !== -1 && out.length < 256) {
    let s = at;
    while (s > 0 && at - s < 64 && LOCAL_CHAR.test(text[s - 1] ?? "")) s--;
    while (s < at && (text[s] === "." || text[s] === "-")) s++;
    let e = at + 1;
    while (e < text.length && e - at <= 253 && DOMAIN_CHAR.test(text[e] ?? "")) e++;
    while (e > at + 1 && (text[e - 1] === "." || text[e - 1] === "-")) e--;
    if (s < at && text[at - 1] !== "." && validDomain(text.slice(at + 1, e))) {
      out.push({ type: "EMAIL_ADDRESS", start: s, end: e, score: 0.95 });
    }
    at = text.indexOf("@", Math.max(at + 1, e));
  }
  return out;
}

function validDomain(domain: string): boolean {
  const labels = domain.split(".");
  if (labels.length < 2) return false;
  const tld = labels[labels.length - 1] ?? "";
  if (!TLD_RE.test(tld)) return false;
  for (const label of labels) if (!LABEL_RE.test(label)) return false;
  return true;
}

const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4_RE = new RegExp(`(?<![\\w.])(?:${OCTET}\\.){3}${OCTET}(?![\\w]|\\.\\d)`, "g");
const IPV4_EXACT = new RegExp(`^(?:${OCTET}\\.){3}${OCTET}$`);
const VERSION_BEFORE = /\b(?:v|ver\.?|version|release|build|firmware|os)\s*$/i;
const IPV6_GATE = /::|[0-9A-Fa-f]:[0-9A-Fa-f]/;
const IPV6_CANDIDATE = /(?<![\w:.])[0-9A-Fa-f]{0,4}:[0-9A-Fa-f:.]{1,44}/g;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

/**
 * IPv4 addresses (each octet ≤ 255); after "version"/"v" the score is lowered (likely a version string).
 *
 * @example
 * findIpv4("blocked 58.74.121.78 today"); // [{ type: "IP_ADDRESS", start: 8, end: 20, score: 0.9 }]
 */
export function findIpv4(text: string): PiiCandidate[] {
  const out: PiiCandidate[] = [];
  IPV4_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = IPV4_RE.exec(text)) !== null && out.length < 256) {
    if (inNetworkCommand(text, m.index)) continue;
    const before = text.slice(Math.max(0, m.index - 12), m.index);
    out.push({ type: "IP_ADDRESS", start: m.index, end: m.index + m[0].length, score: VERSION_BEFORE.test(before) ? 0.4 : 0.9 });
  }
  return out;
}

/**
 * IPv6 addresses: eight groups, or fewer with exactly one "::", optionally ending in an IPv4 address.
 *
 * @example
 * findIpv6("ping 2001:db8::ff00:42:8329 now"); // [{ type: "IP_ADDRESS", start: 5, end: 26, score: 0.9 }]
 */
export function findIpv6(text: string): PiiCandidate[] {
  const out: PiiCandidate[] = [];
  // indexOf first (speed): every IPv6 gate match contains a ':', and most texts have none; the regex scan is slower.
  if (text.indexOf(":") === -1 || !IPV6_GATE.test(text)) return out;
  IPV6_CANDIDATE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = IPV6_CANDIDATE.exec(text)) !== null && out.length < 256) {
    let cand = m[0];
    while (cand.endsWith(".") || (cand.endsWith(":") && !cand.endsWith("::"))) cand = cand.slice(0, -1);
    const next = text[m.index + cand.length];
    if (next !== undefined && /[\w]/.test(next)) continue;
    if (ipv6Valid(cand) && !inNetworkCommand(text, m.index)) out.push({ type: "IP_ADDRESS", start: m.index, end: m.index + cand.length, score: 0.9 });
  }
  return out;
}

/**
 * IPv6 syntax check (RFC 4291 text forms).
 *
 * @example
 * ipv6Valid("::1"); // true
 * ipv6Valid("12:30:45"); // false
 */
export function ipv6Valid(addr: string): boolean {
  if (addr.length < 3 || addr.length > 45) return false;
  let body = addr;
  let extra = 0;
  const lastColon = addr.lastIndexOf(":");
  const tail = addr.slice(lastColon + 1);
  if (tail.includes(".")) {
    if (!IPV4_EXACT.test(tail)) return false;
    body = addr.slice(0, lastColon + 1) + "0";
    extra = 1;
  } else if (addr.includes(".")) {
    return false;
  }
  const halves = body.split("::");
  if (halves.length > 2) return false;
  const parts = (h: string): string[] => (h === "" ? [] : h.split(":"));
  const left = parts(halves[0] ?? "");
  const right = halves.length === 2 ? parts(halves[1] ?? "") : [];
  for (const g of [...left, ...right]) if (!HEX_GROUP.test(g)) return false;
  const groups = left.length + right.length + extra;
  if (halves.length === 1) return groups === 8;
  if (groups > 7) return false;
  // "::" alone or words like "be::ef" are not addresses: need a digit somewhere.
  return groups >= 1 && /\d/.test(addr);
}

/** Commands whose arguments name hosts (the address is a machine being reached, not personal data). */
const NETWORK_COMMANDS: ReadonlySet<string> = new Set([
  "ping", "ping6", "fping", "arping", "hping3", "traceroute", "traceroute6", "tracert", "tracepath", "mtr",
  "curl", "wget", "http", "https", "xh", "ssh", "scp", "sftp", "rsync", "mosh", "telnet", "ftp", "nc", "ncat",
  "netcat", "socat", "nmap", "masscan", "dig", "nslookup", "host", "whois", "iperf", "iperf3", "ssh-keyscan",
  "ssh-copy-id", "invoke-webrequest", "test-netconnection", "iwr", "mysql", "psql", "redis-cli", "mongo", "mongosh",
]);
/** What may stand between the command and the address: characters that end a command segment. */
const SEGMENT_END = /[\n;|&`(]/;
/** The part of the address's own token before it: "user@", "@", "http://", "http://[", "--host=", quotes. */
const ADDRESS_PREFIX = /^(?:["'<]?(?:[\w.\-+%]*@|@|[a-z][a-z0-9+.\-]*:\/\/(?:[^\s@\/]*@)?\[?|\[|--?[\w\-]+=))?["'<]?$/i;
const MAX_ARGS = 8;
const QUOTED = /"[^"\n]*"|'[^'\n]*'/g;

/**
 * True when the address at `start` is an argument of a network command in the same command segment:
 * walking back over at most 8 arguments (flags, flag values, paths, numbers, quoted strings), the first
 * word that is not an argument is a network command (`sudo`/`timeout 5` before it do not matter).
 *
 * @example
 * inNetworkCommand("ping -c 4 8.8.8.8", 10);             // true
 * inNetworkCommand("the user's IP was 81.2.69.142", 18); // false
 */
export function inNetworkCommand(text: string, start: number): boolean {
  let segStart = start;
  while (segStart > 0 && start - segStart < 240 && !SEGMENT_END.test(text[segStart - 1] ?? "")) segStart--;
  const before = text.slice(segStart, start);
  const cut = Math.max(before.lastIndexOf(" "), before.lastIndexOf("\t"));
  if (!ADDRESS_PREFIX.test(before.slice(cut + 1))) return false;
  const tokens = before.slice(0, cut + 1).replace(QUOTED, "=q").trim().split(/\s+/).filter((t) => t !== "");
  let args = 0;
  for (let i = tokens.length - 1; i >= 0 && args <= MAX_ARGS; i--, args++) {
    const tok = (tokens[i] ?? "").replace(/^["'`$]+|["'`]+$/g, "").toLowerCase();
    const base = tok.slice(tok.lastIndexOf("/") + 1).replace(/\.exe$/, "");
    if (NETWORK_COMMANDS.has(base)) return true;
    if (isArgument(tok) || (i > 0 && (tokens[i - 1] ?? "").startsWith("-"))) continue;
    return false;
  }
  return false;
}

/** A command argument rather than a word of prose: a flag, or a token with a digit or a symbol in it. */
function isArgument(tok: string): boolean {
  return tok.startsWith("-") || tok.startsWith("+") || /[\d\/.=:,@_~]/.test(tok);
}
