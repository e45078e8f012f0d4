// The push feature of the edge: the /ws endpoint, the admin broadcast and the counselling chat REST routes.
import { chatRoutes } from '../chat/chat-routes.js';
import type { EdgeContext } from '../edge-context.js';
import { broadcastRoutes } from './broadcast-routes.js';
import { wsPush } from './ws-push.js';

export function pushFeature(ctx: EdgeContext): void {
  wsPush(ctx);
  broadcastRoutes(ctx);
  chatRoutes(ctx);
}
