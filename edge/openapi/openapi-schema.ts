// Request schemas are written for Ajv, whose JSONSchemaType<T> demands OpenAPI 3.0's `nullable: true` on
// every optional property; OpenAPI 3.1 (plain JSON Schema 2020-12) ignores `nullable`. The document therefore
// states them in 3.1 terms: `type: [T, 'null']`. Ajv accepts null exactly where the result does
// (test/ops/openapi-schemas.test.ts checks both compile to the same verdicts).
import type { JsonSchema } from './route-doc.js';

/** Keywords whose values are data, not schemas: never rewritten. */
const dataKeywords = new Set(['enum', 'const', 'default', 'examples', 'example']);

/** Ajv's reading of `nullable: true`: null is valid unless an `enum` leaves it out. */
function nullableType(schema: JsonSchema): JsonSchema {
  const { nullable, ...rest } = schema;
  if (nullable !== true) return rest;
  if (rest.type === undefined) throw new Error(`nullable without type: ${JSON.stringify(schema)}`);
  if (Array.isArray(rest.enum) && !rest.enum.includes(null)) return rest;
  const types = Array.isArray(rest.type) ? rest.type : [rest.type];
  return { ...rest, type: types.includes('null') ? types : [...types, 'null'] };
}

/** Keywords whose values map names (of properties, definitions) to schemas. */
const schemaMaps = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas']);

function mapValues(map: JsonSchema, f: (value: unknown) => unknown): JsonSchema {
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, f(value)]));
}

/** A copy of `schema` with every `nullable` turned into a JSON Schema type array. */
export function toOpenApi31<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map((item) => toOpenApi31(item)) as T;
  if (schema === null || typeof schema !== 'object') return schema;
  const walked = Object.fromEntries(Object.entries(schema as JsonSchema).map(([key, value]) => {
    if (dataKeywords.has(key)) return [key, value];
    if (schemaMaps.has(key) && value && typeof value === 'object') return [key, mapValues(value as JsonSchema, toOpenApi31)];
    return [key, toOpenApi31(value)];
  }));
  return ('nullable' in walked ? nullableType(walked) : walked) as T;
}
