// Every JetStream work queue of the engine. Test cleanup removes each one's stream, and a unit test
// checks that no two share a stream or subjects: a new queue is declared in its domain and added here.
import { orderQueue } from './orders/order-queue.js';
import { reservationQueue } from './reservation/reservation-queue.js';
import { saleQueue } from './sale/sale-queue.js';
import type { WorkQueue } from './platform/messaging/work-queue.js';

export const allWorkQueues: readonly WorkQueue<unknown>[] = [saleQueue, reservationQueue, orderQueue];
