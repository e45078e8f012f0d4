// The rules of returns and exchanges: who pays the fee, which status may follow which, and until when
// the buyer may withdraw.
import type { AfterSaleKind, AfterSaleReason, AfterSaleStatus } from './after-sale-types.js';

const buyerFaultReasons: ReadonlySet<AfterSaleReason> = new Set(['CHANGED_MIND', 'ORDERED_WRONG_OPTION']);

export function isBuyerFault(reason: AfterSaleReason): boolean {
  return buyerFaultReasons.has(reason);
}

/** The buyer pays the seller's return or exchange fee only when the reason is the buyer's own. */
export function afterSaleFee(kind: AfterSaleKind, reason: AfterSaleReason, seller: { returnFee: number; exchangeFee: number }): number {
  if (!isBuyerFault(reason)) return 0;
  return kind === 'RETURN' ? seller.returnFee : seller.exchangeFee;
}

/** What a completed return pays back: the item amount less the fee, never below zero. */
export function returnRefund(itemAmount: number, fee: number): number {
  return Math.max(0, itemAmount - fee);
}

const next: Record<AfterSaleStatus, readonly AfterSaleStatus[]> = {
  REQUESTED: ['APPROVED', 'REJECTED'],
  APPROVED: ['PICKED_UP', 'REJECTED'],
  PICKED_UP: ['COMPLETED', 'REJECTED'],
  COMPLETED: [],
  REJECTED: [],
  WITHDRAWN: [],
};

export function isLegalTransition(from: AfterSaleStatus, to: AfterSaleStatus): boolean {
  return next[from].includes(to);
}

/** The buyer may take a request back until the item is picked up. */
export function isWithdrawable(status: AfterSaleStatus): boolean {
  return status === 'REQUESTED' || status === 'APPROVED';
}
