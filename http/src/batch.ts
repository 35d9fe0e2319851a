/**
 * The batch-evaluate body: `{"requests": [1–100 items]}`. The envelope is validated as a whole (422 when
 * it is wrong); each item is validated on its own, so one bad item gets its own problem object with field
 * paths (`requests.2.action_type`) and does not fail the rest.
 */
import * as z from "zod";
import { EvaluateRequestSchema, type EvaluateRequest } from "@nethical/core";
import { problemDetails, type Problem } from "./problem.ts";
import { fieldErrors, parseOrProblem } from "./validation.ts";

/** Most items in one batch. */
export const MAX_BATCH_ITEMS = 100;

/** The envelope: exactly one key, `requests`, with 1–{@link MAX_BATCH_ITEMS} items (validated one by one). */
export const BatchSchema = z.object({ requests: z.array(z.unknown()).min(1).max(MAX_BATCH_ITEMS) }).strict();

/** A batch item that failed validation: its index, status 422 and its problem details. */
export interface RejectedItem {
  index: number;
  status: number;
  problem: Problem;
}

/** A parsed batch: the valid requests with their positions, and the rejected items. */
export interface ParsedBatch {
  requests: EvaluateRequest[];
  /** `indices[k]` is the position of `requests[k]` in the batch. */
  indices: number[];
  rejected: RejectedItem[];
}

/**
 * Validate a batch body. Throws a 422 ProblemError when the envelope is wrong; items that fail are
 * returned in `rejected`, each with a problem whose `instance` is `instance` and whose errors carry the
 * full path (`requests.<index>.<field>`).
 *
 * @example
 * const { requests, indices, rejected } = parseBatch(await readJsonBody(req, BODY_LIMITS.batch), requestId);
 */
export function parseBatch(body: unknown, instance: string): ParsedBatch {
  const envelope = parseOrProblem(BatchSchema, body, "the batch");
  const out: ParsedBatch = { requests: [], indices: [], rejected: [] };
  envelope.requests.forEach((item, index) => {
    const parsed = EvaluateRequestSchema.safeParse(item);
    if (parsed.success) {
      out.requests.push(parsed.data);
      out.indices.push(index);
      return;
    }
    const errors = fieldErrors(parsed.error, `requests.${index}`);
    const where = errors[0] === undefined ? "" : ` (first at ${errors[0].path})`;
    const problem = problemDetails("validation-failed", `requests.${index} does not match the schema${where}`, instance, { errors });
    out.rejected.push({ index, status: problem.status, problem });
  });
  return out;
}
