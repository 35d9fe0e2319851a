/**
 * Where data goes: is a URL, host or e-mail address outside the organisation? Loopback, private (RFC 1918),
 * link-local, *.local / *.internal / *.localhost hosts and the caller's `context.internal_domains` are
 * internal; everything else is external.
 */

const PRIVATE_HOST =
  /^(?:localhost|127(?:\.\d{1,3}){3}|10(?:\.\d{1,3}){3}|192\.168(?:\.\d{1,3}){2}|172\.(?:1[6-9]|2\d|3[01])(?:\.\d{1,3}){2}|169\.254(?:\.\d{1,3}){2}|0\.0\.0\.0|::1|\[::1\]|[\w\-]+)$/i;
const INTERNAL_TLD = /\.(?:local|internal|localhost|lan|intranet|corp|home\.arpa)$/i;

/**
 * The host of a URL, `user@host:path` (scp), `host:path` or e-mail address; undefined when none.
 *
 * @example
 * hostOf("https://evil.example.com/upload"); // "evil.example.com"
 * hostOf("bob@backup.example.org:/srv");     // "backup.example.org"
 */
export function hostOf(dest: string): string | undefined {
  const url = /^[a-z][a-z0-9+.\-]*:\/\/(?:[^@\/\s]*@)?(\[[^\]]+\]|[^\/:\s?#]+)/i.exec(dest);
  if (url) return url[1]?.toLowerCase();
  const at = /^[^@\s\/]+@([^:\s\/]+)/.exec(dest);
  if (at) return at[1]?.toLowerCase();
  const hostPath = /^([A-Za-z0-9.\-]+\.[A-Za-z]{2,}|\d{1,3}(?:\.\d{1,3}){3}):/.exec(dest);
  return hostPath?.[1]?.toLowerCase();
}

/**
 * True when `dest` names a host outside the organisation (see module doc). Unknown shapes are not external.
 *
 * @example
 * isExternal("https://pastebin.com/api");             // true
 * isExternal("http://10.0.0.5:8080/");                // false
 * isExternal("https://files.acme.com", ["acme.com"]); // false
 */
export function isExternal(dest: string, internalDomains: readonly string[] = []): boolean {
  const host = hostOf(dest.trim());
  if (host === undefined) return false;
  if (PRIVATE_HOST.test(host) || INTERNAL_TLD.test(host)) return false;
  for (const d of internalDomains) {
    const dom = d.toLowerCase().replace(/^\*?\./, "");
    if (host === dom || host.endsWith(`.${dom}`)) return false;
  }
  return true;
}

/**
 * `context.internal_domains` as a string list (anything else → empty list).
 *
 * @example
 * internalDomains({ internal_domains: ["acme.com"] }); // ["acme.com"]
 */
export function internalDomains(context: Record<string, unknown> | undefined): string[] {
  const v = context?.["internal_domains"];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}
