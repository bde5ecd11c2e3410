-- Qualifying events of repeatable reward rules (RuleEvent) replace the per-rule counters
-- (RuleProgress): every-N blocks and cool-down grants are derived from the events in time order, so
-- the order touchpoints arrive in no longer changes what is earned (issue 13, SPEC arrival order).

-- CreateTable
CREATE TABLE "RuleEvent" (
    "ruleId" UUID NOT NULL,
    "touchpointId" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RuleEvent_pkey" PRIMARY KEY ("ruleId","touchpointId")
);

-- CreateIndex
CREATE INDEX "RuleEvent_customerId_ruleId_occurredAt_idx" ON "RuleEvent"("customerId", "ruleId", "occurredAt");

-- CreateIndex
CREATE INDEX "RuleEvent_touchpointId_idx" ON "RuleEvent"("touchpointId");

-- AddForeignKey
ALTER TABLE "RuleEvent" ADD CONSTRAINT "RuleEvent_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "RewardRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RuleEvent" ADD CONSTRAINT "RuleEvent_touchpointId_fkey" FOREIGN KEY ("touchpointId") REFERENCES "Touchpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RuleEvent" ADD CONSTRAINT "RuleEvent_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Data: a cool-down grant's touchpoint was a qualifying event.
INSERT INTO "RuleEvent" ("ruleId", "touchpointId", "customerId", "occurredAt")
SELECT g."ruleId", t."id", t."customerId", t."occurredAt"
FROM "RewardGrant" g
JOIN "Touchpoint" t ON t."id" = g."touchpointId" AND t."voidedAt" IS NULL
WHERE g."qualificationKey" LIKE 'touchpoint:%'
ON CONFLICT DO NOTHING;

-- Data: the counters kept how many events each customer had, not which. Keep the count (what the
-- next block depends on) by taking that many of the customer's latest touchpoints, purchases first
-- (the demo's and the usual every-N rules count purchases).
INSERT INTO "RuleEvent" ("ruleId", "touchpointId", "customerId", "occurredAt")
SELECT p."ruleId", t."id", t."customerId", t."occurredAt"
FROM "RuleProgress" p
CROSS JOIN LATERAL (
    SELECT tp."id", tp."customerId", tp."occurredAt"
    FROM "Touchpoint" tp
    WHERE tp."customerId" = p."customerId" AND tp."voidedAt" IS NULL
    ORDER BY (tp."type" = 'PURCHASE') DESC, tp."occurredAt" DESC, tp."id" DESC
    LIMIT p."qualifyingEvents"
) t
ON CONFLICT DO NOTHING;

-- DropForeignKey
ALTER TABLE "RuleProgress" DROP CONSTRAINT "RuleProgress_customerId_fkey";

-- DropForeignKey
ALTER TABLE "RuleProgress" DROP CONSTRAINT "RuleProgress_ruleId_fkey";

-- DropTable
DROP TABLE "RuleProgress";
