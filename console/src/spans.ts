/**
 * The masked action: the API never returns an action's text (only violations with character spans into it),
 * so the console draws the action as a row of mask characters as long as the furthest span end, with each
 * violation's spans marked over it. Nothing of the action itself is ever shown.
 */

/** A character span `[start, end)` into the action (or into `field`). */
export interface Span {
  start: number;
  end: number;
}

/** One segment of the masked track: plain mask, or mask marked by the violations listed. */
export interface MaskSegment {
  start: number;
  end: number;
  /** Indexes (into the violations given) of the violations whose spans cover this segment. */
  marks: number[];
}

/** The mask character. */
export const MASK = "•";
/** Longest track drawn (characters); spans beyond are clipped. */
export const MAX_TRACK = 2_000;

/**
 * A violation's spans: `spans` when present, else `span`, else none.
 *
 * @example
 * spansOf({ span: { start: 3, end: 9 } }); // [{ start: 3, end: 9 }]
 */
export function spansOf(violation: { span?: Span; spans?: readonly Span[] }): Span[] {
  if (violation.spans !== undefined && violation.spans.length > 0) return [...violation.spans];
  return violation.span !== undefined ? [violation.span] : [];
}

/**
 * Cut `[0, length)` into segments at every span edge; each segment lists the violations covering it.
 *
 * @example
 * maskSegments([{ spans: [{ start: 2, end: 5 }] }]);
 * // [{ start: 0, end: 2, marks: [] }, { start: 2, end: 5, marks: [0] }]
 */
export function maskSegments(violations: readonly { span?: Span; spans?: readonly Span[] }[]): MaskSegment[] {
  const all = violations.map((v) => spansOf(v).map((s) => ({ start: Math.max(0, Math.min(s.start, MAX_TRACK)), end: Math.max(0, Math.min(s.end, MAX_TRACK)) })).filter((s) => s.end > s.start));
  const length = Math.max(0, ...all.flat().map((s) => s.end));
  if (length === 0) return [];
  const edges = [...new Set([0, length, ...all.flat().flatMap((s) => [s.start, s.end])])].sort((a, b) => a - b);
  const segments: MaskSegment[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const start = edges[i]!;
    const end = edges[i + 1]!;
    const marks = all.flatMap((spans, v) => (spans.some((s) => s.start <= start && s.end >= end) ? [v] : []));
    segments.push({ start, end, marks });
  }
  return segments;
}
