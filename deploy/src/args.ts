/**
 * `npm run deploy -- --env <staging|production> [--dry-run] [--outdir DIR]`: the arguments, or why they
 * cannot be used. No environment is not an error here: the preflight refuses it with the usage.
 */

/** The parsed command line. */
export interface DeployArgs {
  readonly env: string | undefined;
  readonly dryRun: boolean;
  /** `--outdir`: where wrangler writes the bundle (passed through). */
  readonly outdir: string | undefined;
  readonly help: boolean;
}

/** The usage line. */
export const USAGE = "usage: npm run deploy -- --env <staging|production> [--dry-run] [--outdir DIR]";

/**
 * Parse `argv` (without node and the script).
 *
 * @example
 * parseDeployArgs(["--env", "production", "--dry-run"]); // { env: "production", dryRun: true, outdir: undefined, help: false }
 */
export function parseDeployArgs(argv: readonly string[]): DeployArgs {
  let env: string | undefined;
  let outdir: string | undefined;
  let dryRun = false;
  let help = false;
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("-")) throw new Error(`${flag} needs a value; ${USAGE}`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--env" || arg === "-e") env = value(i++, arg);
    else if (arg.startsWith("--env=")) env = arg.slice("--env=".length);
    else if (arg === "--outdir") outdir = value(i++, arg);
    else if (arg.startsWith("--outdir=")) outdir = arg.slice("--outdir=".length);
    else if (arg === "--dry-run") dryRun = true;
    else if (arg === "--help" || arg === "-h") help = true;
    else throw new Error(`unknown argument ${JSON.stringify(arg)}; ${USAGE}`);
  }
  return { env, dryRun, outdir, help };
}
