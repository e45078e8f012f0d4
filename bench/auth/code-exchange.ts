// Authorization codes exchanged per second at POST /oauth/token (PKCE checked, family started, access
// token + id_token signed), against the real edge and auth module. Codes are minted beforehand through
// the SSO cookie (no scrypt in the measured part); each worker exchanges its own user's codes one after
// another, so the single-session revocation never waits on another worker's row locks.
import { createHash, randomBytes } from 'node:crypto';
import type { FlashSaleFixture } from '../../test/support/flash-sale-fixture.js';
import { AuthApi, STRONG_PASSWORD } from '../../test/support/auth-api.js';
import { registerOAuthClient, signInThroughForm } from '../../test/support/oauth-flow.js';

const REDIRECT = 'http://127.0.0.1:9/bench';

export interface CodeExchangeFigures {
  exchanges: number;
  concurrency: number;
  seconds: number;
  perSec: number;
  failures: number;
}

interface PendingCode {
  code: string;
  verifier: string;
}

export async function codeExchangeRate(fx: FlashSaleFixture, perWorker: number, concurrency: number): Promise<CodeExchangeFigures> {
  const base = fx.ns.config.publicUrl;
  const client = await registerOAuthClient(fx, { name: 'bench', type: 'public', redirectUris: [REDIRECT], scopes: ['openid', 'email', 'offline_access'] });
  const api = new AuthApi(fx.http);
  const authorizeUrl = (challenge: string) => {
    const url = new URL('/oauth/authorize', base);
    url.search = new URLSearchParams({
      response_type: 'code', client_id: client.clientId, redirect_uri: REDIRECT, scope: 'openid email offline_access',
      code_challenge: challenge, code_challenge_method: 'S256',
    }).toString();
    return url;
  };
  const pkce = () => {
    const verifier = randomBytes(32).toString('base64url');
    return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
  };

  // one user per worker, signed in once through the form; then codes through its SSO cookie. Workers
  // sign up one after another: each costs two scrypt computations at the production cost, and all of
  // them at once would outlast the edge's AUTH_REQUEST_TIMEOUT_MS on a small machine's hashing pool
  const workerCodes = async (worker: number): Promise<PendingCode[]> => {
    const email = `codes${worker}.${Date.now()}@bench.example.com`;
    const registered = await api.registerBuyer(email);
    if (registered.status !== 201) throw new Error(`register: ${registered.status} ${registered.text}`);
    const first = pkce();
    const signedIn = await signInThroughForm(base, authorizeUrl(first.challenge), email, STRONG_PASSWORD);
    const sso = signedIn.cookies.gopang_sso;
    if (signedIn.status !== 302 || sso === undefined) throw new Error(`sign-in: ${signedIn.status}`);
    const codes: PendingCode[] = [];
    for (let i = 0; i < perWorker; i++) {
      const { verifier, challenge } = pkce();
      const res = await fetch(authorizeUrl(challenge), { redirect: 'manual', headers: { cookie: sso } });
      codes.push({ code: new URL(res.headers.get('location')!).searchParams.get('code')!, verifier });
    }
    return codes;
  };
  const queues: PendingCode[][] = [];
  for (let worker = 0; worker < concurrency; worker++) queues.push(await workerCodes(worker));

  let failures = 0;
  const started = performance.now();
  await Promise.all(queues.map(async (codes) => {
    for (const { code, verifier } of codes) {
      const res = await fetch(new URL('/oauth/token', base), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: REDIRECT, client_id: client.clientId }),
      });
      await res.arrayBuffer();
      if (res.status !== 200) failures++;
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  const exchanges = perWorker * concurrency;
  return { exchanges, concurrency, seconds, perSec: exchanges / seconds, failures };
}
