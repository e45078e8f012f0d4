// The YAML reader of the ops tests (test/support/yaml-subset.ts): reads what our files use, refuses the rest.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseYaml } from '../support/yaml-subset.js';

test('yaml subset - mappings, sequences, flow lists, quotes, comments, anchors and merge keys', () => {
  const doc = parseYaml(`# a comment
x-base: &base
  image: app:1 # trailing comment
  env: &env
    A: "1#2"
    B: 'it''s'
services:
  one:
    <<: *base
    image: app:2
    env:
      <<: *env
      C: \${C:-c}
    ports:
      - "8080:8080"
    test: ["CMD", "wget", 'http://x:1/a?b=c']
  two:
    list:
    - a
    - key: v
      more: w
    empty:
`);
  assert.deepEqual(doc, {
    'x-base': { image: 'app:1', env: { A: '1#2', B: "it's" } },
    services: {
      one: { image: 'app:2', env: { C: '${C:-c}', A: '1#2', B: "it's" }, ports: ['8080:8080'], test: ['CMD', 'wget', 'http://x:1/a?b=c'] },
      two: { list: ['a', { key: 'v', more: 'w' }], empty: null },
    },
  });
});

test('yaml subset - what it does not read is refused with its line', () => {
  for (const [source, message] of [
    ['a:\n  b: |\n    text\n', /line 2/],
    ['a: {b: 1}\n', /line 1/],
    ['a: !tag x\n', /line 1/],
    ['---\na: 1\n', /line 1: several documents/],
    ['a: 1\na: 2\n', /line 2: duplicate key/],
    ['a: *missing\n', /unknown alias/],
    ['a: [1,\n  2]\n', /close on its line/],
    ['a:\n\tb: 1\n', /tab/],
  ] as const) {
    assert.throws(() => parseYaml(source), message, source);
  }
});
