/**
 * Applying a RESTRICT's span obligations to what the agent is about to send: `redact` replaces the spans
 * of one field (the action text, `tool.arguments.<path>`, `stated_intent`, `inputs.<i>.content`) with a
 * marker, and `quarantine_input` removes the instruction spans from an input's content. Spans are
 * half-open UTF-16 ranges, as JavaScript strings index. Pure: the input is never modified.
 */
import type { EvaluateRequest, Obligation } from "@nethical/core";

/** The default replacement of a redacted span. */
export const REDACTED = "[REDACTED]";

type Span = { start: number; end: number };

/**
 * `text` with every span replaced by `marker` (spans sorted and merged first; out-of-range ends clamped).
 *
 * @example
 * redactSpans("mail bob@acme.test now", [{ start: 5, end: 18 }]); // "mail [REDACTED] now"
 */
export function redactSpans(text: string, spans: readonly Span[], marker = REDACTED): string {
  const merged: Span[] = [];
  for (const s of [...spans].filter((x) => x.end > x.start).sort((a, b) => a.start - b.start || a.end - b.end)) {
    const last = merged[merged.length - 1];
    if (last !== undefined && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ start: s.start, end: s.end });
  }
  let out = "";
  let at = 0;
  for (const s of merged) {
    const start = Math.min(s.start, text.length);
    const end = Math.min(s.end, text.length);
    if (end <= start) continue;
    out += text.slice(at, start) + marker;
    at = end;
  }
  return out + text.slice(at);
}

/** What {@link applySpanObligations} changed, by field, and what it could not apply. */
export interface AppliedObligations {
  request: EvaluateRequest;
  /** Fields redacted (`action`, `tool.arguments.to`, `inputs.0.content`, …). */
  redacted: string[];
  /** Fields a `redact` named that the request does not hold as a string (left as they were). */
  unresolved: string[];
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Set the string at `path` (dot-separated keys or array indices) under `root` via `edit`; false when absent. */
function editString(root: unknown, path: string[], edit: (s: string) => string): boolean {
  if (path.length === 0 || root === null || typeof root !== "object") return false;
  // Keys may themselves contain dots: try the longest key that exists first.
  for (let take = path.length; take >= 1; take--) {
    const key = path.slice(0, take).join(".");
    const container = root as Record<string, unknown>;
    if (!Object.prototype.hasOwnProperty.call(container, key)) continue;
    const rest = path.slice(take);
    const value = container[key];
    if (rest.length === 0) {
      if (typeof value !== "string") return false;
      container[key] = edit(value);
      return true;
    }
    if (editString(value, rest, edit)) return true;
  }
  return false;
}

/**
 * The request as it may be carried out under the decision's `redact` and `quarantine_input` obligations.
 *
 * @example
 * applySpanObligations({ agent_id: "a", action: "send", action_type: "tool_call", tool: { name: "mail", arguments: { to: "bob@acme.test" } } },
 *   [{ type: "redact", field: "tool.arguments.to", spans: [{ start: 0, end: 13 }] }]).request.tool?.arguments; // { to: "[REDACTED]" }
 */
export function applySpanObligations(request: EvaluateRequest, obligations: readonly Obligation[], marker = REDACTED): AppliedObligations {
  const out = clone(request);
  const redacted: string[] = [];
  const unresolved: string[] = [];
  for (const o of obligations) {
    if (o.type === "redact") {
      const field = o.field ?? "action";
      const edit = (s: string) => redactSpans(s, o.spans, marker);
      let done = false;
      if (field === "action") {
        out.action = edit(out.action);
        done = true;
      } else if (field === "stated_intent" && out.stated_intent !== undefined) {
        out.stated_intent = edit(out.stated_intent);
        done = true;
      } else if (field.startsWith("tool.arguments.") && out.tool?.arguments !== undefined) {
        done = editString(out.tool.arguments, field.slice("tool.arguments.".length).split("."), edit);
      } else {
        const m = /^inputs\.(\d+)\.content$/.exec(field);
        const input = m === null ? undefined : out.inputs?.[Number(m[1])];
        if (input !== undefined) {
          input.content = edit(input.content);
          done = true;
        }
      }
      (done ? redacted : unresolved).push(field);
    } else if (o.type === "quarantine_input") {
      const input = out.inputs?.[o.input];
      if (input === undefined) unresolved.push(`inputs.${o.input}.content`);
      else {
        input.content = redactSpans(input.content, o.spans, "");
        redacted.push(`inputs.${o.input}.content`);
      }
    }
  }
  return { request: out, redacted, unresolved };
}
