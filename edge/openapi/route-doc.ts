// The shape of one documented route. Request schemas are the very objects the edge validates with.
import type { ErrorCode } from '../../engine/platform/errors.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type JsonSchema = Record<string, unknown>;

export interface RouteDoc {
  method: HttpMethod;
  /** OpenAPI path, `{param}` style */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  /** role or permission the route needs; omitted for public routes */
  auth?: string;
  headers?: { name: string; required: boolean; schema: JsonSchema; description: string }[];
  query?: { name: string; required?: boolean; schema: JsonSchema }[];
  body?: JsonSchema;
  /** content types of the body when not only JSON */
  bodyTypes?: string[];
  responses: Record<number, { description: string; schema?: JsonSchema; contentType?: string }>;
  errors: ErrorCode[];
  /**
   * How errors are answered: `json` (default) `{ error: { code, message } }`; `oauth` RFC 6749 §5.2
   * `{ error, error_description }` (standard OAuth clients parse it); `html` a page for a person.
   */
  errorFormat?: 'json' | 'oauth' | 'html';
}
