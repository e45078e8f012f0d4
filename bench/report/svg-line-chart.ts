// A line chart over time as an inline SVG string (no dependencies) with a logarithmic y axis, so a
// series near the ceilings and one a hundred times lower both stay readable; horizontal dashed lines
// mark reference values (the ceilings measured in the same run).
import { COLOURS, escapeXml, formatValue } from './svg-bar-chart.js';

export interface LineSeries {
  name: string;
  points: { x: number; y: number }[];
  dashed?: boolean;
  /** index into the palette; series of the same contender share a colour */
  colour: number;
}

export interface ReferenceLine {
  label: string;
  y: number;
}

export interface LineChart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: LineSeries[];
  references: ReferenceLine[];
}

const WIDTH = 960;
const HEIGHT = 340;
const LEFT = 70;
const RIGHT = 300; // room for reference labels and the legend
const TOP = 40;
const BOTTOM = 50;
const REFERENCE_COLOUR = '#777777';
const LABEL_SPACING = 14;

/** 1, 2, 5 × powers of ten between lo and hi: the ticks of a log axis. */
function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let p = Math.floor(Math.log10(lo)); p <= Math.ceil(Math.log10(hi)); p++) {
    for (const m of [1, 2, 5]) {
      const t = m * 10 ** p;
      if (t >= lo && t <= hi) ticks.push(t);
    }
  }
  return ticks;
}

export function renderLineChart(chart: LineChart): string {
  const ys = [...chart.series.flatMap((s) => s.points.map((p) => p.y)), ...chart.references.map((r) => r.y)].filter((y) => y > 0);
  const xs = chart.series.flatMap((s) => s.points.map((p) => p.x));
  const lo = ys.length > 0 ? 10 ** Math.floor(Math.log10(Math.min(...ys))) : 1;
  const hi = Math.max(10 ** Math.ceil(Math.log10(Math.max(...ys, 1))), lo * 10);
  const xMax = Math.max(...xs, 1);
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const xAt = (x: number) => LEFT + (x / xMax) * plotW;
  // values at or below zero (a second with no answers) sit on the bottom of the axis
  const yAt = (y: number) => TOP + plotH - ((Math.log10(Math.max(y, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * plotH;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="line-chart" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(chart.title)}</title>`,
    `<text x="${LEFT}" y="20" font-size="14" font-weight="bold">${escapeXml(chart.title)}</text>`,
  ];
  for (const t of logTicks(lo, hi)) {
    const y = yAt(t).toFixed(1);
    out.push(`<line x1="${LEFT}" y1="${y}" x2="${LEFT + plotW}" y2="${y}" stroke="#eeeeee"/>`);
    out.push(`<text x="${LEFT - 6}" y="${y}" dy="4" text-anchor="end">${formatValue(t)}</text>`);
  }
  const xStep = xMax > 30 ? 10 : xMax > 10 ? 5 : 1;
  for (let x = 0; x <= xMax; x += xStep) {
    out.push(`<text x="${xAt(x).toFixed(1)}" y="${TOP + plotH + 16}" text-anchor="middle">${x}</text>`);
  }
  out.push(
    `<line x1="${LEFT}" y1="${TOP}" x2="${LEFT}" y2="${TOP + plotH}" stroke="#999999"/>`,
    `<line x1="${LEFT}" y1="${TOP + plotH}" x2="${LEFT + plotW}" y2="${TOP + plotH}" stroke="#999999"/>`,
    `<text x="${LEFT + plotW / 2}" y="${HEIGHT - 12}" text-anchor="middle" fill="#555555">${escapeXml(chart.xLabel)}</text>`,
    `<text transform="translate(16 ${TOP + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#555555">${escapeXml(chart.yLabel)}</text>`,
  );
  let labelY = -Infinity;
  for (const r of [...chart.references].sort((a, b) => b.y - a.y)) {
    const y = yAt(r.y);
    const text = escapeXml(`${r.label}: ${formatValue(r.y)}`);
    labelY = Math.max(y, labelY + LABEL_SPACING); // close ceilings must not print over each other
    out.push(`<line class="reference" x1="${LEFT}" y1="${y.toFixed(1)}" x2="${LEFT + plotW}" y2="${y.toFixed(1)}" stroke="${REFERENCE_COLOUR}" stroke-dasharray="6 4"><title>${text}</title></line>`);
    out.push(`<text x="${LEFT + plotW + 6}" y="${labelY.toFixed(1)}" dy="4" fill="${REFERENCE_COLOUR}">${text}</text>`);
  }
  chart.series.forEach((s, i) => {
    const colour = COLOURS[s.colour % COLOURS.length];
    const points = s.points.map((p) => `${xAt(p.x).toFixed(1)},${yAt(p.y).toFixed(1)}`).join(' ');
    const dash = s.dashed ? ' stroke-dasharray="3 3"' : '';
    out.push(`<polyline class="series" fill="none" stroke="${colour}" stroke-width="2"${dash} points="${points}"><title>${escapeXml(s.name)}</title></polyline>`);
    const ly = TOP + plotH - LABEL_SPACING * (chart.series.length - i);
    out.push(`<line x1="${LEFT + plotW + 6}" y1="${ly}" x2="${LEFT + plotW + 26}" y2="${ly}" stroke="${colour}" stroke-width="2"${dash}/>`);
    out.push(`<text x="${LEFT + plotW + 30}" y="${ly}" dy="4">${escapeXml(s.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}
