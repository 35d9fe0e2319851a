/**
 * Build what a device ships: `node edge-device/scripts/build.ts [OUTFILE] [--no-minify]` (default
 * edge-device/dist/nethical-edge.mjs) bundles bin/nethical-edge.js and everything it imports into the
 * launcher and one chunk (`chunks/`) for Node 24, with no dependency left to install and nothing native:
 * copy the folder, run `node nethical-edge.mjs start --config device.json`.
 *
 * Why these options (numbers in the README, "Memory"): V8 keeps the source text of every script in memory
 * for as long as the process runs. `minify` makes it 40% smaller, and `charset: "ascii"` keeps it a
 * one-byte string (a single non-ASCII character, such as an arrow in a message, makes V8 hold the whole
 * file as UTF-16, twice the bytes). Legal comments go to a separate file next to the bundle.
 */
import { build, type BuildOptions } from "esbuild";
import { createHash } from "node:crypto";
import { basename, dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
export const DEVICE_ENTRY = join(HERE, "..", "bin", "nethical-edge.js");
export const DEFAULT_OUTFILE = join(HERE, "..", "dist", "nethical-edge.mjs");

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
  await build({ ...settings(outfile, minify), define: { __NETHICAL_EDGE_BUILD_ID__: JSON.stringify(id) } });
  return outfile;
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
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const minify = !args.includes("--no-minify");
  const out = await buildDevice(args.find((a) => !a.startsWith("--")) ?? DEFAULT_OUTFILE, { minify });
  process.stdout.write(`${out}\n`);
}
