/**
 * `nethical fmt POLICY_FILE [--write | --check]`: print the canonical formatting of a policy file (YAML stays
 * YAML with comments, JSON stays JSON; keys in a fixed order). `--write` rewrites the file when it differs,
 * `--check` exits 1 when it is not formatted. Exit 2 for usage errors and unparsable files.
 */
import { readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { PolicyError, formatPolicyText, policyFormat } from "@nethical/core";
import type { CliIo } from "../io.ts";

const USAGE = "usage: nethical fmt POLICY_FILE [--write | --check]";

/**
 * Run `nethical fmt`.
 *
 * @example
 * const code = await fmtCommand(["examples/policies/acme.yaml", "--check"], io); // 0 when formatted
 */
export async function fmtCommand(args: string[], io: CliIo): Promise<number> {
  let file: string;
  let mode: "print" | "write" | "check";
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { write: { type: "boolean", default: false }, check: { type: "boolean", default: false } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) throw new Error(USAGE);
    if (values.write && values.check) throw new Error(`--write and --check exclude each other\n${USAGE}`);
    file = positionals[0] as string;
    mode = values.write ? "write" : values.check ? "check" : "print";
  } catch (error) {
    io.stderr.write(`nethical fmt: ${(error as Error).message}\n`);
    return 2;
  }
  let text: string;
  let formatted: string;
  try {
    text = await readFile(file, "utf8");
    formatted = formatPolicyText(text, policyFormat(file, text));
  } catch (error) {
    const detail = error instanceof PolicyError ? error.message : `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
    io.stderr.write(`nethical fmt: ${detail}\n`);
    return 2;
  }
  if (mode === "print") {
    io.stdout.write(formatted);
    return 0;
  }
  if (mode === "check") {
    if (formatted === text) {
      io.stdout.write(`${file} is formatted\n`);
      return 0;
    }
    io.stderr.write(`${file}: not formatted (run nethical fmt --write ${file})\n`);
    return 1;
  }
  if (formatted !== text) {
    await writeFile(file, formatted, "utf8");
    io.stdout.write(`formatted ${file}\n`);
  }
  return 0;
}
