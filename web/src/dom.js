// DOM helpers. Every piece of text goes through textContent or text nodes:
// report text is untrusted and innerHTML is never used with it.

/** el creates an element. attrs: class, dataset, on* listeners, other attributes. */
export function el(tag, attrs = {}, ...children) {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") n.className = v;
    else if (k === "dataset") Object.assign(n.dataset, v);
    else if (k.startsWith("on") && typeof v === "function") n.addEventListener(k.slice(2), v);
    else if (k === "text") n.textContent = v;
    else n.setAttribute(k, v === true ? "" : String(v));
  }
  append(n, children);
  return n;
}

function append(n, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    n.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** clear removes a node's children and appends new ones. */
export function clear(n, ...children) {
  n.replaceChildren();
  append(n, children);
  return n;
}

/** $ finds one element. */
export const $ = (sel, root = document) => root.querySelector(sel);

/** safeURL returns u when it is an http(s) URL, else "" (no javascript: links). */
export function safeURL(u) {
  try {
    const p = new URL(u, location.href);
    return p.protocol === "http:" || p.protocol === "https:" ? p.href : "";
  } catch {
    return "";
  }
}

/** link is an external link that opens safely in a new tab. */
export function link(href, text) {
  const u = safeURL(href);
  if (!u) return el("span", {}, text);
  return el("a", { href: u, target: "_blank", rel: "noopener noreferrer" }, text);
}
