import { describe, expect, it } from "vitest";
import { dbAvailable, DB_PAUSE_MS, recordDbResult } from "./db-breaker.ts";

describe("Postgres breaker of the audit consumer", () => {
  it("pauses Postgres attempts for a few seconds after a failure, and closes on success", () => {
    const t = 1_000_000;
    recordDbResult(true, t);
    expect(dbAvailable(t)).toBe(true);
    recordDbResult(false, t);
    expect(dbAvailable(t + 1)).toBe(false);
    expect(dbAvailable(t + DB_PAUSE_MS - 1)).toBe(false);
    expect(dbAvailable(t + DB_PAUSE_MS)).toBe(true);
    recordDbResult(false, t);
    recordDbResult(true, t + 10);
    expect(dbAvailable(t + 11)).toBe(true);
  });
});
