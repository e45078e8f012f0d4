-- Moves held/sold units of a batch's REALTIME SKUs in one round trip: for each SKU, in id order, read its
-- version and UPDATE it only if that version still holds. Id order means two batches touching the same
-- SKUs always lock them in the same order (no deadlock) without an explicit row lock; one call per batch
-- instead of one statement per SKU. RESERVABLE SKUs keep no held/sold and are skipped.
-- Answers the number of version misses (another writer moved a SKU between the read and the write).
CREATE OR REPLACE FUNCTION move_sku_units(ids bigint[], held_deltas int[], sold_deltas int[])
RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  misses int := 0;
  moved int;
  current_version int;
  d record;
BEGIN
  FOR d IN SELECT * FROM unnest(ids, held_deltas, sold_deltas) AS t(id, held, sold) ORDER BY id LOOP
    SELECT s.version INTO current_version FROM skus s JOIN items i ON i.id = s.item_id
    WHERE s.id = d.id AND i.product_type = 'REALTIME';
    CONTINUE WHEN NOT FOUND;
    UPDATE skus SET held = held + d.held, sold = sold + d.sold, version = version + 1
    WHERE id = d.id AND version = current_version;
    GET DIAGNOSTICS moved = ROW_COUNT;
    misses := misses + (1 - moved);
  END LOOP;
  RETURN misses;
END $$;
