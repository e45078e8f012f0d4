// Address-book routes: a buyer lists, adds, changes and deletes their addresses (exactly one default);
// someone else's address answers 404. Orders and payments name one by `addressId` (edge/orders).
import { addAddress, changeAddress, listAddresses, removeAddress } from '../../engine/addresses/address-book.js';
import { authorize } from '../http/auth-permission.js';
import type { EdgeContext } from '../edge-context.js';
import { bodyText, positiveId, route } from '../http/http-errors.js';
import { parseBody } from '../http/schemas.js';
import { validateAddressChanges, validateNewAddress } from './address-schemas.js';

export function addressRoutes(ctx: EdgeContext): void {
  const { server, db, verifier, config } = ctx;
  const deps = { db, maxPerUser: config.addresses.maxPerUser };
  const limit = config.http.restMaxBodyBytes;
  const buyer = (authorization: string | undefined) => authorize(verifier, authorization ?? '', 'order:create');

  server.get('/api/v1/addresses', route('list_addresses', async (req, res) => {
    const principal = await buyer(req.headers.authorization);
    res.json({ items: await listAddresses(db, principal.userId) });
  }));

  server.post('/api/v1/addresses', route('add_address', async (req, res) => {
    const principal = await buyer(req.headers.authorization);
    const input = parseBody(await bodyText(req, limit), validateNewAddress);
    res.status(201).json(await addAddress(deps, principal.userId, input));
  }));

  server.patch('/api/v1/addresses/:id', route('change_address', async (req, res) => {
    const principal = await buyer(req.headers.authorization);
    const id = positiveId(req.path_parameters.id);
    const changes = parseBody(await bodyText(req, limit), validateAddressChanges);
    res.json(await changeAddress(deps, principal.userId, id, changes));
  }));

  server.delete('/api/v1/addresses/:id', route('delete_address', async (req, res) => {
    const principal = await buyer(req.headers.authorization);
    await removeAddress(deps, principal.userId, positiveId(req.path_parameters.id));
    res.status(204).send();
  }));
}
