// NATS names of the reservation hand-off (its own stream, apart from the flash-sale stream).

export function reservationStreamName(namespace: string): string {
  return `${namespace.toUpperCase()}_RESERVATIONS`;
}

/** JetStream subject of one reservation partition. */
export function reservationPartitionSubject(namespace: string, partition: number): string {
  return `${namespace}.reservation.${partition}`;
}

export function reservationPartitionWildcard(namespace: string): string {
  return `${namespace}.reservation.*`;
}

export function reservationConsumerName(partition: number): string {
  return `reservation-p${partition}`;
}
