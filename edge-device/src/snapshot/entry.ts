/**
 * The device as a V8 startup snapshot (`node scripts/build.ts --snapshot`: a CommonJS bundle of this file
 * run with `node --snapshot-blob nethical-edge.blob --build-snapshot`). Building the snapshot runs every
 * module of the device once (zod schemas, the core's detector tables and classifier weights, the policy
 * compiler, Hono), so a start deserialises that heap instead of running them again. Start it with
 * `node --snapshot-blob nethical-edge.blob start --config device.json`: the arguments after the blob are the
 * command's, as after `nethical-edge`, command first (`--help` right after the blob is read by Node itself;
 * use `help` or `start --help`). A blob only runs on the Node binary that built it.
 */
import { startupSnapshot } from "node:v8";
import { main } from "../cli/main.ts";
import { applyTuning } from "../tuning.ts";
import { loadDeferredBuiltins } from "./deferred-builtins.ts";

startupSnapshot.setDeserializeMainFunction(async () => {
  loadDeferredBuiltins();
  applyTuning(process.env, process.execArgv);
  process.exitCode = await main(process.argv.slice(1), {
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
  });
});
