-- Monthly range partitions, created ahead and dropped past retention by the scheduler.
-- All identifier quoting happens here (format %I/%L), so TypeScript passes only parameters.

-- Both functions assume a parent range-partitioned on one timestamptz column (month bounds are UTC
-- midnights), and serialise on the parent so concurrent maintenance runs cannot race.
CREATE FUNCTION engine_lock_monthly_parent(parent regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (
    SELECT 1
    FROM pg_partitioned_table pt
    JOIN pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = pt.partattrs[0]
    WHERE pt.partrelid = parent AND pt.partstrat = 'r' AND pt.partnatts = 1
      AND a.atttypid = 'timestamptz'::regtype
  ) THEN
    RAISE EXCEPTION '% is not range-partitioned on one timestamptz column', parent;
  END IF;
  -- self-conflicting, yet does not block reads and inserts on the parent
  EXECUTE format('LOCK TABLE %s IN SHARE UPDATE EXCLUSIVE MODE', parent);
END $$;

CREATE FUNCTION engine_ensure_month_partition(parent regclass, month date) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  month_start date := date_trunc('month', month::timestamp)::date;
  parent_schema name;
  parent_name name;
  part_name text;
BEGIN
  PERFORM engine_lock_monthly_parent(parent);
  SELECT n.nspname, c.relname INTO parent_schema, parent_name
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.oid = parent;
  part_name := parent_name || '_p' || to_char(month_start, 'YYYYMM');
  IF octet_length(part_name) > 63 THEN
    -- Postgres would silently truncate it and the next check would never match
    RAISE EXCEPTION 'partition name % is longer than 63 bytes', part_name;
  END IF;
  -- only a partition of this parent counts; an unrelated table of that name makes CREATE fail loudly
  IF EXISTS (
    SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = parent AND c.relname = part_name
  ) THEN
    RETURN NULL;
  END IF;
  EXECUTE format(
    'CREATE TABLE %I.%I PARTITION OF %I.%I FOR VALUES FROM (%L) TO (%L)',
    parent_schema, part_name, parent_schema, parent_name,
    month_start::timestamp AT TIME ZONE 'UTC',
    (month_start + interval '1 month') AT TIME ZONE 'UTC'
  );
  RETURN part_name;
END $$;

-- Partitions are chosen by their actual upper bound (pg_get_expr of relpartbound), not by name:
-- a name can disagree with the range (created by hand, renamed), and dropping by name could then
-- lose rows at or after cutoff. DEFAULT and MAXVALUE bounds do not match the pattern and are kept.
CREATE FUNCTION engine_drop_month_partitions_before(parent regclass, cutoff date) RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
  cutoff_at timestamptz := cutoff::timestamp AT TIME ZONE 'UTC';
  part record;
BEGIN
  PERFORM engine_lock_monthly_parent(parent);
  FOR part IN
    SELECT b.rel, b.relname
    FROM (
      SELECT c.oid::regclass AS rel, c.relname::text AS relname,
             -- rendered and parsed back in the same session, so DateStyle/TimeZone round-trip
             substring(pg_get_expr(c.relpartbound, c.oid) FROM ' TO \(''([^'']+)''\)$')::timestamptz AS upper_at
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = parent
    ) b
    WHERE b.upper_at <= cutoff_at
    ORDER BY b.upper_at
  LOOP
    EXECUTE format('DROP TABLE %s', part.rel);
    RETURN NEXT part.relname;
  END LOOP;
END $$;
