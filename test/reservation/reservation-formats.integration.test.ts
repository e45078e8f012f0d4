// The reservation's Redis formats read the same in Lua and TypeScript: a record or stored answer that
// lua/includes/ writes decodes in TypeScript to what was written, the user and lines lua/release-4.lua reads
// from a record TypeScript wrote are its own, and both sides name the same counter and held-units fields.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { loadConfig } from '../../engine/platform/config.js';
import { counterField, heldUnitsField } from '../../engine/reservation/reservation-keys.js';
import { decodeReservationRecord, encodeReservationRecord } from '../../engine/reservation/reservation-record.js';
import type { ReservationLine, ReservationRecord } from '../../engine/reservation/reservation-types.js';
import { decodeReserveAnswer, encodeReserveAnswer, ReserveCode, reserveErrorCode, type ReserveAnswer } from '../../engine/reservation/reserve-answer.js';
import { enumCodes, fragmentCaller, scriptCodes } from '../support/lua-formats.js';

const { luaDir, redisUrl } = loadConfig();
const RUNS = { numRuns: 200 };
/** as the edge accepts them: an Idempotency-Key of 1-128 visible ASCII characters, a slot of [A-Za-z0-9_.-] */
const idempotencyKey = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 128 });
const slot = fc.oneof(fc.constant(''), fc.stringMatching(/^[A-Za-z0-9_.-]{1,32}$/));
const skuId = fc.integer({ min: 1, max: 2 ** 31 - 1 });
const print = fc.stringMatching(/^[A-Za-z0-9_-]{16}$/);
const line = fc.tuple(skuId, fc.integer({ min: 1, max: 1_000 }), slot);
const record = fc.tuple(fc.uuid(), fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 2 ** 45 }), fc.array(line, { minLength: 1, maxLength: 20 }), print, idempotencyKey)
  .map((r): ReservationRecord => r);

describe('reservation record formats (integration, real Redis)', () => {
  const redis = new Redis(redisUrl);
  after(() => redis.disconnect());

  it('reservation record - lua/includes/reservationRecord writes what engine/reservation/reservation-record.ts writes and reads', async () => {
    const luaEncode = fragmentCaller(redis, luaDir, 'reservationRecord', `
      local lines = {}
      for i = 5, #ARGV, 3 do lines[#lines + 1] = { ARGV[i], ARGV[i + 1], ARGV[i + 2] } end
      return encodeReservationRecord(ARGV[1], ARGV[2], lines, ARGV[3], ARGV[4])`);
    await fc.assert(fc.asyncProperty(record, async (r) => {
      const [id, userId, expiresAtMs, lines, fingerprint, key] = r;
      const written = await luaEncode(userId, expiresAtMs, fingerprint!, key!, ...lines.flat());
      assert.equal(written, encodeReservationRecord(r));
      assert.deepEqual(decodeReservationRecord(id, written as string), r);
    }), RUNS);
  });

  it('reservation record - lua/includes/reservationRecord reads the user and lines of a record TypeScript wrote', async () => {
    const luaRead = fragmentCaller(redis, luaDir, 'reservationRecord', 'return { decodeReservationUser(ARGV[1]), decodeReservationLines(ARGV[1]) }');
    await fc.assert(fc.asyncProperty(record, async (r) => {
      const [user, lines] = (await luaRead(encodeReservationRecord(r))) as [string, [string, number, string][]];
      assert.equal(Number(user), r[1]);
      assert.deepEqual(lines.map(([sku, quantity, s]): ReservationLine => [Number(sku), quantity, s]), r[3]);
    }), RUNS);
  });

  it('reserve answer - lua/includes/reserveAnswer writes what engine/reservation/reserve-answer.ts writes and reads', async () => {
    const luaEncode = fragmentCaller(redis, luaDir, 'reserveAnswer', 'return encodeReserveAnswer(tonumber(ARGV[1]), ARGV[2], ARGV[3])');
    const answer = fc.record<ReserveAnswer>({
      code: fc.constantFrom(...enumCodes(ReserveCode).map(([code]) => code)),
      reservationId: fc.oneof(fc.constant(''), fc.uuid()),
      print,
    });
    await fc.assert(fc.asyncProperty(answer, async (a) => {
      const written = await luaEncode(a.code, a.reservationId, a.print);
      assert.equal(written, encodeReserveAnswer(a));
      assert.deepEqual(decodeReserveAnswer(written as string), a);
    }), RUNS);
  });

  it('counter fields - lua/includes/counterField names the fields counterField names', async () => {
    const luaFields = fragmentCaller(redis, luaDir, 'counterField', `
      return { counterField.type(ARGV[1]), counterField.available(ARGV[1]), counterField.capacity(ARGV[1]), counterField.slotUsed(ARGV[1], ARGV[2]) }`);
    await fc.assert(fc.asyncProperty(skuId, slot, async (sku, s) => {
      const expected = [counterField.type(sku), counterField.available(sku), counterField.capacity(sku), counterField.slotUsed(sku, s)];
      assert.deepEqual(await luaFields(sku, s), expected);
    }), RUNS);
  });

  it('held-units fields - lua/includes/heldUnitsField names the fields heldUnitsField names', async () => {
    const luaFields = fragmentCaller(redis, luaDir, 'heldUnitsField', 'return { heldUnitsField.user(ARGV[1]), heldUnitsField.hold(ARGV[2]) }');
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.uuid(), async (userId, id) => {
      assert.deepEqual(await luaFields(userId, id), [heldUnitsField.user(userId), heldUnitsField.hold(id)]);
    }), RUNS);
  });

  it('reserve codes - ReserveCode names the codes of lua/reserve-5.lua (header and body), and each refusal has an error code', () => {
    const codes = scriptCodes(luaDir, 'reserve');
    assert.deepEqual(enumCodes(ReserveCode), codes.header);
    assert.deepEqual(enumCodes(ReserveCode), codes.body);
    for (const [code] of enumCodes(ReserveCode)) {
      const refusal = code !== ReserveCode.Reserved && code !== ReserveCode.Replay;
      assert.equal(reserveErrorCode(code) !== 'INTERNAL', refusal, `code ${code}`);
    }
  });
});
