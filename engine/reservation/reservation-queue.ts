// The work queue of admitted reservations, partitioned by the first SKU: one hot SKU's reservations
// meet in one ordered actor (few version conflicts on its row; workers/reservation/).
import { partitionOf } from '../platform/messaging/partitioning.js';
import { defineWorkQueue } from '../platform/messaging/work-queue.js';
import type { ReservationRecord } from './reservation-types.js';

export const reservationQueue = defineWorkQueue<ReservationRecord>({
  name: 'reservation',
  stream: 'RESERVATIONS',
  batchField: 'reservations',
  partitionOf: (record, partitions) => partitionOf(record[3][0][0], partitions),
  dedupeId: (reservations) => `${reservations[0][0]}+${reservations.length}`,
});
