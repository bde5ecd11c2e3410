-- AlterTable
ALTER TABLE "Setting" ADD COLUMN     "stuckAfterDays" INTEGER NOT NULL DEFAULT 30;

-- The range the board accepts (board-input.ts stuckAfterDays).
ALTER TABLE "Setting" ADD CONSTRAINT "Setting_stuckAfterDays_range" CHECK ("stuckAfterDays" BETWEEN 1 AND 3650);
