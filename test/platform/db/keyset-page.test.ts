// The shared pagination module: opaque cursors round-trip, anything else is INVALID_CURSOR; limits.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decodeIdCursor, decodePositionCursor, decodeTimeIdCursor, encodeCursor, idPage, isUtcTimestamp, pageLimit, PAGE_DEFAULT, PAGE_MAX,
} from '../../../engine/platform/db/keyset-page.js';
import { EngineError } from '../../../engine/platform/errors.js';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof EngineError ? err.code : 'not an EngineError';
  }
  return 'no error';
};

describe('keyset page', () => {
  it('paging - cursors round-trip and are opaque url-safe text', () => {
    const id = encodeCursor(['12345']);
    assert.match(id, /^[A-Za-z0-9_-]+$/);
    assert.equal(decodeIdCursor(id), '12345');
    const at = '2026-11-01T10:00:00.123456Z';
    assert.deepEqual(decodeTimeIdCursor(encodeCursor([at, '0193a1b2-0000-7000-8000-000000000001'])), { at, id: '0193a1b2-0000-7000-8000-000000000001' });
    assert.equal(decodePositionCursor(encodeCursor(['40']), 20), 3);
  });

  it('paging - a cursor the engine did not hand out is INVALID_CURSOR', () => {
    const bad = [
      () => decodeIdCursor('not base64!'),
      () => decodeIdCursor(Buffer.from('{"a":1}').toString('base64url')),
      () => decodeIdCursor(encodeCursor(['0'])),
      () => decodeIdCursor(encodeCursor(['1', '2'])),
      () => decodeIdCursor(encodeCursor(['1 OR 1=1'])),
      () => decodeIdCursor('A'.repeat(300)),
      () => decodeTimeIdCursor(encodeCursor(['2026-02-30T00:00:00Z', 'ab'])),
      () => decodeTimeIdCursor(encodeCursor(['yesterday', 'ab'])),
      () => decodePositionCursor(encodeCursor(['30']), 20),
    ];
    for (const fn of bad) assert.equal(code(fn), 'INVALID_CURSOR', fn.toString());
    assert.equal(isUtcTimestamp('2026-11-01T10:00:00Z'), true);
    assert.equal(isUtcTimestamp('2026-11-01T10:00:00+09:00'), false);
  });

  it('paging - limit defaults to 20, takes 1-100, refuses anything else', () => {
    assert.equal(pageLimit(undefined), PAGE_DEFAULT);
    assert.equal(pageLimit('1'), 1);
    assert.equal(pageLimit(String(PAGE_MAX)), PAGE_MAX);
    assert.equal(pageLimit(undefined, 10), 10, 'a smaller maximum caps the default');
    for (const bad of ['0', '101', '-1', '1.5', 'ten', ' 5']) assert.equal(code(() => pageLimit(bad)), 'INVALID_INPUT', bad);
  });

  it('paging - a page of limit + 1 rows says where the next starts; a short one says null', () => {
    const rows = [{ id: '9' }, { id: '7' }, { id: '4' }];
    assert.deepEqual(idPage(rows, 2, (r) => Number(r.id)), { items: [9, 7], next: encodeCursor(['7']) });
    assert.deepEqual(idPage(rows, 3, (r) => Number(r.id)), { items: [9, 7, 4], next: null });
  });
});
