/**
 * Build the console: esbuild bundles console/src/main.ts (ES modules, minified; the policy analysis is a
 * separate chunk loaded on demand) and console/src/app.css (with uPlot's stylesheet) into
 * console/public/console/, which the Worker serves as static assets. Prints each file's gzip size.
 *
 * `npm run console:build` — run after changing console/src (or the client code it bundles); the built
 * files are committed so `wrangler dev`/`deploy` and every copy of wrangler.toml find them.
 */
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type OutputFile } from "esbuild";

/** console/ */
export const CONSOLE_ROOT = join(import.meta.dirname, "..");
/** Where the built files go (served at /console/). */
export const OUT_DIR = join(CONSOLE_ROOT, "public", "console");
/** Files in OUT_DIR written by hand, not by the build. */
const HAND_WRITTEN = new Set(["index.html"]);

/** One built file: its path under OUT_DIR, its contents, raw and gzip sizes. */
export interface BuiltFile {
  path: string;
  contents: Uint8Array;
  bytes: number;
  gzipBytes: number;
}

/**
 * Build the console in memory.
 *
 * @example
 * const files = await buildConsole(); // [{ path: "app.js", bytes, gzipBytes, … }, …]
 */
export async function buildConsole(): Promise<BuiltFile[]> {
  const result = await build({
    entryPoints: { app: join(CONSOLE_ROOT, "src", "main.ts"), "app-style": join(CONSOLE_ROOT, "src", "app.css") },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: ["chrome120", "firefox120", "safari17"],
    minify: true,
    outdir: OUT_DIR,
    entryNames: "[name]",
    // Stable names (no hash): the secrets-scan allowlist names the analysis chunk by path.
    chunkNames: "chunks/[name]",
    legalComments: "eof",
    write: false,
    logLevel: "silent",
    // Never any environment value in the bundle.
    define: { "process.env.NODE_ENV": '"production"' },
  });
  return result.outputFiles.map((f: OutputFile) => ({
    path: relative(OUT_DIR, f.path).replace("app-style.css", "app.css"),
    contents: f.contents,
    bytes: f.contents.byteLength,
    gzipBytes: gzipSync(f.contents, { level: 9 }).byteLength,
  }));
}

/**
 * The built files now in OUT_DIR (the hand-written ones left out).
 *
 * @example
 * (await builtFilesOnDisk()).includes("app.js");
 */
export async function builtFilesOnDisk(): Promise<string[]> {
  const entries = await readdir(OUT_DIR, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(OUT_DIR, join(e.parentPath, e.name))).filter((p) => !HAND_WRITTEN.has(p)).sort();
}

async function main(): Promise<void> {
  const files = await buildConsole();
  for (const old of await builtFilesOnDisk()) await rm(join(OUT_DIR, old));
  await rm(join(OUT_DIR, "chunks"), { recursive: true, force: true });
  for (const f of files) {
    await mkdir(dirname(join(OUT_DIR, f.path)), { recursive: true });
    await writeFile(join(OUT_DIR, f.path), f.contents);
  }
  const total = files.reduce((n, f) => n + f.gzipBytes, 0);
  const initial = files.filter((f) => !f.path.startsWith("chunks/analyze")).reduce((n, f) => n + f.gzipBytes, 0);
  for (const f of files) console.log(`${f.path.padEnd(40)} ${String(f.bytes).padStart(8)} B  ${String(f.gzipBytes).padStart(7)} B gzip`);
  console.log(`total ${total} B gzip (${files.length} files); without the on-demand analysis chunk: ${initial} B gzip`);
}

if (import.meta.main) await main();
