-- Moves held/sold units of many SKUs in one round trip: one version-checked UPDATE per SKU, run in id
-- order so that two batches touching the same SKUs always lock them in the same order (no deadlock)
-- without an explicit row lock (a SELECT ... FOR UPDATE would write a lock to every tuple first).
-- Answers how many rows moved; fewer than given means another writer moved one first (a version miss).
CREATE OR REPLACE FUNCTION move_sku_units(ids bigint[], versions int[], held_deltas int[], sold_deltas int[])
RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  moved int := 0;
  one int;
  d record;
BEGIN
  FOR d IN SELECT * FROM unnest(ids, versions, held_deltas, sold_deltas) AS t(id, version, held, sold) ORDER BY id LOOP
    UPDATE skus SET held = held + d.held, sold = sold + d.sold, version = version + 1
    WHERE id = d.id AND version = d.version;
    GET DIAGNOSTICS one = ROW_COUNT;
    moved := moved + one;
  END LOOP;
  RETURN moved;
END $$;
