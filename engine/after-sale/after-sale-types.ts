// Wire types of returns, exchanges and seller cancellations.

export type AfterSaleKind = 'RETURN' | 'EXCHANGE';
export type AfterSaleStatus = 'REQUESTED' | 'APPROVED' | 'PICKED_UP' | 'COMPLETED' | 'REJECTED';

/** Why the buyer sends the item back; the first two are the buyer's fault (they pay the seller's fee). */
export const afterSaleReasons = [
  'CHANGED_MIND', 'ORDERED_WRONG_OPTION',
  'DEFECTIVE', 'DAMAGED_IN_DELIVERY', 'WRONG_ITEM_SENT', 'NOT_AS_DESCRIBED', 'LATE_DELIVERY',
] as const;
export type AfterSaleReason = (typeof afterSaleReasons)[number];

export const afterSaleStatuses: readonly AfterSaleStatus[] = ['REQUESTED', 'APPROVED', 'PICKED_UP', 'COMPLETED', 'REJECTED'];

export interface NewAfterSale {
  orderItemId: number;
  reason: AfterSaleReason;
  detail?: string;
  pickupAddress: string;
}

export interface AfterSaleTransition {
  to: AfterSaleStatus;
  version: number;
  note?: string;
}

export interface AfterSaleView {
  id: number;
  kind: AfterSaleKind;
  orderItemId: number;
  orderId: string;
  sellerId: number;
  userId: number;
  reason: AfterSaleReason;
  buyerFault: boolean;
  detail: string;
  pickupAddress: string;
  /** what the buyer pays: the seller's return/exchange fee when the reason is the buyer's, else 0 */
  fee: number;
  /** RETURN: item amount - fee, paid back when the return completes; EXCHANGE: 0 */
  refundAmount: number;
  status: AfterSaleStatus;
  note: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface SellerCancellation {
  reason: string;
  version: number;
}

export interface CancelledItemView {
  orderItemId: number;
  orderId: string;
  shipmentStatus: 'CANCELLED';
  refundAmount: number;
  version: number;
}
