import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "./main.ts";

const root = join(import.meta.dirname, "..", "..", "..");

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
    for (const name of ["start", "status", "enroll", "rotate-key"]) {
      const m = memoryIo();
      expect(await main([name, "--help"], m.io), name).toBe(0);
      expect(m.out()).toMatch(new RegExp(`^usage: nethical-edge ${name} --config FILE`));
      expect(m.err()).toBe("");
    }
  });

  it("answers `nethical-edge start -h` in a real process with exit 0, without starting a device", () => {
    const result = spawnSync("npx", ["--no-install", "nethical-edge", "start", "-h"], { cwd: root, encoding: "utf8", timeout: 30_000 });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("usage: nethical-edge start --config FILE\n\n  run the device: local API on 127.0.0.1, sync, log upload\n");
  });
});
