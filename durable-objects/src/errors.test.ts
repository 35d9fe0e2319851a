import { describe, expect, it } from "vitest";
import { DURABLE_OBJECT_ERROR_CODES, DurableObjectError, durableObjectErrorOf, refuse } from "./errors.ts";

describe("DurableObjectError", () => {
  it("carries its code in the message, so the code survives Workers RPC", () => {
    for (const code of DURABLE_OBJECT_ERROR_CODES) {
      const local = new DurableObjectError(code, "detail");
      expect(durableObjectErrorOf(local)).toBe(local);
      const remote = new Error(local.message); // what the caller of an RPC method receives
      expect(durableObjectErrorOf(remote)).toMatchObject({ code, detail: "detail", name: "DurableObjectError" });
    }
  });

  it("recognises nothing else", () => {
    expect(durableObjectErrorOf(new Error("tenant does not exist"))).toBeUndefined();
    expect(durableObjectErrorOf(new Error("[made_up] x"))).toBeUndefined();
    expect(durableObjectErrorOf("[internal] x")).toBeUndefined();
  });

  it("builds refusals as ok: false results", () => {
    expect(refuse("exists", "already there")).toEqual({ ok: false, code: "exists", message: "already there" });
  });
});
