// Core NATS subjects of the sale domain, under the engine namespace. The JetStream work queue of
// admitted tickets is declared in sale-queue.ts.

/** Core NATS: "this sale is sold out", so every edge answers from memory. */
export function soldOutSubject(namespace: string, saleId: number): string {
  return `${namespace}.soldout.${saleId}`;
}

export function soldOutWildcard(namespace: string): string {
  return `${namespace}.soldout.*`;
}

/** Core NATS: "this sale has units again" (expired orders returned them), so every edge forgets its sold-out. */
export function reopenedSubject(namespace: string, saleId: number): string {
  return `${namespace}.reopened.${saleId}`;
}

export function reopenedWildcard(namespace: string): string {
  return `${namespace}.reopened.*`;
}

/** Core NATS: status pushed to one user's clients (the WebSocket edge re-publishes it). */
export function userPushSubject(namespace: string, userId: number): string {
  return `${namespace}.push.user.${userId}`;
}
