/**
 * Licence check of the production dependencies, read from the SBOM (the same component list the SBOM
 * artifact declares). A component passes when its declared licence (an SPDX id or expression) is
 * satisfied by the permissive licences in ALLOWED; anything else (copyleft, unknown, missing) fails unless
 * the licence allowlist accepts that package with a reviewed reason. The repository's own workspace
 * packages are first-party and not checked.
 */
import { reviewProblems, type Review } from "./allowlist.ts";

/**
 * Licences accepted without review: permissive, no copyleft and no obligation beyond keeping the notice.
 * (BlueOak-1.0.0 and 0BSD are in the same family as MIT; CC0-1.0 and Unlicense are public-domain
 * dedications.)
 */
export const ALLOWED: ReadonlySet<string> = new Set([
  "MIT",
  "MIT-0",
  "ISC",
  "Apache-2.0",
  "BSD-2-Clause",
  "BSD-3-Clause",
  "0BSD",
  "BlueOak-1.0.0",
  "CC0-1.0",
  "Unlicense",
  "Zlib",
]);

/** A package accepted with a licence outside ALLOWED. */
export interface LicenceAllow extends Review {
  /** Package name as in the SBOM (`@scope/name` or `name`). */
  package: string;
  /** Exact version accepted; a new version needs a new review (licences change between versions). */
  version: string;
  /** The licence as the SBOM declares it (id, expression or name), so a licence change is noticed. */
  licence: string;
}

/** One component of the SBOM as the licence check sees it. */
export interface Component {
  name: string;
  version: string;
  /** The declared licence: an SPDX id or expression, a free-text name, or "" when none is declared. */
  licence: string;
}

interface CdxLicence {
  license?: { id?: string; name?: string };
  expression?: string;
}
interface CdxComponent {
  group?: string;
  name: string;
  version?: string;
  licenses?: CdxLicence[];
  components?: CdxComponent[];
}

/**
 * Every component of a CycloneDX BOM (nested components included), with its declared licence. Several
 * licence entries are joined with AND (all apply).
 *
 * @example
 * componentsOf({ components: [{ name: "zod", version: "4.0.0", licenses: [{ license: { id: "MIT" } }] }] });
 * // [{ name: "zod", version: "4.0.0", licence: "MIT" }]
 */
export function componentsOf(bom: { components?: CdxComponent[] }): Component[] {
  const out: Component[] = [];
  const walk = (list: CdxComponent[] | undefined): void => {
    for (const c of list ?? []) {
      const parts = (c.licenses ?? []).map((l) => l.expression ?? l.license?.id ?? l.license?.name ?? "").filter((s) => s !== "");
      const licence = parts.length <= 1 ? (parts[0] ?? "") : parts.map((p) => `(${p})`).join(" AND ");
      out.push({ name: c.group === undefined || c.group === "" ? c.name : `${c.group}/${c.name}`, version: c.version ?? "", licence });
      walk(c.components);
    }
  };
  walk(bom.components);
  return out;
}

/**
 * Does `expression` (SPDX: ids, AND, OR, WITH, parentheses) allow use under `allowed`? OR needs one
 * side, AND needs both; `X WITH exception` and `LicenseRef-…` are never allowed without review.
 *
 * @example
 * satisfies("MIT OR GPL-3.0-only", ALLOWED); // true
 * satisfies("MIT AND GPL-3.0-only", ALLOWED); // false
 */
export function satisfies(expression: string, allowed: ReadonlySet<string>): boolean {
  const tokens = expression.replace(/\(/g, " ( ").replace(/\)/g, " ) ").trim().split(/\s+/).filter((t) => t !== "");
  if (tokens.length === 0) return false;
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const fail = (): never => {
    throw new Error("bad expression");
  };
  const primary = (): boolean => {
    const t = tokens[pos++] ?? fail();
    if (t === "(") {
      const v = or();
      if (tokens[pos++] !== ")") fail();
      return v;
    }
    if (t === ")" || /^(AND|OR|WITH)$/i.test(t)) fail();
    if (peek()?.toUpperCase() === "WITH") {
      pos += 2; // an exception changes the terms: review it
      return false;
    }
    return allowed.has(t.endsWith("+") ? t.slice(0, -1) : t);
  };
  const and = (): boolean => {
    let v = primary();
    while (peek()?.toUpperCase() === "AND") {
      pos++;
      v = primary() && v;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (peek()?.toUpperCase() === "OR") {
      pos++;
      v = and() || v;
    }
    return v;
  };
  try {
    const v = or();
    return pos === tokens.length && v;
  } catch {
    return false;
  }
}

export interface LicenceResult {
  checked: number;
  /** `name@version: licence` for each component that is neither allowed nor accepted. */
  failures: string[];
  /** Components accepted by an allowlist entry. */
  accepted: string[];
  /** Incomplete or expired allowlist entries (fail the step). */
  badEntries: string[];
  /** Entries that matched no component (printed, not failing). */
  unused: string[];
}

/**
 * Check each component's licence; `firstParty` names (this repository's workspaces) are skipped.
 *
 * @example
 * checkLicences([{ name: "gpl-thing", version: "1.0.0", licence: "GPL-3.0-only" }], [], new Set(), "2026-12-05").failures;
 * // ["gpl-thing@1.0.0: GPL-3.0-only"]
 */
export function checkLicences(components: readonly Component[], allow: readonly LicenceAllow[], firstParty: ReadonlySet<string>, day: string): LicenceResult {
  const badEntries: string[] = [];
  const live: LicenceAllow[] = [];
  for (const [i, e] of allow.entries()) {
    const problems = reviewProblems(e, day);
    for (const key of ["package", "version", "licence"] as const) if (typeof e[key] !== "string" || e[key] === "") problems.push(`missing ${key}`);
    if (problems.length > 0) badEntries.push(`licence allowlist entry ${i} (${e.package ?? "?"}@${e.version ?? "?"}): ${problems.join(", ")}`);
    else live.push(e);
  }
  const used = new Set<LicenceAllow>();
  const failures: string[] = [];
  const accepted: string[] = [];
  const seen = new Set<string>();
  let checked = 0;
  for (const c of components) {
    const key = `${c.name}@${c.version}`;
    if (firstParty.has(c.name) || seen.has(key)) continue;
    seen.add(key);
    checked++;
    if (c.licence !== "" && satisfies(c.licence, ALLOWED)) continue;
    const entry = live.find((e) => e.package === c.name && e.version === c.version && e.licence === c.licence);
    if (entry === undefined) failures.push(`${key}: ${c.licence === "" ? "no licence declared" : c.licence}`);
    else {
      used.add(entry);
      accepted.push(`${key}: ${c.licence || "no licence declared"} (${entry.reason})`);
    }
  }
  const unused = live.filter((e) => !used.has(e)).map((e) => `${e.package}@${e.version}`);
  return { checked, failures, accepted, badEntries, unused };
}
