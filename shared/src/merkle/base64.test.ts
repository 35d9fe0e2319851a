import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base64Decode, base64Encode } from "./base64.ts";

describe("base64", () => {
  it("matches RFC 4648 §10 test vectors", () => {
    const vectors = [["", ""], ["f", "Zg=="], ["fo", "Zm8="], ["foo", "Zm9v"], ["foob", "Zm9vYg=="], ["fooba", "Zm9vYmE="], ["foobar", "Zm9vYmFy"]];
    for (const [plain, encoded] of vectors) {
      expect(base64Encode(new TextEncoder().encode(plain))).toBe(encoded);
      expect(new TextDecoder().decode(base64Decode(encoded as string))).toBe(plain);
    }
  });

  it("round-trips any bytes and agrees with Buffer", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = base64Encode(bytes);
        expect(text).toBe(Buffer.from(bytes).toString("base64"));
        expect(base64Decode(text)).toEqual(bytes);
      }),
    );
  });

  it("rejects non-canonical or invalid text", () => {
    for (const bad of ["Zg", "Zg=", "Zh==", "Zm9=", "Zm 9v", "Zm9v\n", "Zm-_", "====", "Z===", "Zg==Zg==", "Zm9vYg=a"]) {
      expect(() => base64Decode(bad), bad).toThrow(SyntaxError);
    }
    expect(() => base64Decode(42 as unknown as string)).toThrow(TypeError);
  });
});
