import { describe, expect, it } from "vitest";
import { main } from "./main.ts";

function memoryIo() {
  let out = "";
  let err = "";
  const sink = (append: (s: string) => void) => ({ write: (chunk: string | Uint8Array) => (append(String(chunk)), true) });
  return {
    io: { stdin: process.stdin, stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)) } as never,
    out: () => out,
    err: () => err,
  };
}

describe("nethical-edge --help", () => {
  it("every subcommand answers --help with its usage and exit 0, without running", async () => {
    for (const name of ["start", "status", "enroll"]) {
      const m = memoryIo();
      expect(await main([name, "--help"], m.io), name).toBe(0);
      expect(m.out()).toMatch(new RegExp(`^usage: nethical-edge ${name} --config FILE`));
      expect(m.err()).toBe("");
    }
  });
});
