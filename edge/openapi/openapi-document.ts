// Builds the OpenAPI 3.1 document from the route docs, whose request schemas are the ones the edge
// validates with. Every error answer shares one schema; each route lists the codes it can return.
import { errorStatus, type ErrorCode } from '../../engine/platform/errors.js';
import { integerIdParam, type ResponseDoc, type RouteDoc } from './route-doc.js';
import { apiRoutes, apiSchemas } from './api-routes.js';
import { toOpenApi31 } from './openapi-schema.js';

const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string', enum: Object.keys(errorStatus) },
        message: { type: 'string' },
        requestId: { type: 'string', description: 'the X-Request-Id of this answer' },
      },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
  examples: [{ error: { code: 'SOLD_OUT', message: 'the sale is sold out' } }],
};

const oauthErrorSchema = {
  type: 'object',
  description: 'RFC 6749 §5.2',
  properties: {
    error: { type: 'string', enum: ['invalid_request', 'invalid_client', 'invalid_grant', 'invalid_scope', 'unsupported_grant_type', 'temporarily_unavailable', 'server_error'] },
    error_description: { type: 'string' },
  },
  required: ['error'],
};

function content(schema: object | undefined, type = 'application/json', example?: unknown) {
  return schema ? { content: { [type]: { schema: toOpenApi31(schema), ...(example === undefined ? {} : { example }) } } } : {};
}

function success(r: ResponseDoc, conventions: Record<string, object>): object {
  const own = r.headers && Object.fromEntries(Object.entries(r.headers).map(([name, h]) => [name, { description: h.description, schema: toOpenApi31(h.schema) }]));
  return { description: r.description, headers: { ...conventions, ...own }, ...content(r.schema, r.contentType, r.example) };
}

const errorContent = {
  json: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  oauth: { 'application/json': { schema: { $ref: '#/components/schemas/OAuthError' } } },
  html: { 'text/html': { schema: { type: 'string' } } },
};

/** Headers of every answer, and of 429 and 503 answers (docs/http.md). */
const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });
const answerHeaders = Object.fromEntries(['X-Request-Id', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy'].map((h) => [h, headerRef(h)]));
const retryHeaders = { ...answerHeaders, 'Retry-After': headerRef('Retry-After') };
const conventionHeaders = {
  'X-Request-Id': { description: 'the caller\'s X-Request-Id when 1-128 of [A-Za-z0-9._:@+=/-], else one the edge made', schema: { type: 'string', maxLength: 128 } },
  'Retry-After': { description: 'seconds to wait before retrying (every 429 and 503)', schema: { type: 'integer', minimum: 1 } },
  'RateLimit-Limit': { description: 'requests per window of the tighter edge limit (per client IP, per user); absent when no limit applies', schema: { type: 'integer' } },
  'RateLimit-Remaining': { description: 'requests left in the current window', schema: { type: 'integer', minimum: 0 } },
  'RateLimit-Reset': { description: 'seconds until the window ends', schema: { type: 'integer' } },
  'RateLimit-Policy': { description: '`<limit>;w=<window seconds>`', schema: { type: 'string' } },
};

function errorResponses(codes: ErrorCode[], format: keyof typeof errorContent): Record<string, object> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(errorStatus[code], [...(byStatus.get(errorStatus[code]) ?? []), code]);
  return Object.fromEntries([...byStatus].map(([status, list]) => [
    String(status),
    { description: list.join(', '), headers: status === 429 || status === 503 ? retryHeaders : answerHeaders, content: errorContent[format] },
  ]));
}

/**
 * Answers of the middlewares in front of every route (edge/ops/ops-routes.ts): the body cap, found by the
 * hostile-input fuzzer on GET routes sent a large body, and the per-IP / per-user limits.
 */
const everyRoute: ErrorCode[] = ['PAYLOAD_TOO_LARGE', 'RATE_LIMITED'];

function errorCodes(doc: RouteDoc): ErrorCode[] {
  return [...doc.errors, ...everyRoute.filter((code) => !doc.errors.includes(code))];
}

function operation(doc: RouteDoc): object {
  const pathParams = [...doc.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: doc.params?.[m[1]] ?? integerIdParam }));
  const headers = (doc.headers ?? []).map((h) => ({ name: h.name, in: 'header', required: h.required, description: h.description, schema: toOpenApi31(h.schema) }));
  const query = (doc.query ?? []).map((q) => ({ name: q.name, in: 'query', required: q.required ?? false, schema: toOpenApi31(q.schema) }));
  const answers = Object.fromEntries(Object.entries(doc.responses).map(([status, r]) => [status, success(r, Number(status) === 503 ? retryHeaders : answerHeaders)]));
  const body = doc.body && toOpenApi31(doc.body);
  const example = doc.bodyExample === undefined ? {} : { example: doc.bodyExample };
  const format = doc.errorFormat ?? 'json';
  const bodyTypes = doc.bodyTypes ?? ['application/json'];
  return {
    operationId: doc.operationId,
    summary: doc.summary,
    tags: [doc.tag],
    ...(doc.auth ? { security: [{ bearer: [] }], description: `Requires: ${doc.auth}` } : {}),
    parameters: [...pathParams, ...headers, ...query, { $ref: '#/components/parameters/XRequestId' }],
    ...(body ? { requestBody: { required: true, content: Object.fromEntries(bodyTypes.map((t) => [t, { schema: body, ...example }])) } } : {}),
    // documented answers (an HTML page's 400, say) stand; the codes only add the statuses not yet listed
    responses: { ...errorResponses(errorCodes(doc), format), ...answers },
    'x-error-codes': errorCodes(doc),
    'x-error-format': format,
  };
}

export function openApiDocument(): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const doc of apiRoutes) (paths[doc.path] ??= {})[doc.method] = operation(doc);
  return {
    openapi: '3.1.0',
    info: { title: 'Gopang engine API', version: '1.0.0', description: 'Errors are {"error":{"code","message"}} with a stable code; the OAuth endpoints answer as RFC 6749 says (x-error-format).' },
    // relative: the document describes the edge that serves it, whatever its host and scheme
    servers: [{ url: '/', description: 'the edge serving this document' }],
    paths,
    components: {
      schemas: { Error: errorSchema, OAuthError: oauthErrorSchema, ...toOpenApi31(apiSchemas) },
      headers: conventionHeaders,
      parameters: {
        XRequestId: { name: 'X-Request-Id', in: 'header', required: false, description: 'echoed back; kept when 1-128 safe characters', schema: { type: 'string', maxLength: 128 } },
      },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT (ES256)' } },
    },
  };
}
