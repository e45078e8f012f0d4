// Shared by the hostile-input tests: hostile values (fast-check arbitraries), the OpenAPI operations
// to drive the fuzzer from, the check that an answer is a documented one, and a row snapshot of every
// table of the namespace database (so "nothing was written" is an exact comparison).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type pg from 'pg';
import { errorStatus } from '../../engine/platform/errors.js';
import type { HttpAnswer, HttpClient } from '../support/http-client.js';
import { answerChecker, type AnswerCheck, type OpenApiDoc } from '../support/openapi-answers.js';

export interface Operation {
  method: string;
  path: string;
  operationId: string;
  parameters: { name: string; in: 'path' | 'query' | 'header'; schema: Record<string, unknown> }[];
  bodyTypes: string[];
  bodySchema?: Record<string, unknown>;
  /** documented statuses (success and error) */
  statuses: Set<number>;
  errorCodes: Set<string>;
  /** `json` {error:{code,message}}, `oauth` RFC 6749 §5.2 {error, error_description}, `html` a page */
  errorFormat: string;
  /** a success answer's body against its documented schema */
  checkAnswer: AnswerCheck;
}

/**
 * fast-check run options: HOSTILE_RUNS scales every property, HOSTILE_SEED replays a failure (fast-check
 * prints the seed and path of a counterexample); without it each run explores new inputs.
 */
export function runOptions(numRuns: number): { numRuns: number; seed?: number } {
  const seed = process.env.HOSTILE_SEED;
  return seed ? { numRuns, seed: Number(seed) } : { numRuns };
}

/** Every operation of the edge's own OpenAPI document: new routes are fuzzed without touching the tests. */
export async function operationsOf(http: HttpClient): Promise<Operation[]> {
  const doc = (await http.send('GET', '/api/v1/openapi.json')).json() as {
    paths: Record<string, Record<string, { operationId: string; parameters: Operation['parameters']; requestBody?: { content: Record<string, { schema: Record<string, unknown> }> }; responses: Record<string, unknown>; 'x-error-codes': string[]; 'x-error-format': string }>>;
  };
  const checkAnswer = answerChecker(doc as unknown as OpenApiDoc);
  return Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => {
    const content = op.requestBody?.content ?? {};
    return {
      method: method.toUpperCase(), path, operationId: op.operationId, parameters: op.parameters,
      bodyTypes: Object.keys(content), bodySchema: Object.values(content)[0]?.schema,
      statuses: new Set(Object.keys(op.responses).map(Number)), errorCodes: new Set(op['x-error-codes']), errorFormat: op['x-error-format'], checkAnswer,
    };
  }));
}

/** Injection, markup, encoding and size abuse, as strings. */
const nasty = [
  "' OR '1'='1", "1; DROP TABLE orders; --", "'); DELETE FROM users; --", '" OR ""="', '1 UNION SELECT password_hash FROM users',
  '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '{{7*7}}', '${jndi:ldap://127.0.0.1/a}', '../../../../etc/passwd',
  '%00', '\u0000', '\uffff', '\ud800', '🙂'.repeat(50), 'NaN', 'Infinity', '-1', '0', '1e308', '9007199254740993', '0x10', ' 1', '1.5',
  '__proto__', 'constructor', 'null', 'true', '[]', '{}', '\r\nX-Injected: 1',
];
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...nasty),
  fc.string({ maxLength: 40 }),
  fc.fullUnicodeString({ maxLength: 40 }),
  fc.integer({ min: 1_000, max: 100_000 }).map((n) => 'x'.repeat(n)),
);

/** A value of any JSON type, hostile where it is a string. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(hostileString, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** An object shaped like the schema (its fields, plus unknown ones), every value hostile. */
function schemaMutant(schema: Record<string, unknown> | undefined): fc.Arbitrary<string> {
  const properties = Object.keys((schema?.properties as Record<string, unknown> | undefined) ?? {});
  const fields = Object.fromEntries(properties.map((p) => [p, hostileValue]));
  return fc.tuple(fc.record(fields, { requiredKeys: [] }), fc.dictionary(fc.constantFrom('extra', '__proto__', 'constructor', 'id', 'userId', 'role'), hostileValue, { maxKeys: 2 }))
    .map(([known, unknown]) => JSON.stringify({ ...known, ...unknown }));
}

export const deepJson: fc.Arbitrary<string> = fc.tuple(fc.integer({ min: 100, max: 200_000 }), fc.boolean())
  .map(([depth, arrays]) => (arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)));

/** Request bodies that no route may accept. */
export function hostileBody(schema: Record<string, unknown> | undefined): fc.Arbitrary<string | Buffer> {
  return fc.oneof(
    fc.uint8Array({ maxLength: 2048 }).map((b) => Buffer.from(b)),
    fc.constantFrom('', '{', '{"a":', '[', 'null', '[]', '"x"', '1', '1e999', '{"__proto__":{"admin":true}}', '\u0000', '\ufeff{}'),
    fc.json({ maxDepth: 3 }).map((j) => j.slice(0, Math.max(1, j.length - 1))), // truncated
    fc.json({ maxDepth: 3 }),
    schemaMutant(schema),
    deepJson,
    fc.integer({ min: 70_000, max: 600_000 }).map((n) => JSON.stringify({ pad: 'x'.repeat(n) })),
  );
}

/** An answer of `op` is documented: its status is listed; an error is {error:{code,message}} with a listed code. */
export function assertDocumented(op: Operation, answer: HttpAnswer, what: string, hardCapExceeded = false): void {
  const where = `${op.method} ${op.path} ${what}: ${answer.status} ${answer.text.slice(0, 300)}`;
  assert.ok(answer.status < 500, `server error: ${where}`);
  assert.ok(op.statuses.has(answer.status), `undocumented status: ${where}`);
  if (answer.status < 300 && /^application\/json/.test(String(answer.headers['content-type']))) {
    const misfit = op.checkAnswer(op.path, op.method.toLowerCase(), answer.status, answer.json());
    assert.equal(misfit, undefined, `answer off its schema: ${where}`);
  }
  if (answer.status < 400) return;
  // past hyper-express's own cap (docs/operations.md, "Hostile input") the 413 comes before any of our code, without a body
  if (answer.status === 413 && answer.text === '' && hardCapExceeded) return;
  // the edge's own middlewares (rate limits) answer every route in the engine's format
  const engineFormat = answer.text.startsWith('{"error":{');
  if (op.errorFormat === 'html' && !engineFormat) {
    assert.match(String(answer.headers['content-type']), /^text\/html/, `error page is not HTML: ${where}`);
    return;
  }
  if (op.errorFormat === 'oauth' && !engineFormat) {
    const error = (JSON.parse(answer.text) as { error?: unknown }).error;
    assert.ok(typeof error === 'string' && /^[a-z_]+$/.test(error), `not an RFC 6749 error: ${where}`);
    return;
  }
  let body: { error?: { code?: unknown; message?: unknown } };
  try {
    body = JSON.parse(answer.text);
  } catch {
    assert.fail(`error answer is not JSON: ${where}`);
  }
  const code = body.error?.code;
  assert.ok(typeof code === 'string' && code in errorStatus, `unknown error code: ${where}`);
  assert.equal(typeof body.error?.message, 'string', `error without message: ${where}`);
  assert.equal(errorStatus[code as keyof typeof errorStatus], answer.status, `code and status disagree: ${where}`);
  assert.ok(op.errorCodes.has(code), `undocumented code: ${where}`);
}

/**
 * A request that does not answer in time is a hang: a failure, never a wait. The body's length is always
 * sent: Node sends a GET or DELETE body unframed otherwise, which the server rightly reads as garbage.
 */
export async function sendBounded(http: HttpClient, method: string, path: string, options: { headers?: Record<string, string>; body?: string | Buffer }, ms = 15_000): Promise<HttpAnswer> {
  if (options.body !== undefined) options = { ...options, headers: { ...options.headers, 'content-length': String(Buffer.byteLength(options.body)) } };
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`hang: ${method} ${path} gave no answer in ${ms} ms`)), ms)));
  try {
    return await Promise.race([http.send(method, path, options), hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** Row count and a digest of the rows of every table (partitioned tables once, through their parent). */
export async function snapshotRows(db: pg.Pool): Promise<Record<string, string>> {
  const { rows: tables } = await db.query<{ name: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname = 'public' ORDER BY 1`,
  );
  const snapshot: Record<string, string> = {};
  for (const { name } of tables) {
    const { rows } = await db.query<{ n: number; digest: string | null }>(`SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM ${name} t`);
    snapshot[name] = `${rows[0].n}:${rows[0].digest ?? ''}`;
  }
  return snapshot;
}
