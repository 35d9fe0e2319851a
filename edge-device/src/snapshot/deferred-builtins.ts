/**
 * Built-in modules a V8 startup snapshot cannot hold (node:http, node:sqlite and what imports them:
 * Node 24 aborts `--build-snapshot` when they are loaded) are bound when the snapshot starts instead: the
 * snapshot build (scripts/build.ts) replaces each with a small module whose exports are filled in by
 * {@link loadDeferredBuiltins}. Nothing may use them while the snapshot is being built (no module-level
 * use: they are only called from functions the device runs after it starts). A stand-in first evaluated
 * after the start (a module the device loads on demand, such as `ws` for the sync client) binds itself at
 * once.
 */

/** Where the replacement modules register how to bind themselves (a global: they are generated code). */
export const DEFERRED_BUILTINS = Symbol.for("nethical-edge.deferred-builtins");

/** The binders registered so far, and whether the snapshot has started (later ones bind at once). */
type Binders = (() => void)[] & { started?: boolean };

/**
 * Bind every deferred built-in module registered so far (load it and fill in the exports of its stand-in)
 * and mark the start, so a stand-in evaluated later binds itself; returns how many were bound. Called
 * once, first thing when the snapshot starts.
 *
 * @example
 * loadDeferredBuiltins(); // 6
 */
export function loadDeferredBuiltins(): number {
  const g = globalThis as Record<symbol, unknown>;
  const binders = (g[DEFERRED_BUILTINS] ??= []) as Binders;
  for (const bind of binders) bind();
  binders.started = true;
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
    `{ const binders = (globalThis[${key}] ??= []); const bind = () => { module_ = require(${JSON.stringify(name)});${ids.length > 0 ? ` ({ ${ids.join(", ")} } = module_);` : ""} }; if (binders.started) bind(); else binders.push(bind); }`,
    "export { module_ as default };",
  ].join("\n");
}
