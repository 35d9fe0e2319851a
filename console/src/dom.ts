/**
 * A tiny element builder: every text goes in as a text node (never as HTML), so data from the API cannot
 * inject markup; attributes are set one by one (no inline event handlers, no inline scripts: the CSP forbids them).
 */

/** Attributes of {@link h}: strings and booleans are attributes, `on*` functions are listeners. */
export type Attrs = Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>;
/** A child of {@link h}. */
export type Child = Node | string | number | null | undefined | false | readonly Child[];

/**
 * Create an element.
 *
 * @example
 * h("button", { type: "button", onclick: () => refresh() }, "Refresh");
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.appendChild(typeof child === "object" ? (child as Node) : document.createTextNode(String(child)));
  }
}

/**
 * Replace an element's children.
 *
 * @example
 * replace(main, h("p", {}, "Loading…"));
 */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/**
 * A time as "HH:MM:SS" (local) with the full ISO time as the title.
 *
 * @example
 * timeCell("2026-12-05T19:00:00.000Z");
 */
export function timeCell(iso: string): HTMLElement {
  const d = new Date(iso);
  return h("time", { datetime: iso, title: iso }, Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString([], { hour12: false }));
}
