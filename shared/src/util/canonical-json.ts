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

/** Options of {@link canonicalJson}. */
export interface CanonicalJsonOptions {
  /**
   * Objects whose canonical text the caller already has: written as given, not walked again (bundle
   * verification hashes the policy and signs the bundle around it, and serialises the policy once).
   */
  known?: ReadonlyMap<object, string>;
}

/**
 * Serialise `value` to canonical JSON.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, null, "x"] }); // '{"a":[true,null,"x"],"b":1}'
 */
export function canonicalJson(value: unknown, options: CanonicalJsonOptions = {}): string {
  if (value === undefined) throw new CanonicalJsonError("$", "undefined has no JSON form");
  return new Writer(options.known).write(value);
}

/** Deepest nesting canonicalJson accepts (validated policies and requests are far shallower). */
export const MAX_CANONICAL_DEPTH = 512;

/**
 * One serialisation. The path of the value being written is kept as a stack of keys and indexes and
 * turned into text (`$.rules[3].when`) only for an error: building it for every value was most of the cost.
 */
class Writer {
  readonly #known: ReadonlyMap<object, string> | undefined;
  readonly #ancestors: object[] = [];
  readonly #steps: (string | number)[] = [];

  constructor(known: ReadonlyMap<object, string> | undefined) {
    this.#known = known;
  }

  #fail(message: string, step?: string | number): never {
    const steps = step === undefined ? this.#steps : [...this.#steps, step];
    const path = steps.map((s) => (typeof s === "number" ? `[${s}]` : `.${s}`)).join("");
    throw new CanonicalJsonError(`$${path}`, message);
  }

  write(value: unknown): string {
    switch (typeof value) {
      case "string":
        return JSON.stringify(value);
      case "number":
        if (!Number.isFinite(value)) this.#fail(`non-finite number ${String(value)}`);
        return Object.is(value, -0) ? "0" : String(value);
      case "boolean":
        return value ? "true" : "false";
      case "object":
        if (value === null) return "null";
        return this.#known?.get(value) ?? this.#writeObject(value);
      default:
        return this.#fail(`${typeof value} has no JSON form`);
    }
  }

  #writeObject(value: object): string {
    const ancestors = this.#ancestors;
    const steps = this.#steps;
    if (ancestors.length >= MAX_CANONICAL_DEPTH) this.#fail(`nested deeper than ${MAX_CANONICAL_DEPTH} levels`);
    if (ancestors.includes(value)) this.#fail("cycle");
    ancestors.push(value);
    let out: string;
    if (Array.isArray(value)) {
      out = "[";
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (item === undefined) this.#fail("undefined in array", i);
        steps.push(i);
        out += i === 0 ? this.write(item) : `,${this.write(item)}`;
        steps.pop();
      }
      out += "]";
    } else {
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) this.#fail("only plain objects and arrays are allowed");
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      out = "{";
      let first = true;
      for (const key of keys) {
        const item = record[key];
        if (item === undefined) continue;
        steps.push(key);
        out += `${first ? "" : ","}${JSON.stringify(key)}:${this.write(item)}`;
        steps.pop();
        first = false;
      }
      out += "}";
    }
    ancestors.pop();
    return out;
  }
}
