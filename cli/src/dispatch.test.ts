import { describe, expect, it } from "vitest";
import { dispatch } from "./dispatch.ts";
import { memoryIo } from "./testing.ts";

describe("dispatch", () => {
  const commands = {
    ok: async () => 0,
    boom: async (): Promise<number> => {
      throw new Error("disk on fire");
    },
  };

  it("runs a command and returns its exit code", async () => {
    expect(await dispatch("prog", "usage\n", commands, ["ok"], memoryIo(""))).toBe(0);
  });

  it("turns a thrown error into a clear message and exit 1", async () => {
    const io = memoryIo("");
    expect(await dispatch("prog", "usage\n", commands, ["boom"], io)).toBe(1);
    expect(io.err()).toBe("prog boom: disk on fire\n");
  });

  it("prints usage for help (exit 0), nothing (exit 2) and unknown or inherited names (exit 2)", async () => {
    const help = memoryIo("");
    expect(await dispatch("prog", "usage\n", commands, ["--help"], help)).toBe(0);
    expect(help.out()).toBe("usage\n");
    expect(await dispatch("prog", "usage\n", commands, [], memoryIo(""))).toBe(2);
    const unknown = memoryIo("");
    expect(await dispatch("prog", "usage\n", commands, ["toString"], unknown)).toBe(2);
    expect(unknown.err()).toMatch(/unknown command "toString"/);
  });

  it("answers --help or -h after any command with that command's usage, exit 0, without running it", async () => {
    const usage = "usage: prog <command>\n\ncommands:\n  ok [--fast]      does it\n  boom X\n                   explodes\n";
    const io = memoryIo("");
    expect(await dispatch("prog", usage, commands, ["boom", "--help"], io)).toBe(0);
    expect(io.out()).toBe("usage: prog boom X\n\n  explodes\n");
    const short = memoryIo("");
    expect(await dispatch("prog", usage, commands, ["ok", "x", "-h"], short)).toBe(0);
    expect(short.out()).toBe("usage: prog ok [--fast]\n\n  does it\n");
    const topic = memoryIo("");
    expect(await dispatch("prog", usage, commands, ["help", "boom"], topic)).toBe(0);
    expect(topic.out()).toBe("usage: prog boom X\n\n  explodes\n");
  });

  it("treats -h after `--` as an operand, not as help", async () => {
    let seen: string[] = [];
    const record = { run: async (args: string[]) => ((seen = args), 0) };
    const io = memoryIo("");
    expect(await dispatch("prog", "usage\n", record, ["run", "--", "-h"], io)).toBe(0);
    expect(seen).toEqual(["--", "-h"]);
    expect(io.out()).toBe("");
  });

  it("every nethical and nethical-edge subcommand answers --help with exit 0", async () => {
    const { main } = await import("./main.ts");
    for (const name of ["eval", "scan", "test", "lint", "fmt", "audit"]) {
      const io = memoryIo("");
      expect(await main([name, "--help"], io), name).toBe(0);
      expect(io.out()).toMatch(new RegExp(`^usage: nethical ${name}`));
    }
  });
});
