/**
 * `npm run scale:doc`: writes docs/SCALE.md from bench/results/scale-inputs.json (bench:scale runs it too).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { RESULTS_DIR } from "../lib/results.ts";
import { renderScaleDoc } from "./render.ts";

/** Where the document goes. */
export const SCALE_DOC = join(import.meta.dirname, "..", "..", "docs", "SCALE.md");
/** The measured inputs it is made from. */
export const SCALE_INPUTS = join(RESULTS_DIR, "scale-inputs.json");

/**
 * Render docs/SCALE.md from the committed inputs and write it; returns its path.
 *
 * @example
 * writeScaleDoc(); // ".../docs/SCALE.md"
 */
export function writeScaleDoc(): string {
  writeFileSync(SCALE_DOC, renderScaleDoc(JSON.parse(readFileSync(SCALE_INPUTS, "utf8")) as Record<string, unknown>));
  return SCALE_DOC;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(`wrote ${writeScaleDoc()}`);
