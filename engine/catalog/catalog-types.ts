// Catalog shapes on the wire (JSON over HTTP): inputs as validated at the edge, and the views answered.

/** REALTIME: bought from the available units; RESERVABLE: a slot (date, seat) is held, then confirmed. */
export type ProductType = 'REALTIME' | 'RESERVABLE';

/**
 * The Redis inventory counters of SKUs, kept by the reservation domain (its Lua scripts read them). The
 * catalog's writes move them through this port, handed in by the caller, so catalog imports no reservation code.
 */
export interface InventoryCounters {
  create(skus: { skuId: number; productType: ProductType; stock: number }[]): Promise<void>;
  adjust(skuId: number, productType: ProductType, oldStock: number, newStock: number): Promise<void>;
  remove(skuIds: number[]): Promise<void>;
}


export type SellerKind = 'INTERNAL' | 'EXTERNAL';
export type Lifecycle = 'PLANNING' | 'DEVELOPMENT' | 'REVIEW' | 'PREPARATION' | 'LAUNCH' | 'SALES' | 'END_OF_LIFE';

export interface DeliveryProfile {
  shippingOrigin: string;
  courier: string;
  method: string;
  fee: number;
  days: number;
  remoteArea: boolean;
}

export interface NewSeller {
  kind?: SellerKind;
  name: string;
  returnAddress: string;
  returnFee: number;
  exchangeFee: number;
  deliveryProfiles: DeliveryProfile[];
}

/** An admin's decision on a seller: only an APPROVED seller's items go on sale (SALES). */
export type SellerApproval = 'PENDING' | 'APPROVED' | 'REJECTED';

export interface Seller extends Required<Omit<NewSeller, 'deliveryProfiles'>> {
  id: number;
  userId: number;
  approval: SellerApproval;
  deliveryProfiles: (DeliveryProfile & { id: number })[];
}

export interface NewCategory {
  name: string;
  parentId?: number;
}

export interface CategoryUpdate {
  name: string;
  version: number;
}

export interface CategoryNode {
  id: number;
  parentId: number | null;
  name: string;
  depth: number;
  version: number;
  children: CategoryNode[];
}

export interface NewSku {
  /** one value per option group, in group order */
  options?: string[];
  priceDelta?: number;
  stock: number;
  /** RESERVABLE only: the slot labels (dates, seats) it takes holds for, each up to `stock` units */
  slots?: string[];
}

export interface NewItem {
  sellerId: number;
  categoryId: number;
  name: string;
  description?: string;
  productType: ProductType;
  basePrice: number;
  optionGroups?: { name: string; values: string[] }[];
  skus: NewSku[];
}

export interface ItemUpdate {
  version: number;
  name?: string;
  description?: string;
  basePrice?: number;
  categoryId?: number;
}

export interface SkuUpdate {
  version: number;
  priceDelta?: number;
  stock?: number;
  /** RESERVABLE only: replaces the slot list (holds already taken on a dropped slot stay until they end) */
  slots?: string[];
}

export interface SkuView {
  id: number;
  optionValueIds: number[];
  options: string[];
  priceDelta: number;
  price: number;
  stock: number;
  held: number;
  sold: number;
  available: number;
  /** the slots a RESERVABLE SKU takes holds for; [] for REALTIME */
  slots: string[];
  version: number;
}

export interface ItemView {
  id: number;
  sellerId: number;
  categoryId: number;
  name: string;
  description: string;
  productType: ProductType;
  lifecycle: Lifecycle;
  basePrice: number;
  version: number;
  lock: { lockedBy: number; lockedAt: string; expiresAt: string } | null;
  optionGroups: { id: number; name: string; values: { id: number; value: string }[] }[];
  skus: SkuView[];
}

export interface ItemSummary {
  id: number;
  sellerId: number;
  categoryId: number;
  name: string;
  productType: ProductType;
  lifecycle: Lifecycle;
  basePrice: number;
}
