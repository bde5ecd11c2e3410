-- AlterTable
ALTER TABLE "Touchpoint" ADD COLUMN     "movedAt" TIMESTAMPTZ(3);

-- "movedAt" is kept by the database whatever path writes (issue 14: the touchpoint map's "followed by
-- a move within N days" must not scan StageChange per touchpoint at twenty million touchpoints):
-- the first effective instant in [occurredAt, occurredAt + 90 × 24 h] (both ends included) at which
-- the customer entered a stage later than the touchpoint's "stageAtTime". 2160 hours = 90 × 24 h,
-- an exact span whatever the session's time zone (SPEC "Time": rolling windows are 24-hour days).
CREATE FUNCTION "touchpoint_moved_at"(customer uuid, stage_at_time "Stage", occurred_at timestamptz)
RETURNS timestamptz LANGUAGE sql STABLE AS $$
  SELECT min(sc."changedAt") FROM "StageChange" sc
  WHERE sc."customerId" = customer AND sc."toStage" > stage_at_time
    AND sc."changedAt" >= occurred_at AND sc."changedAt" <= occurred_at + interval '2160 hours'
$$;

-- A touchpoint written (a back-filled one included) reads the moves already on record.
CREATE FUNCTION "touchpoint_moved_at_row"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."movedAt" := "touchpoint_moved_at"(NEW."customerId", NEW."stageAtTime", NEW."occurredAt");
  RETURN NEW;
END;
$$;

CREATE TRIGGER "touchpoint_moved_at_on_write" BEFORE INSERT OR UPDATE OF "customerId", "stageAtTime", "occurredAt" ON "Touchpoint"
  FOR EACH ROW EXECUTE FUNCTION "touchpoint_moved_at_row"();

-- A stage entry written (StageChange is insert-only: the stage-entry writer) moves the customer's
-- touchpoints of the 90 days before it that were in an earlier stage, when it comes first. One
-- statement per insert statement, however many entries it carries.
CREATE FUNCTION "touchpoint_moved_at_on_entry"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Touchpoint" t SET "movedAt" = m."at"
  FROM (
    SELECT x."id", min(n."changedAt") AS "at"
    FROM new_rows n
    JOIN "Touchpoint" x ON x."customerId" = n."customerId" AND x."stageAtTime" < n."toStage"
      AND x."occurredAt" <= n."changedAt" AND x."occurredAt" >= n."changedAt" - interval '2160 hours'
    GROUP BY x."id"
  ) m
  WHERE t."id" = m."id" AND (t."movedAt" IS NULL OR t."movedAt" > m."at");
  RETURN NULL;
END;
$$;

CREATE TRIGGER "touchpoint_moved_at_after_entry" AFTER INSERT ON "StageChange"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "touchpoint_moved_at_on_entry"();

-- Stage entries that change customer, stage or instant (a merge moving history to another customer):
-- both customers' touchpoints are recomputed. (Entries are deleted only with their customer, whose
-- touchpoints go with them.)
CREATE FUNCTION "touchpoint_moved_at_on_entry_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Touchpoint" t SET "movedAt" = "touchpoint_moved_at"(t."customerId", t."stageAtTime", t."occurredAt")
  WHERE t."customerId" IN (SELECT "customerId" FROM old_rows UNION SELECT "customerId" FROM new_rows);
  RETURN NULL;
END;
$$;

CREATE TRIGGER "touchpoint_moved_at_after_entry_change" AFTER UPDATE ON "StageChange"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "touchpoint_moved_at_on_entry_change"();

-- History already on record: one hash-joined pass.
UPDATE "Touchpoint" t SET "movedAt" = m."at"
FROM (
  SELECT x."id", min(sc."changedAt") AS "at"
  FROM "Touchpoint" x
  JOIN "StageChange" sc ON sc."customerId" = x."customerId" AND sc."toStage" > x."stageAtTime"
    AND sc."changedAt" >= x."occurredAt" AND sc."changedAt" <= x."occurredAt" + interval '2160 hours'
  GROUP BY x."id"
) m
WHERE t."id" = m."id";
