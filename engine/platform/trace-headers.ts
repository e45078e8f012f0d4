// NATS message headers that carry a W3C trace context across a publish.
import { headers, type MsgHdrs } from '@nats-io/transport-node';

export function traceHeaders(traceparent: string | undefined): MsgHdrs | undefined {
  if (!traceparent) return undefined;
  const carrier = headers();
  carrier.set('traceparent', traceparent);
  return carrier;
}
