-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "ownerName" TEXT;

-- The owner's name on the customer (the table sorts by it through an index), kept by triggers:
-- a customer's owner set or changed (any path, the foreign key's SET NULL included), and a staff
-- member renamed. Application code never writes it.
UPDATE "Customer" c SET "ownerName" = u."name" FROM "User" u WHERE u."id" = c."ownerId";

CREATE FUNCTION "customer_owner_name"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."ownerId" IS NULL THEN
    NEW."ownerName" := NULL;
  ELSE
    SELECT "name" INTO NEW."ownerName" FROM "User" WHERE "id" = NEW."ownerId";
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "customer_owner_name" BEFORE INSERT OR UPDATE OF "ownerId", "ownerName" ON "Customer"
  FOR EACH ROW EXECUTE FUNCTION "customer_owner_name"();

CREATE FUNCTION "user_name_to_customers"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Customer" SET "ownerName" = NEW."name" WHERE "ownerId" = NEW."id";
  RETURN NULL;
END $$;

CREATE TRIGGER "user_name_to_customers" AFTER UPDATE OF "name" ON "User"
  FOR EACH ROW WHEN (OLD."name" IS DISTINCT FROM NEW."name") EXECUTE FUNCTION "user_name_to_customers"();

-- CreateIndex
CREATE INDEX "Customer_name_id_idx" ON "Customer"("name", "id");

-- CreateIndex
CREATE INDEX "Customer_ownerName_id_idx" ON "Customer"("ownerName", "id");

-- CreateIndex
CREATE INDEX "Customer_city_id_idx" ON "Customer"("city", "id");

-- CreateIndex
CREATE INDEX "Customer_segment_id_idx" ON "Customer"("segment", "id");

-- CreateIndex
CREATE INDEX "Customer_stage_id_idx" ON "Customer"("stage", "id");

-- CreateIndex
CREATE INDEX "Customer_lastContactAt_id_idx" ON "Customer"("lastContactAt", "id");

-- CreateIndex
CREATE INDEX "Customer_createdAt_id_idx" ON "Customer"("createdAt", "id");

-- CreateIndex
CREATE INDEX "Customer_stageEnteredAt_id_idx" ON "Customer"("stageEnteredAt", "id");

-- CreateIndex
CREATE INDEX "Customer_lifetimeValueMinor_id_idx" ON "Customer"("lifetimeValueMinor", "id");

-- CreateIndex
CREATE INDEX "Customer_purchaseCount_id_idx" ON "Customer"("purchaseCount", "id");

-- CreateIndex
CREATE INDEX "Customer_pointsBalance_id_idx" ON "Customer"("pointsBalance", "id");
