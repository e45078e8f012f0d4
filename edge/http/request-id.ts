// X-Request-Id: a caller's id is kept when it is 1-128 characters of a safe set (it is echoed in a
// header, a JSON body and the logs unescaped); otherwise this process numbers the request itself, a
// counter behind a random per-process prefix: no UUID per request on the hot path.
import { randomBytes } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';
const SAFE = /^[A-Za-z0-9._:@+=\/-]{1,128}$/;
const prefix = `${randomBytes(4).toString('hex')}-`;
let sequence = 0;

export function requestIdOf(incoming: string | undefined): string {
  return incoming !== undefined && incoming !== '' && SAFE.test(incoming) ? incoming : prefix + (++sequence).toString(36);
}
