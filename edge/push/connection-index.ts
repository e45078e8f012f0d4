// The open connections of this edge, also found by the login session and the user their token speaks
// for: a revocation closes exactly its connections without scanning all of them (revocations come at
// the login rate, with the single-session policy).
import type { Connection } from './connection.js';

function addTo<K>(groups: Map<K, Set<Connection>>, key: K, ws: Connection): void {
  let group = groups.get(key);
  if (!group) groups.set(key, (group = new Set()));
  group.add(ws);
}

function removeFrom<K>(groups: Map<K, Set<Connection>>, key: K, ws: Connection): void {
  const group = groups.get(key);
  if (group?.delete(ws) && group.size === 0) groups.delete(key);
}

const NONE: ReadonlySet<Connection> = new Set();

export class ConnectionIndex {
  private readonly all = new Set<Connection>();
  private readonly bySession = new Map<string, Set<Connection>>();
  private readonly byUser = new Map<number, Set<Connection>>();

  add(ws: Connection): void {
    const { userId, sessionId } = ws.getUserData();
    this.all.add(ws);
    addTo(this.byUser, userId, ws);
    if (sessionId !== undefined) addTo(this.bySession, sessionId, ws);
  }

  delete(ws: Connection): void {
    const { userId, sessionId } = ws.getUserData();
    this.all.delete(ws);
    removeFrom(this.byUser, userId, ws);
    if (sessionId !== undefined) removeFrom(this.bySession, sessionId, ws);
  }

  /** Set iteration: closing a connection on the way (which deletes it here) is safe. */
  [Symbol.iterator](): IterableIterator<Connection> {
    return this.all.values();
  }

  ofSession(sessionId: string): ReadonlySet<Connection> {
    return this.bySession.get(sessionId) ?? NONE;
  }

  ofUser(userId: number): ReadonlySet<Connection> {
    return this.byUser.get(userId) ?? NONE;
  }
}
