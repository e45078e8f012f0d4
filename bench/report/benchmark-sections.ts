// Reads the dated sections of docs/benchmarks.md (appended by the bench scripts) into figures that
// can be charted: for every table row, its throughput (the first "N /s" or "N req/s") and its p99
// latency in ms where the row states one. Target tables ("| target | measured | met |") are skipped.

export interface Figure {
  /** row label, prefixed by the "###" subsection it sits in, if any */
  label: string;
  perSec?: number;
  p99Ms?: number;
}

export interface BenchSection {
  /** what was measured: the heading without its date ("auth", "WebSocket push"); the sale bench has none */
  kind: string;
  /** "YYYY-MM-DD HH:MM" from the heading */
  when: string;
  figures: Figure[];
}

const DATED_HEADING = /^## (.*?)(\d{4}-\d{2}-\d{2} \d{2}:\d{2})(?: UTC)?(.*)$/;
const RATE = /([\d,]+(?:\.\d+)?)\s*(?:req\/s|logins\/s|\/s)/;
/** "p50 / p99 5 / 43 ms", "p50 / p99 / max 1.1 / 5 / 66.6 ms", "p50 / p99 3 ms / 12 ms" */
const P99_AFTER_LABEL = /p50 \/ p99(?: \/ max)?\s+([\d.]+)\s*(?:ms)?\s*\/\s*([\d.]+)\s*ms/;
/** rows whose label says "p50 / p99": "3 / 12 ms" or "1.0 ms / 2.0 ms / 9.0 ms" */
const PAIR = /^([\d.]+)\s*(?:ms)?\s*\/\s*([\d.]+)\s*ms/;

export const SALE_KIND = 'flash sale';

function number(text: string): number {
  return Number(text.replace(/,/g, ''));
}

function kindOf(before: string, after: string): string {
  const kind = `${before} ${after}`.replace(/[—–,:-]/g, ' ').replace(/\s+/g, ' ').trim();
  return kind === '' ? SALE_KIND : kind;
}

function cells(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
}

function figureOfRow(label: string, value: string): Figure {
  const figure: Figure = { label };
  const rate = RATE.exec(value);
  if (rate) figure.perSec = number(rate[1]);
  const inline = P99_AFTER_LABEL.exec(value);
  const pair = /p50 \/ p99/.test(label) ? PAIR.exec(value) : null;
  if (inline) figure.p99Ms = Number(inline[2]);
  else if (pair) figure.p99Ms = Number(pair[2]);
  return figure;
}

/** A table with named columns (e.g. "| scenario | requests/s | ... | p99 ms |"): one figure per "/s" column. */
function figuresOfWideRow(header: string[], row: string[]): Figure[] {
  const p99Column = header.findIndex((h) => /^p99\b/.test(h));
  const p99 = p99Column > 0 ? Number(row[p99Column]?.replace(/[^\d.]/g, '')) : NaN;
  const figures: Figure[] = [];
  header.forEach((h, i) => {
    if (i === 0 || !h.endsWith('/s')) return;
    const rate = /^[\d,]+(?:\.\d+)?/.exec(row[i] ?? '');
    if (rate) figures.push({ label: `${row[0]}: ${h}`, perSec: number(rate[0]) });
  });
  if (Number.isFinite(p99)) figures.push({ label: row[0], p99Ms: p99 });
  return figures;
}

function tableFigures(table: string[][], prefix: string): Figure[] {
  const [header, , ...rows] = table;
  if (!header || header[0] === 'target') return [];
  const named = (label: string) => (prefix ? `${prefix}: ${label}` : label);
  const wide = header.length > 2 && header.some((h, i) => i > 0 && h.endsWith('/s'));
  const figures = wide
    ? rows.flatMap((row) => figuresOfWideRow(header, row))
    : rows.map((row) => figureOfRow(row[0] ?? '', row.slice(1).join(' | ')));
  return figures.map((f) => ({ ...f, label: named(f.label) })).filter((f) => f.perSec !== undefined || f.p99Ms !== undefined);
}

export function parseBenchmarks(markdown: string): BenchSection[] {
  const sections: BenchSection[] = [];
  let section: BenchSection | undefined;
  let subsection = '';
  let table: string[][] = [];
  const flush = () => {
    if (section && table.length > 0) section.figures.push(...tableFigures(table, subsection));
    table = [];
  };
  for (const line of markdown.split('\n')) {
    if (line.startsWith('|')) {
      table.push(cells(line));
      continue;
    }
    flush();
    const heading = DATED_HEADING.exec(line);
    if (heading) {
      section = { kind: kindOf(heading[1], heading[3]), when: heading[2], figures: [] };
      sections.push(section);
      subsection = '';
    } else if (line.startsWith('## ')) {
      section = undefined; // an undated section: not a bench run
    } else if (line.startsWith('### ')) {
      subsection = line.slice(4).trim();
    }
  }
  flush();
  return sections.filter((s) => s.figures.length > 0);
}
