// Reads the YAML of our own ops files (compose.yaml, ops/**/*.yml) for the tests that check them, without a
// YAML library in node_modules: block mappings and sequences, one-line flow sequences of scalars, plain and
// quoted scalars, comments, anchors, aliases and merge keys (`<<: *anchor`). Scalars stay strings (the
// tests compare text). Anything else (block scalars, flow mappings, tags, several documents) is refused
// with its line number, so a file that outgrows the subset fails its test instead of being misread.

export type YamlValue = string | null | YamlValue[] | YamlMap;
export interface YamlMap {
  [key: string]: YamlValue;
}

interface Line {
  indent: number;
  text: string;
  number: number;
}

const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s"'#&*!|>%@`[\]{},-][^#]*?|-[^\s#][^#]*?):(?:\s+(.*))?$/;
const ANCHOR = /^&([\w-]+)(?:\s+(.*))?$/;
const ALIAS = /^\*([\w-]+)$/;

export function parseYaml(source: string): YamlValue {
  const reader = new Reader(source);
  return reader.document();
}

class Reader {
  private readonly lines: Line[];
  private at = 0;
  private readonly anchors = new Map<string, YamlValue>();

  constructor(source: string) {
    this.lines = source.split('\n').flatMap((raw, i) => {
      const number = i + 1;
      const text = withoutComment(raw, number).trimEnd();
      if (text.trim() === '') return [];
      const indent = text.length - text.trimStart().length;
      if (text.slice(0, indent).includes('\t')) throw new Error(`line ${number}: tab in indentation`);
      if (/^(---|\.\.\.)(\s|$)/.test(text)) throw new Error(`line ${number}: several documents are not supported`);
      return [{ indent, text: text.trimStart(), number }];
    });
  }

  document(): YamlValue {
    if (this.lines.length === 0) return null;
    const value = this.block(this.lines[0].indent);
    if (this.at < this.lines.length) throw new Error(`line ${this.lines[this.at].number}: unexpected indentation`);
    return value;
  }

  /** The mapping or sequence whose lines start at `indent`. */
  private block(indent: number): YamlValue {
    const line = this.lines[this.at];
    return isSequenceItem(line.text) ? this.sequence(indent) : this.mapping(indent);
  }

  private mapping(indent: number): YamlMap {
    const own: YamlMap = {};
    const merged: YamlMap[] = [];
    while (this.at < this.lines.length && this.lines[this.at].indent === indent && !isSequenceItem(this.lines[this.at].text)) {
      const line = this.lines[this.at++];
      const entry = KEY.exec(line.text);
      if (!entry) throw new Error(`line ${line.number}: expected "key: value", got "${line.text}"`);
      const key = scalar(entry[1], line.number);
      if (key === null) throw new Error(`line ${line.number}: empty key`);
      const value = this.value(entry[2] ?? '', indent, line.number);
      if (key === '<<') {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`line ${line.number}: << merges a mapping alias`);
        merged.push(value);
        continue;
      }
      if (Object.hasOwn(own, key)) throw new Error(`line ${line.number}: duplicate key "${key}"`);
      own[key] = value;
    }
    // explicit keys win over merged ones, whatever their order
    for (const source of merged) for (const [key, value] of Object.entries(source)) if (!Object.hasOwn(own, key)) own[key] = value;
    return own;
  }

  private sequence(indent: number): YamlValue[] {
    const items: YamlValue[] = [];
    while (this.at < this.lines.length && this.lines[this.at].indent === indent && isSequenceItem(this.lines[this.at].text)) {
      const line = this.lines[this.at];
      const rest = line.text.slice(1).trimStart();
      if (KEY.test(rest)) {
        // "- key: value": a mapping whose first key sits after the dash
        this.lines[this.at] = { indent: indent + (line.text.length - rest.length), text: rest, number: line.number };
        items.push(this.mapping(this.lines[this.at].indent));
      } else {
        this.at++;
        items.push(this.value(rest, indent, line.number));
      }
    }
    return items;
  }

  /** What follows "key:" or "- ": inline, or a block on the next lines deeper than `indent`. */
  private value(text: string, indent: number, number: number): YamlValue {
    const anchor = ANCHOR.exec(text);
    if (anchor) {
      const value = this.value(anchor[2] ?? '', indent, number);
      this.anchors.set(anchor[1], value);
      return value;
    }
    const alias = ALIAS.exec(text);
    if (alias) {
      if (!this.anchors.has(alias[1])) throw new Error(`line ${number}: unknown alias *${alias[1]}`);
      return this.anchors.get(alias[1])!;
    }
    if (text !== '') return inline(text, number);
    const next = this.lines[this.at];
    // a sequence may sit at its key's own indentation
    if (next && (next.indent > indent || (next.indent === indent && isSequenceItem(next.text)))) return this.block(next.indent);
    return null;
  }
}

function isSequenceItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

function inline(text: string, number: number): YamlValue {
  if (text.startsWith('[')) {
    if (!text.endsWith(']')) throw new Error(`line ${number}: a flow sequence must close on its line`);
    const body = text.slice(1, -1).trim();
    return body === '' ? [] : splitFlow(body, number).map((item) => scalar(item.trim(), number));
  }
  return scalar(text, number);
}

function scalar(text: string, number: number): string | null {
  if (/^[{|>!%@`]/.test(text)) throw new Error(`line ${number}: "${text}" is outside the supported YAML subset`);
  if (text.startsWith('"')) return JSON.parse(text) as string;
  if (text.startsWith("'")) {
    if (!/^'(?:[^']|'')*'$/.test(text)) throw new Error(`line ${number}: unterminated quote`);
    return text.slice(1, -1).replace(/''/g, "'");
  }
  if (text.startsWith('[')) throw new Error(`line ${number}: nested flow sequences are not supported`);
  return text === '' || text === '~' || text === 'null' ? null : text;
}

function splitFlow(body: string, number: number): string[] {
  const items: string[] = [];
  let quote = '';
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ',') {
      items.push(body.slice(start, i));
      start = i + 1;
    }
  }
  if (quote) throw new Error(`line ${number}: unterminated quote`);
  items.push(body.slice(start));
  return items;
}

/** The line without its comment: a # at the start or after a blank, outside quotes. */
function withoutComment(line: string, number: number): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s:[,-]/.test(line[i - 1]))) quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(0, i);
  }
  if (quote) throw new Error(`line ${number}: unterminated quote`);
  return line;
}
