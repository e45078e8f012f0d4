// POST /api/v1/admin/broadcasts: an admin's message to every client holding the `broadcast` topic.
import { publishBroadcast } from '../../engine/push/broadcast.js';
import { authenticate } from '../http/authenticate.js';
import type { EdgeContext } from '../edge-context.js';
import { bodyText, route } from '../http/http-errors.js';
import { parseBody } from '../http/schemas.js';
import { validateNewBroadcast } from './push-schemas.js';

export function broadcastRoutes({ config, server, nc, verifier }: EdgeContext): void {
  server.post('/api/v1/admin/broadcasts', route('send_broadcast', async (req, res) => {
    await authenticate(verifier, req.headers.authorization ?? '', 'admin');
    const { message } = parseBody(await bodyText(req, config.http.restMaxBodyBytes), validateNewBroadcast);
    // 202: handed to NATS; delivery to clients is at most once and not awaited
    res.status(202).json(publishBroadcast(nc, config.namespace, message));
  }));
}
