// The layers stay layered: edge and workers import engine, never each other; engine imports neither;
// no import cycle between domains (engine/<domain>/, edge/<domain>/, workers/<domain>/). Read from the
// .ts sources, so `import type` counts too. Shared machinery and entry files are no domain.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { projectRoot } from '../../engine/platform/config.js';

const LAYERS = ['engine', 'edge', 'workers'] as const;
type Layer = (typeof LAYERS)[number];

/** What each layer may import from the others (packages are not checked). */
const mayImport: Record<Layer, Layer[]> = { engine: ['engine'], edge: ['edge', 'engine'], workers: ['workers', 'engine'] };

/** Shared by every domain of their layer: they sit outside the cycle check. */
const PLATFORM = new Set(['engine/platform', 'edge/http', 'edge/openapi', 'workers/partitions']);

/** Project-relative file (posix) -> project-relative files it imports. */
type ImportGraph = Map<string, string[]>;

function sourceGraph(): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const layer of LAYERS) {
    for (const entry of readdirSync(join(projectRoot, layer), { recursive: true, encoding: 'utf8' })) {
      if (!entry.endsWith('.ts') || entry.endsWith('.d.ts')) continue;
      const file = posix.join(layer, entry.split('\\').join('/'));
      const { importedFiles } = ts.preProcessFile(readFileSync(join(projectRoot, file), 'utf8'), true, true);
      graph.set(file, importedFiles
        .map((i) => i.fileName)
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => posix.join(posix.dirname(file), spec).replace(/\.js$/, '.ts')));
    }
  }
  return graph;
}

const layerOf = (file: string): string => file.split('/')[0];

/** `edge/sale` for edge/sale/attempt-route.ts; undefined for platform, root and entry files. */
function domainOf(file: string): string | undefined {
  const parts = file.split('/');
  if (parts.length < 3 || /(^|-)main\.ts$/.test(parts[parts.length - 1])) return undefined;
  const domain = `${parts[0]}/${parts[1]}`;
  return PLATFORM.has(domain) ? undefined : domain;
}

function layerViolations(graph: ImportGraph): string[] {
  const found: string[] = [];
  for (const [from, imports] of graph) {
    const allowed: string[] = mayImport[layerOf(from) as Layer];
    for (const to of imports) if (!allowed.includes(layerOf(to))) found.push(`${from} imports ${to}`);
  }
  return found;
}

/** Every cycle between domains, as the domains of one strongly connected component, each with one import that ties it in. */
function domainCycles(graph: ImportGraph): string[] {
  const edges = new Map<string, Map<string, string>>(); // domain -> domain -> an example import
  for (const [from, imports] of graph) {
    for (const to of imports) {
      const a = domainOf(from);
      const b = domainOf(to);
      if (!a || !b || a === b) continue;
      if (!edges.has(a)) edges.set(a, new Map());
      if (!edges.get(a)!.has(b)) edges.get(a)!.set(b, `${from} -> ${to}`);
    }
  }
  // Tarjan's strongly connected components
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    for (let w = ''; w !== v; ) component.push((w = stack.pop()!));
    if (component.length === 1) return;
    const inside = new Set(component);
    const ties = component.flatMap((a) => [...(edges.get(a) ?? [])].filter(([b]) => inside.has(b)).map(([, example]) => example));
    cycles.push(`${component.sort().join(' <-> ')}: ${ties.sort().join('; ')}`);
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

test('layout - edge and workers import engine, never each other; engine imports neither', () => {
  assert.deepEqual(layerViolations(sourceGraph()), []);
});

test('layout - no import cycle between domains', () => {
  assert.deepEqual(domainCycles(sourceGraph()), []);
});

test('layout - the layer check catches an import across each forbidden edge', () => {
  const graph: ImportGraph = new Map([
    ['edge/sale/attempt-route.ts', ['engine/sale/admission.ts', 'workers/sale/ticket-writer.ts', 'edge/http/schemas.ts']],
    ['workers/reservation/reservation-actor.ts', ['engine/reservation/reservation-store.ts', 'edge/reservation/reservation-routes.ts']],
    ['engine/sale/admission.ts', ['engine/platform/errors.ts', 'workers/sale/ticket-completion.ts']],
    ['engine/orders/order-stock.ts', ['edge/orders/order-schemas.ts']],
  ]);
  assert.deepEqual(layerViolations(graph), [
    'edge/sale/attempt-route.ts imports workers/sale/ticket-writer.ts',
    'workers/reservation/reservation-actor.ts imports edge/reservation/reservation-routes.ts',
    'engine/sale/admission.ts imports workers/sale/ticket-completion.ts',
    'engine/orders/order-stock.ts imports edge/orders/order-schemas.ts',
  ]);
});

test('layout - the cycle check catches a cycle between domains and spares platform and entry files', () => {
  const graph: ImportGraph = new Map([
    ['engine/catalog/item-create.ts', ['engine/reservation/inventory-counters.ts']],
    ['engine/reservation/inventory-counters.ts', ['engine/catalog/catalog-types.ts']],
    // through platform and an entry file: no domain cycle
    ['engine/platform/errors.ts', ['engine/sale/admission.ts']],
    ['engine/sale/admission.ts', ['engine/platform/errors.ts']],
    ['engine/auth/main.ts', ['engine/chat/chat-store.ts']],
    ['engine/chat/chat-store.ts', ['engine/auth/main.ts']],
  ]);
  assert.deepEqual(domainCycles(graph), [
    'engine/catalog <-> engine/reservation: engine/catalog/item-create.ts -> engine/reservation/inventory-counters.ts; '
      + 'engine/reservation/inventory-counters.ts -> engine/catalog/catalog-types.ts',
  ]);
});
