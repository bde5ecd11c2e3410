-- DropIndex
DROP INDEX "Customer_externalId_key";

-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "externalSource" TEXT;

-- CreateTable
CREATE TABLE "ImportRun" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "fileHash" TEXT NOT NULL,
    "fileName" TEXT,
    "options" JSONB NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'VALIDATED',
    "totalRows" INTEGER NOT NULL DEFAULT 0,
    "doneRows" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "refused" INTEGER NOT NULL DEFAULT 0,
    "problems" JSONB NOT NULL DEFAULT '[]',
    "lastError" TEXT,
    "startedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ImportRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportMapping" (
    "kind" TEXT NOT NULL,
    "headerKey" TEXT NOT NULL,
    "map" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ImportMapping_pkey" PRIMARY KEY ("kind","headerKey")
);

-- CreateTable
CREATE TABLE "ImportedRow" (
    "source" TEXT NOT NULL,
    "contentKey" TEXT NOT NULL,
    "customerId" UUID NOT NULL,

    CONSTRAINT "ImportedRow_pkey" PRIMARY KEY ("source","contentKey")
);

-- CreateIndex
CREATE INDEX "ImportRun_kind_source_fileHash_idx" ON "ImportRun"("kind", "source", "fileHash");

-- CreateIndex
CREATE INDEX "ImportRun_createdAt_idx" ON "ImportRun"("createdAt" DESC);

-- CreateIndex
CREATE INDEX "ImportedRow_customerId_idx" ON "ImportedRow"("customerId");

-- CreateIndex
CREATE UNIQUE INDEX "Customer_externalSource_externalId_key" ON "Customer"("externalSource", "externalId");

-- AddForeignKey
ALTER TABLE "ImportRun" ADD CONSTRAINT "ImportRun_startedById_fkey" FOREIGN KEY ("startedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- External ids are unique per source now (SPEC "Customers"; issue 15 item 4). Those stored before
-- were unique among all customers; they keep that as the source "import".
UPDATE "Customer" SET "externalSource" = 'import' WHERE "externalId" IS NOT NULL AND "externalSource" IS NULL;
ALTER TABLE "Customer" ADD CONSTRAINT "Customer_externalSource_check" CHECK (("externalId" IS NULL) = ("externalSource" IS NULL));
