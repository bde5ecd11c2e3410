-- AlterTable
ALTER TABLE "PointsEntry" ADD COLUMN     "idempotencyKey" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "PointsEntry_customerId_idempotencyKey_key" ON "PointsEntry"("customerId", "idempotencyKey");
