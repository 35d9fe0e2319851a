/**
 * 405 vs 404: when no route matches, look for routes with the same path under other methods. If there
 * are any, the answer is 405 with an `Allow` header; otherwise 404.
 */

/** A registered route as Hono lists it in `app.routes`. */
export interface RouteInfo {
  method: string;
  path: string;
}

/**
 * The methods registered for `path`, ignoring middleware (`ALL`) entries. `HEAD` is added when `GET` is
 * present (Hono answers HEAD with the GET handler).
 *
 * @example
 * allowedMethods([{ method: "POST", path: "/v2/evaluate" }], "/v2/evaluate"); // ["POST"]
 * allowedMethods([{ method: "GET", path: "/v2/agents/:agent_id" }], "/v2/agents/a1"); // ["GET", "HEAD"]
 */
export function allowedMethods(routes: readonly RouteInfo[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    if (route.method === "ALL" || route.path.includes("*")) continue;
    if (patternFor(route.path).test(path)) methods.add(route.method);
  }
  if (methods.has("GET")) methods.add("HEAD");
  return [...methods].sort();
}

const patterns = new Map<string, RegExp>();

function patternFor(path: string): RegExp {
  let pattern = patterns.get(path);
  if (pattern === undefined) {
    const source = path
      .split("/")
      .map((segment) => (segment.startsWith(":") ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
      .join("/");
    pattern = new RegExp(`^${source}/?$`);
    patterns.set(path, pattern);
  }
  return pattern;
}
