/**
 * `nethical test POLICY_FILE TESTS_FILE...`: policy unit tests, like `opa test`. Prints PASS/FAIL per case
 * and, for a failure, a diff of what was expected (-) and what evaluate returned (+). Exit 1 when a case
 * fails, 2 for usage errors, an invalid policy or an invalid tests file (nothing is run then).
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { PolicyError, parsePolicyTests, policyFormat, runPolicyTest, type CompiledPolicy, type PolicyTestCase, type PolicyTestResult } from "@nethical/core";
import type { CliIo } from "../io.ts";
import { readPolicyFile } from "./eval.ts";

const USAGE = "usage: nethical test POLICY_FILE TESTS_FILE...";

/**
 * The diff lines of a failed case (`- expected`, `+ actual` per differing field).
 *
 * @example
 * formatDiff(result); // "    - decision: BLOCK\n    + decision: ALLOW\n"
 */
export function formatDiff(result: PolicyTestResult): string {
  let out = "";
  for (const d of result.diffs) {
    out += `    - ${d.field}: ${JSON.stringify(d.expected)}\n    + ${d.field}: ${JSON.stringify(d.actual)}\n`;
  }
  return out;
}

/**
 * Run `nethical test`.
 *
 * @example
 * const code = await testCommand(["examples/policies/acme.yaml", "examples/policies/acme.test.yaml"], io); // 0
 */
export async function testCommand(args: string[], io: CliIo): Promise<number> {
  let positionals: string[];
  try {
    positionals = parseArgs({ args, options: {}, allowPositionals: true, strict: true }).positionals;
    if (positionals.length < 2) throw new Error(USAGE);
  } catch (error) {
    io.stderr.write(`nethical test: ${(error as Error).message}\n`);
    return 2;
  }
  const [policyFile, ...testFiles] = positionals as [string, ...string[]];
  let policy: CompiledPolicy;
  const suites: { file: string; cases: PolicyTestCase[] }[] = [];
  try {
    policy = await readPolicyFile(policyFile);
  } catch (error) {
    io.stderr.write(`nethical test: ${policyFile}: ${describe(error)}\n`);
    return 2;
  }
  for (const file of testFiles) {
    try {
      const text = await readFile(file, "utf8");
      suites.push({ file, cases: parsePolicyTests(text, policyFormat(file, text)) });
    } catch (error) {
      io.stderr.write(`nethical test: ${file}: ${describe(error)}\n`);
      return 2;
    }
  }
  let passed = 0;
  let failed = 0;
  for (const { file, cases } of suites) {
    for (const c of cases) {
      const result = runPolicyTest(policy, c);
      if (result.pass) passed++;
      else failed++;
      io.stdout.write(`${result.pass ? "PASS" : "FAIL"} ${file}: ${c.name}\n${result.pass ? "" : formatDiff(result)}`);
    }
  }
  io.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

function describe(error: unknown): string {
  if (error instanceof PolicyError) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  return code === undefined ? (error as Error).message : `cannot read file (${code})`;
}
