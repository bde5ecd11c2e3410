-- DropIndex
DROP INDEX "Customer_firstTouchChannel_stage_idx";

-- DropIndex
DROP INDEX "Customer_segment_stage_idx";

-- CreateIndex
CREATE INDEX "Customer_firstTouchChannel_stage_stageEnteredAt_deletedAt_idx" ON "Customer"("firstTouchChannel", "stage", "stageEnteredAt", "deletedAt");

-- CreateIndex
CREATE INDEX "Customer_segment_stage_stageEnteredAt_deletedAt_idx" ON "Customer"("segment", "stage", "stageEnteredAt", "deletedAt");
