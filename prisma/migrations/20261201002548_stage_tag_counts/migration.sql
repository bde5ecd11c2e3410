-- CreateTable
CREATE TABLE "StageTagCount" (
    "tag" TEXT NOT NULL,
    "ownerKey" UUID NOT NULL,
    "stage" "Stage" NOT NULL,
    "shard" SMALLINT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "StageTagCount_pkey" PRIMARY KEY ("tag","ownerKey","stage","shard")
);

-- Kept like "StageCount" (migration stage_counts): statement triggers with transition tables on
-- "Customer", one grouped upsert per statement, rows upserted in key order; an update that changes
-- no tag, stage, owner or deletion writes nothing. A tag listed twice on one customer counts once
-- (the board's filter `tags @> ARRAY[tag]` matches the customer once).
CREATE FUNCTION "stage_tag_count_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM "StageTagCount";
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO "StageTagCount" ("tag", "ownerKey", "stage", "shard", "count")
    SELECT t."tag", COALESCE(n."ownerId", '00000000-0000-0000-0000-000000000000'::uuid), n."stage", get_byte(uuid_send(n."id"), 15) % 16, count(*)
    FROM new_rows n CROSS JOIN LATERAL (SELECT DISTINCT u AS "tag" FROM unnest(n."tags") u) t
    WHERE n."deletedAt" IS NULL
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT ("tag", "ownerKey", "stage", "shard") DO UPDATE SET "count" = "StageTagCount"."count" + EXCLUDED."count";
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO "StageTagCount" ("tag", "ownerKey", "stage", "shard", "count")
    SELECT d."tag", d."ownerKey", d."stage", d."shard", sum(d."delta")
    FROM (
      SELECT t."tag", COALESCE(n."ownerId", '00000000-0000-0000-0000-000000000000'::uuid) AS "ownerKey", n."stage",
        get_byte(uuid_send(n."id"), 15) % 16 AS "shard", 1 AS "delta"
      FROM new_rows n CROSS JOIN LATERAL (SELECT DISTINCT u AS "tag" FROM unnest(n."tags") u) t
      WHERE n."deletedAt" IS NULL
      UNION ALL
      SELECT t."tag", COALESCE(o."ownerId", '00000000-0000-0000-0000-000000000000'::uuid), o."stage", get_byte(uuid_send(o."id"), 15) % 16, -1
      FROM old_rows o CROSS JOIN LATERAL (SELECT DISTINCT u AS "tag" FROM unnest(o."tags") u) t
      WHERE o."deletedAt" IS NULL
    ) d
    GROUP BY 1, 2, 3, 4 HAVING sum(d."delta") <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT ("tag", "ownerKey", "stage", "shard") DO UPDATE SET "count" = "StageTagCount"."count" + EXCLUDED."count";
  ELSE
    INSERT INTO "StageTagCount" ("tag", "ownerKey", "stage", "shard", "count")
    SELECT t."tag", COALESCE(o."ownerId", '00000000-0000-0000-0000-000000000000'::uuid), o."stage", get_byte(uuid_send(o."id"), 15) % 16, -count(*)
    FROM old_rows o CROSS JOIN LATERAL (SELECT DISTINCT u AS "tag" FROM unnest(o."tags") u) t
    WHERE o."deletedAt" IS NULL
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT ("tag", "ownerKey", "stage", "shard") DO UPDATE SET "count" = "StageTagCount"."count" + EXCLUDED."count";
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "Customer_stage_tag_count_insert" AFTER INSERT ON "Customer"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "stage_tag_count_apply"();
CREATE TRIGGER "Customer_stage_tag_count_update" AFTER UPDATE ON "Customer"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "stage_tag_count_apply"();
CREATE TRIGGER "Customer_stage_tag_count_delete" AFTER DELETE ON "Customer"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "stage_tag_count_apply"();
CREATE TRIGGER "Customer_stage_tag_count_truncate" AFTER TRUNCATE ON "Customer"
  FOR EACH STATEMENT EXECUTE FUNCTION "stage_tag_count_apply"();

-- The customers already there.
INSERT INTO "StageTagCount" ("tag", "ownerKey", "stage", "shard", "count")
SELECT t."tag", COALESCE(c."ownerId", '00000000-0000-0000-0000-000000000000'::uuid), c."stage", get_byte(uuid_send(c."id"), 15) % 16, count(*)
FROM "Customer" c CROSS JOIN LATERAL (SELECT DISTINCT u AS "tag" FROM unnest(c."tags") u) t
WHERE c."deletedAt" IS NULL
GROUP BY 1, 2, 3, 4;
