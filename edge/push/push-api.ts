// Documentation of the push REST route (the /ws protocol itself is described in docs/push.md).
import type { JsonSchema, RouteDoc } from '../openapi/route-doc.js';
import { newBroadcastSchema } from './push-schemas.js';

const sentSchema: JsonSchema = {
  type: 'object',
  properties: { sentAt: { type: 'string', format: 'date-time', description: 'when it was published; also the `sentAt` of the pushed event' } },
  required: ['sentAt'],
};

export const pushApi: RouteDoc[] = [
  {
    method: 'post', path: '/api/v1/admin/broadcasts', operationId: 'sendBroadcast', tag: 'push', auth: 'admin',
    summary: 'Publish `{type:"broadcast", message, sentAt}` on the `broadcast` topic to every client holding it, on every edge',
    body: newBroadcastSchema,
    responses: { 202: { description: 'published (delivery to clients is at most once)', schema: sentSchema } },
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'MALFORMED_JSON', 'INVALID_INPUT', 'PAYLOAD_TOO_LARGE'],
  },
];
