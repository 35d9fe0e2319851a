import { describe, expect, it } from "vitest";
import { loadPresidio } from "../datasets.ts";
import { firstError } from "./hai-guardrails.ts";
import { mapOpenRedactionType, openRedactionPeer } from "./openredaction.ts";
import { asyncUsPerKb, evaluatePeer } from "./peer-eval.ts";
import type { PeerAdapter } from "./types.ts";

describe("peer adapters", () => {
  it("map OpenRedaction types to ours and leave unscored types out", () => {
    expect(mapOpenRedactionType("PHONE_US")).toBe("PHONE_NUMBER");
    expect(mapOpenRedactionType("EMAIL")).toBe("EMAIL_ADDRESS");
    expect(mapOpenRedactionType("SSN")).toBe("US_SSN");
    expect(mapOpenRedactionType("INSTAGRAM_USERNAME")).toBeUndefined();
  });

  it("OpenRedaction runs offline and its spans index the text", async () => {
    expect(await openRedactionPeer.probe()).toBeNull();
    const text = "Write to jane.doe@example.com today";
    const f = (await openRedactionPeer.pii?.(text)) ?? [];
    const email = f.find((x) => x.type === "EMAIL_ADDRESS");
    expect(email && text.slice(email.start, email.end)).toBe("jane.doe@example.com");
  });

  it("firstError picks the error line of a failed child", () => {
    expect(firstError("noise\nError: Cannot find module 'x'\n    at y", 1)).toBe("Error: Cannot find module 'x'");
    expect(firstError("", 3)).toBe("exited with status 3");
  });
});

describe("evaluatePeer", () => {
  const empty = { injection: [], xstestSafe: [], mitreBenign: [], interpreter: [], xstestUnsafe: [], gptfuzzQuestions: [] };

  it("reports a peer that cannot run with its error instead of numbers", async () => {
    const broken: PeerAdapter = { name: "broken", version: "0", probe: async () => "no network" };
    expect(await evaluatePeer(broken, [], empty, 1)).toEqual({ name: "broken", version: "0", error: "no network" });
  });

  it("scores a peer's PII with the harness metrics", async () => {
    const samples = loadPresidio().slice(0, 10);
    const perfect: PeerAdapter = {
      name: "gold",
      version: "1",
      probe: async () => null,
      pii: async (text) =>
        (samples.find((s) => s.text === text)?.spans ?? []).filter((s) => s.type === "EMAIL_ADDRESS").map((s) => ({ type: "EMAIL_ADDRESS", start: s.start, end: s.end, score: 1, detector: "gold" })),
    };
    const r = await evaluatePeer(perfect, samples, empty, 1);
    const email = r.pii?.find((x) => x.label === "EMAIL_ADDRESS");
    if (email !== undefined && email.gold > 0) expect(email.exact.f1).toBe(1);
    expect(r.us_per_kb?.pii).toBeGreaterThan(0);
  });

  it("asyncUsPerKb rejects an empty corpus", async () => {
    await expect(asyncUsPerKb([], async () => 0, 1)).rejects.toThrow(/empty corpus/);
  });
});
