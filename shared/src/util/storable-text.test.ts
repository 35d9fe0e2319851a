import { describe, expect, it } from "vitest";
import { firstUnstorableText, unstorableReason } from "./storable-text.ts";

describe("storable text", () => {
  it("finds NUL and unpaired surrogates, and accepts paired ones and ordinary text", () => {
    expect(unstorableReason("plain ascii, émoji 😀, 中文")).toBeUndefined();
    expect(unstorableReason("nul\u0000agent")).toBe("nul");
    expect(unstorableReason("sur\ud800agent")).toBe("unpaired_surrogate");
    expect(unstorableReason("low\udc00first")).toBe("unpaired_surrogate");
    expect(unstorableReason("end\ud83d")).toBe("unpaired_surrogate");
    expect(unstorableReason("\ud83d\ude00")).toBeUndefined();
  });

  it("reports the first bad string with its path, keys included, in document order", () => {
    expect(firstUnstorableText({ agent_id: "nul\u0000agent", action: "x" })).toEqual({ path: ["agent_id"], reason: "nul" });
    expect(firstUnstorableText({ a: "ok", tool: { arguments: { list: ["ok", "b\ud800"] } } })).toEqual({
      path: ["tool", "arguments", "list", 1],
      reason: "unpaired_surrogate",
    });
    expect(firstUnstorableText({ context: { "k\u0000": 1 } })).toEqual({ path: ["context", "k\u0000"], reason: "nul" });
    expect(firstUnstorableText({ first: "\u0000", second: "\ud800" })?.path).toEqual(["first"]);
    expect(firstUnstorableText({ a: [1, true, null, { b: "fine" }] })).toBeUndefined();
  });
});
