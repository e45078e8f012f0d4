// The OpenAPI document lists every route the edge registers and documents only error codes that the
// code can actually return (its 3.1 validity and schemas: test/ops/openapi-document.test.ts).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { projectRoot } from '../../../engine/platform/config.js';
import { ATTEMPT_ROUTE } from '../../../edge/sale/attempt-route.js';
import { openEdgeContext } from '../../../edge/edge-context.js';
import { edgeFeatures } from '../../../edge/features.js';
import { apiRoutes } from '../../../edge/openapi/api-routes.js';
import { createTestNamespace, type TestNamespace } from '../../support/test-namespace.js';

/** hyper-express route tables that are not HTTP operations */
const notOperations = new Set(['any', 'upgrade', 'ws', 'head', 'options', 'trace']);
const methodNames: Record<string, string> = { del: 'delete' };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') || path.endsWith('.lua') ? [path] : [];
  });
}

describe('openapi', () => {
  let ns: TestNamespace;
  let registered: string[] = [];

  before(async () => {
    ns = await createTestNamespace();
    const edge = await openEdgeContext(ns.config);
    for (const feature of edgeFeatures) await feature(edge.ctx);
    const routes = edge.ctx.server.routes as unknown as Record<string, Record<string, unknown>>;
    registered = Object.entries(routes)
      .filter(([method]) => !notOperations.has(method))
      .flatMap(([method, patterns]) => Object.keys(patterns).map((p) => `${methodNames[method] ?? method} ${p.replace(/:(\w+)/g, '{$1}')}`));
    registered.push(`post ${ATTEMPT_ROUTE.replace(/:(\w+)/g, '{$1}')}`); // raw uWS hot path
    await edge.close();
  });
  after(async () => {
    await ns?.cleanup();
  });

  it('openapi - every registered route is documented, and nothing else', () => {
    const documented = apiRoutes.map((r) => `${r.method} ${r.path}`);
    const missing = registered.filter((r) => !documented.includes(r));
    const stale = documented.filter((d) => !registered.includes(d));
    assert.deepEqual(missing, [], 'routes without documentation');
    assert.deepEqual(stale, [], 'documented routes that are not registered');
    assert.equal(new Set(documented).size, documented.length, 'each route documented once');
  });

  it('openapi - every documented error code is one the code can return', () => {
    const source = ['engine', 'edge', 'workers']
      .flatMap((dir) => sourceFiles(join(projectRoot, dir)))
      .filter((file) => !file.includes('/error-codes/') && !file.includes('/openapi/'))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    for (const route of apiRoutes) {
      for (const code of route.errors) assert.ok(source.includes(`'${code}'`), `${route.operationId}: ${code} is never raised`);
    }
  });
});
