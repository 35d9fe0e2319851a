/**
 * The request part of a fingerprint is a canonical form of the request without `request_id`: it parses back
 * to the same value (so two different requests never share a key) and does not depend on the order of object
 * keys. (It equals `canonicalJson` except that integer-like keys come first, in ascending order, as every
 * JavaScript object orders them.) What has no JSON form (NaN, an own `__proto__` key that a copy would turn
 * into a prototype) gets no key and is never cached.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EvaluateRequest } from "../schemas/action.ts";
import { canonicalJson } from "../util/canonical-json.ts";
import { requestKey } from "./fingerprint.ts";

/** The same value with every object's keys inserted in reverse order. */
function reversed<T>(v: T): T {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(reversed) as T;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).reverse()) Object.defineProperty(out, k, { value: reversed((v as Record<string, unknown>)[k]), enumerable: true, writable: true, configurable: true });
  return out as T;
}

describe("requestKey", () => {
  it("parses back to the request without request_id and ignores key order", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 6 }),
        fc.option(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }), { nil: undefined }),
        fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
        (args, context, id) => {
          const request: EvaluateRequest = { agent_id: "a", action: "x", action_type: "tool_call", tool: { name: "t", arguments: args as Record<string, unknown> } };
          if (context !== undefined) request.context = context as Record<string, unknown>;
          const withId = id === undefined ? request : { ...request, request_id: id };
          if (canonicalJson(request).length > 16_384) return;
          const key = requestKey(withId) as string;
          expect(JSON.parse(key)).toEqual(JSON.parse(canonicalJson(request)));
          expect(requestKey(reversed(request))).toBe(key);
        },
      ),
      { numRuns: 400, seed: 1616 },
    );
  });

  it("has no key for values without a JSON form", () => {
    const base: EvaluateRequest = { agent_id: "a", action: "x", action_type: "tool_call" };
    expect(requestKey({ ...base, tool: { name: "t", arguments: { n: Number.NaN } } })).toBeUndefined();
    expect(requestKey({ ...base, tool: { name: "t", arguments: { list: [1, { deep: Infinity }] } } })).toBeUndefined();
    const proto = JSON.parse('{"b":{"x":1},"__proto__":{"admin":true}}') as Record<string, unknown>;
    expect(requestKey({ ...base, context: proto })).toBeUndefined();
    expect(requestKey({ ...base, tool: { name: "t", arguments: { when: new Date(0) } } })).toBeUndefined();
  });
});
