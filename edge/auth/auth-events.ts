// Broadcasts from the auth module that an edge acts on: a key rotation (reload the JWKS now rather
// than at the next background refresh) and revoked sessions (refuse their access tokens here until
// they would have expired anyway; best effort, an edge started later does not know).
import { jwksChangedSubject, sessionsRevokedSubject } from '../../engine/auth/auth-subjects.js';
import { log } from '../../engine/platform/log.js';
import type { EdgeContext } from '../edge-context.js';

export function subscribeAuthEvents(ctx: EdgeContext): void {
  const { config, nc, verifier } = ctx;
  const keyEvents = nc.subscribe(jwksChangedSubject(config.namespace), { callback: () => void verifier.refresh() });
  const revocations = nc.subscribe(sessionsRevokedSubject(config.namespace), {
    callback: (err, msg) => {
      if (err) return;
      let ids: unknown;
      try {
        ids = msg.json();
      } catch {
        return log('warn', 'ignored a malformed session revocation');
      }
      const until = Date.now() / 1000 + config.auth.accessTokenTtlSec + config.jwt.clockToleranceSec;
      if (Array.isArray(ids)) for (const id of ids) if (typeof id === 'string') verifier.revokeSession(id, until);
    },
  });
  ctx.onStop(() => {
    keyEvents.unsubscribe();
    revocations.unsubscribe();
  });
}
