-- The slots a RESERVABLE SKU offers (dates, seats): a hold names one of them and takes up to the SKU's
-- stock per slot. A RESERVABLE SKU created before this lists none, so it takes no holds until its
-- seller lists them (PATCH /api/v1/seller/skus/:id {slots}). REALTIME SKUs keep '{}'.
ALTER TABLE skus ADD COLUMN slots text[] NOT NULL DEFAULT '{}';
