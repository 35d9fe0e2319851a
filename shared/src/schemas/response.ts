/**
 * EvaluateResponse and its parts: Violation, Obligation, Explanation. Other issues and clients rely on
 * these field names.
 */
import * as z from "zod";
import { DecisionSchema, SeveritySchema } from "./decision.ts";
import { FindingTypeSchema, SpanSchema } from "./finding.ts";

/**
 * One violation: a law broken, found by a detector or a rule. Evidence never repeats raw PII or secrets.
 * One per finding (finding type and subtype in one field): when a law-pack rule and tenant rules flag the
 * same finding it appears once, `rule` naming the first (the law-pack rule when there is one) and `rules`
 * listing all of them; repeated matches in the same field are merged (`span` is the first place, `spans`
 * every place when there are several). `rules` and `spans` are additions: a client that reads only `rule`
 * and `span` keeps working.
 */
export const ViolationSchema = z
  .object({
    id: z.string(),
    law: z.number().int().min(1).max(25),
    category: z.string(),
    detector: z.string().optional(),
    /** The rule that names the violation: the law-pack rule (`law.*`) when one flagged it, else the tenant rule. */
    rule: z.string().optional(),
    /**
     * Every rule that flagged this finding: law-pack rules (`law.*`, a prefix tenant rule ids may not use)
     * first, then tenant rules by priority. Always set by `evaluate`; absent in audit events written before it.
     */
    rules: z.array(z.string()).optional(),
    finding_type: FindingTypeSchema.optional(),
    subtype: z.string().optional(),
    severity: SeveritySchema,
    confidence: z.number().min(0).max(1),
    span: SpanSchema.optional(),
    /** Every place of the finding in `field` (sorted, overlapping matches merged) when there is more than one; `span` is the first. */
    spans: z.array(SpanSchema).optional(),
    /** Field the span points into when it is not the action text (e.g. "tool.arguments.command"). */
    field: z.string().optional(),
  })
  .strict();
export type Violation = z.infer<typeof ViolationSchema>;

/** What a RESTRICT requires. The caller must honour every obligation. */
export const ObligationSchema = z.discriminatedUnion("type", [
  z
    .object({
      type: z.literal("redact"),
      spans: z.array(SpanSchema),
      /** Field the spans index when not the action text (e.g. "tool.arguments.body"); one redact per field. */
      field: z.string().optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal("require_human_approval"),
      reason: z.string().optional(),
      /** The approval opened for this decision (POST /v2/approvals/{id}/approve); retry with it as `approval_id`. */
      approval_id: z.string().optional(),
      /** When the approval expires (ISO 8601); after that a new request opens a new one. */
      expires_at: z.string().optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal("rate_limit"),
      limit: z.number().int().positive(),
      window_s: z.number().int().positive(),
    })
    .strict(),
  z.object({ type: z.literal("sandbox"), profile: z.string().optional() }).strict(),
  z.object({ type: z.literal("log_only") }).strict(),
  z
    .object({
      type: z.literal("quarantine_input"),
      /** Index of the request's `inputs` item that holds instructions. */
      input: z.number().int().nonnegative(),
      /**
       * The instruction spans in that input's content, merged and sorted. The caller must not give the input
       * to the model as it is: remove these spans (or drop the input) and pass the rest only as quoted data.
       */
      spans: z.array(SpanSchema),
    })
    .strict(),
]);
export type Obligation = z.infer<typeof ObligationSchema>;

/** Why: which laws, rules and detectors decided. Never contains raw PII or secrets. */
export const ExplanationSchema = z
  .object({
    summary: z.string(),
    decided_by: z.array(
      z
        .object({
          /** `approval`: a person's approval satisfied `require_human_approval` (id = approval id, reason names the approver's key id). */
          kind: z.enum(["rule", "law", "detector", "default", "agent_state", "override", "approval"]),
          id: z.string(),
          decision: DecisionSchema,
          reason: z.string(),
        })
        .strict(),
    ),
    laws: z.array(z.number().int().min(1).max(25)),
    risk_features: z.record(z.string(), z.number()),
  })
  .strict();
export type Explanation = z.infer<typeof ExplanationSchema>;

/** The human approval a decision used: which, who approved (key id) and when. */
export const ApprovalUseSchema = z
  .object({
    approval_id: z.string(),
    approved_by: z.string().describe("Key id of the operator or admin who approved"),
    approved_at: z.string().describe("When it was approved (ISO 8601)"),
  })
  .strict();
export type ApprovalUse = z.infer<typeof ApprovalUseSchema>;

/** The answer to an EvaluateRequest. */
export const EvaluateResponseSchema = z
  .object({
    decision_id: z.string(),
    decision: DecisionSchema,
    risk_score: z.number().min(0).max(1),
    violations: z.array(ViolationSchema),
    obligations: z.array(ObligationSchema),
    explanation: ExplanationSchema,
    policy_version: z.string(),
    latency_ms: z.number().nonnegative(),
    /** Present when a human approval (`approval_id`) satisfied this decision's `require_human_approval`. */
    approval: ApprovalUseSchema.optional(),
  })
  .strict();
export type EvaluateResponse = z.infer<typeof EvaluateResponseSchema>;
