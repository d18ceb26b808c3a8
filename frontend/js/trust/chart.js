// Trust charts drawn as inline SVG, each paired with a table that says the same in text.
//
//   componentBars(components)  → html`` markup: one bar per component, mean out of 5
//   trendLine(periods)         → html`` markup: one line per component over the periods
//   resultsTable(components, previousPeriod), trendTable(periods) → the text alternatives
//
// The SVGs are role="img" with a title; the tables beside them carry every number.

import { html } from "../dom.js";

export const COMPONENTS = [
  { key: "respect", label: "Mutual respect", color: "#1f5fa8", dash: "" },
  { key: "personal_regard", label: "Personal regard", color: "#5b3a8c", dash: "6 3" },
  { key: "competence", label: "Competence", color: "#1e6b3a", dash: "2 3" },
  { key: "integrity", label: "Integrity", color: "#8a4b00", dash: "10 3 2 3" },
];
const MAX = 5;

function formatMean(value) {
  return value === null || value === undefined ? "–" : Number(value).toFixed(2);
}

export function formatChange(value) {
  if (value === null || value === undefined) return "–";
  if (value === 0) return "no change";
  return `${value > 0 ? "+" : "−"}${Math.abs(value).toFixed(2)}`;
}

/** Horizontal bars, one per component, on a 0–5 scale. */
export function componentBars(components, { titleId = "bars-title", title = "Average score by component" } = {}) {
  const rowHeight = 44;
  // Room for the seed's longest name, "Competence in core responsibilities".
  const left = 270;
  const width = 640;
  const plot = width - left - 50;
  const height = components.length * rowHeight + 30;
  const x = (value) => left + (plot * value) / MAX;
  return html`
    <svg class="trust-chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${titleId}"
         preserveAspectRatio="xMinYMin meet">
      <title id="${titleId}">${title}</title>
      ${[0, 1, 2, 3, 4, 5].map((tick) => html`
        <line x1="${x(tick)}" x2="${x(tick)}" y1="0" y2="${height - 24}" class="trust-chart__grid"/>
        <text x="${x(tick)}" y="${height - 6}" class="trust-chart__tick" text-anchor="middle">${tick}</text>`)}
      ${components.map((component, index) => {
        const style = COMPONENTS.find((item) => item.key === component.component) || COMPONENTS[0];
        const y = index * rowHeight + 8;
        const mean = component.mean || 0;
        return html`
          <text x="${left - 10}" y="${y + 20}" text-anchor="end" class="trust-chart__label">${component.label}</text>
          <rect x="${left}" y="${y + 4}" width="${Math.max(0, x(mean) - left)}" height="24" rx="3"
                fill="${style.color}"/>
          <text x="${x(mean) + 6}" y="${y + 21}" class="trust-chart__value">${formatMean(component.mean)}</text>`;
      })}
    </svg>`;
}

/** Lines over the periods, one per component (colour and dash pattern both tell them apart). */
export function trendLine(periods, { titleId = "trend-title", title = "Average score by component over time" } = {}) {
  const released = periods.filter((period) => period.released);
  const width = 560;
  const height = 260;
  const left = 36;
  const right = 20;
  const top = 14;
  const bottom = 48;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const step = released.length > 1 ? plotWidth / (released.length - 1) : 0;
  const x = (index) => left + (released.length > 1 ? index * step : plotWidth / 2);
  const y = (value) => top + plotHeight - (plotHeight * (value - 1)) / (MAX - 1);
  return html`
    <svg class="trust-chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${titleId}"
         preserveAspectRatio="xMinYMin meet">
      <title id="${titleId}">${title}</title>
      ${[1, 2, 3, 4, 5].map((tick) => html`
        <line x1="${left}" x2="${width - right}" y1="${y(tick)}" y2="${y(tick)}" class="trust-chart__grid"/>
        <text x="${left - 8}" y="${y(tick) + 4}" text-anchor="end" class="trust-chart__tick">${tick}</text>`)}
      ${released.map((period, index) => html`
        <text x="${x(index)}" y="${height - 24}" text-anchor="${periodAnchor(index, released.length)}"
              class="trust-chart__tick">${period.period}</text>`)}
      ${COMPONENTS.map((style) => {
        const points = released
          .map((period, index) => {
            const found = period.components.find((item) => item.component === style.key);
            return found && found.mean !== null ? [x(index), y(found.mean)] : null;
          })
          .filter(Boolean);
        if (!points.length) return "";
        return html`
          <polyline points="${points.map(([px, py]) => `${px},${py}`).join(" ")}" fill="none"
                    stroke="${style.color}" stroke-width="3" stroke-dasharray="${style.dash}"/>
          ${points.map(([px, py]) => html`<circle cx="${px}" cy="${py}" r="4" fill="${style.color}"/>`)}`;
      })}
      ${COMPONENTS.map((style, index) => html`
        <g transform="translate(${left + index * 130}, ${height - 10})">
          <line x1="0" x2="22" y1="-4" y2="-4" stroke="${style.color}" stroke-width="3" stroke-dasharray="${style.dash}"/>
          <text x="28" y="0" class="trust-chart__legend">${style.label}</text>
        </g>`)}
    </svg>`;
}

/** The first and last period names hang inwards from their point, so neither runs off the
 * chart's edge (a centred last name was cut in half). */
function periodAnchor(index, count) {
  if (count < 2) return "middle";
  if (index === 0) return "start";
  return index === count - 1 ? "end" : "middle";
}

/** The results as a table: every number the bars show, and more. */
export function resultsTable(components, previous) {
  return html`
    <table class="trust-table">
      <caption>Results by component (scores 1 to 5)</caption>
      <thead>
        <tr>
          <th scope="col">Component</th>
          <th scope="col">Average</th>
          <th scope="col">Change${previous ? ` since ${previous.period}` : ""}</th>
          <th scope="col">Responses</th>
          ${[1, 2, 3, 4, 5].map((score) => html`<th scope="col"><span class="visually-hidden">Answers scored </span>${score}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${components.map((component) => html`
          <tr>
            <th scope="row">${component.label}</th>
            <td>${formatMean(component.mean)}</td>
            <td>${formatChange(component.change)}</td>
            <td>${component.count}</td>
            ${component.distribution.map((bucket) => html`<td>${bucket.count}</td>`)}
          </tr>`)}
      </tbody>
    </table>`;
}

export function trendTable(periods) {
  return html`
    <table class="trust-table">
      <caption>Average score by component, period by period</caption>
      <thead>
        <tr>
          <th scope="col">Period</th>
          ${COMPONENTS.map((style) => html`<th scope="col">${style.label}</th>`)}
          <th scope="col">Responses</th>
        </tr>
      </thead>
      <tbody>
        ${periods.map((period) => html`
          <tr>
            <th scope="row">${period.period}</th>
            ${period.released
              ? COMPONENTS.map((style) => {
                const found = period.components.find((item) => item.component === style.key);
                return html`<td>${formatMean(found ? found.mean : null)}</td>`;
              })
              : html`<td colspan="${COMPONENTS.length}">Not enough responses yet</td>`}
            <td>${period.response_count}</td>
          </tr>`)}
      </tbody>
    </table>`;
}
