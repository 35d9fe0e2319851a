/**
 * `nethical transparency report --url URL --key KEY [--from TIME] [--to TIME] [--format json|md]`: the
 * tenant's transparency report from `GET /v2/transparency/report` (an auditor or admin key; or
 * $NETHICAL_API_KEY), printed as JSON or Markdown. Exit 1 when the API refuses (its problem on stderr).
 */
import { parseArgs } from "node:util";
import type { CliIo } from "../io.ts";

const USAGE = "usage: nethical transparency report --url URL [--key KEY] [--from TIME] [--to TIME] [--format json|md]\n";

/**
 * Dispatch `nethical transparency …`.
 *
 * @example
 * process.exitCode = await transparencyCommand(["report", "--url", "http://127.0.0.1:8787", "--format", "md"], io);
 */
export async function transparencyCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  let values: { url?: string; key?: string; from?: string; to?: string; format?: string };
  try {
    values = parseArgs({ args: rest, options: { url: { type: "string" }, key: { type: "string" }, from: { type: "string" }, to: { type: "string" }, format: { type: "string", default: "json" } } }).values;
  } catch (error) {
    io.stderr.write(`nethical transparency: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const key = values.key ?? process.env.NETHICAL_API_KEY;
  if (sub !== "report" || values.url === undefined || key === undefined || (values.format !== "json" && values.format !== "md")) {
    io.stderr.write(USAGE);
    return 2;
  }
  const query = new URLSearchParams({ format: values.format, ...(values.from !== undefined ? { from: values.from } : {}), ...(values.to !== undefined ? { to: values.to } : {}) });
  const res = await fetch(`${values.url.replace(/\/+$/, "")}/v2/transparency/report?${query}`, { headers: { authorization: `Bearer ${key}` } });
  const text = await res.text();
  if (res.status !== 200) {
    io.stderr.write(`nethical transparency: the API answered ${res.status}: ${text}\n`);
    return 1;
  }
  io.stdout.write(values.format === "json" ? `${JSON.stringify(JSON.parse(text), null, 2)}\n` : text);
  return 0;
}
