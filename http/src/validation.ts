/**
 * zod validation → 422 problem details with an `errors` list of `{ path, message }`. Messages describe
 * the expected shape; they never contain the submitted values.
 */
import type { z } from "zod";
import { ProblemError } from "./problem.ts";

/** One validation error: a JSON-pointer-like dotted path and what was expected there. */
export interface FieldError {
  path: string;
  message: string;
}

const MAX_ERRORS = 20;

/**
 * Flatten zod issues into `FieldError`s (at most 20). Unknown field names are cut to 64 characters.
 *
 * @example
 * fieldErrors(schema.safeParse({ agent_id: 1 }).error!); // [{ path: "agent_id", message: "…" }, …]
 */
export function fieldErrors(error: z.ZodError, prefix: string = ""): FieldError[] {
  return error.issues.slice(0, MAX_ERRORS).map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((p) => p !== "").join(".");
    if (issue.code === "unrecognized_keys") {
      const keys = issue.keys.map((k) => JSON.stringify(k.slice(0, 64))).join(", ");
      return { path: path === "" ? "(root)" : path, message: `unknown field(s): ${keys}` };
    }
    return { path: path === "" ? "(root)" : path, message: issue.message };
  });
}

/**
 * Parse `value` with `schema` or throw a 422 ProblemError listing the field errors.
 *
 * @example
 * const request = parseOrProblem(EvaluateRequestSchema, body, "the evaluate request");
 */
export function parseOrProblem<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw validationProblem(result.error, what);
}

/**
 * A 422 ProblemError for a failed zod parse.
 *
 * @example
 * throw validationProblem(result.error, "the batch item");
 */
export function validationProblem(error: z.ZodError, what: string, prefix: string = ""): ProblemError {
  return new ProblemError("validation-failed", `${what} does not match the schema`, {
    errors: fieldErrors(error, prefix),
  });
}
