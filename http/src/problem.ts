/**
 * RFC 9457 problem details: every error the API returns is `application/problem+json` with `type`,
 * `title`, `status`, `detail` and `instance` (the request id). Details describe what was wrong with the
 * request in general terms; they never echo request values, secrets or stack traces.
 */

import * as z from "zod";

/** Media type of every error body. */
export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** Problem types the API uses: slug → title and status. The `type` URI is `urn:nethical:problem:<slug>`. */
export const PROBLEMS = {
  "invalid-json": { status: 400, title: "Malformed JSON" },
  "invalid-encoding": { status: 400, title: "Body is not valid UTF-8" },
  "nesting-too-deep": { status: 400, title: "JSON nested too deeply" },
  "invalid-header": { status: 400, title: "Invalid header" },
  "invalid-text": { status: 400, title: "Text cannot be stored" },
  "incomplete-body": { status: 400, title: "Request body is incomplete" },
  "forbidden-target": { status: 400, title: "Webhook target not allowed" },
  unauthorized: { status: 401, title: "Authentication required" },
  forbidden: { status: 403, title: "Not allowed" },
  "not-found": { status: 404, title: "Not found" },
  "method-not-allowed": { status: 405, title: "Method not allowed" },
  conflict: { status: 409, title: "Conflict" },
  "payload-too-large": { status: 413, title: "Payload too large" },
  "unsupported-media-type": { status: 415, title: "Unsupported media type" },
  "validation-failed": { status: 422, title: "Request failed validation" },
  "invalid-policy": { status: 422, title: "Policy document is invalid" },
  "too-many-requests": { status: 429, title: "Too many requests" },
  internal: { status: 500, title: "Internal error" },
  unavailable: { status: 503, title: "Dependency unavailable" },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemSlug = keyof typeof PROBLEMS;

/** One problem details object, as serialised. Extension members (e.g. `errors`) may be added. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  [extension: string]: unknown;
}

/**
 * The problem details object as a zod schema: what the API description (`GET /v2/openapi.json`) names
 * `Problem` and the contract test validates every error body against. Extension members are allowed;
 * `errors` (validation failures) is the one the API uses.
 */
export const ProblemSchema = z
  .object({
    type: z.string().regex(/^urn:nethical:problem:[a-z-]+$/).describe("`urn:nethical:problem:<slug>`; the slug names the kind of error"),
    title: z.string().describe("Short, fixed title of the problem type"),
    status: z.number().int().min(400).max(599).describe("The HTTP status, repeated"),
    detail: z.string().describe("What was wrong, in general terms; never echoes request values or secrets"),
    instance: z.string().describe("The request id (also in the `X-Request-Id` header)"),
    errors: z
      .array(z.object({ path: z.string().describe("Dotted path of the field, `(root)` for the whole body"), message: z.string() }).strict())
      .optional()
      .describe("Validation failures, at most 20"),
  })
  .loose();

/**
 * An error that becomes a problem response. Throw it anywhere in a handler; the app's error handler
 * serialises it with the request id.
 *
 * @example
 * throw new ProblemError("forbidden", "this key's role cannot read agents");
 */
export class ProblemError extends Error {
  readonly slug: ProblemSlug;
  readonly detail: string;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    slug: ProblemSlug,
    detail: string,
    extensions: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(`${slug}: ${detail}`);
    this.name = "ProblemError";
    this.slug = slug;
    this.detail = detail;
    this.extensions = extensions;
    this.headers = headers;
  }

  /** HTTP status of this problem. */
  get status(): number {
    return PROBLEMS[this.slug].status;
  }
}

/**
 * Build the problem details object for `slug`.
 *
 * @example
 * problemDetails("not-found", "no route GET /v2/nope", "req-1").status; // 404
 */
export function problemDetails(
  slug: ProblemSlug,
  detail: string,
  instance: string,
  extensions: Record<string, unknown> = {},
): Problem {
  const { status, title } = PROBLEMS[slug];
  return { ...extensions, type: `urn:nethical:problem:${slug}`, title, status, detail, instance };
}

/**
 * A complete `application/problem+json` response.
 *
 * @example
 * const res = problemResponse(new ProblemError("conflict", "tenant exists"), "req-1");
 * res.status; // 409
 */
export function problemResponse(error: ProblemError, instance: string, headers: Record<string, string> = {}): Response {
  const body = problemDetails(error.slug, error.detail, instance, error.extensions);
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: {
      ...headers,
      ...error.headers,
      "content-type": PROBLEM_CONTENT_TYPE,
      "cache-control": "no-store",
    },
  });
}
