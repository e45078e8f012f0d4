// Broadcasts from the auth module that an edge acts on: a key rotation (reload the JWKS now rather
// than at the next background refresh), revoked sessions and deleted accounts (refuse their access
// tokens here until they would have expired anyway, and close the WebSockets authenticated with them;
// best effort, an edge started later does not know).
import type { Msg } from '@nats-io/transport-node';
import { accountDeletedSubject, jwksChangedSubject, sessionsRevokedSubject } from '../../engine/auth/auth-subjects.js';
import { log } from '../../engine/platform/log.js';
import type { EdgeContext } from '../edge-context.js';

function jsonOf(msg: Msg, what: string): unknown {
  try {
    return msg.json();
  } catch {
    log('warn', `ignored a malformed ${what}`);
    return undefined;
  }
}

export function subscribeAuthEvents(ctx: EdgeContext): void {
  const { config, nc, verifier } = ctx;
  /** the latest a token issued before now can still pass */
  const tokensOutlive = () => Date.now() / 1000 + config.auth.accessTokenTtlSec + config.jwt.clockToleranceSec;
  const keyEvents = nc.subscribe(jwksChangedSubject(config.namespace), { callback: () => void verifier.refresh() });
  const revocations = nc.subscribe(sessionsRevokedSubject(config.namespace), {
    callback: (err, msg) => {
      const ids = err ? undefined : jsonOf(msg, 'session revocation');
      if (Array.isArray(ids)) for (const id of ids) if (typeof id === 'string') verifier.revokeSession(id, tokensOutlive());
    },
  });
  const deletions = nc.subscribe(accountDeletedSubject(config.namespace), {
    callback: (err, msg) => {
      const userId = (err ? undefined : (jsonOf(msg, 'account deletion') as { userId?: unknown } | null))?.userId;
      if (Number.isSafeInteger(userId) && (userId as number) > 0) verifier.revokeUser(userId as number, tokensOutlive());
    },
  });
  ctx.onStop(() => {
    keyEvents.unsubscribe();
    revocations.unsubscribe();
    deletions.unsubscribe();
  });
}
