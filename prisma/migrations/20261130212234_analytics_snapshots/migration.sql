-- CreateTable
CREATE TABLE "AnalyticsSnapshot" (
    "view" TEXT NOT NULL,
    "periodDays" INTEGER NOT NULL,
    "fromDay" TEXT NOT NULL,
    "toDay" TEXT NOT NULL,
    "computedAt" TIMESTAMPTZ(3) NOT NULL,
    "data" JSONB NOT NULL,

    CONSTRAINT "AnalyticsSnapshot_pkey" PRIMARY KEY ("view","periodDays")
);
