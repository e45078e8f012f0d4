// Counselling chat over REST: open a room, list my rooms with unread counts, page the history,
// mark read. Live messages go over /ws (chat.send, topic chat.<room>).
import { markRoomRead, openChatRoom, roomHistory } from '../../engine/chat/chat-rooms.js';
import { listRooms } from '../../engine/chat/chat-store.js';
import { EngineError } from '../../engine/platform/errors.js';
import { authenticate } from '../http/authenticate.js';
import type { EdgeContext } from '../edge-context.js';
import { bodyText, positiveId, route } from '../http/http-errors.js';
import { parseBody } from '../http/schemas.js';
import { validateNewChatRoom, validateReadMarker } from './chat-schemas.js';

const DEFAULT_PAGE_SIZE = 50;

/** An optional positive integer query parameter; anything else is INVALID_INPUT. */
function optionalPositive(name: string, text: string | undefined, max: number): number | undefined {
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1 || value > max) throw new EngineError('INVALID_INPUT', `${name} must be an integer from 1 to ${max}`);
  return value;
}

export function chatRoutes({ config, server, db, verifier }: EdgeContext): void {
  const limit = config.http.restMaxBodyBytes;

  server.post('/api/v1/chat/rooms', route('chat_open_room', async (req, res) => {
    const principal = await authenticate(verifier, req.headers.authorization ?? '');
    const { room, created } = await openChatRoom(db, principal, parseBody(await bodyText(req, limit), validateNewChatRoom));
    res.status(created ? 201 : 200).json(room);
  }));

  server.get('/api/v1/chat/rooms', route('chat_list_rooms', async (req, res) => {
    const principal = await authenticate(verifier, req.headers.authorization ?? '');
    res.json({ rooms: await listRooms(db, principal.userId) });
  }));

  server.get('/api/v1/chat/rooms/:id/messages', route('chat_messages', async (req, res) => {
    const principal = await authenticate(verifier, req.headers.authorization ?? '');
    const roomId = positiveId(req.path_parameters.id);
    const before = optionalPositive('before', req.query_parameters.before, Number.MAX_SAFE_INTEGER);
    const pageSize = optionalPositive('limit', req.query_parameters.limit, config.push.chatPageSizeMax) ?? Math.min(DEFAULT_PAGE_SIZE, config.push.chatPageSizeMax);
    // the client passes nextBefore as ?before=
    res.json(await roomHistory(db, principal, roomId, before, pageSize));
  }));

  server.post('/api/v1/chat/rooms/:id/read', route('chat_mark_read', async (req, res) => {
    const principal = await authenticate(verifier, req.headers.authorization ?? '');
    const roomId = positiveId(req.path_parameters.id);
    const { lastReadId } = parseBody(await bodyText(req, limit), validateReadMarker);
    res.json(await markRoomRead(db, principal, roomId, lastReadId));
  }));
}
