import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "@nethical/edge-device/testing/fixtures";
import { buildDevice, builtinSource, escapeNonAscii } from "./build.ts";

describe("escapeNonAscii (the one-file build's source stays one-byte)", () => {
  // Regular expressions of the kinds the detectors hold, with flags; each must match exactly as before.
  const cases: [string, string][] = [
    ["[“‘\"']\\s*(?:ignore|игнорируй)", "i"],
    ["забудь|忘记|تجاهل|भूल", "gi"],
    ["(?:\\w+(?:'s|’s)?\\s+)", ""],
    ["[😀-😂]+x", "u"],
    ["😀+", ""],
    ["[\\p{L}’]+", "u"],
    ["ÉCOLE", "i"],
    ["[\\q{😀}é]", "v"],
  ];
  const samples = ["“ ignore", "‘игнорируй", "ЗАБУДЬ", "忘记", "تجاهل", "भूल", "it’s ok", "😀😁x", "\ud83d\ude00\ude00", "école", "plain", "😀", "é"];

  it("leaves ASCII alone and escapes every other character (astral ones as their surrogates)", () => {
    expect(escapeNonAscii('const a = /x/, b = "y";')).toBe('const a = /x/, b = "y";');
    expect(escapeNonAscii("/[“]é😀/")).toBe("/[\\u201c]\\u00e9\\ud83d\\ude00/");
    expect(escapeNonAscii("/\\\\é/")).toBe("/\\\\\\u00e9/"); // an escaped backslash, then the character
  });

  it("keeps what every expression matches, with and without the u and v flags", () => {
    for (const [source, flags] of cases) {
      const before = new RegExp(source, flags);
      const after = new RegExp(escapeNonAscii(source), flags);
      expect(escapeNonAscii(source)).toMatch(/^[\x00-\x7f]*$/);
      for (const s of samples) expect([source, flags, s, s.match(after)]).toEqual([source, flags, s, s.match(before)]);
    }
  });

  it("refuses a non-ASCII character after a backslash (an identity escape would change meaning)", () => {
    expect(() => escapeNonAscii("/\\é/")).toThrow(/after a backslash/);
  });
});

describe("builtinSource (built-ins load when first used)", () => {
  it("loads the module only when an export is read, and then reads that export only", () => {
    const code = builtinSource("node:path", { join: 1, sep: 2 });
    const module = { exports: {} as Record<string, unknown> };
    const loaded: string[] = [];
    const fakeProcess = { getBuiltinModule: (name: string) => (loaded.push(name), { join: (a: string, b: string) => `${a}/${b}`, sep: "/" }) };
    new Function("module", "process", code)(module, fakeProcess);
    expect(loaded).toEqual([]);
    expect(Object.keys(module.exports)).toEqual(["join", "sep"]);
    expect((module.exports.join as (a: string, b: string) => string)("a", "b")).toBe("a/b");
    expect(module.exports.sep).toBe("/");
    expect(loaded).toEqual(["node:path"]);
  });
});

describe("what the build holds", () => {
  it("has zod's English messages and none of its other locales", async () => {
    // `import { z } from "zod"` kept zod's whole namespace, 40-odd locales included (a third of the code
    // the device loaded at start); the core imports `* as z`, which esbuild can shake.
    const { dir, remove } = tempDir("nethical-edge-build-");
    try {
      await buildDevice(join(dir, "nethical-edge.mjs"));
      const code = readdirSync(join(dir, "chunks"))
        .filter((f) => f.endsWith(".mjs"))
        .map((f) => readFileSync(join(dir, "chunks", f), "utf8"))
        .join("\n");
      expect(code).toContain("Invalid input");
      for (const foreign of ["Ongeldige invoer", "Entr\\xE9e invalide", "Ung\\xFCltige Eingabe"]) expect(code).not.toContain(foreign);
    } finally {
      remove();
    }
  }, 60_000);
});
