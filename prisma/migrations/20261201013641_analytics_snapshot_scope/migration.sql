-- AlterTable
ALTER TABLE "AnalyticsSnapshot" DROP CONSTRAINT "AnalyticsSnapshot_pkey",
ADD COLUMN     "scope" TEXT NOT NULL DEFAULT '',
ADD CONSTRAINT "AnalyticsSnapshot_pkey" PRIMARY KEY ("view", "periodDays", "scope");
