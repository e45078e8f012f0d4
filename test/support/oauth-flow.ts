// Helpers for OAuth tests: register a client as an admin, and play the browser at the login form with
// plain fetch (GET the page, read its hidden fields and CSRF cookie, POST the form, read the redirect).
import type { NewOAuthClient } from '../../engine/auth/auth-wire.js';
import type { FlashSaleFixture } from './flash-sale-fixture.js';
import { bearer } from './http-client.js';

export interface RegisteredClient {
  clientId: string;
  clientSecret?: string;
}

export async function registerOAuthClient(fx: FlashSaleFixture, client: NewOAuthClient): Promise<RegisteredClient> {
  const admin = await fx.token(1, 'admin');
  const answer = await fx.http.send('POST', '/api/v1/admin/oauth-clients', {
    headers: { ...bearer(admin), 'content-type': 'application/json' },
    body: JSON.stringify(client),
  });
  if (answer.status !== 201) throw new Error(`register client: ${answer.status} ${answer.text}`);
  return answer.json();
}

export interface FormPage {
  status: number;
  html: string;
  /** hidden inputs of the form, by name */
  hidden: Record<string, string>;
  /** `name=value` of the cookies the page set */
  cookies: Record<string, string>;
}

/** Cookies a response sets, as `name=value` (an empty value means "cleared"). */
export function setCookies(res: Response): Record<string, string> {
  return Object.fromEntries(res.headers.getSetCookie().map((c) => {
    const pair = c.split(';')[0]!;
    return [pair.slice(0, pair.indexOf('=')), pair];
  }));
}

export async function openLoginPage(url: URL | string, cookie?: string): Promise<FormPage> {
  const res = await fetch(url, { redirect: 'manual', headers: cookie === undefined ? {} : { cookie } });
  const html = await res.text();
  const hidden = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]));
  return { status: res.status, html, hidden, cookies: setCookies(res) };
}

export interface FormAnswer {
  status: number;
  location: string | null;
  html: string;
  cookies: Record<string, string>;
}

export async function postLoginForm(base: string, fields: Record<string, string>, cookie?: string): Promise<FormAnswer> {
  const res = await fetch(new URL('/oauth/authorize', base), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie === undefined ? {} : { cookie }) },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, location: res.headers.get('location'), html: await res.text(), cookies: setCookies(res) };
}

/** The whole browser part: the page, then the form posted with its hidden fields and CSRF cookie. */
export async function signInThroughForm(base: string, authorizationUrl: URL, email: string, password: string): Promise<FormAnswer> {
  const page = await openLoginPage(authorizationUrl);
  if (page.status !== 200) throw new Error(`login page: ${page.status} ${page.html}`);
  return postLoginForm(base, { ...page.hidden, email, password }, page.cookies.gopang_csrf);
}
