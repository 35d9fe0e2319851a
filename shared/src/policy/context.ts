/**
 * EvalContext: everything a compiled condition may look at while one request is evaluated. Built once per
 * evaluate call; compiled closures only read it.
 */
import type { EvaluateRequest } from "../schemas/action.ts";
import type { AgentStateSnapshot } from "../schemas/agent-state.ts";
import type { Finding } from "../schemas/finding.ts";

export interface EvalContext {
  /** What the tenant's conditions may still spend on this request (regex matching). */
  readonly budget: WorkBudget;
  readonly request: EvaluateRequest;
  readonly agent: AgentStateSnapshot;
  /** All findings for this request (action text, tool argument strings, stated intent). */
  readonly findings: readonly Finding[];
  /** The request's risk score (computed before any rule runs). */
  readonly risk: number;
}

/** A compiled condition: true when it holds for the request in `ctx`. */
export type Predicate = (ctx: EvalContext) => boolean;

/**
 * Most characters of text all `matches` conditions of one evaluation may scan together: about 4,000
 * `matches` conditions on a 1 KB action, or 60 on a 64 KiB one. Beyond it the evaluation fails safe.
 */
export const MAX_REGEX_CHARS_PER_EVALUATION = 4_000_000;

/** Thrown by a condition when the evaluation's work budget is spent; `evaluate` turns it into a fail-safe BLOCK. */
export class EvaluationBudgetError extends Error {
  readonly limit: number;
  constructor(limit: number) {
    super(`evaluation budget exceeded: more than ${limit} characters of regex matching`);
    this.name = "EvaluationBudgetError";
    this.limit = limit;
  }
}

/**
 * A deterministic work budget for one evaluation, counted in characters scanned rather than time (so
 * `evaluate` stays pure: the same request and policy always spend the same).
 *
 * @example
 * const budget = new WorkBudget(100);
 * budget.spendRegex(60); budget.spendRegex(60); // throws EvaluationBudgetError
 */
export class WorkBudget {
  #regexChars: number;
  readonly #limit: number;

  /** `alreadySpent`: characters an earlier phase of the same evaluation spent (evaluate-prepare.ts). */
  constructor(regexChars: number = MAX_REGEX_CHARS_PER_EVALUATION, alreadySpent: number = 0) {
    this.#regexChars = regexChars - alreadySpent;
    this.#limit = regexChars;
  }

  /** Characters spent so far (more than the limit once the budget has thrown). */
  get spent(): number {
    return this.#limit - this.#regexChars;
  }

  /** The budget's limit in characters. */
  get limit(): number {
    return this.#limit;
  }

  /** Take `chars` characters of regex matching from the budget; throws when there are not enough left. */
  spendRegex(chars: number): void {
    this.#regexChars -= chars;
    if (this.#regexChars < 0) throw new EvaluationBudgetError(this.#limit);
  }
}

