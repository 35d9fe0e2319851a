/**
 * Finding the PostgreSQL server binaries (initdb, pg_ctl, postgres). Debian installs them under
 * /usr/lib/postgresql/<major>/bin, outside PATH; other systems usually have them on PATH.
 */
import { accessSync, constants, readdirSync } from "node:fs";
import { delimiter, join } from "node:path";

const REQUIRED = ["initdb", "pg_ctl", "postgres"] as const;

/** Plain message for callers to print when findPgBin() returns null. */
export const POSTGRES_NOT_INSTALLED =
  "PostgreSQL is not installed (no initdb/pg_ctl under /usr/lib/postgresql/*/bin or on PATH). " +
  "Install it with `apt-get install -y postgresql` (Debian/Ubuntu) to get the local audit store.";

/**
 * True when `dir` holds executable initdb, pg_ctl and postgres.
 *
 * @example
 * isPgBin("/usr/lib/postgresql/15/bin"); // true where Debian's postgresql-15 is installed
 */
export function isPgBin(dir: string): boolean {
  return REQUIRED.every((name) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * The bin directory of the newest PostgreSQL found, or null when none is installed. Looks at
 * `root/<major>/bin` (highest major first), then at each PATH entry.
 *
 * @example
 * const bin = findPgBin();
 * if (bin === null) console.log(POSTGRES_NOT_INSTALLED);
 * else console.log(bin); // "/usr/lib/postgresql/15/bin"
 */
export function findPgBin(root = "/usr/lib/postgresql", path = process.env["PATH"] ?? ""): string | null {
  let majors: string[] = [];
  try {
    majors = readdirSync(root).filter((name) => /^\d+(\.\d+)?$/.test(name));
  } catch {
    // no Debian layout
  }
  majors.sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  for (const major of majors) {
    const dir = join(root, major, "bin");
    if (isPgBin(dir)) return dir;
  }
  for (const dir of path.split(delimiter)) {
    if (dir !== "" && isPgBin(dir)) return dir;
  }
  return null;
}
