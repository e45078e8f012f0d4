// A horizontal grouped bar chart as a standalone SVG string (no dependencies): one group per figure,
// one bar per series (a bench run), values printed at the bar ends.

export interface BarGroup {
  label: string;
  /** one value per series; undefined where that run did not measure the figure */
  values: (number | undefined)[];
}

export interface BarChart {
  title: string;
  unit: string;
  /** series names, e.g. the run dates, oldest first */
  series: string[];
  groups: BarGroup[];
}

const WIDTH = 900;
const LABEL_WIDTH = 360;
const BAR_HEIGHT = 14;
const BAR_GAP = 2;
const GROUP_GAP = 12;
const TOP = 56;
const VALUE_ROOM = 90;
/** about 7 px per character of 12 px sans-serif: longer labels are cut (the full one is the tooltip) */
const LABEL_CHARS = Math.floor((LABEL_WIDTH - 16) / 7);
/** colour-blind-safe palette (Okabe-Ito), one colour per run */
export const COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00'];

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function formatValue(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  return String(Number(value.toPrecision(3)));
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function renderBarChart(chart: BarChart): string {
  const max = Math.max(...chart.groups.flatMap((g) => g.values.filter((v): v is number => v !== undefined)), 0) || 1;
  const plotWidth = WIDTH - LABEL_WIDTH - VALUE_ROOM;
  const groupHeight = chart.series.length * (BAR_HEIGHT + BAR_GAP) + GROUP_GAP;
  const legendY = TOP + chart.groups.length * groupHeight + 10;
  const height = legendY + 24;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(chart.title)}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="24" font-size="16" font-weight="bold">${escapeXml(chart.title)}</text>`,
    `<text x="12" y="42" fill="#555555">${escapeXml(chart.unit)}</text>`,
  ];
  chart.groups.forEach((group, g) => {
    const y0 = TOP + g * groupHeight;
    out.push(`<text x="${LABEL_WIDTH - 8}" y="${y0 + (groupHeight - GROUP_GAP) / 2 + 4}" text-anchor="end"><title>${escapeXml(group.label)}</title>${escapeXml(shorten(group.label, LABEL_CHARS))}</text>`);
    group.values.forEach((value, s) => {
      if (value === undefined) return;
      const y = y0 + s * (BAR_HEIGHT + BAR_GAP);
      const w = Math.max(1, (value / max) * plotWidth);
      out.push(`<rect x="${LABEL_WIDTH}" y="${y}" width="${w.toFixed(1)}" height="${BAR_HEIGHT}" fill="${COLOURS[s % COLOURS.length]}"><title>${escapeXml(`${chart.series[s]}: ${formatValue(value)} ${chart.unit}`)}</title></rect>`);
      out.push(`<text x="${(LABEL_WIDTH + w + 4).toFixed(1)}" y="${y + BAR_HEIGHT - 3}">${formatValue(value)}</text>`);
    });
  });
  out.push(`<line x1="${LABEL_WIDTH}" y1="${TOP - 4}" x2="${LABEL_WIDTH}" y2="${legendY - 10}" stroke="#999999"/>`);
  chart.series.forEach((name, s) => {
    const x = 12 + s * 170;
    out.push(`<rect x="${x}" y="${legendY}" width="12" height="12" fill="${COLOURS[s % COLOURS.length]}"/>`);
    out.push(`<text x="${x + 16}" y="${legendY + 10}">${escapeXml(name)}</text>`);
  });
  out.push('</svg>', '');
  return out.join('\n');
}
