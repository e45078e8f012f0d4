// Keyword search over item names, Korean and English alike: a name matches when it contains the query
// (case-insensitive substring, so "무선" finds "무선이어폰" and "phone" finds "Earphone"). A query of
// 3 characters or more is served by the pg_trgm GIN index on the name; a 2-character one by the
// indexed array of the name's 2-character pieces (migration 029), since pg_trgm takes nothing from a
// pattern that short; a 1-character one is refused (it would match most of the catalog).
import { EngineError } from '../platform/errors.js';

export const MIN_QUERY_CHARS = 2;
export const MAX_QUERY_CHARS = 100;

/** The query as searched: trimmed, inner whitespace runs made one space; SEARCH_TOO_SHORT under 2 characters. */
export function normalizeQuery(raw: string): string {
  const q = raw.trim().replace(/\s+/g, ' ');
  const chars = [...q].length;
  if (chars < MIN_QUERY_CHARS) throw new EngineError('SEARCH_TOO_SHORT', `a search query has at least ${MIN_QUERY_CHARS} characters`);
  if (chars > MAX_QUERY_CHARS) throw new EngineError('INVALID_INPUT', `a search query has at most ${MAX_QUERY_CHARS} characters`);
  return q;
}

/** The LIKE pattern of "contains q", its wildcards escaped. */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * SQL condition on items `i` for the normalized query, with its parameters numbered from `$param`:
 * the bigram lookup for a 2-character query, the trigram index otherwise; the ILIKE is the match itself.
 */
export function searchCondition(q: string, param: number): { sql: string; params: string[] } {
  if ([...q].length === 2) return { sql: `i.name_bigrams @> ARRAY[lower($${param}::text)] AND i.name ILIKE $${param + 1}`, params: [q, containsPattern(q)] };
  return { sql: `i.name ILIKE $${param}`, params: [containsPattern(q)] };
}
