/**
 * JSON or Markdown for the report routes: `?format=md|json` wins, else `Accept: text/markdown` (without
 * `application/json`) asks for Markdown; JSON is the default.
 */
import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";

/** The Markdown media type the report routes answer. */
export const MARKDOWN = "text/markdown; charset=utf-8";

/**
 * Whether the caller asked for Markdown.
 *
 * @example
 * if (wantsMarkdown(c, q.format)) return c.body(markdown, 200, { "content-type": MARKDOWN });
 */
export function wantsMarkdown(c: Context<AppEnv>, format: "json" | "md" | undefined): boolean {
  if (format !== undefined) return format === "md";
  const accept = c.req.header("accept") ?? "";
  return accept.includes("text/markdown") && !accept.includes("application/json");
}
