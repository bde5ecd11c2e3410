// Row shapes of the demo's own bulk-loaded tables (reward grants until the rules engine makes them, and
// notes) and how each maps onto its columns (see bulk.ts). Customers, touchpoints and stage entries
// are written by the domain's touchpoint batch.
import type { GrantStatus, RewardType } from "../db/generated/enums";
import { bulkTable } from "../db/bulk";

export type GrantRow = {
  id: string;
  customerId: string;
  ruleId: string;
  ruleVersionId: string;
  qualificationKey: string;
  touchpointId: string | null;
  rewardType: RewardType;
  points: number | null;
  voucherCode: string | null;
  valueMinor: bigint | null;
  percent: number | null;
  giftItem: string | null;
  status: GrantStatus;
  issuedAt: Date;
  expiresAt: Date | null;
  redeemedAt: Date | null;
  redeemedById: string | null;
};

export type NoteRow = { id: string; customerId: string; authorId: string | null; body: string; createdAt: Date };

const TIMESTAMP = "timestamptz(3)";

export const grantTable = bulkTable<GrantRow>("RewardGrant", [
  { name: "id", type: "uuid" },
  { name: "customerId", type: "uuid" },
  { name: "ruleId", type: "uuid" },
  { name: "ruleVersionId", type: "uuid" },
  { name: "qualificationKey", type: "text" },
  { name: "touchpointId", type: "uuid" },
  { name: "rewardType", type: '"RewardType"' },
  { name: "points", type: "int" },
  { name: "voucherCode", type: "text" },
  { name: "valueMinor", type: "bigint" },
  { name: "percent", type: "int" },
  { name: "giftItem", type: "text" },
  { name: "status", type: '"GrantStatus"' },
  { name: "issuedAt", type: TIMESTAMP },
  { name: "expiresAt", type: TIMESTAMP },
  { name: "redeemedAt", type: TIMESTAMP },
  { name: "redeemedById", type: "uuid" },
]);

export const noteTable = bulkTable<NoteRow>("CustomerNote", [
  { name: "id", type: "uuid" },
  { name: "customerId", type: "uuid" },
  { name: "authorId", type: "uuid" },
  { name: "body", type: "text" },
  { name: "createdAt", type: TIMESTAMP },
]);
