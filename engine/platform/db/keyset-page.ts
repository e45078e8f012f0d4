// The one pagination style of every list (docs/http.md#pagination): `?cursor=&limit=` answers
// `{ items, next }`. Lists are keyset-paged newest first: a page is read with LIMIT limit + 1, so the
// extra row tells whether another page follows without a count. `next` is an opaque cursor naming the
// last row of the page (its sort key, base64url JSON: no contract), null on the last page; rows written
// meanwhile never shift a page, so a walk sees no duplicate and skips no row that existed when it began.
import { EngineError } from '../errors.js';

export const PAGE_DEFAULT = 20;
export const PAGE_MAX = 100;

export interface Page<T> {
  items: T[];
  /** the `cursor` of the following page; null on the last page */
  next: string | null;
}

/** A row's sort key: an id, or a time and an id (string forms, as Postgres hands out bigints and timestamps). */
export type CursorKey = readonly string[];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function invalidCursor(): EngineError {
  return new EngineError('INVALID_CURSOR', 'cursor must be the next of a previous page');
}

/** The key of a cursor handed out with `parts` values; anything else is 400 INVALID_CURSOR. */
export function decodeCursor(cursor: string, parts: number): string[] {
  let key: unknown;
  try {
    key = cursor.length <= 256 && /^[A-Za-z0-9_-]+$/.test(cursor) ? JSON.parse(Buffer.from(cursor, 'base64url').toString()) : undefined;
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(key) || key.length !== parts || !key.every((v) => typeof v === 'string' && v.length <= 64)) throw invalidCursor();
  return key as string[];
}

const POSITIVE_ID = /^[1-9][0-9]{0,17}$/;

/** A cursor over an id-ordered list: the id below which the next page starts. */
export function decodeIdCursor(cursor: string): string {
  const [id] = decodeCursor(cursor, 1);
  if (!POSITIVE_ID.test(id)) throw invalidCursor();
  return id;
}

const UTC_MICROS = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,6})?Z$/;

/**
 * A UTC timestamp as a cursor takes it: microseconds kept (Postgres has them, a JS Date does not), and
 * only a real date (2026-02-30 would pass the pattern and fail in Postgres).
 */
export function isUtcTimestamp(text: string): boolean {
  const match = UTC_MICROS.exec(text);
  return match !== null && !Number.isNaN(Date.parse(text)) && new Date(text).toISOString().slice(0, 19) === match[1];
}

/**
 * A position cursor (the catalog listings: cached pages with a total, sorted by price or name) as the
 * page of `size` it starts; a position that is no page boundary of `size` is INVALID_CURSOR.
 */
export function decodePositionCursor(cursor: string, size: number): number {
  const [offset] = decodeCursor(cursor, 1);
  const n = Number(offset);
  if (!/^\d{1,9}$/.test(offset) || n % size !== 0) throw new EngineError('INVALID_CURSOR', 'cursor must be the next of a previous page of the same limit');
  return n / size + 1;
}

/** A cursor over a (time, id)-ordered list: `at` a UTC timestamp with microseconds. */
export function decodeTimeIdCursor(cursor: string): { at: string; id: string } {
  const [at, id] = decodeCursor(cursor, 2);
  if (!isUtcTimestamp(at) || !/^[0-9a-f-]{1,40}$/.test(id)) throw invalidCursor();
  return { at, id };
}

/** SQL of a timestamptz column as a cursor's `at` (UTC, microseconds). */
export function cursorTimeSql(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** The `limit` query parameter: 1-PAGE_MAX, PAGE_DEFAULT when absent; anything else 400 INVALID_INPUT. */
export function pageLimit(raw: unknown, max: number = PAGE_MAX): number {
  if (raw === undefined || raw === '') return Math.min(PAGE_DEFAULT, max);
  const n = Number(raw);
  if (typeof raw !== 'string' || !/^\d{1,4}$/.test(raw) || n < 1 || n > max) throw new EngineError('INVALID_INPUT', `limit must be 1-${max}`);
  return n;
}

/** Rows read with LIMIT `limit + 1` (newest first) as one page of views; `key` names a row's sort key. */
export function keysetPage<R, T>(rows: R[], limit: number, view: (row: R) => T, key: (row: R) => CursorKey): Page<T> {
  const page = rows.slice(0, limit);
  return { items: page.map(view), next: rows.length > limit ? encodeCursor(key(page[page.length - 1])) : null };
}

/** keysetPage of rows ordered by their `id` alone. */
export function idPage<R extends { id: string }, T>(rows: R[], limit: number, view: (row: R) => T): Page<T> {
  return keysetPage(rows, limit, view, (row) => [row.id]);
}
