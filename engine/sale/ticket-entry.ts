// A ticket's entry in a sale's tickets hash (sale-keys.ts): "userId:quantity:state:idempotencyKey".
// lua/admit-n.lua writes it through lua/includes/ticketEntry.lua (same format; a test holds them
// together), the worker marks it FAILED, lua/returnUnits-2.lua RETURNED, and the ticket status and the
// pending sweeper read it.
// "Entry", not "record": TicketRecord already names the ticket on the wire (sale-wire-types.ts).

/** '' while admitted, 'F' once a worker gave up on the ticket, 'R' once its expired order's units went back on sale. */
export type TicketEntryState = '' | 'F' | 'R';

export interface TicketEntry {
  userId: number;
  quantity: number;
  state: TicketEntryState;
  /** '' on entries from before the key was kept */
  idempotencyKey: string;
}

export function encodeTicketEntry(entry: TicketEntry): string {
  return `${entry.userId}:${entry.quantity}:${entry.state}:${entry.idempotencyKey}`;
}

/** The entry, or undefined when `value` is not one. The key may itself hold ':': it is all after the third. */
export function decodeTicketEntry(value: string): TicketEntry | undefined {
  const [userId, quantity, state, ...key] = value.split(':');
  if (!(Number(userId) > 0 && Number(quantity) > 0)) return undefined;
  return { userId: Number(userId), quantity: Number(quantity), state: state === 'F' || state === 'R' ? state : '', idempotencyKey: key.join(':') };
}
