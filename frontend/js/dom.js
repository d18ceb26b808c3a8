// Rendering helpers. Every interpolated value is escaped by escapeHtml, the one escape helper;
// user text never reaches the page as HTML.

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;" };

/** Escape text for HTML content and quoted attribute values. */
export function escapeHtml(value) {
  return String(value).replace(/[&<>"'`]/g, (character) => ESCAPES[character]);
}

/** Markup built by `html`; only this type is trusted when nested inside another template. */
class SafeHtml {
  constructor(markup) {
    this.markup = markup;
  }
  toString() {
    return this.markup;
  }
}

function interpolate(value) {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtml) return value.markup;
  if (Array.isArray(value)) return value.map(interpolate).join("");
  return escapeHtml(value);
}

/**
 * Tagged template: html`<p>${name}</p>`. Values are escaped; nested html`` results and arrays
 * of them are kept as markup; null, undefined and false render nothing.
 */
export function html(strings, ...values) {
  let markup = strings[0];
  values.forEach((value, index) => {
    markup += interpolate(value) + strings[index + 1];
  });
  return new SafeHtml(markup);
}

/** Turn html`` markup into a DocumentFragment (a <template> runs no scripts). */
export function fragment(content) {
  const template = document.createElement("template");
  template.innerHTML = interpolate(content);
  return template.content;
}

/** Replace a container's children with html`` markup, a Node, text, or an array of those. */
export function render(container, content) {
  container.replaceChildren(...toNodes(content));
  return container;
}

function toNodes(content) {
  if (content === null || content === undefined || content === false) return [];
  if (Array.isArray(content)) return content.flatMap(toNodes);
  if (content instanceof Node) return [content];
  if (content instanceof SafeHtml) return [fragment(content)];
  return [document.createTextNode(String(content))];
}

/**
 * Build an element: h("button", { type: "button", class: "link", onclick: remove }, "Remove").
 * Attributes: `on*` functions become listeners, `true` sets a boolean attribute,
 * false/null/undefined are left out, `dataset` is an object. Children are Nodes, text or html``.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === "dataset") {
      Object.assign(element.dataset, value);
    } else if (value === true) {
      element.setAttribute(name, "");
    } else {
      element.setAttribute(name, String(value));
    }
  }
  element.append(...toNodes(children));
  return element;
}

/** A stable, unique id for tying labels, hints and errors to inputs. */
let nextId = 0;
export function uniqueId(prefix = "id") {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/** Move focus to an element that is not normally focusable (a heading, a summary). */
export function focusElement(element) {
  if (!element) return;
  if (!element.hasAttribute("tabindex")) element.setAttribute("tabindex", "-1");
  element.focus({ preventScroll: false });
}
