/**
 * Built-in modules a V8 startup snapshot cannot hold (node:http, node:sqlite and what imports them:
 * Node 24 aborts `--build-snapshot` when they are loaded) are bound when the snapshot starts instead: the
 * snapshot build (scripts/build.ts) replaces each with a small module whose exports are filled in by
 * {@link loadDeferredBuiltins}. Nothing may use them while the snapshot is being built (no module-level
 * use: they are only called from functions the device runs after it starts).
 */

/** Where the replacement modules register how to bind themselves (a global: they are generated code). */
export const DEFERRED_BUILTINS = Symbol.for("nethical-edge.deferred-builtins");

/**
 * Bind every deferred built-in module (load it and fill in the exports of its stand-in); returns how many.
 * Called once, first thing when the snapshot starts.
 *
 * @example
 * loadDeferredBuiltins(); // 6
 */
export function loadDeferredBuiltins(): number {
  const binders = ((globalThis as Record<symbol, unknown>)[DEFERRED_BUILTINS] ?? []) as (() => void)[];
  for (const bind of binders) bind();
  return binders.length;
}

/**
 * The source of the stand-in for built-in module `name` with export names `names` (what the build plugin
 * returns for it): live `export let` bindings, filled in by a binder registered under {@link DEFERRED_BUILTINS}.
 *
 * @example
 * deferredBuiltinSource("node:sqlite", ["DatabaseSync", "StatementSync"]);
 */
export function deferredBuiltinSource(name: string, names: readonly string[]): string {
  const ids = names.filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== "default");
  const key = `Symbol.for(${JSON.stringify(DEFERRED_BUILTINS.description)})`;
  return [
    ids.length > 0 ? `export let ${ids.join(", ")};` : "",
    "let module_;",
    `(globalThis[${key}] ??= []).push(() => { module_ = require(${JSON.stringify(name)});${ids.length > 0 ? ` ({ ${ids.join(", ")} } = module_);` : ""} });`,
    "export { module_ as default };",
  ].join("\n");
}
