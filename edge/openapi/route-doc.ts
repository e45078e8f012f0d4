// The shape of one documented route. Request schemas are the very objects the edge validates with.
import type { ErrorCode } from '../../engine/platform/errors.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type JsonSchema = Record<string, unknown>;

/** A database id in a path: what edge/http/http-errors.ts `positiveId` accepts (anything else is a 404). */
export const integerIdParam: JsonSchema = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, examples: [42] };
/** An order or reservation id. */
export const uuidParam: JsonSchema = { type: 'string', format: 'uuid', examples: ['0b6f1c9e-5d43-4a3e-9a53-3c0f2f6a8e11'] };

/** A documented response header. */
export interface HeaderDoc {
  description: string;
  schema: JsonSchema;
}

export interface RouteDoc {
  method: HttpMethod;
  /** OpenAPI path, `{param}` style */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  /** role or permission the route needs; omitted for public routes */
  auth?: string;
  /** path parameters that are not integer ids (`integerIdParam` is the default), by name */
  params?: Record<string, JsonSchema>;
  headers?: { name: string; required: boolean; schema: JsonSchema; description: string }[];
  query?: { name: string; required?: boolean; schema: JsonSchema }[];
  body?: JsonSchema;
  /** an example body, shown by the viewer */
  bodyExample?: unknown;
  /** content types of the body when not only JSON */
  bodyTypes?: string[];
  responses: Record<number, ResponseDoc>;
  errors: ErrorCode[];
  /**
   * How errors are answered: `json` (default) `{ error: { code, message } }`; `oauth` RFC 6749 §5.2
   * `{ error, error_description }` (standard OAuth clients parse it); `html` a page for a person.
   */
  errorFormat?: 'json' | 'oauth' | 'html';
}

/** One success answer. Every 2xx but 204 has a schema; a redirect has a Location header. */
export interface ResponseDoc {
  description: string;
  schema?: JsonSchema;
  contentType?: string;
  headers?: Record<string, HeaderDoc>;
  example?: unknown;
}
