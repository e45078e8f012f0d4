// Every pg-boss queue of the engine. prepareDatabase creates them all, once, before any role that works
// on them starts (platform/jobs/job-queue-setup.ts says why): a new queue is declared in its domain and
// added here. All are "stately": at most one job queued and one active (per singleton key), so a slow
// periodic run never piles up behind itself and a repeated compensation failure of one order never
// queues twice.
import { mailDeliveryQueue } from './mail/mail-delivery-job.js';
import { compensationQueue } from './orders/compensation-queue.js';
import { receiptAutoConfirmQueue } from './orders/receipt-auto-confirm-job.js';
import { partitionMaintenanceQueue } from './platform/jobs/scheduler.js';
import { reservationExpiryQueue } from './reservation/reservation-expiry-service.js';
import { settlementQueue } from './settlement/settlement-job.js';

export const allJobQueues: readonly string[] = [
  partitionMaintenanceQueue,
  reservationExpiryQueue,
  settlementQueue,
  receiptAutoConfirmQueue,
  compensationQueue,
  mailDeliveryQueue,
];
