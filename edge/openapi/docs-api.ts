// Documentation of the API reference viewer (edge/openapi/docs-viewer.ts).
import { DOCS_PATH, docsAssets } from './docs-viewer.js';
import type { HeaderDoc, RouteDoc } from './route-doc.js';

const cached: Record<string, HeaderDoc> = {
  ETag: { description: 'strong; send it back in If-None-Match for a 304', schema: { type: 'string' } },
  'Cache-Control': { description: 'public, with a max-age', schema: { type: 'string' } },
};
const conditional: RouteDoc['headers'] = [{ name: 'If-None-Match', required: false, schema: { type: 'string' }, description: 'the ETag of your copy: 304 while it is current' }];
const notModified = { 304: { description: 'your copy is current', headers: cached } };

export const docsApi: RouteDoc[] = [
  {
    method: 'get', path: DOCS_PATH, operationId: 'docsViewer', tag: 'operations',
    summary: 'This document in a browser (Swagger UI, served by the edge itself)', headers: conditional,
    responses: { 200: { description: 'the viewer page', contentType: 'text/html', schema: { type: 'string' }, headers: cached }, ...notModified },
    errors: [],
  },
  {
    method: 'get', path: `${DOCS_PATH}/{asset}`, operationId: 'docsAsset', tag: 'operations',
    params: { asset: { type: 'string', enum: Object.keys(docsAssets) } },
    summary: 'A script, style sheet or icon of the viewer page', headers: conditional,
    responses: { 200: { description: 'the file (text/css, text/javascript or image/png)', contentType: '*/*', schema: { type: 'string', format: 'binary' }, headers: cached }, ...notModified },
    errors: ['NOT_FOUND'],
  },
];
