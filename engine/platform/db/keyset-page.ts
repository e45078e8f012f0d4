// Keyset paging of lists ordered newest first by a bigint id: a page is read with LIMIT limit + 1, so
// the extra row tells whether another page follows without a count. The cursor handed out (`next`) is
// the last id of the page; the caller passes it back as `before` (rows with a smaller id).

export interface Page<T> {
  items: T[];
  /** `before` of the following page; absent on the last page */
  next?: string;
}

/** Rows read with LIMIT `limit + 1` (newest first) as one page of views. */
export function keysetPage<R extends { id: string }, T>(rows: R[], limit: number, view: (row: R) => T): Page<T> {
  const page = rows.slice(0, limit);
  return { items: page.map(view), ...(rows.length > limit ? { next: page[page.length - 1].id } : {}) };
}
