// The typed REST client: openapi-fetch over the types generated from the edge's OpenAPI document
// (client/src/openapi-types.ts, `npm run client:types`), so a path, a parameter or a body the edge
// does not take is a compile error. Answers are `{ data }` on success or `{ error }` with the engine's
// `{ error: { code, message } }`; `response` is always there for status and headers.
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './openapi-types.js';

export type { components, operations, paths } from './openapi-types.js';

/** The body of every engine error answer (OAuth endpoints answer as RFC 6749 says instead). */
export type ApiError = components['schemas']['Error'];
export type ErrorCode = ApiError['error']['code'];

export interface RestClientOptions extends ClientOptions {
  /** the edge's address, e.g. `https://shop.example` (no trailing /api/v1: the paths carry it) */
  baseUrl: string;
  /** called before each request; its token goes in `Authorization: Bearer` unless the call sets its own */
  getToken?(): string | undefined | Promise<string | undefined>;
}

export type RestClient = Client<paths>;

export function createRestClient({ getToken, ...options }: RestClientOptions): RestClient {
  const client = createClient<paths>(options);
  if (getToken) {
    client.use({
      async onRequest({ request }) {
        if (request.headers.has('authorization')) return request;
        const token = await getToken();
        if (token) request.headers.set('authorization', `Bearer ${token}`);
        return request;
      },
    });
  }
  return client;
}
