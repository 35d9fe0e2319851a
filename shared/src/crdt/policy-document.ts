/**
 * What the policy store's CRDT holds: one whole policy document version per policy id, and the active
 * pointer. The policy body itself is kept as written (any JSON): the PolicyStore validates and compiles it
 * on publish, the CRDT only has to carry it between regions intact.
 */
import * as z from "zod";

/** Policy ids: 1–128 characters of `[A-Za-z0-9_.-]`, starting with a letter or digit. */
export const POLICY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/**
 * Lifecycle of a policy version: a new version starts in `quarantine` (no effect); `canary` applies it to
 * `canary_percent` of the agents (by a hash of the agent id); `active` applies it to every agent;
 * `deprecated` retires it (activating a deprecated version again is a rollback, under a new bundle seq). A
 * version with errors cannot leave quarantine.
 */
export const POLICY_LIFECYCLE_STATUSES = ["quarantine", "canary", "active", "deprecated"] as const;

const jsonValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);

/** A policy id. */
export const PolicyIdSchema = z.string().regex(POLICY_ID_PATTERN, "policy ids are 1–128 characters of [A-Za-z0-9_.-], starting with a letter or digit");

/** One version of one policy document, written and merged as a whole. */
export const PolicyDocumentVersionSchema = z
  .object({
    policy_id: PolicyIdSchema,
    version: z.number().int().min(1),
    status: z.enum(POLICY_LIFECYCLE_STATUSES),
    /** Percentage of agents that get this version while it is a canary. */
    canary_percent: z.number().min(0).max(100).optional(),
    /** sha256Hex(canonicalJson(policy)), when the writer computed it. */
    hash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
    /** The policy document as written (JSON or YAML parsed to JSON). */
    policy: jsonValue,
    /** Who wrote this version (an operator id, never a secret). */
    author: z.string().max(256).optional(),
    note: z.string().max(4096).optional(),
    /** Bundle seq assigned when this version became a canary (its signed canary bundle's seq). */
    seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  })
  .strict();
export type PolicyDocumentVersion = z.infer<typeof PolicyDocumentVersionSchema>;

/** Which version of which policy is active; `null` in the register means none is. */
export const ActivePointerSchema = z
  .object({
    policy_id: PolicyIdSchema,
    version: z.number().int().min(1),
    /** Bundle seq assigned by the activation, so every region signs the same bundle for it. */
    seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  })
  .strict();
export type ActivePointer = z.infer<typeof ActivePointerSchema>;
