// The 5:1 chart: positives per corrective by day, the teacher's own and an observer's, against
// the 5:1 line; inline SVG with a table beside it that says the same in text.

import { html } from "../dom.js";
import { formatDate } from "./common.js";

const TOP = 10; // ratios above 10:1 are drawn at the top edge

function value(point) {
  if (point.ratio === null) return point.positive ? TOP : 0;
  return Math.min(point.ratio, TOP);
}

export function ratioChart(ratio) {
  const days = [...new Set([...ratio.own, ...ratio.observed].map((point) => point.day))].sort();
  if (!days.length) return html`<p class="empty">Nothing counted yet. Start a tally to see your ratio here.</p>`;
  const width = 360;
  const height = 200;
  const left = 34;
  const bottom = 24;
  const x = (day) => (days.length === 1 ? left + (width - left) / 2
    : left + 10 + ((width - left - 20) * days.indexOf(day)) / (days.length - 1));
  const y = (amount) => 8 + (height - bottom - 8) * (1 - amount / TOP);
  const line = (points) => points.map((point) => `${x(point.day)},${y(value(point))}`).join(" ");
  return html`
    <figure class="ratio-figure">
      <svg class="ratio-chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="ratio-title">
        <title id="ratio-title">Positive to corrective feedback by day, against the 5 to 1 goal</title>
        ${[0, 5, 10].map((tick) => html`
          <line x1="${left}" x2="${width}" y1="${y(tick)}" y2="${y(tick)}" class="ratio-chart__grid"/>
          <text x="${left - 6}" y="${y(tick) + 4}" text-anchor="end" class="ratio-chart__tick">${tick}:1</text>`)}
        <line x1="${left}" x2="${width}" y1="${y(5)}" y2="${y(5)}" class="ratio-chart__goal"/>
        <text x="${width - 4}" y="${y(5) - 6}" text-anchor="end" class="ratio-chart__goal-label">goal 5:1</text>
        ${ratio.own.length ? html`<polyline points="${line(ratio.own)}" class="ratio-chart__own"/>
          ${ratio.own.map((point) => html`<circle cx="${x(point.day)}" cy="${y(value(point))}" r="5" class="ratio-chart__own-dot"/>`)}` : ""}
        ${ratio.observed.map((point) => html`<rect x="${x(point.day) - 5}" y="${y(value(point)) - 5}" width="10" height="10" class="ratio-chart__observed"/>`)}
      </svg>
      <figcaption class="hint">Circles: your own counts. Squares: a coach's observation.</figcaption>
    </figure>
    <table class="ratio-table">
      <caption class="visually-hidden">Counts by day</caption>
      <thead><tr><th scope="col">Day</th><th scope="col">Yours</th><th scope="col">Observed</th></tr></thead>
      <tbody>
        ${days.map((day) => {
          const own = ratio.own.find((point) => point.day === day);
          const seen = ratio.observed.find((point) => point.day === day);
          const cell = (point) => (point ? `${point.positive} : ${point.corrective}` : "–");
          return html`<tr><th scope="row">${formatDate(day)}</th><td>${cell(own)}</td><td>${cell(seen)}</td></tr>`;
        })}
      </tbody>
    </table>`;
}
