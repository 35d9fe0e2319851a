/**
 * The last-known-good bundle on disk, replaced atomically: write a temporary file in the same folder,
 * fsync it, rename it over the old one, fsync the folder (so the rename itself survives a power cut).
 * A crash at any point leaves either the old bundle or the new one, never a torn file.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Write `text` to `file` atomically and durably.
 *
 * @example
 * writeFileAtomic("/var/lib/nethical/bundle.json", JSON.stringify(bundle));
 */
export function writeFileAtomic(file: string, text: string, mode: number = 0o644): void {
  const dir = dirname(file);
  const temp = join(dir, `.${basename(file)}.${process.pid}.tmp`);
  const fd = openSync(temp, "w", mode);
  try {
    const bytes = Buffer.from(text, "utf8");
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temp, file);
  fsyncDir(dir);
}

function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch (error) {
    // Some platforms (Windows) cannot fsync a directory; the rename is still atomic there.
    if ((error as NodeJS.ErrnoException).code !== "EISDIR" && (error as NodeJS.ErrnoException).code !== "EPERM") throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The file's text, or undefined when it does not exist.
 *
 * @example
 * const text = readIfExists("/var/lib/nethical/bundle.json");
 */
export function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
