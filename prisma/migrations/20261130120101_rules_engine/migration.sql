-- CreateEnum
CREATE TYPE "PointsEntryKind" AS ENUM ('AWARD', 'SPEND', 'REVOKE', 'EXPIRE');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('PENDING', 'RUNNING', 'DONE', 'DEAD');

-- AlterEnum
ALTER TYPE "RuleStatus" ADD VALUE 'PAUSED';

-- DropIndex
DROP INDEX "StageRule_active_priority_idx";

-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "referredById" UUID,
ADD COLUMN     "locale" "Locale";

-- AlterTable
ALTER TABLE "RewardGrant" ADD COLUMN     "budgetValueMinor" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "effectiveAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "flagReason" TEXT,
ADD COLUMN     "flaggedAt" TIMESTAMPTZ(3),
ADD COLUMN     "maxDiscountMinor" BIGINT,
ADD COLUMN     "redeemedTouchpointId" UUID;

-- AlterTable
ALTER TABLE "RewardRuleVersion" ADD COLUMN     "name" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "pointsExpiryDays" INTEGER,
ADD COLUMN     "pointsPerAmountMinor" BIGINT,
ADD COLUMN     "priority" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "voucherMaxDiscountMinor" BIGINT;

-- AlterTable
ALTER TABLE "Setting" ADD COLUMN     "pointValueMinor" BIGINT NOT NULL DEFAULT 100;

-- AlterTable (hand-edited: the stage rules' triggers and old condition become a condition tree
-- before the trigger columns go; an inactive rule becomes a DRAFT, since the new PAUSED value
-- cannot be used in the transaction that adds it)
ALTER TABLE "StageRule" ADD COLUMN "description" TEXT,
ADD COLUMN     "status" "RuleStatus" NOT NULL DEFAULT 'DRAFT';

UPDATE "StageRule" SET "status" = 'ACTIVE' WHERE "active";

UPDATE "StageRule" SET "condition" = jsonb_build_object(
  'version', 1,
  'root', jsonb_build_object(
    'op', 'all',
    'conditions',
    jsonb_build_array(jsonb_build_object(
      'fact', 'thisTouchpoint',
      'channels', to_jsonb("triggerChannels"::text[]),
      'types', to_jsonb("triggerTypes"::text[])
    )) || CASE
      WHEN jsonb_typeof("condition"->'minPurchases') = 'number' THEN jsonb_build_array(
        jsonb_build_object('fact', 'purchases', 'compare', 'atLeast', 'value', "condition"->'minPurchases')
        || CASE WHEN jsonb_typeof("condition"->'withinDays') = 'number'
             THEN jsonb_build_object('withinDays', "condition"->'withinDays') ELSE '{}'::jsonb END)
      ELSE '[]'::jsonb
    END
  )
);

ALTER TABLE "StageRule" DROP COLUMN "active",
DROP COLUMN "triggerChannels",
DROP COLUMN "triggerTypes",
ALTER COLUMN "condition" SET NOT NULL;

-- AlterTable
ALTER TABLE "Touchpoint" ADD COLUMN     "voidReason" TEXT,
ADD COLUMN     "voidedAt" TIMESTAMPTZ(3),
ADD COLUMN     "voidedById" UUID;

-- CreateTable
CREATE TABLE "RuleProgress" (
    "ruleId" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "qualifyingEvents" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RuleProgress_pkey" PRIMARY KEY ("ruleId","customerId")
);

-- CreateTable
CREATE TABLE "PointsEntry" (
    "id" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "kind" "PointsEntryKind" NOT NULL,
    "points" INTEGER NOT NULL,
    "remaining" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" TIMESTAMPTZ(3),
    "grantId" UUID,
    "reason" TEXT,
    "actorId" UUID,
    "effectiveAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PointsEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "dedupeKey" TEXT,
    "status" "JobStatus" NOT NULL DEFAULT 'PENDING',
    "runAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 5,
    "lockedBy" TEXT,
    "lockedUntil" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RuleProgress_customerId_idx" ON "RuleProgress"("customerId");

-- CreateIndex
CREATE INDEX "PointsEntry_customerId_createdAt_idx" ON "PointsEntry"("customerId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "PointsEntry_customerId_expiresAt_idx" ON "PointsEntry"("customerId", "expiresAt");

-- CreateIndex
CREATE INDEX "PointsEntry_expiresAt_idx" ON "PointsEntry"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Job_dedupeKey_key" ON "Job"("dedupeKey");

-- CreateIndex
CREATE INDEX "Job_status_runAt_idx" ON "Job"("status", "runAt");

-- CreateIndex
CREATE INDEX "Customer_referredById_idx" ON "Customer"("referredById");

-- CreateIndex
CREATE INDEX "RewardGrant_ruleId_issuedAt_idx" ON "RewardGrant"("ruleId", "issuedAt" DESC);

-- CreateIndex
CREATE INDEX "RewardGrant_touchpointId_idx" ON "RewardGrant"("touchpointId");

-- CreateIndex
CREATE INDEX "RewardGrant_expiresAt_idx" ON "RewardGrant"("expiresAt");

-- CreateIndex
CREATE INDEX "StageRule_status_priority_idx" ON "StageRule"("status", "priority");

-- AddForeignKey
ALTER TABLE "Customer" ADD CONSTRAINT "Customer_referredById_fkey" FOREIGN KEY ("referredById") REFERENCES "Customer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Touchpoint" ADD CONSTRAINT "Touchpoint_voidedById_fkey" FOREIGN KEY ("voidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RewardGrant" ADD CONSTRAINT "RewardGrant_redeemedTouchpointId_fkey" FOREIGN KEY ("redeemedTouchpointId") REFERENCES "Touchpoint"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RuleProgress" ADD CONSTRAINT "RuleProgress_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "RewardRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RuleProgress" ADD CONSTRAINT "RuleProgress_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PointsEntry" ADD CONSTRAINT "PointsEntry_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PointsEntry" ADD CONSTRAINT "PointsEntry_grantId_fkey" FOREIGN KEY ("grantId") REFERENCES "RewardGrant"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PointsEntry" ADD CONSTRAINT "PointsEntry_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Data (hand-written). Reward rule versions written before the engine used an interim shape
-- ({ op: "AND", conditions: [{ kind: "purchaseCount", min } | { kind: "stage", in }] }); they become
-- condition trees. A repeatable "purchaseCount" rule counted purchases as its events: its condition
-- becomes "this touchpoint is a purchase".
UPDATE "RewardRuleVersion" v SET "condition" = jsonb_build_object(
  'version', 1,
  'root', jsonb_build_object('op', CASE WHEN v."condition"->>'op' = 'OR' THEN 'any' ELSE 'all' END, 'conditions', (
    SELECT COALESCE(jsonb_agg(CASE
      WHEN c->>'kind' = 'purchaseCount' AND v."limit" = 'REPEATABLE'
        THEN jsonb_build_object('fact', 'thisTouchpoint', 'channels', '[]'::jsonb, 'types', jsonb_build_array('PURCHASE'))
      WHEN c->>'kind' = 'purchaseCount'
        THEN jsonb_build_object('fact', 'purchases', 'compare', 'atLeast', 'value', c->'min')
      WHEN c->>'kind' = 'stage'
        THEN jsonb_build_object('fact', 'stage', 'stages', c->'in')
    END), '[]'::jsonb)
    FROM jsonb_array_elements(v."condition"->'conditions') c
  ))
)
WHERE NOT (v."condition" ? 'version');

UPDATE "RewardRuleVersion" v SET "name" = r."name", "priority" = r."priority"
FROM "RewardRule" r WHERE r."id" = v."ruleId";

-- Grants made so far qualified when they were issued; fixed-value grants counted their value.
UPDATE "RewardGrant" SET "effectiveAt" = "issuedAt",
  "budgetValueMinor" = COALESCE("valueMinor", 0) + COALESCE("points", 0) * 100;
UPDATE "RewardGrant" SET "qualificationKey" = 'block:' || substring("qualificationKey" from ':(\d+)$')
WHERE "qualificationKey" ~ '^every-\d+:\d+$';

-- "Every N events" progress so far: a rule whose events are purchases has seen every purchase.
INSERT INTO "RuleProgress" ("ruleId", "customerId", "qualifyingEvents")
SELECT r."id", c."id", c."purchaseCount"
FROM "RewardRule" r
JOIN "RewardRuleVersion" v ON v."ruleId" = r."id" AND v."version" = r."currentVersion"
CROSS JOIN "Customer" c
WHERE v."everyNEvents" IS NOT NULL AND c."purchaseCount" > 0
  AND v."condition"->'root'->'conditions' @> '[{"fact": "thisTouchpoint", "types": ["PURCHASE"]}]'::jsonb;

-- The points balance becomes a ledger: one award per points grant, and the balance its sum.
INSERT INTO "PointsEntry" ("id", "customerId", "kind", "points", "remaining", "grantId", "effectiveAt", "createdAt")
SELECT gen_random_uuid(), g."customerId", 'AWARD', g."points", CASE WHEN g."status" = 'REVOKED' THEN 0 ELSE g."points" END,
       g."id", g."effectiveAt", g."issuedAt"
FROM "RewardGrant" g WHERE g."rewardType" = 'POINTS' AND g."points" > 0;
INSERT INTO "PointsEntry" ("id", "customerId", "kind", "points", "grantId", "effectiveAt", "createdAt")
SELECT gen_random_uuid(), g."customerId", 'REVOKE', -g."points", g."id", COALESCE(g."revokedAt", g."issuedAt"), COALESCE(g."revokedAt", g."issuedAt")
FROM "RewardGrant" g WHERE g."rewardType" = 'POINTS' AND g."points" > 0 AND g."status" = 'REVOKED';
UPDATE "Customer" c SET "pointsBalance" = COALESCE((SELECT SUM(e."points") FROM "PointsEntry" e WHERE e."customerId" = c."id"), 0);

-- Never negative, whatever writes them.
ALTER TABLE "Customer" ADD CONSTRAINT "Customer_pointsBalance_nonnegative" CHECK ("pointsBalance" >= 0);
ALTER TABLE "PointsEntry" ADD CONSTRAINT "PointsEntry_remaining_nonnegative" CHECK ("remaining" >= 0);
ALTER TABLE "RewardRule" ADD CONSTRAINT "RewardRule_budget_counters_nonnegative" CHECK ("grantCount" >= 0 AND "grantValueMinor" >= 0);
