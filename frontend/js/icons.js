// The app's icon set: small inline SVGs drawn with currentColor, so they follow the text's colour
// and never fall back to a missing-glyph box the way an emoji can. Decorative by default
// (aria-hidden); the control they sit in carries the words.

import { html } from "./dom.js";

const PATHS = {
  bell: html`<path d="M6 8a6 6 0 1 1 12 0c0 7 3 8 3 8H3s3-1 3-8"/><path d="M10.3 21a1.9 1.9 0 0 0 3.4 0"/>`,
  check: html`<path d="M20 6 9 17l-5-5"/>`,
  pencil: html`<path d="M17 3a2.8 2.8 0 1 1 4 4L7.5 20.5 2 22l1.5-5.5Z"/>`,
  trash: html`<path d="M3 6h18"/><path d="M8 6V4h8v2"/><path d="M19 6l-1 14H6L5 6"/>`,
  reply: html`<path d="M9 17 4 12l5-5"/><path d="M20 18v-2a4 4 0 0 0-4-4H4"/>`,
  user: html`<circle cx="12" cy="8" r="4"/><path d="M4 21a8 8 0 0 1 16 0"/>`,
  list: html`<path d="M9 6h12M9 12h12M9 18h12"/><path d="M4 6h.01M4 12h.01M4 18h.01"/>`,
  undo: html`<path d="M9 14 4 9l5-5"/><path d="M4 9h10a6 6 0 0 1 0 12h-3"/>`,
  arrowRight: html`<path d="M5 12h14M13 6l6 6-6 6"/>`,
};

/** An icon by name: icon("bell"). Pass a label only when the icon stands alone. */
export function icon(name, { label = null, className = "" } = {}) {
  const a11y = label ? html`role="img" aria-label="${label}"` : html`aria-hidden="true" focusable="false"`;
  return html`<svg class="icon ${className}" viewBox="0 0 24 24" width="20" height="20" fill="none"
    stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"
    ${a11y}>${PATHS[name]}</svg>`;
}
