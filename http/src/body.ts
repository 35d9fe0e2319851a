/**
 * Reading request bodies safely: media type checked (415), size limited while streaming (413, before
 * buffering more than the limit), UTF-8 decoded strictly (400), nesting limited before parsing (400),
 * JSON parsed without ever echoing the parser's message (it can quote the body) (400), and no string in it
 * that storage would refuse or alter: NUL or an unpaired surrogate (400 `invalid-text`, naming the field).
 */
import { firstUnstorableText, unstorableReason, type UnstorableText } from "@nethical/core";
import { ProblemError } from "./problem.ts";
import { exceedsJsonDepth, MAX_JSON_DEPTH } from "./json-depth.ts";

/** Body limits in bytes. */
export const BODY_LIMITS = {
  evaluate: 256 * 1024,
  batch: 4 * 1024 * 1024,
  policy: 1024 * 1024,
  admin: 16 * 1024,
} as const;

/**
 * The media type of a Content-Type header, lower-cased, or "" when absent. Refuses a charset other than
 * UTF-8 (415).
 *
 * @example
 * mediaTypeOf("application/json; charset=utf-8"); // "application/json"
 */
export function mediaTypeOf(contentType: string | null): string {
  if (contentType === null) return "";
  const [type = "", ...params] = contentType.split(";");
  for (const param of params) {
    const [name, value] = param.split("=").map((s) => s.trim().toLowerCase());
    if (name === "charset" && value !== "utf-8" && value !== '"utf-8"' && value !== "utf8") {
      throw new ProblemError("unsupported-media-type", "only the UTF-8 charset is accepted");
    }
  }
  return type.trim().toLowerCase();
}

/**
 * Read the body as UTF-8 text, at most `maxBytes`. Throws a ProblemError (413 or 400) otherwise.
 *
 * @example
 * const text = await readBodyText(request, BODY_LIMITS.policy);
 */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  const buffered = bufferedBody(request);
  if (buffered !== undefined) {
    if (buffered === null) return "";
    if (buffered.byteLength > maxBytes) throw tooLarge(maxBytes);
    return decodeUtf8(buffered);
  }
  if (request.body === null) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let step: ReadableStreamReadResult<Uint8Array>;
    try {
      step = await reader.read();
    } catch {
      // The client closed the connection before sending the body it announced (a truncated upload).
      throw new ProblemError("incomplete-body", "the request body ended before its announced length");
    }
    const { done, value } = step;
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return decodeUtf8(bytes);
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ProblemError("invalid-encoding", "the request body must be UTF-8 encoded");
  }
}

/**
 * A request whose body is already in memory can hand its bytes over without a stream: the edge device's
 * local server reads each body into one buffer first (edge-device/src/http/light-fetch.ts), and making a
 * web `ReadableStream` of it would load Node's web streams (~15–25 ms of a cold start) for nothing.
 * `takeBufferedBody()` returns the bytes (and marks the body used), `null` for no body, or `undefined`
 * when the body is a stream to be read the usual way. A Worker's `Request` has no such method.
 */
export interface BufferedBodyRequest {
  takeBufferedBody(): Uint8Array | null | undefined;
}

function bufferedBody(request: Request): Uint8Array | null | undefined {
  const take = (request as unknown as Partial<BufferedBodyRequest>).takeBufferedBody;
  return typeof take === "function" ? take.call(request) : undefined;
}

/**
 * Read and parse a JSON body: Content-Type must be application/json (or a `+json` type).
 *
 * @example
 * const value = await readJsonBody(c.req.raw, BODY_LIMITS.evaluate); // unknown; validate with zod next
 */
export async function readJsonBody(request: Request, maxBytes: number, maxDepth: number = MAX_JSON_DEPTH): Promise<unknown> {
  requireJsonMediaType(request);
  return parseJsonText(await readBodyText(request, maxBytes), maxDepth);
}

/**
 * Refuse (415) a request whose Content-Type is not application/json or a `+json` type.
 *
 * @example
 * requireJsonMediaType(c.req.raw); // then readBodyText + parseJsonText
 */
export function requireJsonMediaType(request: Request): void {
  const type = mediaTypeOf(request.headers.get("content-type"));
  if (type !== "application/json" && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) {
    throw new ProblemError("unsupported-media-type", "send the body as application/json");
  }
}

/**
 * Parse a body already read as text (for a route that needs the exact bytes first, such as a signed
 * webhook), with the same checks and answers as {@link readJsonBody}: empty or not JSON (400), nested too
 * deep (400), a string storage would refuse (400 `invalid-text`).
 *
 * @example
 * const value = parseJsonText(await readBodyText(c.req.raw, BODY_LIMITS.evaluate));
 */
export function parseJsonText(text: string, maxDepth: number = MAX_JSON_DEPTH): unknown {
  if (text.trim() === "") throw new ProblemError("invalid-json", "the request body is empty");
  if (exceedsJsonDepth(text, maxDepth)) {
    throw new ProblemError("nesting-too-deep", `JSON may nest at most ${maxDepth} levels`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new ProblemError("invalid-json", "the request body is not valid JSON");
  }
  const bad = firstUnstorableText(value);
  if (bad !== undefined) throw unstorableTextProblem(bad);
  return value;
}

/**
 * The 400 problem for a string that cannot be stored: names the field (a key that is itself bad shows as
 * `(key)`), never the value.
 *
 * @example
 * throw unstorableTextProblem({ path: ["agent_id"], reason: "nul" }); // 400, errors: [{ path: "agent_id", … }]
 */
export function unstorableTextProblem(bad: UnstorableText): ProblemError {
  const path = bad.path.map((p) => (typeof p === "string" && unstorableReason(p) !== undefined ? "(key)" : String(p))).join(".") || "(root)";
  const what = bad.reason === "nul" ? "a NUL character (U+0000)" : "an unpaired UTF-16 surrogate";
  return new ProblemError("invalid-text", `${path} contains ${what}, which cannot be stored`, { errors: [{ path, message: `contains ${what}` }] });
}

function tooLarge(maxBytes: number): ProblemError {
  return new ProblemError("payload-too-large", `the body may be at most ${maxBytes} bytes`, { max_bytes: maxBytes });
}
