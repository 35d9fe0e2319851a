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

// Tuning for a small resident set and a fast start, applied before the device code loads (README
// "Memory and start-up"; `npm run bench:edge` measures each one on and off):
// - semi-space: V8's young generation stays at its initial 1 MB semi-space instead of growing to 16 MB;
// - no-maglev: no Maglev tier (its code and compiler memory); TurboFan still optimises the hot path;
// - zod-jitless: zod parses with its interpreter instead of compiling a parser per object schema with
//   new Function() (same results; the compiled parsers cost start-up time on a 1,000-rule bundle).
// NETHICAL_EDGE_TUNING=none turns them off, or names the ones to keep (comma-separated). A V8 flag the
// operator passed (command line or NODE_OPTIONS) wins over ours.
const TUNING = ["semi-space", "no-maglev", "zod-jitless"];
const wanted = process.env.NETHICAL_EDGE_TUNING ?? TUNING.join(",");
const on = new Set(wanted === "none" ? [] : wanted.split(",").map((t) => t.trim()));
const given = `${process.execArgv.join(" ")} ${process.env.NODE_OPTIONS ?? ""}`;
const v8Flags = [
  ["semi-space", "semi-space", "--semi-space-growth-factor=1"],
  ["no-maglev", "maglev", "--no-maglev"],
].filter(([name, mentions]) => on.has(name) && !given.includes(mentions));
if (v8Flags.length > 0) {
  const { setFlagsFromString } = await import("node:v8");
  for (const [, , flag] of v8Flags) setFlagsFromString(flag);
}
if (on.has("zod-jitless")) {
  const { config } = await import("zod");
  config({ jitless: true });
}

// V8's code cache for the device's own code (Node's module compile cache): from the second start on, the
// ~1.5 MB of device code is not compiled again. NETHICAL_EDGE_COMPILE_CACHE names the folder (default: a
// folder in the OS temp dir); "off" turns it off. A stale or corrupt cache is ignored by Node.
const compileCache = process.env.NETHICAL_EDGE_COMPILE_CACHE;
if (compileCache !== "off") {
  const { enableCompileCache } = await import("node:module");
  enableCompileCache?.(compileCache);
}

const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
