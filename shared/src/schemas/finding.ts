/**
 * Detector findings: what a detector saw in the action text, with a character span. Entity names follow
 * Presidio for PII; the other types are Nethical's own detector categories.
 */
import * as z from "zod";

/** PII entity types, named as in Presidio. */
export const PII_TYPES = [
  "EMAIL_ADDRESS",
  "PHONE_NUMBER",
  "US_SSN",
  "CREDIT_CARD",
  "IBAN_CODE",
  "IP_ADDRESS",
  "US_BANK_NUMBER",
  "DATE_OF_BIRTH",
  "MEDICAL_RECORD_NUMBER",
] as const;

/** Non-PII detector categories. */
export const THREAT_TYPES = [
  "SECRET",
  "PROMPT_INJECTION",
  "JAILBREAK",
  "DANGEROUS_CODE",
  "DATA_EXFILTRATION",
  "SAFETY_OVERRIDE",
  "HARMFUL_CONTENT",
] as const;

/** Every finding type: the entity vocabulary used by detectors, `nethical scan` and policy conditions. */
export const FINDING_TYPES = [...PII_TYPES, ...THREAT_TYPES] as const;
export const FindingTypeSchema = z.enum(FINDING_TYPES);
export type FindingType = z.infer<typeof FindingTypeSchema>;
export type PiiType = (typeof PII_TYPES)[number];

/** A half-open character span [start, end) into the action text (UTF-16 code units, as JS strings). */
export const SpanSchema = z
  .object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() })
  .strict();
export type Span = z.infer<typeof SpanSchema>;

/**
 * One finding. `subtype` refines the type (e.g. HARMFUL_CONTENT/"weapons", SECRET/"aws_access_key",
 * DANGEROUS_CODE/"fork_bomb"). `score` is the detector's confidence 0–1. Findings never carry the matched
 * text itself: only where it is.
 */
export interface Finding {
  type: FindingType;
  subtype?: string;
  start: number;
  end: number;
  score: number;
  /** Id of the detector that produced it, e.g. "pii", "secrets", "injection". */
  detector: string;
  /**
   * Where the span points: absent (or "action") means the action text; otherwise a field path such as
   * "tool.arguments.command" or "stated_intent" whose string value the span indexes.
   */
  field?: string;
}
