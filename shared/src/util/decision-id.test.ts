import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json.ts";
import { deterministicDecisionId } from "./decision-id.ts";
import { fastHash128 } from "./fast-hash.ts";

const request = { agent_id: "a", action: "hello", action_type: "query", context: { b: 1, a: 2 } };
const hash = "ab".repeat(32);

describe("deterministicDecisionId", () => {
  it("is the fast hash of canonical request, policy hash and now", () => {
    expect(deterministicDecisionId(request, hash, 42)).toBe(fastHash128(`${canonicalJson(request)}\n${hash}\n42`));
  });

  it("ignores key order but not content, policy or time", () => {
    const id = deterministicDecisionId(request, hash, 42);
    expect(deterministicDecisionId({ context: { a: 2, b: 1 }, action_type: "query", action: "hello", agent_id: "a" }, hash, 42)).toBe(id);
    expect(deterministicDecisionId({ ...request, action: "hello." }, hash, 42)).not.toBe(id);
    expect(deterministicDecisionId(request, "cd".repeat(32), 42)).not.toBe(id);
    expect(deterministicDecisionId(request, hash, 43)).not.toBe(id);
  });
});
