// Internal order intake for other services: a batch of up to ORDER_INTAKE_BATCH_MAX orders (JSON, or
// msgpack with Content-Type application/msgpack), each for a buyer with its own idempotency key, through
// the same intake and saga as buyers' orders. Needs a service token with scope order:intake.
import type HyperExpress from 'hyper-express';
import { Unpackr } from 'msgpackr';
import { EngineError } from '../../engine/platform/errors.js';
import type { OrderIntake } from '../../engine/orders/order-intake.js';
import { authorize } from '../http/auth-permission.js';
import type { EdgeContext } from '../edge-context.js';
import { bodyText, route } from '../http/http-errors.js';
import { validateIntakeBody, type IntakeBody } from './order-schemas.js';
import { parseBody } from '../http/schemas.js';

const unpackr = new Unpackr({ useRecords: false });

async function intakeBody(req: HyperExpress.Request, limit: number): Promise<IntakeBody> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim();
  if (type !== 'application/msgpack') return parseBody(await bodyText(req, limit), validateIntakeBody);
  const raw = await req.buffer();
  if (raw.length > limit) throw new EngineError('PAYLOAD_TOO_LARGE', `body over ${limit} bytes`);
  let data: unknown;
  try {
    data = unpackr.unpack(raw);
  } catch {
    throw new EngineError('INVALID_INPUT', 'body is not valid msgpack');
  }
  if (!validateIntakeBody(data)) throw new EngineError('INVALID_INPUT', `${validateIntakeBody.errors?.[0]?.instancePath || 'body'} is invalid`);
  return data;
}

/** Generous room for one order of a batch (items, receiver, note) in JSON. */
const MAX_BYTES_PER_ORDER = 4 * 1024;

export function internalOrderRoutes(ctx: EdgeContext, intake: OrderIntake): void {
  const { config, server, verifier } = ctx;
  // a full batch is far larger than an ordinary REST body: this route declares its own cap
  const limit = config.orders.intakeBatchMax * MAX_BYTES_PER_ORDER;

  server.post('/internal/v1/orders', { max_body_length: limit }, [], route('intake_orders', async (req, res) => {
    await authorize(verifier, req.headers.authorization ?? '', 'order:intake');
    const body = await intakeBody(req, limit);
    if (body.orders.length > config.orders.intakeBatchMax) {
      throw new EngineError('INVALID_INPUT', `at most ${config.orders.intakeBatchMax} orders per batch`);
    }
    const results = await intake.submitBatch(
      body.orders.map((o) => ({
        userId: o.userId,
        source: 'INTERNAL' as const,
        idempotencyKey: o.idempotencyKey,
        lines: o.items,
        receiver: o.receiver,
        deliveryNote: o.deliveryNote ?? '',
        cardToken: o.cardToken,
      })),
    );
    res.status(202).json({
      results: results.map((r) => ('orderId' in r ? { orderId: r.orderId, status: 'PENDING' } : { error: r.error })),
    });
  }));
}
