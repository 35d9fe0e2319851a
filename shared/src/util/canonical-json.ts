/**
 * Canonical JSON (RFC 8785-like): object keys sorted by UTF-16 code units, no whitespace, numbers in
 * ECMAScript shortest round-trip form, strings escaped as JSON.stringify does. The same value always gives
 * the same text, on every engine, which is what policy hashes and decision ids are computed over.
 *
 * Rejected (with a {@link CanonicalJsonError} naming the path): non-finite numbers, bigint, functions,
 * symbols, `undefined` inside arrays or at the top, cycles, and non-plain objects (Date, Map, class
 * instances…). Object properties whose value is `undefined` are omitted, as in JSON.
 */

/**
 * Thrown when a value has no canonical JSON form. `path` is like `$.rules[3].when`.
 *
 * @example
 * try { canonicalJson({ x: NaN }); } catch (e) { (e as CanonicalJsonError).path; } // "$.x"
 */
export class CanonicalJsonError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = "CanonicalJsonError";
    this.path = path;
  }
}

/**
 * Serialise `value` to canonical JSON.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, null, "x"] }); // '{"a":[true,null,"x"],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined) throw new CanonicalJsonError("$", "undefined has no JSON form");
  return write(value, "$", []);
}

function write(value: unknown, path: string, ancestors: object[]): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new CanonicalJsonError(path, `non-finite number ${String(value)}`);
      return Object.is(value, -0) ? "0" : String(value);
    case "boolean":
      return value ? "true" : "false";
    case "object":
      if (value === null) return "null";
      return writeObject(value, path, ancestors);
    default:
      throw new CanonicalJsonError(path, `${typeof value} has no JSON form`);
  }
}

/** Deepest nesting canonicalJson accepts (validated policies and requests are far shallower). */
export const MAX_CANONICAL_DEPTH = 512;

function writeObject(value: object, path: string, ancestors: object[]): string {
  if (ancestors.length >= MAX_CANONICAL_DEPTH) throw new CanonicalJsonError(path, `nested deeper than ${MAX_CANONICAL_DEPTH} levels`);
  if (ancestors.includes(value)) throw new CanonicalJsonError(path, "cycle");
  ancestors.push(value);
  let out: string;
  if (Array.isArray(value)) {
    const parts: string[] = [];
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const itemPath = `${path}[${i}]`;
      if (item === undefined) throw new CanonicalJsonError(itemPath, "undefined in array");
      parts.push(write(item, itemPath, ancestors));
    }
    out = `[${parts.join(",")}]`;
  } else {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new CanonicalJsonError(path, "only plain objects and arrays are allowed");
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    const parts: string[] = [];
    for (const key of keys) {
      const item = record[key];
      if (item === undefined) continue;
      parts.push(`${JSON.stringify(key)}:${write(item, `${path}.${key}`, ancestors)}`);
    }
    out = `{${parts.join(",")}}`;
  }
  ancestors.pop();
  return out;
}
