// Payment-method routes: a signed-in buyer registers a card (a billing key is issued by the payment
// gateway; the card number is never stored or logged), lists their cards, removes one.
import type { BillingKeyGateway } from '../../engine/payment/payment-gateway.js';
import { listPaymentMethods, registerPaymentMethod, removePaymentMethod } from '../../engine/payment/payment-methods.js';
import { authorize } from '../http/auth-permission.js';
import type { EdgeContext, EdgeFeature } from '../edge-context.js';
import { bodyText, positiveId, route } from '../http/http-errors.js';
import { parseBody } from '../http/schemas.js';
import { validateCardDetails } from './payment-method-schemas.js';
import { pageLimit } from '../http/paging.js';
import { decodeIdCursor } from '../../engine/platform/db/keyset-page.js';

export function paymentMethodRoutes(gatewayFor: (ctx: EdgeContext) => BillingKeyGateway): EdgeFeature {
  return (ctx) => {
    const { server, db, verifier, config } = ctx;
    const deps = { db, gateway: gatewayFor(ctx), maxPerUser: config.payment.methodsMaxPerUser };
    const limit = config.http.restMaxBodyBytes;

    server.post('/api/v1/payment-methods', route('register_payment_method', async (req, res) => {
      const principal = await authorize(verifier, req.headers.authorization ?? '', 'order:create');
      const card = parseBody(await bodyText(req, limit), validateCardDetails);
      res.status(201).json(await registerPaymentMethod(deps, principal.userId, card));
    }));

    server.get('/api/v1/payment-methods', route('list_payment_methods', async (req, res) => {
      const principal = await authorize(verifier, req.headers.authorization ?? '', 'order:create');
      const { cursor, limit: pageSize } = req.query_parameters;
      res.json(await listPaymentMethods(db, principal.userId, pageLimit(pageSize), cursor ? Number(decodeIdCursor(cursor)) : undefined));
    }));

    server.delete('/api/v1/payment-methods/:id', route('delete_payment_method', async (req, res) => {
      const principal = await authorize(verifier, req.headers.authorization ?? '', 'order:create');
      await removePaymentMethod(deps, principal.userId, positiveId(req.path_parameters.id));
      res.status(204).send();
    }));
  };
}
