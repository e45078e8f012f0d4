// The edge's side of the auth module: one NATS request per operation with a short timeout.
// No answer (auth down, overloaded, partitioned) is AUTH_UNAVAILABLE: only these operations fail,
// every token keeps verifying locally.
import type { NatsConnection } from '@nats-io/transport-node';
import { EngineError } from '../platform/errors.js';
import { log } from '../platform/log.js';
import { authRequestSubject, type AuthOperation } from './auth-subjects.js';
import type { AuthReplies, AuthReply, AuthRequests } from './auth-wire.js';

export class AuthClient {
  constructor(
    private readonly nc: NatsConnection,
    private readonly namespace: string,
    private readonly timeoutMs: number,
  ) {}

  async call<Op extends AuthOperation>(op: Op, request: AuthRequests[Op]): Promise<AuthReplies[Op]> {
    let reply: AuthReply<Op>;
    try {
      const msg = await this.nc.request(authRequestSubject(this.namespace, op), JSON.stringify(request), { timeout: this.timeoutMs });
      reply = msg.json<AuthReply<Op>>();
    } catch (err) {
      log('warn', 'auth module did not answer', { op, reason: err instanceof Error ? err.name : 'unknown' });
      throw new EngineError('AUTH_UNAVAILABLE', 'the auth service is unavailable; signed-in sessions keep working', { cause: err });
    }
    if (!reply.ok) throw new EngineError(reply.code, reply.message, { retryAfterSec: reply.retryAfterSec });
    return reply.value;
  }
}
