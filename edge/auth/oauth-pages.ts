// The HTML of the authorization endpoint: the login form (a plain `<form method="post">` with `email`,
// `password` and the hidden request id and CSRF token) and the error page. Every value is escaped; the
// headers forbid framing (clickjacking), scripts and referrers.
import type HyperExpress from 'hyper-express';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => escapes[c]!);

const scopeWords: Record<string, string> = {
  openid: 'who you are', profile: 'your name', email: 'your email address', offline_access: 'staying signed in',
};

const STYLE = `body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center}
main{background:#fff;padding:2rem 2.5rem;border-radius:12px;box-shadow:0 2px 12px #0002;width:20rem}
h1{font-size:1.3rem;margin:0 0 .3rem}p{color:#555;font-size:.9rem}label{display:block;margin:.8rem 0 .2rem;font-size:.9rem}
input[type=email],input[type=password]{width:100%;box-sizing:border-box;padding:.55rem;border:1px solid #bbb;border-radius:6px;font-size:1rem}
button{margin-top:1.2rem;width:100%;padding:.65rem;border:0;border-radius:6px;background:#e52528;color:#fff;font-size:1rem;cursor:pointer}
.error{color:#b00020;background:#fde7e9;padding:.5rem;border-radius:6px}`;

function page(title: string, body: string): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>\n`;
}

export interface LoginFormView {
  requestId: string;
  csrfToken: string;
  clientName: string;
  scopes: string[];
  error?: string;
  email?: string;
}

export function loginPage(view: LoginFormView): string {
  const asks = view.scopes.map((s) => scopeWords[s]).filter((w) => w !== undefined);
  return page('Sign in - Gopang', `<h1>Sign in to Gopang</h1>
<p><strong>${escape(view.clientName)}</strong> wants to sign you in${asks.length > 0 ? ` and know ${escape(asks.join(', '))}` : ''}.</p>
${view.error === undefined ? '' : `<p class="error" role="alert">${escape(view.error)}</p>`}
<form method="post" action="/oauth/authorize">
<input type="hidden" name="request_id" value="${escape(view.requestId)}">
<input type="hidden" name="csrf_token" value="${escape(view.csrfToken)}">
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required value="${escape(view.email ?? '')}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>`);
}

export function errorPage(error: string, description: string): string {
  return page('Sign-in error - Gopang', `<h1>This sign-in cannot continue</h1>
<p class="error" role="alert"><code>${escape(error)}</code>: ${escape(description)}</p>
<p>Go back to the application and try again.</p>`);
}

/** Headers of every page: no caching, no framing, no scripts, no referrer carrying the query. */
export function sendPage(res: HyperExpress.Response, status: number, html: string): void {
  res.status(status)
    .header('cache-control', 'no-store', true)
    .header('x-frame-options', 'DENY', true)
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'", true)
    .header('referrer-policy', 'no-referrer', true)
    .type('html')
    .send(html);
}
