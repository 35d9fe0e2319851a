/**
 * Policy DSL v1: the document a tenant writes (JSON or YAML). Strict zod schemas: unknown keys are
 * rejected so a typo can never silently weaken a policy. Defaults are applied by the compiler, not here, so a
 * parsed document hashes exactly as written.
 *
 * ```yaml
 * version: 1
 * name: acme-default
 * default: { decision: ALLOW }          # outcome when no tenant rule matches
 * limits: { rate_limit: { capacity: 600, refill_per_s: 10 } }
 * rules:
 *   - id: block-destructive-sql
 *     priority: 100                     # higher first in explanations; default 0
 *     law: 2                            # optional, 1–25
 *     severity: high                    # optional
 *     when: { all: [ { field: action_type, op: in, value: [code_execution, tool_call] },
 *                    { finding: { type: DANGEROUS_CODE, subtype: destructive_sql, min_score: 0.7 } } ] }
 *     then: { decision: BLOCK, reason: "Destructive SQL" }
 * ```
 */
import * as z from "zod";
import { DecisionSchema, SeveritySchema } from "../schemas/decision.ts";
import { ConditionSchema } from "./condition-schema.ts";
import { FINDING_SELECTORS, type FindingSelector } from "./vocabulary.ts";

/** Most rules one policy may hold. */
export const MAX_RULES = 50_000;

const selector = z.enum(FINDING_SELECTORS as [FindingSelector, ...FindingSelector[]]);

/**
 * Obligations as written in a policy. `redact` names finding types (or `PII`); the spans are filled at
 * evaluation from the request's findings of those types scoring ≥ `min_score` (default 0: redact anything seen).
 */
export const PolicyObligationSchema = z.discriminatedUnion("type", [
  z
    .object({
      type: z.literal("redact"),
      findings: z.array(selector).min(1).max(32),
      min_score: z.number().min(0).max(1).optional(),
    })
    .strict(),
  z.object({ type: z.literal("require_human_approval"), reason: z.string().max(1024).optional() }).strict(),
  z
    .object({
      type: z.literal("rate_limit"),
      limit: z.number().int().positive().max(1_000_000_000),
      window_s: z.number().int().positive().max(31_536_000),
    })
    .strict(),
  z.object({ type: z.literal("sandbox"), profile: z.string().min(1).max(128).optional() }).strict(),
  z.object({ type: z.literal("log_only") }).strict(),
  /** Quarantine every request input holding a PROMPT_INJECTION finding scoring ≥ `min_score` (default 0.5). */
  z.object({ type: z.literal("quarantine_input"), min_score: z.number().min(0).max(1).optional() }).strict(),
]);
export type PolicyObligation = z.infer<typeof PolicyObligationSchema>;

/**
 * What a rule decides when it matches (its `then`), and what the policy decides when no rule matches (its
 * `default`): a decision, obligations (only with RESTRICT) and a reason.
 */
export const RuleOutcomeSchema = z
  .object({
    decision: DecisionSchema,
    obligations: z.array(PolicyObligationSchema).max(16).optional(),
    reason: z.string().max(1024).optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.decision !== "RESTRICT" && o.obligations !== undefined && o.obligations.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["obligations"],
        message: `obligations apply only to RESTRICT (this outcome is ${o.decision})`,
      });
    }
  });
export type RuleOutcome = z.infer<typeof RuleOutcomeSchema>;

/** One tenant rule. Ids starting with `law.` are reserved for the built-in law pack. */
export const PolicyRuleSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9_.-]{1,128}$/, "rule ids are 1–128 characters of [a-z0-9_.-]")
      .refine((id) => !id.startsWith("law."), "rule ids starting with law. are reserved for the law pack"),
    description: z.string().max(4096).optional(),
    priority: z.number().int().min(-1_000_000).max(1_000_000).optional(),
    law: z.number().int().min(1).max(25).optional(),
    severity: SeveritySchema.optional(),
    when: ConditionSchema,
    then: RuleOutcomeSchema,
  })
  .strict();
export type PolicyRule = z.infer<typeof PolicyRuleSchema>;

/** A whole policy document, version 1. */
export const PolicyDocumentSchema = z
  .object({
    version: z.literal(1),
    name: z.string().min(1).max(128),
    description: z.string().max(4096).optional(),
    default: RuleOutcomeSchema,
    limits: z
      .object({
        rate_limit: z
          .object({
            capacity: z.number().int().positive().max(1_000_000_000),
            refill_per_s: z.number().positive().max(1_000_000_000),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    rules: z.array(PolicyRuleSchema).max(MAX_RULES),
  })
  .strict()
  .superRefine((doc, ctx) => {
    const seen = new Map<string, number>();
    doc.rules.forEach((rule, i) => {
      const first = seen.get(rule.id);
      if (first !== undefined) {
        ctx.addIssue({ code: "custom", path: ["rules", i, "id"], message: `duplicate rule id ${rule.id} (first at rules[${first}])` });
      } else seen.set(rule.id, i);
    });
  });
export type PolicyDocument = z.infer<typeof PolicyDocumentSchema>;
