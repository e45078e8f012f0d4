// Child-process entry: the flash sale written the way most Node teams would, to compare the engine with
// (`npm run bench:compare`). One Express process; verify the JWT on every request; read stock, the
// sale's per-user limit, then the user's count from Redis, and if they allow it DECRBY/INCRBY them; then
// one INSERT per order and 201. Idiomatic, not slowed down on purpose, and wrong in the usual ways:
// the check and the decrement are separate round trips (concurrent buyers all pass the check, so it
// oversells), and the Idempotency-Key header is ignored (a retried request is a second order).
//
// Environment: BASELINE_PORT, REDIS_URL, DATABASE_URL, BASELINE_KEY_PREFIX, BASELINE_JWKS_FILE,
// BASELINE_JWT_ISSUER, BASELINE_JWT_AUDIENCE, BASELINE_PG_POOL (default 20).
import { readFileSync } from 'node:fs';
import express, { type NextFunction, type Request, type Response } from 'express';
import { Redis } from 'ioredis';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import pg from 'pg';
import { baselineKeys } from './baseline-keys.js';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const port = Number(required('BASELINE_PORT'));
const prefix = required('BASELINE_KEY_PREFIX');
const jwks = createLocalJWKSet(JSON.parse(readFileSync(required('BASELINE_JWKS_FILE'), 'utf8')) as JSONWebKeySet);
const verifyOptions = { issuer: required('BASELINE_JWT_ISSUER'), audience: required('BASELINE_JWT_AUDIENCE'), algorithms: ['ES256'] };
const redis = new Redis(required('REDIS_URL'));
const pool = new pg.Pool({ connectionString: required('DATABASE_URL'), max: Number(process.env.BASELINE_PG_POOL ?? 20) });

interface Buyer {
  userId: number;
}

const fail = (res: Response, status: number, code: string) => res.status(status).json({ error: { code } });

/** The usual auth middleware (passport-jwt and friends): verify the bearer token on every request. */
async function authenticate(req: Request, res: Response, next: NextFunction): Promise<void> {
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Bearer ')) return void fail(res, 401, 'UNAUTHENTICATED');
  try {
    const { payload } = await jwtVerify(header.slice(7), jwks, verifyOptions);
    const roles = payload.roles;
    if (!Array.isArray(roles) || !roles.includes('buyer')) return void fail(res, 403, 'FORBIDDEN');
    res.locals.buyer = { userId: Number(payload.sub) } satisfies Buyer;
    next();
  } catch {
    fail(res, 401, 'UNAUTHENTICATED');
  }
}

async function attempt(req: Request, res: Response): Promise<void> {
  const saleId = Number(req.params.id);
  const quantity = req.body?.quantity;
  if (!Number.isSafeInteger(saleId) || !Number.isInteger(quantity) || quantity < 1 || quantity > 10) return void fail(res, 400, 'INVALID_INPUT');
  const { userId } = res.locals.buyer as Buyer;
  const keys = baselineKeys(prefix, saleId);

  // sequential awaits, as most code reads: check the sale, then the buyer, then take the units
  const [stock, limit] = await redis.mget(keys.stock, keys.limit);
  if (stock === null || limit === null) return void fail(res, 404, 'NOT_FOUND');
  if (Number(stock) < quantity) return void fail(res, 409, 'SOLD_OUT');
  const bought = await redis.get(keys.user(userId));
  if (Number(bought ?? 0) + quantity > Number(limit)) return void fail(res, 409, 'LIMIT_REACHED');
  await redis.decrby(keys.stock, quantity);
  await redis.incrby(keys.user(userId), quantity);

  const { rows } = await pool.query<{ id: string }>(
    'INSERT INTO baseline.orders (sale_id, user_id, quantity) VALUES ($1, $2, $3) RETURNING id',
    [saleId, userId, quantity],
  );
  res.status(201).json({ orderId: rows[0].id, status: 'ORDERED' });
}

const app = express();
app.disable('x-powered-by');
app.use(express.json({ limit: '16kb' }));
app.post('/api/v1/sales/:id/attempts', authenticate, (req, res, next) => {
  attempt(req, res).catch(next);
});
app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
  process.stderr.write(`baseline: ${err instanceof Error ? err.message : String(err)}\n`);
  if (!res.headersSent) fail(res, 503, 'UNAVAILABLE');
});

const server = app.listen(port, '127.0.0.1', () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => {
  server.close();
  redis.disconnect();
  void pool.end().finally(() => process.exit(0));
});
