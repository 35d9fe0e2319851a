import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Base64UrlError, base64UrlDecode, base64UrlEncode } from "./base64url.ts";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("base64url", () => {
  it("matches the RFC 4648 test vectors (unpadded) and uses - and _", () => {
    const vectors: [string, string][] = [["", ""], ["f", "Zg"], ["fo", "Zm8"], ["foo", "Zm9v"], ["foob", "Zm9vYg"], ["fooba", "Zm9vYmE"], ["foobar", "Zm9vYmFy"]];
    for (const [plain, encoded] of vectors) {
      expect(base64UrlEncode(bytes(plain))).toBe(encoded);
      expect(base64UrlDecode(encoded)).toEqual(bytes(plain));
    }
    expect(base64UrlEncode(new Uint8Array([251, 255]))).toBe("-_8");
  });

  it("agrees with Node's encoder and round-trips any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (data) => {
        const text = base64UrlEncode(data);
        expect(text).toBe(Buffer.from(data).toString("base64url"));
        expect(base64UrlDecode(text)).toEqual(data);
      }),
    );
  });

  it("accepts only the canonical form", () => {
    for (const bad of ["Zg==", "Zm9v+", "Zm9v/", "Z", "Zh", "Zm9", "Zm 9v", "Zm9vé"]) {
      expect(() => base64UrlDecode(bad), bad).toThrow(Base64UrlError);
    }
  });
});
