// Counselling chat over REST: open a room, list my rooms with unread counts, page the history,
// mark read. Live messages go over /ws (chat.send, topic chat.<room>).
import { markRoomRead, openChatRoom, roomHistory } from '../../engine/chat/chat-rooms.js';
import { listRooms } from '../../engine/chat/chat-store.js';
import { decodeTimeIdCursor } from '../../engine/platform/db/keyset-page.js';
import { idPageQuery, pageLimit, withLegacyItems } from '../http/paging.js';
import { authenticate } from '../http/authenticate.js';
import type { EdgeContext } from '../edge-context.js';
import { bodyText, positiveId, route } from '../http/http-errors.js';
import { parseBody } from '../http/schemas.js';
import { validateNewChatRoom, validateReadMarker } from './chat-schemas.js';

export function chatRoutes({ config, server, db, verifier }: EdgeContext): void {
  const limit = config.http.restMaxBodyBytes;

  server.post('/api/v1/chat/rooms', route('chat_open_room', async (req, res) => {
    const principal = await authenticate(verifier, req.headers.authorization ?? '');
    const { room, created } = await openChatRoom(db, principal, parseBody(await bodyText(req, limit), validateNewChatRoom));
    res.status(created ? 201 : 200).json(room);
  }));

  server.get('/api/v1/chat/rooms', route('chat_list_rooms', async (req, res) => {
    const principal = await authenticate(verifier, req.headers.authorization ?? '');
    const { cursor, limit: pageSize } = req.query_parameters;
    res.json(withLegacyItems(await listRooms(db, principal.userId, pageLimit(pageSize), cursor ? decodeTimeIdCursor(cursor) : undefined), 'rooms'));
  }));

  server.get('/api/v1/chat/rooms/:id/messages', route('chat_messages', async (req, res) => {
    const principal = await authenticate(verifier, req.headers.authorization ?? '');
    const roomId = positiveId(req.path_parameters.id);
    const { limit: pageSize, before } = idPageQuery(req.query_parameters, config.push.chatPageSizeMax);
    const page = await roomHistory(db, principal, roomId, before, pageSize);
    // the pre-cursor body also said where the next page starts as an id (?before=)
    res.json({ ...withLegacyItems(page, 'messages'), nextBefore: page.next === null ? null : page.items[page.items.length - 1].id });
  }));

  server.post('/api/v1/chat/rooms/:id/read', route('chat_mark_read', async (req, res) => {
    const principal = await authenticate(verifier, req.headers.authorization ?? '');
    const roomId = positiveId(req.path_parameters.id);
    const { lastReadId } = parseBody(await bodyText(req, limit), validateReadMarker);
    res.json(await markRoomRead(db, principal, roomId, lastReadId));
  }));
}
