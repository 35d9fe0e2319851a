/**
 * A Durable Object failure becomes a problem by its code, whether it is the typed error itself or what
 * Workers RPC delivers (a plain Error with the `[code] detail` message); anything else is 503.
 */
import { describe, expect, it, vi } from "vitest";
import { DurableObjectError } from "@nethical/durable-objects";
import { ProblemError } from "@nethical/http";
import { callDurableObject, problemForDurableObject } from "./durable-object-call.ts";

const UNREACHABLE = "the policy store could not be reached; try again";

describe("Durable Object failures as problems", () => {
  it("maps each typed code, local or received over RPC", () => {
    const cases: [Error, number, string][] = [
      [new DurableObjectError("unknown_tenant", "tenant does not exist"), 404, "not-found"],
      [new Error("[unknown_tenant] tenant does not exist"), 404, "not-found"],
      [new Error("[seq_not_growing] policy seq must grow: 3 is not above 3"), 409, "conflict"],
      [new Error("[no_bundle] tenant has no active bundle"), 503, "unavailable"],
      [new Error("[bundle_refused] hash_mismatch: policy bundle hash does not match its content"), 503, "unavailable"],
      [new Error("[wrong_object] PolicyStore called with another tenant's name"), 500, "internal"],
    ];
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      for (const [thrown, status, slug] of cases) {
        const problem = problemForDurableObject(thrown, "PolicyStore", UNREACHABLE);
        expect([problem.status, problem.slug]).toEqual([status, slug]);
        expect(problem.message).not.toContain("another tenant"); // the DO's detail is not sent to the client
      }
    } finally {
      error.mockRestore();
    }
  });

  it("logs the service's own failures (500) as one JSON line with the object and code", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      problemForDurableObject(new Error("[misconfigured] POLICY_SIGNING_KEY is not a JSON JWK"), "PolicyStore", UNREACHABLE);
      expect(JSON.parse(String(error.mock.calls[0]?.[0]))).toEqual({
        event: "durable_object_error",
        object: "PolicyStore",
        code: "misconfigured",
        detail: "POLICY_SIGNING_KEY is not a JSON JWK",
      });
    } finally {
      error.mockRestore();
    }
  });

  it("answers 503 for untyped errors and timeouts, and passes problems through", async () => {
    expect(problemForDurableObject(new Error("Network connection lost."), "AgentState", UNREACHABLE).status).toBe(503);
    expect(problemForDurableObject(new Error("[not_a_code] x"), "AgentState", UNREACHABLE).status).toBe(503);
    const conflict = new ProblemError("conflict", "x");
    expect(problemForDurableObject(conflict, "AgentState", UNREACHABLE)).toBe(conflict);
    const never = new Promise<never>(() => undefined);
    await expect(callDurableObject(never, "AuditLog", 10, UNREACHABLE)).rejects.toMatchObject({ slug: "unavailable" });
    await expect(callDurableObject(Promise.resolve(7), "AuditLog", 10, UNREACHABLE)).resolves.toBe(7);
  });
});
