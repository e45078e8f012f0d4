// docs/operations.md's metrics table names every metric the source defines (issue #19, "Docs drift": four
// metrics were missing from it), so an operator reading it sees every series Prometheus scrapes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { projectRoot } from '../../engine/platform/config.js';
import { definedMetrics } from './metric-catalog.js';

it('docs - every metric defined in engine/, edge/ and workers/ is in the metrics table of docs/operations.md', async () => {
  const docs = readFileSync(join(projectRoot, 'docs/operations.md'), 'utf8');
  const tableRows = docs.split('\n').filter((line) => line.startsWith('| `gopang_'));
  const documented = new Set(tableRows.flatMap((row) => [...row.split('|')[1].matchAll(/`(gopang_[a-z0-9_]+)`/g)].map(([, name]) => name)));
  const defined = [...(await definedMetrics()).keys()].filter((name) => name.startsWith('gopang_'));
  assert.ok(defined.length > 20, 'the catalog finds the metrics');
  assert.deepEqual(defined.filter((name) => !documented.has(name)), []);
});
