-- DropIndex
DROP INDEX "Customer_stage_stageEnteredAt_idx";

-- CreateTable
CREATE TABLE "StageCount" (
    "stage" "Stage" NOT NULL,
    "ownerKey" UUID NOT NULL,
    "shard" SMALLINT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "StageCount_pkey" PRIMARY KEY ("stage","ownerKey","shard")
);

-- CreateIndex
CREATE INDEX "Customer_stage_stageEnteredAt_deletedAt_idx" ON "Customer"("stage", "stageEnteredAt", "deletedAt");

-- CreateIndex
CREATE INDEX "Customer_ownerId_stage_stageEnteredAt_deletedAt_idx" ON "Customer"("ownerId", "stage", "stageEnteredAt", "deletedAt");

-- CreateIndex
CREATE INDEX "Customer_tags_idx" ON "Customer" USING GIN ("tags");

-- CreateIndex
CREATE INDEX "Customer_firstTouchChannel_stage_idx" ON "Customer"("firstTouchChannel", "stage");

-- Maintained stage counts (issue 14: exact at all times, on every path that changes a stage, an owner
-- or a deletion). Statement triggers with transition tables: one upsert per statement, grouped by
-- (stage, owner, shard), so a bulk insert or update of thousands of customers costs one statement,
-- and an update that changes none of the three writes nothing. Rows are upserted in key order, so
-- two transactions lock count rows in the same order.
CREATE FUNCTION "stage_count_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "StageCount" ("stage", "ownerKey", "shard", "count")
    SELECT n."stage", COALESCE(n."ownerId", '00000000-0000-0000-0000-000000000000'::uuid), get_byte(uuid_send(n."id"), 15) % 16, count(*)
    FROM new_rows n WHERE n."deletedAt" IS NULL
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT ("stage", "ownerKey", "shard") DO UPDATE SET "count" = "StageCount"."count" + EXCLUDED."count";
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO "StageCount" ("stage", "ownerKey", "shard", "count")
    SELECT d."stage", d."ownerKey", d."shard", sum(d."delta")
    FROM (
      SELECT n."stage", COALESCE(n."ownerId", '00000000-0000-0000-0000-000000000000'::uuid) AS "ownerKey", get_byte(uuid_send(n."id"), 15) % 16 AS "shard", 1 AS "delta"
      FROM new_rows n WHERE n."deletedAt" IS NULL
      UNION ALL
      SELECT o."stage", COALESCE(o."ownerId", '00000000-0000-0000-0000-000000000000'::uuid), get_byte(uuid_send(o."id"), 15) % 16, -1
      FROM old_rows o WHERE o."deletedAt" IS NULL
    ) d
    GROUP BY 1, 2, 3 HAVING sum(d."delta") <> 0 ORDER BY 1, 2, 3
    ON CONFLICT ("stage", "ownerKey", "shard") DO UPDATE SET "count" = "StageCount"."count" + EXCLUDED."count";
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "StageCount" ("stage", "ownerKey", "shard", "count")
    SELECT o."stage", COALESCE(o."ownerId", '00000000-0000-0000-0000-000000000000'::uuid), get_byte(uuid_send(o."id"), 15) % 16, -count(*)
    FROM old_rows o WHERE o."deletedAt" IS NULL
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT ("stage", "ownerKey", "shard") DO UPDATE SET "count" = "StageCount"."count" + EXCLUDED."count";
  ELSE
    DELETE FROM "StageCount";
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "Customer_stage_count_insert" AFTER INSERT ON "Customer"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "stage_count_apply"();
CREATE TRIGGER "Customer_stage_count_update" AFTER UPDATE ON "Customer"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "stage_count_apply"();
CREATE TRIGGER "Customer_stage_count_delete" AFTER DELETE ON "Customer"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "stage_count_apply"();
CREATE TRIGGER "Customer_stage_count_truncate" AFTER TRUNCATE ON "Customer"
  FOR EACH STATEMENT EXECUTE FUNCTION "stage_count_apply"();

-- The customers already there.
INSERT INTO "StageCount" ("stage", "ownerKey", "shard", "count")
SELECT "stage", COALESCE("ownerId", '00000000-0000-0000-0000-000000000000'::uuid), get_byte(uuid_send("id"), 15) % 16, count(*)
FROM "Customer" WHERE "deletedAt" IS NULL
GROUP BY 1, 2, 3;
