// Every NATS subject and JetStream name lives here, under the engine namespace.

export function saleStreamName(namespace: string): string {
  return `${namespace.toUpperCase()}_SALES`;
}

/** JetStream subject of one sale partition: admitted tickets. */
export function salePartitionSubject(namespace: string, partition: number): string {
  return `${namespace}.sale.${partition}`;
}

/** The durable JetStream consumer of one sale partition. */
export function salePartitionConsumer(partition: number): string {
  return `sale-p${partition}`;
}

export function salePartitionWildcard(namespace: string): string {
  return `${namespace}.sale.*`;
}

/** Core NATS: "this sale is sold out", so every edge answers from memory. */
export function soldOutSubject(namespace: string, saleId: number): string {
  return `${namespace}.soldout.${saleId}`;
}

export function soldOutWildcard(namespace: string): string {
  return `${namespace}.soldout.*`;
}

/** Core NATS: status pushed to one user's clients (the WebSocket edge re-publishes it). */
export function userPushSubject(namespace: string, userId: number): string {
  return `${namespace}.push.user.${userId}`;
}
