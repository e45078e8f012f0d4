// Wire types of returns, exchanges and seller cancellations.

export type AfterSaleKind = 'RETURN' | 'EXCHANGE';
/** WITHDRAWN: the buyer took the request back before the pickup (REQUESTED or APPROVED). */
export type AfterSaleStatus = 'REQUESTED' | 'APPROVED' | 'PICKED_UP' | 'COMPLETED' | 'REJECTED' | 'WITHDRAWN';
/** How a returned item arrived: SELLABLE units go back on sale when the return completes. */
export type ReceivedCondition = 'SELLABLE' | 'UNSELLABLE';

/** Why the buyer sends the item back; the first two are the buyer's fault (they pay the seller's fee). */
export const afterSaleReasons = [
  'CHANGED_MIND', 'ORDERED_WRONG_OPTION',
  'DEFECTIVE', 'DAMAGED_IN_DELIVERY', 'WRONG_ITEM_SENT', 'NOT_AS_DESCRIBED', 'LATE_DELIVERY',
] as const;
export type AfterSaleReason = (typeof afterSaleReasons)[number];

export const afterSaleStatuses: readonly AfterSaleStatus[] = ['REQUESTED', 'APPROVED', 'PICKED_UP', 'COMPLETED', 'REJECTED', 'WITHDRAWN'];
/** The states a seller moves a request to (WITHDRAWN is the buyer's). */
export const sellerTargets: readonly AfterSaleStatus[] = ['APPROVED', 'PICKED_UP', 'COMPLETED', 'REJECTED'];
export const receivedConditions: readonly ReceivedCondition[] = ['SELLABLE', 'UNSELLABLE'];

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
  /** required when a return completes, refused otherwise */
  condition?: ReceivedCondition;
}

/** The replacement an exchange ships (which completes the exchange). */
export interface ReplacementShipment {
  courier: string;
  trackingNumber: string;
  version: number;
}

export interface ReplacementView {
  courier: string;
  trackingNumber: string;
  shippedAt: string;
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
  /** a completed return: how the item arrived */
  receivedCondition?: ReceivedCondition;
  /** a completed exchange: the replacement sent */
  replacement?: ReplacementView;
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
