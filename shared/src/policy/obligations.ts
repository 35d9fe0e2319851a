/**
 * Collecting and merging the obligations of every RESTRICT contributor (law pack, tenant rules, default)
 * into the response's list: one `redact` per field with merged, sorted spans (action text first), then at most
 * one each of require_human_approval (first reason), rate_limit (the strictest rate), sandbox (first
 * profile) and log_only, then one `quarantine_input` per input (by index) with its merged instruction spans.
 */
import type { Finding } from "../schemas/finding.ts";
import type { Obligation } from "../schemas/response.ts";
import { compileFindingMatcher, type FindingMatcher } from "./compile-condition.ts";
import type { PolicyObligation } from "./schema.ts";

/** A policy obligation ready for evaluation: `redact` carries a finding matcher instead of type names. */
export type CompiledObligation = Exclude<PolicyObligation, { type: "redact" }> | { type: "redact"; match: FindingMatcher };

/**
 * Precompile a rule's obligations (done by compilePolicy).
 *
 * @example
 * compileObligations([{ type: "redact", findings: ["PII", "SECRET"] }])[0].type; // "redact"
 */
export function compileObligations(obligations: readonly PolicyObligation[]): CompiledObligation[] {
  return obligations.map((o): CompiledObligation => {
    if (o.type !== "redact") return o;
    const matchers = o.findings.map((type) => compileFindingMatcher({ type, min_score: o.min_score ?? 0 }));
    return { type: "redact", match: (f) => matchers.some((m) => m(f)) };
  });
}

interface SpanLike {
  start: number;
  end: number;
}

/**
 * Accumulates obligations during one evaluation; `build()` returns the merged list.
 *
 * @example
 * const set = new ObligationSet();
 * set.redactFinding(finding);
 * set.requireApproval("bulk export");
 * set.build(); // [{ type: "redact", spans: [...] }, { type: "require_human_approval", reason: "bulk export" }]
 */
export class ObligationSet {
  private readonly redact = new Map<string, SpanLike[]>();
  private approval = false;
  private approvalReason: string | undefined;
  private rate: { limit: number; window_s: number } | undefined;
  private sandbox = false;
  private sandboxProfile: string | undefined;
  private logOnly = false;
  private readonly quarantine = new Map<number, SpanLike[]>();

  /** Redact one finding's span (in its field). */
  redactFinding(f: Finding): void {
    const key = f.field === undefined || f.field === "action" ? "" : f.field;
    const list = this.redact.get(key);
    if (list === undefined) this.redact.set(key, [{ start: f.start, end: f.end }]);
    else list.push({ start: f.start, end: f.end });
  }

  requireApproval(reason?: string): void {
    this.approval = true;
    if (this.approvalReason === undefined) this.approvalReason = reason;
  }

  useSandbox(profile?: string): void {
    this.sandbox = true;
    if (this.sandboxProfile === undefined) this.sandboxProfile = profile;
  }

  /**
   * Quarantine the request input a finding points into (`field: "inputs.<i>.content"`), adding its span to
   * that input's instruction spans. Findings outside the inputs are ignored.
   */
  quarantineFinding(f: Finding): void {
    const input = inputIndexOf(f.field);
    if (input === undefined) return;
    const list = this.quarantine.get(input);
    if (list === undefined) this.quarantine.set(input, [{ start: f.start, end: f.end }]);
    else list.push({ start: f.start, end: f.end });
  }

  logOnlyToo(): void {
    this.logOnly = true;
  }

  /** Add a rule's obligations; `redact` picks the request's findings of the named types. */
  addPolicy(obligations: readonly CompiledObligation[], findings: readonly Finding[]): void {
    for (const o of obligations) {
      switch (o.type) {
        case "redact":
          for (const f of findings) if (o.match(f)) this.redactFinding(f);
          break;
        case "require_human_approval":
          this.requireApproval(o.reason);
          break;
        case "rate_limit":
          if (this.rate === undefined || o.limit * this.rate.window_s < this.rate.limit * o.window_s ||
            (o.limit * this.rate.window_s === this.rate.limit * o.window_s && o.window_s < this.rate.window_s)) {
            this.rate = { limit: o.limit, window_s: o.window_s };
          }
          break;
        case "sandbox":
          this.useSandbox(o.profile);
          break;
        case "log_only":
          this.logOnly = true;
          break;
        case "quarantine_input": {
          const min = o.min_score ?? 0.5;
          for (const f of findings) if (f.type === "PROMPT_INJECTION" && f.score >= min) this.quarantineFinding(f);
          break;
        }
      }
    }
  }

  /** The merged obligation list. */
  build(): Obligation[] {
    const out: Obligation[] = [];
    const fields = [...this.redact.keys()].sort();
    for (const field of fields) {
      const spans = mergeSpans(this.redact.get(field) as SpanLike[]);
      out.push(field === "" ? { type: "redact", spans } : { type: "redact", spans, field });
    }
    if (this.approval) {
      out.push(this.approvalReason === undefined ? { type: "require_human_approval" } : { type: "require_human_approval", reason: this.approvalReason });
    }
    if (this.rate !== undefined) out.push({ type: "rate_limit", limit: this.rate.limit, window_s: this.rate.window_s });
    if (this.sandbox) out.push(this.sandboxProfile === undefined ? { type: "sandbox" } : { type: "sandbox", profile: this.sandboxProfile });
    if (this.logOnly) out.push({ type: "log_only" });
    for (const input of [...this.quarantine.keys()].sort((a, b) => a - b)) {
      out.push({ type: "quarantine_input", input, spans: mergeSpans(this.quarantine.get(input) as SpanLike[]) });
    }
    return out;
  }
}

/**
 * The input index a finding's field points into (`inputs.<i>.content`), or undefined.
 *
 * @example
 * inputIndexOf("inputs.2.content"); // 2
 * inputIndexOf("tool.arguments.body"); // undefined
 */
export function inputIndexOf(field: string | undefined): number | undefined {
  if (field === undefined || !field.startsWith("inputs.")) return undefined;
  const m = /^inputs\.(\d{1,4})\.content$/.exec(field);
  return m === null ? undefined : Number(m[1]);
}

/**
 * Sort spans and merge those that overlap or touch.
 *
 * @example
 * mergeSpans([{ start: 5, end: 9 }, { start: 0, end: 3 }, { start: 3, end: 6 }]); // [{ start: 0, end: 9 }]
 */
export function mergeSpans(spans: readonly SpanLike[]): { start: number; end: number }[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: { start: number; end: number }[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && s.start <= last.end) {
      if (s.end > last.end) last.end = s.end;
    } else out.push({ start: s.start, end: s.end });
  }
  return out;
}
