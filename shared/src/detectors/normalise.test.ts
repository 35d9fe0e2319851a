import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findPayloads } from "./decode-payloads.ts";
import { mapSpan, maxNormalisedLength, normaliseText } from "./normalise.ts";
import { MAX_DECODED_CHARS, MAX_PAYLOADS, mayBeObfuscated, textViews } from "./views.ts";
import { runDetectors } from "./run.ts";

describe("normaliseText", () => {
  it.each([
    ["ｒｍ -ｒｆ /", "rm -rf /"],
    ["r\u200bm -rf /", "rm -rf /"],
    ["\ufeffr\u00adm\u2060 -rf /", "rm -rf /"],
    ["rm${IFS}-rf${IFS}/", "rm -rf /"],
    ["cat$IFS/etc/shadow", "cat /etc/shadow"],
    ["cat${IFS}$9/etc/shadow", "cat /etc/shadow"],
    ["r''m -rf /", "rm -rf /"],
    ['r""m -rf /', "rm -rf /"],
    ["r'm' -r'f' /", "rm -rf /"],
    ['"r"m -rf /', "rm -rf /"],
    ["r\\m -rf /", "rm -rf /"],
    ["r$@m -rf /", "rm -rf /"],
    ["$'\\x72\\x6d' -rf /", "rm -rf /"],
    ["echo \\u0072\\u006d", "echo rm"],
    ["r\u0336m\u0336", "rm"],
  ])("%j → %j", (input, want) => {
    expect(normaliseText(input)?.text).toBe(want);
  });

  it("whole-token quotes and brace expansion only for text to be executed", () => {
    expect(normaliseText("'rm' -rf /")).toBeUndefined();
    expect(normaliseText("'rm' -rf /", { shell: true })?.text).toBe("rm -rf /");
    expect(normaliseText("{rm,-rf,/}")).toBeUndefined();
    expect(normaliseText("{rm,-rf,/}", { shell: true })?.text).toBe("rm -rf /");
  });

  it("leaves ordinary text alone (undefined: no view, no cost)", () => {
    for (const t of ["List the open pull requests.", "Don't stop; it's Bob's", "say 'hello world'", "Café “quoted” – ok", "x = ''", 'f("")', "C:\\Users\\me"]) {
      expect(normaliseText(t), t).toBeUndefined();
    }
  });

  it("maps spans back into the original, covering dropped characters", () => {
    const text = "\u200bｒ''ｍ${IFS}-rf /";
    const m = normaliseText(text, { shell: true });
    expect(m?.text).toBe("rm -rf /");
    expect(mapSpan(m!, 0, 2, text.length)).toEqual([0, 5]); // "rm" ← zero-width, ｒ, '', ｍ
    expect(mapSpan(m!, 0, 8, text.length)).toEqual([0, text.length]);
    expect(mapSpan(m!, 2, 3, text.length)).toEqual([5, 11]); // the space ← ${IFS}
  });

  it("bounds NFKC growth", () => {
    const text = "\ufdfa".repeat(1000); // each expands to 18 characters
    const m = normaliseText(text);
    expect(m!.text.length).toBeLessThanOrEqual(maxNormalisedLength(text.length));
  });
});

describe("findPayloads", () => {
  it("decodes base64, URL-safe base64 and hex that give printable text", () => {
    expect(findPayloads("echo cm0gLXJmIC8= | base64 -d | sh", 8, 4096)).toEqual([{ start: 5, end: 17, text: "rm -rf /", encoding: "base64" }]);
    expect(findPayloads("x 726d202d7266202f y", 8, 4096)).toEqual([{ start: 2, end: 18, text: "rm -rf /", encoding: "hex" }]);
    expect(findPayloads("0x726d202d7266202f", 8, 4096)[0]?.text).toBe("rm -rf /");
    expect(findPayloads("PD94bWwgdmVyc2lvbj0iMS4wIj8-", 8, 4096)[0]?.text).toBe('<?xml version="1.0"?>');
  });

  it("rejects words, hashes, binary and short tokens", () => {
    for (const t of ["understanding everything", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB", "cm0=", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "/usr/local/bin/python3"]) {
      expect(findPayloads(t, 8, 4096), t).toEqual([]);
    }
  });

  it("caps payload count and size", () => {
    const token = "cm0gLXJmIC8g"; // "rm -rf / "
    expect(findPayloads(Array(100).fill("cm0gLXJmIC8=").join(" "), 5, 4096)).toHaveLength(5);
    expect(findPayloads(token.repeat(1000), 8, 64)[0]?.text.length).toBe(64);
  });
});

describe("textViews", () => {
  it("the pre-check skips ordinary ASCII text", () => {
    expect(mayBeObfuscated("Summarise the quarterly sales report for the north-east region and SSN 123-45-6789.")).toBe(false);
    for (const t of ["ｒｍ", "r''m", "rm${IFS}", "cm0gLXJmIC8=", "a\\x41"]) expect(mayBeObfuscated(t), t).toBe(true);
  });

  it("follows payloads inside payloads, to a bounded depth", () => {
    let payload = "rm -rf /";
    for (let i = 0; i < 6; i++) payload = btoa(payload);
    const views = textViews(`echo ${payload} | base64 -d`, true);
    expect(views.every((v) => v.kind === "decoded" && v.depth <= 3)).toBe(true);
    expect(views).toHaveLength(3);
  });

  it("stays bounded on a 64 KiB input full of payloads and obfuscation", () => {
    const n = 65_536;
    for (const unit of ["cm0gLXJmIC8= ", "ｒ''ｍ${IFS}", "\\x72\\x6d", "a\u200b", "Y20wZ0xYSm1JQzg9".repeat(64) + " "]) {
      const text = unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
      const views = textViews(text, true);
      expect(views.filter((v) => v.kind === "decoded").length).toBeLessThanOrEqual(MAX_PAYLOADS);
      expect(views.filter((v) => v.kind === "decoded").reduce((a, v) => a + v.text.length, 0)).toBeLessThanOrEqual(MAX_DECODED_CHARS);
      for (const v of views) expect(v.text.length).toBeLessThanOrEqual(maxNormalisedLength(n));
      for (const f of runDetectors({ text, action_type: "code_execution" })) {
        expect(f.start).toBeGreaterThanOrEqual(0);
        expect(f.end).toBeLessThanOrEqual(n);
      }
    }
  }, 60_000);
});

/** Obfuscations that may be put into a word: each keeps the word's meaning for a shell or a reader. */
const OBFUSCATIONS = ["\u200b", "\u200d", "\u00ad", "\ufeff", "''", '""', "\u2060"];
const fullWidth = (s: string) => [...s].map((ch) => (ch >= "!" && ch <= "~" ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch)).join("");

describe("span mapping properties", () => {
  it("every mapped span lies inside the original text", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "r", "m", " ", "-", "/", "'", '"', "$", "{", "}", ",", "\\", "x", "7", "\u200b", "ｒ", "\u0336", "\ufdfa", "${IFS}", "=") , maxLength: 80 }), fc.boolean(), (text, shell) => {
        const m = normaliseText(text, { shell });
        if (m === undefined) return;
        for (let s = 0; s <= m.text.length; s++) {
          for (let e = s; e <= m.text.length; e += 3) {
            const [a, b] = mapSpan(m, s, e, text.length);
            expect(0 <= a && a <= b && b <= text.length).toBe(true);
          }
        }
        for (let i = 1; i < m.text.length; i++) expect(m.starts[i]! >= m.starts[i - 1]! && m.ends[i]! >= m.ends[i - 1]!).toBe(true);
      }),
      { seed: 5, numRuns: 300 },
    );
  });

  it("a command obfuscated anywhere is found, and its finding covers every inserted character", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(7), fc.constantFrom(...OBFUSCATIONS)), { maxLength: 4 }),
        fc.boolean(),
        fc.string({ maxLength: 20, unit: fc.constantFrom("a", "b", " ", ".") }),
        (inserts, wide, prefix) => {
          // insert inside "rm" (position 1) or inside "-rf" (positions 4, 5), never at a word edge
          const base = "rm -rf /";
          const at = [1, 4, 5];
          let cmd = "";
          for (let i = 0; i < base.length; i++) {
            for (const [k, o] of inserts) if (at[k % 3] === i) cmd += o;
            cmd += wide && base[i] !== " " ? fullWidth(base[i] as string) : base[i];
          }
          const text = `${prefix}; ${cmd}`;
          const cmdStart = prefix.length + 2;
          const found = runDetectors({ text, action_type: "code_execution" }).filter((f) => f.subtype === "recursive_delete");
          expect(found.length).toBeGreaterThan(0);
          for (const f of found) {
            expect(f.start).toBeLessThanOrEqual(cmdStart);
            expect(f.end).toBeGreaterThanOrEqual(text.length);
            expect(f.end).toBeLessThanOrEqual(text.length);
          }
        },
      ),
      { seed: 14, numRuns: 200 },
    );
  });
});
