// Password change and reset over REST; the auth module does the work (engine/auth/account-service.ts,
// engine/auth/password-reset.ts). A reset request answers 202 alike for every address.
import type { AuthClient } from '../../engine/auth/auth-client.js';
import { authenticate } from '../http/authenticate.js';
import type { EdgeContext } from '../edge-context.js';
import { bodyText, route } from '../http/http-errors.js';
import { parseBody } from '../http/schemas.js';
import { validatePasswordChange, validatePasswordResetConfirm, validatePasswordResetRequest } from './auth-schemas.js';

/** The one answer to every reset request that passes the per-IP limit. */
const resetAccepted = { status: 'ACCEPTED', message: 'if an account has this e-mail address, a reset token is on its way to it' } as const;

export function registerPasswordRoutes(ctx: EdgeContext, auth: AuthClient): void {
  const { config, server, verifier } = ctx;
  const limit = config.http.restMaxBodyBytes;

  server.post('/api/v1/auth/password', route('auth_password_change', async (req, res) => {
    const { userId, sessionId } = await authenticate(verifier, req.headers.authorization ?? '');
    const body = parseBody(await bodyText(req, limit), validatePasswordChange);
    res.json(await auth.call('changePassword', { userId, ...(sessionId === undefined ? {} : { sessionId }), ...body, ip: req.ip }));
  }));

  server.post('/api/v1/auth/password-reset', route('auth_password_reset', async (req, res) => {
    const { email } = parseBody(await bodyText(req, limit), validatePasswordResetRequest);
    await auth.call('requestPasswordReset', { email, ip: req.ip });
    res.status(202).header('cache-control', 'no-store', true).json(resetAccepted);
  }));

  server.post('/api/v1/auth/password-reset/confirm', route('auth_password_reset_confirm', async (req, res) => {
    const body = parseBody(await bodyText(req, limit), validatePasswordResetConfirm);
    res.header('cache-control', 'no-store', true).json(await auth.call('confirmPasswordReset', body));
  }));
}
