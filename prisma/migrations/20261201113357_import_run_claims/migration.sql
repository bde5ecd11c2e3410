-- AlterTable
ALTER TABLE "ImportRun" ADD COLUMN     "claimToken" UUID;

-- At most one unfinished (RUNNING or FAILED) run per kind, source and file: two imports of the same
-- file started at once cannot both create a run (the second finds the first's and is refused while
-- it runs). Prisma's schema has no partial indexes; the diff leaves this one alone.
CREATE UNIQUE INDEX "ImportRun_unfinished_key" ON "ImportRun" ("kind", "source", "fileHash") WHERE "status" IN ('RUNNING', 'FAILED');
