/**
 * Build what a device ships: `node edge-device/scripts/build.ts [OUTFILE] [--no-minify]` (default
 * edge-device/dist/nethical-edge.mjs) bundles bin/nethical-edge.js and everything it imports into the
 * launcher and one chunk (`chunks/`) for Node 24, with no dependency left to install and nothing native:
 * copy the folder, run `node nethical-edge.mjs start --config device.json`. With `--snapshot` it builds
 * the device as a V8 startup snapshot instead (default edge-device/dist/nethical-edge.blob; start it with
 * `node --snapshot-blob nethical-edge.blob start --config device.json`): it starts faster and uses more
 * memory (README "Memory and start-up"), and it must be built by the Node binary that will run it.
 *
 * Why these options (numbers in the README, "Memory"): V8 keeps the source text of every script in memory
 * for as long as the process runs. `minify` makes it 40% smaller, and `charset: "ascii"` with
 * {@link escapeNonAscii} (for regular-expression literals) keeps it a one-byte string (a single non-ASCII
 * character makes V8 hold the whole file as UTF-16, twice the bytes). Legal comments go to a separate file
 * next to the bundle.
 */
import { build, type BuildOptions, type Plugin } from "esbuild";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deferredBuiltinSource } from "../src/snapshot/deferred-builtins.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
export const DEVICE_ENTRY = join(HERE, "..", "bin", "nethical-edge.js");
export const DEFAULT_OUTFILE = join(HERE, "..", "dist", "nethical-edge.mjs");
export const SNAPSHOT_ENTRY = join(HERE, "..", "src", "snapshot", "entry.ts");
export const DEFAULT_BLOB = join(HERE, "..", "dist", "nethical-edge.blob");

/**
 * Bundle the device into `outfile`. `minify: false` is for comparing (the bench measures both).
 *
 * @example
 * await buildDevice("/tmp/x/nethical-edge.mjs");
 */
export async function buildDevice(outfile: string = DEFAULT_OUTFILE, options: { minify?: boolean } = {}): Promise<string> {
  const minify = options.minify ?? true;
  // The build id (src/build-id.ts) is a hash of what this build outputs without it: a first pass in memory
  // gives the output, the second writes it with the id compiled in. Same sources, same options: same id.
  const first = await build({ ...settings(outfile, minify), write: false, define: { __NETHICAL_EDGE_BUILD_ID__: "undefined" } });
  const hash = createHash("sha256");
  for (const f of [...first.outputFiles].sort((a, b) => a.path.localeCompare(b.path))) hash.update(f.path.slice(dirname(outfile).length)).update(f.contents);
  const id = hash.digest("hex").slice(0, 32);
  const second = await build({ ...settings(outfile, minify), write: false, define: { __NETHICAL_EDGE_BUILD_ID__: JSON.stringify(id) } });
  for (const f of second.outputFiles) {
    mkdirSync(dirname(f.path), { recursive: true });
    writeFileSync(f.path, extname(f.path) === ".mjs" ? escapeNonAscii(f.text) : f.contents);
  }
  return outfile;
}

/**
 * Escape every non-ASCII character left in built JavaScript as `\uXXXX` (a character outside the BMP as its
 * two surrogates), so that V8 keeps the source as a one-byte string: esbuild's `charset: "ascii"` escapes
 * strings, template literals and identifiers but leaves regular-expression literals as written, and the
 * detectors' multilingual rules (Cyrillic, Arabic, CJK, curly quotes) made the 1 MB main chunk a two-byte
 * string, 1 MB more memory. In a regular expression `\uXXXX` means the character itself, with or without
 * the `u`/`v` flag (a surrogate pair written as two escapes is one code point under `u`). A non-ASCII
 * character after a backslash (an identity escape) would change meaning, so the build fails on one.
 *
 * @example
 * escapeNonAscii("const r = /[“‘]/;"); // "const r = /[\\u201c\\u2018]/;"
 */
export function escapeNonAscii(code: string): string {
  return code.replace(/(\\*)([^\x00-\x7f])/g, (_, slashes: string, ch: string, at: number) => {
    if (slashes.length % 2 === 1) throw new Error(`escapeNonAscii: a non-ASCII character after a backslash at offset ${at + slashes.length}`);
    return `${slashes}\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}

/**
 * Build the device as a V8 startup snapshot `blob` for the Node binary running this (`process.execPath`):
 * a CommonJS bundle of src/snapshot/entry.ts (kept next to the blob as `<blob>.cjs`), run once with
 * `--build-snapshot`. Start it with `node --snapshot-blob <blob> start --config device.json`. The built-in
 * modules a snapshot cannot hold are bound at start (src/snapshot/deferred-builtins.ts).
 *
 * @example
 * await buildSnapshot("/tmp/x/nethical-edge.blob");
 */
export async function buildSnapshot(blob: string = DEFAULT_BLOB): Promise<string> {
  const script = `${blob}.cjs`;
  const options: BuildOptions = {
    entryPoints: [SNAPSHOT_ENTRY],
    outfile: script,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node24",
    minify: true,
    charset: "ascii",
    legalComments: "external",
    logLevel: "error",
    plugins: [withoutSideEffects(["yaml"]), deferredBuiltins(DEFERRED)],
    external: NATIVE_EXTERNAL,
  };
  const first = await build({ ...options, write: false, define: { __NETHICAL_EDGE_BUILD_ID__: "undefined" } });
  const hash = createHash("sha256").update("snapshot");
  for (const f of first.outputFiles) hash.update(f.contents);
  await build({ ...options, define: { __NETHICAL_EDGE_BUILD_ID__: JSON.stringify(`snapshot-${hash.digest("hex").slice(0, 32)}`) } });
  rmSync(blob, { force: true });
  const run = spawnSync(process.execPath, ["--snapshot-blob", blob, "--build-snapshot", script], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (run.status !== 0) throw new Error(`building the snapshot failed (${run.status ?? run.signal}): ${run.stderr.slice(-2000)}`);
  return blob;
}

/**
 * Native addons are never bundled: pkcs11js (the PKCS#11 binding) is imported only when the config has
 * `identity.pkcs11` (src/sync/identity-key.ts); a device using a token key installs it next to the bundle
 * (`npm install pkcs11js`), every other device ships and loads nothing native.
 */
const NATIVE_EXTERNAL = ["pkcs11js"];

/** Built-in modules Node 24 cannot put in a startup snapshot (or warns about): bound at start instead. */
const DEFERRED = ["http", "https", "net", "tls", "sqlite", "stream/web"];

/** Replace the built-in modules `names` (with or without `node:`) by stand-ins bound at start. */
function deferredBuiltins(names: string[]): Plugin {
  const filter = new RegExp(`^(node:)?(${names.join("|")})$`);
  const require = createRequire(import.meta.url);
  return {
    name: "deferred-builtins",
    setup(b) {
      b.onResolve({ filter }, (args) => (args.namespace === "deferred-builtin" ? { path: args.path, external: true } : { path: args.path, namespace: "deferred-builtin" }));
      b.onLoad({ filter: /.*/, namespace: "deferred-builtin" }, (args) => ({
        loader: "js",
        resolveDir: HERE,
        contents: deferredBuiltinSource(args.path, Object.keys(require(args.path.startsWith("node:") ? args.path : `node:${args.path}`))),
      }));
    },
  };
}

function settings(outfile: string, minify: boolean): BuildOptions {
  return {
    entryPoints: [DEVICE_ENTRY],
    // The launcher stays its own small module and the device code a chunk it imports after turning on
    // Node's compile cache: so from the second start on V8 reads the device code's compiled form from the
    // cache instead of compiling it again (one file would be compiled before the cache could be on).
    outdir: dirname(outfile),
    entryNames: basename(outfile, extname(outfile)),
    outExtension: { ".js": extname(outfile) || ".mjs" },
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node24",
    minify,
    charset: minify ? "ascii" : "utf8",
    legalComments: minify ? "external" : "inline",
    logLevel: "error",
    // CommonJS dependencies (yaml) call require(); give the ES module one.
    banner: { js: 'const require = process.getBuiltinModule("node:module").createRequire(import.meta.url);' },
    plugins: [withoutSideEffects(["yaml"]), builtinsWithoutFacade()],
    external: NATIVE_EXTERNAL,
  };
}

/**
 * Import Node's built-in modules through `process.getBuiltinModule`, lazily, instead of as ES modules.
 * Importing a built-in as an ES module makes Node build its ES module facade, which reads every export,
 * getters included: `node:http`'s `WebSocket`, `CloseEvent` and `MessageEvent` getters load undici, about
 * 50 ms of a cold start and several MB the device never uses (README "Memory and start-up"). The stand-in
 * (see {@link builtinSource}) loads the built-in the first time one of its exports is read, and reads
 * each export only when the device uses it: `node:stream/web` (a body streamed, rare) and the lazily
 * loaded parts of `node:util` (`parseArgs`, `MIMEType`, `diff`, ...) no longer load at start.
 */
function builtinsWithoutFacade(): Plugin {
  const require = createRequire(import.meta.url);
  return {
    name: "builtins-without-facade",
    setup(b) {
      b.onResolve({ filter: /^node:/ }, (args) => (args.namespace === "builtin" ? undefined : { path: args.path, namespace: "builtin" }));
      b.onLoad({ filter: /.*/, namespace: "builtin" }, (args) => ({ loader: "js", contents: builtinSource(args.path, require(args.path) as object) }));
    },
  };
}

/**
 * The stand-in module for built-in `name` whose exports are `exports` (see {@link builtinsWithoutFacade}):
 * a CommonJS module whose every export is a getter that loads the built-in on first use and reads the
 * export then, so esbuild's named imports (`import_x.name` at each use) stay lazy. The export names are
 * taken at build time (the device runs on the Node version it was built with, README "Supported Node
 * versions").
 *
 * @example
 * builtinSource("node:path", require("node:path")); // 'let m; const load = () => (m ??= process.getBuiltinModule("node:path")); ...'
 */
export function builtinSource(name: string, exports: object): string {
  const names = Object.getOwnPropertyNames(exports).filter((key) => key !== "default" && key !== "__esModule");
  return [
    `let m;`,
    `const load = () => (m ??= process.getBuiltinModule(${JSON.stringify(name)}));`,
    `const lazy = {};`,
    `for (const key of ${JSON.stringify(names)}) Object.defineProperty(lazy, key, { enumerable: true, get: () => load()[key] });`,
    `module.exports = lazy;`,
  ].join("\n");
}

/**
 * Mark packages as free of side effects at import, so esbuild leaves them out when nothing the device runs
 * uses them. `yaml` (CommonJS, no `sideEffects` field) is imported by the core's policy reader for YAML
 * policy text, which the device never parses (bundles are JSON): without this its whole module graph
 * (~20 ms of a start) would run at load.
 */
function withoutSideEffects(packages: string[]): Plugin {
  // Plain package names (letters, digits, "-", "/", "@"): nothing to escape.
  const filter = new RegExp(`^(${packages.join("|")})$`);
  return {
    name: "without-side-effects",
    setup(b) {
      b.onResolve({ filter }, async (args) => {
        if (args.pluginData === "without-side-effects") return undefined;
        const r = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: "without-side-effects" });
        return r.errors.length > 0 ? { errors: r.errors } : { path: r.path, external: r.external, sideEffects: false };
      });
    },
  };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const minify = !args.includes("--no-minify");
  const target = args.find((a) => !a.startsWith("--"));
  const out = args.includes("--snapshot") ? await buildSnapshot(target ?? DEFAULT_BLOB) : await buildDevice(target ?? DEFAULT_OUTFILE, { minify });
  process.stdout.write(`${out}\n`);
}
