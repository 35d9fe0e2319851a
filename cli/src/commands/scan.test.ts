import { describe, expect, it } from "vitest";
import { memoryIo } from "../testing.ts";
import { scanCommand, scanLine } from "./scan.ts";

describe("nethical scan", () => {
  it("writes one findings line per input line, in order, with spans into the text", async () => {
    const texts = ["write to alice@example.com", "nothing here", "card 4111 1111 1111 1111 please"];
    const io = memoryIo(texts.map((text, id) => JSON.stringify({ id, text })).join("\n"));
    expect(await scanCommand([], io)).toBe(0);
    const lines = io.out().trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual([0, 1, 2]);
    const email = lines[0].findings.find((f: { type: string }) => f.type === "EMAIL_ADDRESS");
    expect(texts[0]?.slice(email.start, email.end)).toBe("alice@example.com");
    expect(lines[1].findings).toEqual([]);
    const card = lines[2].findings.find((f: { type: string }) => f.type === "CREDIT_CARD");
    expect(texts[2]?.slice(card.start, card.end)).toBe("4111 1111 1111 1111");
  });

  it("answers bad lines with an error object on their line and exits 1", async () => {
    const io = memoryIo('{"id":1,"text":"ok"}\nnot json {secret-value}\n{"id":3}\n[1,2]\n{"id":5,"text":"fine"}\n');
    expect(await scanCommand([], io)).toBe(1);
    const lines = io.out().trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(5);
    expect(lines[1].error).toMatchObject({ line: 2, title: "Malformed JSON" });
    expect(io.out()).not.toContain("secret-value");
    expect(lines[2].error.detail).toMatch(/text/);
    expect(lines[3].error.title).toBe("Invalid scan input");
    expect(lines[4]).toEqual({ id: 5, findings: [] });
  });

  it("never puts the matched text into a finding", () => {
    const result = scanLine({ id: "x", text: "ssn 219-09-9999 mail bob@example.org" });
    expect(JSON.stringify(result)).not.toContain("219-09-9999");
    expect(JSON.stringify(result)).not.toContain("bob@example.org");
    expect(result.findings.length).toBeGreaterThanOrEqual(1);
  });
});
