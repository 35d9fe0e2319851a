import { describe, expect, it } from "vitest";
import { readBodyText, readJsonBody, type BufferedBodyRequest } from "./body.ts";

/** A real Request that also hands its body over in memory, as the edge device's local server does. */
class BufferedRequest extends Request implements BufferedBodyRequest {
  readonly #bytes: Uint8Array | null;
  taken = 0;
  constructor(bytes: Uint8Array | null, headers: Record<string, string> = { "content-type": "application/json" }) {
    super("http://x/v2/evaluate", { method: "POST", headers, body: bytes as Uint8Array<ArrayBuffer> | null });
    this.#bytes = bytes;
  }
  takeBufferedBody(): Uint8Array | null {
    this.taken++;
    return this.#bytes;
  }
}

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("readBodyText on a body already in memory (BufferedBodyRequest)", () => {
  it("reads the bytes it hands over, without touching the stream, and gives the text the stream would", async () => {
    const text = '{"agent_id":"a","action":"déplace le bras 🤖"}';
    const buffered = new BufferedRequest(utf8(text));
    expect(await readBodyText(buffered, 1024)).toBe(text);
    expect(buffered.taken).toBe(1);
    expect(buffered.bodyUsed).toBe(false); // the stream was never read
    const streamed = new Request("http://x/", { method: "POST", body: utf8(text) });
    expect(await readBodyText(streamed, 1024)).toBe(text);
    expect(await readJsonBody(new BufferedRequest(utf8(text)), 1024)).toEqual(JSON.parse(text));
  });

  it("keeps the same limits and errors: 413 over the limit, 400 on bad UTF-8, empty for no body", async () => {
    await expect(readBodyText(new BufferedRequest(utf8("x".repeat(11))), 10)).rejects.toMatchObject({ status: 413 });
    await expect(readBodyText(new BufferedRequest(new Uint8Array([0x7b, 0xff, 0x7d])), 10)).rejects.toMatchObject({ slug: "invalid-encoding", status: 400 });
    expect(await readBodyText(new BufferedRequest(null), 10)).toBe("");
  });

  it("a declared length over the limit is refused before the body is taken", async () => {
    const r = new BufferedRequest(utf8("{}"), { "content-type": "application/json", "content-length": "999999" });
    await expect(readBodyText(r, 10)).rejects.toMatchObject({ status: 413 });
    expect(r.taken).toBe(0);
  });
});
