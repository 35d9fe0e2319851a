/**
 * The URL side of the text-hygiene rule (the body side is in readJsonBody): a path segment or query value
 * that decodes to NUL or an unpaired surrogate, or does not decode at all, is refused with 400 before any
 * route sees it, so an id such as `/v2/agents/a%00b` never reaches a Durable Object name or a stored row.
 */
import { createMiddleware } from "hono/factory";
import { unstorableReason } from "@nethical/core";
import { ProblemError } from "./problem.ts";

/**
 * Why the URL's path or query cannot be used, or undefined when it can.
 *
 * @example
 * unusableUrlPart(new URL("https://x/v2/agents/a%00b")); // "the path contains a NUL character (U+0000)"
 */
export function unusableUrlPart(url: URL): string | undefined {
  for (const [where, raw] of [["path", url.pathname], ["query", url.search]] as const) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw.replaceAll("+", " "));
    } catch {
      return `the ${where} is not valid percent-encoded UTF-8`;
    }
    const reason = unstorableReason(decoded);
    if (reason !== undefined) return `the ${where} contains ${reason === "nul" ? "a NUL character (U+0000)" : "an unpaired UTF-16 surrogate"}`;
  }
  return undefined;
}

/**
 * Middleware: refuse a request whose path or query cannot be stored (400 `invalid-text`).
 *
 * @example
 * app.use("*", storableUrl());
 */
export function storableUrl() {
  return createMiddleware(async (c, next) => {
    const problem = unusableUrlPart(new URL(c.req.url));
    if (problem !== undefined) throw new ProblemError("invalid-text", problem);
    await next();
  });
}
