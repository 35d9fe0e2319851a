import { describe, expect, it } from "vitest";
import { DependencyTimeoutError, withTimeout } from "./with-timeout.ts";

describe("withTimeout", () => {
  it("passes a value through when the dependency answers", async () => {
    await expect(withTimeout(Promise.resolve(42), 1_000, "kv")).resolves.toBe(42);
  });

  it("passes the dependency's own error through", async () => {
    await expect(withTimeout(Promise.reject(new Error("kv down")), 1_000, "kv")).rejects.toThrow("kv down");
  });

  it("rejects with DependencyTimeoutError when the dependency never answers", async () => {
    const never = new Promise<number>(() => undefined);
    await expect(withTimeout(never, 5, "AgentState")).rejects.toBeInstanceOf(DependencyTimeoutError);
  });
});
