/**
 * `compilePolicy(bundle, { validated: true })` (a device's stored bundle that this build validated when it
 * accepted it) decides byte-identically to the full compile: same JSON for every request, on the default
 * policy and on 1,000-rule synthetic policies, and for policies whose keys come in another order than the
 * schema's (the schema parse re-orders keys; skipping it must not matter).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate } from "../evaluate.ts";
import { buildCorpus } from "../testing/corpus.ts";
import { syntheticPolicy } from "../testing/synthetic-policy.ts";
import { createBundle } from "./bundle.ts";
import { compilePolicy } from "./compile.ts";
import { defaultPolicy } from "./default-policy.ts";
import type { PolicyDocument } from "./schema.ts";
import { arbAgent, arbRequest } from "./testing/requests.ts";

/** The same JSON value with every object's keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
}

const policies: [string, PolicyDocument][] = [
  ["default", defaultPolicy()],
  ["synthetic 1k", syntheticPolicy(1000)],
  ["synthetic 1k, spread action types", syntheticPolicy(1000, { spreadTypes: true })],
  ["synthetic 1k, keys reversed", reverseKeys(syntheticPolicy(1000)) as PolicyDocument],
];

describe("compilePolicy with validated: true", () => {
  for (const [name, doc] of policies) {
    it(`decides byte-identically to the validating compile (${name})`, async () => {
      const bundle = await createBundle("acme", 3, doc);
      const full = compilePolicy(structuredClone(bundle));
      const skipped = compilePolicy(structuredClone(bundle), { validated: true });
      expect(skipped.version).toBe(full.version);
      expect(skipped.rules.length).toBe(full.rules.length);
      const corpus = buildCorpus({ count: 300, sizes: [256, 1024], seed: 5 }).map((c, i) => ({ ...c.request, agent_id: `agent-${i % 7}` }));
      const agent = fc.sample(arbAgent, { numRuns: 1, seed: 1 })[0]!;
      for (const [i, request] of corpus.entries()) {
        expect(JSON.stringify(evaluate(request, skipped, agent, 1_700_000_000_000 + i))).toBe(JSON.stringify(evaluate(request, full, agent, 1_700_000_000_000 + i)));
      }
      fc.assert(
        fc.property(arbRequest, arbAgent, (request, a) => {
          expect(JSON.stringify(evaluate(request, skipped, a, 1))).toBe(JSON.stringify(evaluate(request, full, a, 1)));
        }),
        { numRuns: 100 },
      );
    }, 60_000);
  }

  it("still checks the envelope", () => {
    expect(() => compilePolicy({ tenant: "", seq: -1, hash: 1, policy: defaultPolicy() } as never, { validated: true })).toThrow();
  });
});
