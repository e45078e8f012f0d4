// Header and framing abuse that fetch or node:http will not send, over a raw TCP socket: each request
// gets a non-5xx answer or a clean close, and the edge keeps serving.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';

describe('hostile HTTP framing (integration)', () => {
  let fx: FlashSaleFixture;
  let admin: string;
  let buyer: string;

  before(async () => {
    fx = await FlashSaleFixture.start(['edge']);
    admin = await fx.token(1, 'admin');
    buyer = await fx.token(2, 'buyer');
  });
  after(async () => {
    await fx?.close();
  });

  /** Writes raw bytes; resolves with what came back once the server closes or goes quiet; uWS (20.57) closes an idle, unfinished request after about 30 s (its timer ticks every 4 s), so 45 s without either is a hang. */
  function raw(payload: string | Buffer): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(fx.ns.config.http.port, '127.0.0.1');
      let received = '';
      let quiet: NodeJS.Timeout | undefined;
      const finish = () => {
        clearTimeout(quiet);
        clearTimeout(hang);
        socket.destroy();
        resolve(received);
      };
      const hang = setTimeout(() => reject(new Error(`hang: ${received.slice(0, 200)}`)), 45_000);
      socket.on('data', (chunk) => {
        received += chunk.toString('latin1');
        clearTimeout(quiet);
        quiet = setTimeout(finish, 300); // an answer came; a kept-alive socket stays open
      });
      socket.on('close', finish);
      socket.on('error', finish); // a reset while we still write: the server refused to read on
      socket.write(payload);
    });
  }

  const request = (headers: string, body = '', line = 'POST /api/v1/admin/sales HTTP/1.1') => `${line}\r\nHost: x\r\n${headers}\r\n${body}`;
  const auth = () => `Authorization: Bearer ${admin}\r\n`;

  it('hostile - abusive headers and framing get a 4xx or a clean close, never a 5xx or a hang', async (t) => {
    const cases: [string, string | Buffer][] = [
      ['huge header value', request(`X-Big: ${'a'.repeat(100_000)}\r\n`)],
      ['many headers', request(Array.from({ length: 2_000 }, (_, i) => `X-H${i}: v\r\n`).join(''))],
      ['duplicated Authorization', request(`${auth()}Authorization: Bearer abc.def.ghi\r\nContent-Length: 2\r\n`, '{}')],
      ['non-numeric Content-Length', request(`${auth()}Content-Length: abc\r\n`, '{}')],
      ['negative Content-Length', request(`${auth()}Content-Length: -1\r\n`, '{}')],
      ['two different Content-Lengths', request(`${auth()}Content-Length: 2\r\nContent-Length: 40\r\n`, '{}')],
      ['Content-Length longer than the body', request(`${auth()}Content-Length: 100\r\n`, '{}')],
      ['chunked and Content-Length', request(`${auth()}Transfer-Encoding: chunked\r\nContent-Length: 2\r\n`, '2\r\n{}\r\n0\r\n\r\n')],
      ['malformed chunks', request(`${auth()}Transfer-Encoding: chunked\r\n`, 'zz\r\n{}\r\n0\r\n\r\n')],
      ['unknown Transfer-Encoding', request(`${auth()}Transfer-Encoding: gzip, chunked\r\n`, '2\r\n{}\r\n0\r\n\r\n')],
      ['huge chunk size', request(`${auth()}Transfer-Encoding: chunked\r\n`, 'ffffffffffffffff\r\n{}\r\n')],
      ['bad Content-Type', request(`${auth()}Content-Type: application/json; charset=\u00ff\u00fe\r\nContent-Length: 2\r\n`, '{}')],
      ['huge URL', `GET /api/v1/sales/${'9'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`],
      ['NUL in a header', request(`${auth()}X-Nul: a\u0000b\r\nContent-Length: 2\r\n`, '{}')],
      ['header without colon', request('NoColonHere\r\nContent-Length: 2\r\n', '{}')],
      ['garbage request line', 'GARBAGE\r\n\r\n'],
      ['HTTP/0.9', 'GET /healthz\r\n\r\n'],
      // these two crashed the edge (busboy read a request stream hyper-express never fed)
      ['empty multipart upload', request(`Authorization: Bearer ${buyer}\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 0\r\n`, '', 'POST /api/v1/reviews/1/images HTTP/1.1')],
      ['chunked multipart upload', request(`Authorization: Bearer ${buyer}\r\nContent-Type: multipart/form-data; boundary=x\r\nTransfer-Encoding: chunked\r\n`, '3\r\n--x\r\n0\r\n\r\n', 'POST /api/v1/reviews/1/images HTTP/1.1')],
      ['random bytes', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))],
    ];
    for (const [name, payload] of cases) {
      const answer = await raw(payload);
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1];
      t.diagnostic(`${name}: ${status ?? 'closed'}`);
      // uWS 20.57 answers a request line without "HTTP/1.1" (HTTP/0.9 and 1.0, random bytes) with 505 and
      // closes: the one 5xx that is the right answer, and never one of the engine's
      const refusedVersion = status === '505';
      assert.ok(answer === '' || refusedVersion || (status !== undefined && Number(status) < 500), `${name}: ${answer.slice(0, 300)}`);
      assert.equal(fx.roles.get('edge')!.child.exitCode, null, `edge alive after ${name}`);
      // a fresh connection: uWS closes idle keep-alive sockets after about 30 s, which a pooled one may race
      assert.match(await raw('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'), /^HTTP\/1\.1 200/, `healthz after ${name}`);
    }
  });
});
