-- Data migration (hand-written, runs in one transaction after 20261130062556_hardening_schema has
-- committed the REFUND enum value, which PostgreSQL cannot use in the transaction that adds it).

-- A negative PURCHASE was a refund: it becomes a REFUND with a positive amount.
UPDATE "Touchpoint" SET "type" = 'REFUND', "amountMinor" = -"amountMinor"
WHERE "type" = 'PURCHASE' AND "amountMinor" < 0;

-- IDR is whole rupiah everywhere (SPEC "Money"): amounts were stored in sen (hundredths).
UPDATE "Touchpoint" SET "amountMinor" = "amountMinor" / 100 WHERE "currency" = 'IDR' AND "amountMinor" IS NOT NULL;
UPDATE "RewardGrant" SET "valueMinor" = "valueMinor" / 100 WHERE "currency" = 'IDR' AND "valueMinor" IS NOT NULL;
UPDATE "RewardRuleVersion" SET
  "voucherValueMinor" = "voucherValueMinor" / 100,
  "budgetMaxValueMinor" = "budgetMaxValueMinor" / 100
WHERE "currency" = 'IDR';
UPDATE "RewardRule" SET "grantValueMinor" = "grantValueMinor" / 100;

-- Derived figures again from the touchpoints: purchases count only PURCHASE, net spend is purchases
-- minus refunds in the business currency (IDR, other currencies were never meant to be added in).
UPDATE "Customer" c SET
  "purchaseCount" = COALESCE(t.purchases, 0),
  "lifetimeValueMinor" = COALESCE(t.net, 0),
  "currency" = 'IDR'
FROM (
  SELECT "customerId",
         COUNT(*) FILTER (WHERE "type" = 'PURCHASE') AS purchases,
         COALESCE(SUM(CASE WHEN "type" = 'PURCHASE' THEN "amountMinor" WHEN "type" = 'REFUND' THEN -"amountMinor" END)
                  FILTER (WHERE "currency" = 'IDR'), 0) AS net
  FROM "Touchpoint" GROUP BY "customerId"
) t
WHERE t."customerId" = c."id";

-- "+62 0812…" and "+62 (0)812…" were stored as "+620812…", which no Indonesian number is.
UPDATE "Customer" SET "phone" = '+62' || substr("phone", 5) WHERE "phone" LIKE '+620%';

-- The settings row. A database that already holds the demo accounts stays in demo mode.
INSERT INTO "Setting" ("id", "businessName", "demoMode", "demoLoadedAt")
SELECT 1,
       '',
       EXISTS (SELECT 1 FROM "User" WHERE "email" IN ('owner@demo.test', 'manager@demo.test', 'sales@demo.test')),
       CASE WHEN EXISTS (SELECT 1 FROM "Customer") THEN CURRENT_TIMESTAMP END
ON CONFLICT ("id") DO NOTHING;
