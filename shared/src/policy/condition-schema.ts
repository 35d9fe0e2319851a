/**
 * Condition trees of the policy DSL v1 (zod, strict). A condition is one of:
 *
 * - `{ field, op, value }` — a request/agent value compared with `op` (see fields.ts for the fields);
 * - `{ finding: { type, subtype?, min_score?, min_count?, in? } }` — at least `min_count` (default 1) findings of
 *   `type` (a finding type or `PII` for any PII type) scoring ≥ `min_score` (default 0.5, so "talking about"
 *   findings, which score ≤ 0.3, do not count unless asked for), found `in` the action (default: the action
 *   text, tool arguments and stated intent), the request's untrusted `inputs`, or `any` of them;
 * - `{ risk: { gte | gt | lte | lt: n } }` — sugar for a `risk` field comparison;
 * - `{ all: [...] }` (true when empty), `{ any: [...] }` (false when empty), `{ not: condition }`.
 *
 * Operator/value rules: eq/neq take a JSON primitive; in/nin a non-empty list of primitives; gt/gte/lt/lte a
 * number; exists a boolean (default true; null counts as absent); contains/starts_with a string (contains also
 * tests list membership on JSON fields); matches a safe regex (safe-regex.ts). String fields reject numeric
 * comparisons and number fields reject string operators.
 */
import * as z from "zod";
import { FINDING_SELECTORS, FIELD_OPS, KNOWN_SUBTYPES, isKnownSubtype, type FieldOp, type FindingSelector } from "./vocabulary.ts";
import { fieldKind, fieldProblem } from "./fields.ts";
import { regexProblem } from "./safe-regex.ts";

export type Primitive = string | number | boolean | null;
export interface FieldCondition {
  field: string;
  op: FieldOp;
  value?: Primitive | Primitive[];
}
/** Where a finding condition looks: the action (text, tool arguments, stated intent), the untrusted inputs, or both. */
export const FINDING_SCOPES = ["action", "inputs", "any"] as const;
export type FindingScope = (typeof FINDING_SCOPES)[number];

export interface FindingCondition {
  finding: { type: FindingSelector; subtype?: string; min_score?: number; min_count?: number; in?: FindingScope };
}
export interface RiskCondition {
  risk: { gte?: number; gt?: number; lte?: number; lt?: number };
}
export interface AllCondition {
  all: Condition[];
}
export interface AnyCondition {
  any: Condition[];
}
export interface NotCondition {
  not: Condition;
}
export type Condition = FieldCondition | FindingCondition | RiskCondition | AllCondition | AnyCondition | NotCondition;

/** Largest `in`/`nin` list and combinator fan-out. */
export const MAX_LIST = 10_000;
/** Default `min_score` of a finding condition. */
export const DEFAULT_MIN_SCORE = 0.5;

const primitive = z.union([z.string().max(4096), z.number().finite(), z.boolean(), z.null()]);

const FieldConditionSchema = z
  .object({
    field: z.string().min(1).max(512),
    op: z.enum(FIELD_OPS),
    value: z.union([primitive, z.array(primitive).max(MAX_LIST)]).optional(),
  })
  .strict()
  .superRefine((leaf, ctx) => {
    const problem = fieldProblem(leaf.field);
    if (problem !== undefined) {
      ctx.addIssue({ code: "custom", path: ["field"], message: problem });
      return;
    }
    const message = valueProblem(leaf.op, leaf.value, fieldKind(leaf.field));
    if (message !== undefined) ctx.addIssue({ code: "custom", path: ["value"], message });
  });

function valueProblem(op: FieldOp, value: unknown, kind: "string" | "number" | "json"): string | undefined {
  const isPrimitive = value === null || ["string", "number", "boolean"].includes(typeof value);
  switch (op) {
    case "eq":
    case "neq":
      if (value === undefined || !isPrimitive) return `${op} needs a string, number, boolean or null value`;
      if (kind !== "json" && typeof value !== kind) return `${op} on a ${kind} field needs a ${kind} value`;
      return undefined;
    case "in":
    case "nin":
      if (!Array.isArray(value) || value.length === 0) return `${op} needs a non-empty list`;
      if (kind !== "json" && value.some((v) => typeof v !== kind)) return `${op} on a ${kind} field needs ${kind} values`;
      return undefined;
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      if (typeof value !== "number") return `${op} needs a number value`;
      return kind === "string" ? `${op} cannot compare a string field` : undefined;
    case "exists":
      return value === undefined || typeof value === "boolean" ? undefined : "exists needs true or false";
    case "contains":
    case "starts_with":
    case "matches":
      if (typeof value !== "string") return `${op} needs a string value`;
      if (kind === "number") return `${op} cannot apply to a number field`;
      return op === "matches" ? regexProblem(value) : undefined;
  }
}

const FindingConditionSchema = z
  .object({
    finding: z
      .object({
        type: z.enum(FINDING_SELECTORS as [FindingSelector, ...FindingSelector[]]),
        subtype: z.string().min(1).max(64).optional(),
        min_score: z.number().min(0).max(1).optional(),
        min_count: z.number().int().min(1).max(1000).optional(),
        in: z.enum(FINDING_SCOPES).optional(),
      })
      .strict()
      .superRefine((f, ctx) => {
        if (f.subtype !== undefined && !isKnownSubtype(f.type, f.subtype)) {
          const known = (KNOWN_SUBTYPES as Record<string, readonly string[] | undefined>)[f.type];
          ctx.addIssue({
            code: "custom",
            path: ["subtype"],
            message:
              known === undefined
                ? `${f.type} findings have no subtypes`
                : `unknown subtype for ${f.type} (known: ${known.join(", ")})`,
          });
        }
      }),
  })
  .strict();

const bound = z.number().finite();
const RiskConditionSchema = z
  .object({
    risk: z
      .object({ gte: bound.optional(), gt: bound.optional(), lte: bound.optional(), lt: bound.optional() })
      .strict()
      .refine((r) => Object.values(r).some((v) => v !== undefined), "risk needs at least one of gte, gt, lte, lt"),
  })
  .strict();

const AllSchema = z.lazy(() => z.object({ all: z.array(ConditionSchema).max(MAX_LIST) }).strict());
const AnySchema = z.lazy(() => z.object({ any: z.array(ConditionSchema).max(MAX_LIST) }).strict());
const NotSchema = z.lazy(() => z.object({ not: ConditionSchema }).strict());

function pickSchema(value: unknown): z.ZodType | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  if ("field" in value || "op" in value) return FieldConditionSchema;
  if ("finding" in value) return FindingConditionSchema;
  if ("risk" in value) return RiskConditionSchema;
  if ("all" in value) return AllSchema;
  if ("any" in value) return AnySchema;
  if ("not" in value) return NotSchema;
  return undefined;
}

/** A condition tree; dispatches on its key so errors point at the shape the author meant. */
export const ConditionSchema: z.ZodType<Condition> = z.unknown().transform((value, ctx) => {
  const schema = pickSchema(value);
  if (schema === undefined) {
    ctx.addIssue({
      code: "custom",
      message: "expected a condition: {field, op, value}, {finding: {...}}, {risk: {...}}, {all: [...]}, {any: [...]} or {not: ...}",
    });
    return z.NEVER;
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    for (const issue of result.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
    return z.NEVER;
  }
  return result.data as Condition;
}) as unknown as z.ZodType<Condition>;
