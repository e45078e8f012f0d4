// The sale's Redis formats read the same in Lua and TypeScript: a ticket entry or stored answer that
// lua/includes/ writes decodes in TypeScript to what was written, and both sides write the same text.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { loadConfig } from '../../../engine/platform/config.js';
import { AdmitCode, admitErrorCode, decodeAdmitAnswer, encodeAdmitAnswer, type AdmitAnswer } from '../../../engine/sale/admit-answer.js';
import { decodeTicketEntry, encodeTicketEntry, type TicketEntry } from '../../../engine/sale/ticket-entry.js';
import { enumCodes, fragmentCaller, scriptCodes } from '../../support/lua-formats.js';

const { luaDir, redisUrl } = loadConfig();
const RUNS = { numRuns: 200 };
/** an Idempotency-Key as the edge accepts it: 1-128 visible ASCII characters, ':' and '|' included */
const idempotencyKey = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 128 });

describe('sale record formats (integration, real Redis)', () => {
  const redis = new Redis(redisUrl);
  after(() => redis.disconnect());

  it('ticket entry - lua/includes/ticketEntry writes what engine/sale/ticket-entry.ts writes and reads', async () => {
    const luaEncode = fragmentCaller(redis, luaDir, 'ticketEntry', 'return encodeTicketEntry(ARGV[1], ARGV[2], ARGV[3], ARGV[4])');
    const luaDecode = fragmentCaller(redis, luaDir, 'ticketEntry', 'return { decodeTicketEntry(ARGV[1]) }');
    const entry = fc.record<TicketEntry>({
      userId: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      quantity: fc.integer({ min: 1, max: 1_000 }),
      state: fc.constantFrom('', 'F', 'R'),
      idempotencyKey,
    });
    await fc.assert(fc.asyncProperty(entry, async (e) => {
      const written = await luaEncode(e.userId, e.quantity, e.state, e.idempotencyKey);
      assert.equal(written, encodeTicketEntry(e));
      assert.deepEqual(decodeTicketEntry(written as string), e);
      assert.deepEqual(await luaDecode(encodeTicketEntry(e)), [String(e.userId), String(e.quantity), e.state, e.idempotencyKey]);
    }), RUNS);
  });

  it('admit answer - lua/includes/admitAnswer writes what engine/sale/admit-answer.ts writes and reads', async () => {
    const luaEncode = fragmentCaller(redis, luaDir, 'admitAnswer', 'return encodeAdmitAnswer(tonumber(ARGV[1]), ARGV[2], ARGV[3])');
    const answer = fc.record<AdmitAnswer>({
      code: fc.constantFrom(...enumCodes(AdmitCode).map(([code]) => code)),
      quantity: fc.integer({ min: 1, max: 1_000 }),
      ticketId: fc.oneof(fc.constant(''), fc.uuid()),
    });
    await fc.assert(fc.asyncProperty(answer, async (a) => {
      const written = await luaEncode(a.code, a.quantity, a.ticketId);
      assert.equal(written, encodeAdmitAnswer(a));
      assert.deepEqual(decodeAdmitAnswer(written as string), a);
    }), RUNS);
  });

  it('admit codes - AdmitCode names the codes of lua/admit-n.lua (header and body), and each refusal has an error code', () => {
    const codes = scriptCodes(luaDir, 'admit');
    assert.deepEqual(enumCodes(AdmitCode), codes.header);
    assert.deepEqual(enumCodes(AdmitCode), codes.body);
    for (const [code] of enumCodes(AdmitCode)) {
      const refusal = code !== AdmitCode.Admitted && code !== AdmitCode.Replay;
      assert.equal(admitErrorCode(code) !== 'INTERNAL', refusal, `code ${code}`);
    }
  });
});
