/**
 * A line diff (longest common subsequence) between two versions of a policy, pretty-printed as JSON.
 */

/** One line of a diff: kept, removed from the old version, or added in the new one. */
export interface DiffLine {
  op: " " | "-" | "+";
  text: string;
}

/** Largest product of line counts diffed exactly (beyond: the whole old text removed, the new added). */
export const MAX_CELLS = 4_000_000;

/**
 * The lines of `before` and `after` as a diff.
 *
 * @example
 * lineDiff("a\nb", "a\nc"); // [{op:" ",text:"a"},{op:"-",text:"b"},{op:"+",text:"c"}]
 */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split("\n");
  const b = after.split("\n");
  if (a.length * b.length > MAX_CELLS) return [...a.map((text) => ({ op: "-" as const, text })), ...b.map((text) => ({ op: "+" as const, text }))];
  // lcs[i][j]: length of the LCS of a[i..] and b[j..]
  const lcs: Uint32Array[] = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: " ", text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ op: "-", text: a[i++]! });
    else out.push({ op: "+", text: b[j++]! });
  }
  while (i < a.length) out.push({ op: "-", text: a[i++]! });
  while (j < b.length) out.push({ op: "+", text: b[j++]! });
  return out;
}

/**
 * A policy document as stable text for diffing: JSON with object keys sorted, two-space indented.
 *
 * @example
 * stableJson({ b: 1, a: 2 }); // '{\n  "a": 2,\n  "b": 1\n}'
 */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  return value;
}
