/**
 * Text hygiene at the edge of the system: a string that cannot be stored as it was signed never gets in.
 * PostgreSQL refuses NUL (U+0000) in text and JSON, and an unpaired UTF-16 surrogate cannot be encoded as
 * UTF-8 at all (drivers silently turn it into U+FFFD, so the stored row would no longer match the signed
 * audit event). Every adapter checks untrusted JSON with {@link firstUnstorableText} before using it.
 */

/** Why a string cannot be stored. */
export type UnstorableReason = "nul" | "unpaired_surrogate";

/** The first unstorable string found: where (keys and indexes; a key itself is reported at its own path) and why. */
export interface UnstorableText {
  path: (string | number)[];
  reason: UnstorableReason;
}

// NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why `text` cannot be stored, or undefined when it can.
 *
 * @example
 * unstorableReason("ok");            // undefined
 * unstorableReason("nul\u0000x");    // "nul"
 * unstorableReason("sur\ud800x");    // "unpaired_surrogate"
 */
export function unstorableReason(text: string): UnstorableReason | undefined {
  const m = UNSTORABLE.exec(text);
  if (m === null) return undefined;
  return m[0] === "\u0000" ? "nul" : "unpaired_surrogate";
}

/**
 * The first string (value or object key) in `root` that cannot be stored, or undefined. Iterative, so deep
 * input cannot overflow the stack (callers bound the depth first).
 *
 * @example
 * firstUnstorableText({ agent_id: "a\u0000" }); // { path: ["agent_id"], reason: "nul" }
 * firstUnstorableText({ tool: { arguments: { q: ["ok"] } } }); // undefined
 */
export function firstUnstorableText(root: unknown): UnstorableText | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: (string | number)[] };
    if (typeof value === "string") {
      const reason = unstorableReason(value);
      if (reason !== undefined) return { path, reason };
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
      continue;
    }
    const keys = Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string;
      const reason = unstorableReason(key);
      if (reason !== undefined) return { path: [...path, key], reason };
      stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return undefined;
}
