/** The deploy command line: --env in both spellings, --dry-run and --outdir passed on, anything else refused. */
import { describe, expect, it } from "vitest";
import { parseDeployArgs } from "./args.ts";

describe("parseDeployArgs", () => {
  it("reads --env, --dry-run and --outdir", () => {
    expect(parseDeployArgs(["--env", "production", "--dry-run", "--outdir", "dist/production"])).toEqual({ env: "production", dryRun: true, outdir: "dist/production", help: false });
    expect(parseDeployArgs(["--env=staging"])).toEqual({ env: "staging", dryRun: false, outdir: undefined, help: false });
    expect(parseDeployArgs([]).env).toBeUndefined();
  });

  it("refuses unknown arguments and a flag without its value", () => {
    expect(() => parseDeployArgs(["--force"])).toThrow(/unknown argument "--force"; usage: npm run deploy/);
    expect(() => parseDeployArgs(["--env"])).toThrow(/--env needs a value/);
    expect(() => parseDeployArgs(["--env", "--dry-run"])).toThrow(/--env needs a value/);
  });
});
