#!/usr/bin/env node
// Entry point of the `nethical-edge` command: TypeScript source run by Node's type stripping, or the one-file
// build a device ships (`npm run build -w @nethical/edge-device`, built from this file).
//
// Supported Node: 24 (LTS) and newer. The device needs node:sqlite (the decision log) and Ed25519 in
// WebCrypto (bundle signatures, the device key; in every Node 24 build): this checks the version, and that
// node:sqlite is there (a Node built --without-sqlite lacks it).
const major = Number(process.versions.node.split(".")[0]);
if (major < 24) {
  process.stderr.write(
    `nethical-edge: Node ${process.versions.node} is not supported; it needs Node 24 or newer ` +
      `(node:sqlite, Ed25519 in WebCrypto). In this repository, run it through npx (the project pins Node 24).\n`,
  );
  process.exit(2);
}
try {
  await import("node:sqlite");
} catch {
  process.stderr.write(`nethical-edge: this Node ${process.versions.node} has no node:sqlite (built without it?)\n`);
  process.exit(2);
}

// V8's code cache for the device's own code (Node's module compile cache), only when
// NETHICAL_EDGE_COMPILE_CACHE names a folder: from the second start on, the ~1.3 MB of device code is not
// compiled again, but reading the cache costs memory (+2.4 to +6.8 MB RSS after 1,000 decisions; under a
// 64 MiB limit with the systemd unit's settings it passes with ~2.5 MiB less to spare; README "Memory and
// start-up"), so it is off unless asked for. Turned on first, so that zod (imported just below
// for its setting) is read from the cache too. A stale or corrupt cache is ignored by Node.
// Through process.getBuiltinModule, not `await import("node:module")`: in the one-file build that import is a
// stand-in whose namespace has only a default export, so a named export read from it was undefined and the
// cache was silently off (scripts/build.ts; e2e/snapshot-start.test.ts checks the build writes the cache).
const compileCache = process.env.NETHICAL_EDGE_COMPILE_CACHE;
if (compileCache && compileCache !== "off") process.getBuiltinModule("node:module").enableCompileCache?.(compileCache);

// Tuning for a small resident set and a fast start (src/tuning.ts: semi-space, no-maglev, zod-jitless;
// NETHICAL_EDGE_TUNING=none or a comma list chooses), applied before the device code loads.
const { applyTuning } = await import("@nethical/edge-device/tuning");
applyTuning(process.env, process.execArgv);

const { main } = await import("@nethical/edge-device/cli/main");
// stdin through a getter: only commands that read it create it (process.stdin loads fs streams and tty).
process.exitCode = await main(process.argv.slice(2), {
  get stdin() {
    return process.stdin;
  },
  stdout: process.stdout,
  stderr: process.stderr,
});
