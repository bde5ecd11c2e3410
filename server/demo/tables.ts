// Row shapes of the bulk-loaded tables and how each maps onto its columns (see bulk.ts).
import type {
  Channel,
  Direction,
  GrantStatus,
  RewardType,
  Sentiment,
  Stage,
  TouchpointType,
} from "../db/generated/enums";
import { bulkTable, stringListColumn } from "../db/bulk";

export type CustomerRow = {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  externalId: string | null;
  segment: string;
  tags: readonly string[];
  city: string;
  stage: Stage;
  stageEnteredAt: Date;
  ownerId: string | null;
  firstTouchChannel: Channel;
  firstTouchAt: Date;
  lastContactAt: Date;
  touchpointCount: number;
  purchaseCount: number;
  lifetimeValueMinor: bigint;
  pointsBalance: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};

export type TouchpointRow = {
  id: string;
  customerId: string;
  channel: Channel;
  type: TouchpointType;
  direction: Direction;
  context: string | null;
  need: string | null;
  sentiment: Sentiment | null;
  amountMinor: bigint | null;
  refundOfId: string | null;
  occurredAt: Date;
  stageAtTime: Stage;
  loggedById: string | null;
  source: string;
  notes: string | null;
  createdAt: Date;
};

export type StageChangeRow = {
  id: string;
  customerId: string;
  fromStage: Stage | null;
  toStage: Stage;
  changedAt: Date;
  changedById: string | null;
  stageRuleId: string | null;
  touchpointId: string | null;
  reason: string | null;
};

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

export const customerTable = bulkTable<CustomerRow>("Customer", [
  { name: "id", type: "uuid" },
  { name: "name", type: "text" },
  { name: "email", type: "text" },
  { name: "phone", type: "text" },
  { name: "externalId", type: "text" },
  { name: "segment", type: "text" },
  { name: "tags", type: "text", select: stringListColumn },
  { name: "city", type: "text" },
  { name: "stage", type: '"Stage"' },
  { name: "stageEnteredAt", type: TIMESTAMP },
  { name: "ownerId", type: "uuid" },
  { name: "firstTouchChannel", type: '"Channel"' },
  { name: "firstTouchAt", type: TIMESTAMP },
  { name: "lastContactAt", type: TIMESTAMP },
  { name: "touchpointCount", type: "int" },
  { name: "purchaseCount", type: "int" },
  { name: "lifetimeValueMinor", type: "bigint" },
  { name: "pointsBalance", type: "int" },
  { name: "version", type: "int" },
  { name: "createdAt", type: TIMESTAMP },
  { name: "updatedAt", type: TIMESTAMP },
]);

export const touchpointTable = bulkTable<TouchpointRow>("Touchpoint", [
  { name: "id", type: "uuid" },
  { name: "customerId", type: "uuid" },
  { name: "channel", type: '"Channel"' },
  { name: "type", type: '"TouchpointType"' },
  { name: "direction", type: '"Direction"' },
  { name: "context", type: "text" },
  { name: "need", type: "text" },
  { name: "sentiment", type: '"Sentiment"' },
  { name: "amountMinor", type: "bigint" },
  { name: "refundOfId", type: "uuid" },
  { name: "occurredAt", type: TIMESTAMP },
  { name: "stageAtTime", type: '"Stage"' },
  { name: "loggedById", type: "uuid" },
  { name: "source", type: "text" },
  { name: "notes", type: "text" },
  { name: "createdAt", type: TIMESTAMP },
]);

export const stageChangeTable = bulkTable<StageChangeRow>("StageChange", [
  { name: "id", type: "uuid" },
  { name: "customerId", type: "uuid" },
  { name: "fromStage", type: '"Stage"' },
  { name: "toStage", type: '"Stage"' },
  { name: "changedAt", type: TIMESTAMP },
  { name: "changedById", type: "uuid" },
  { name: "stageRuleId", type: "uuid" },
  { name: "touchpointId", type: "uuid" },
  { name: "reason", type: "text" },
]);

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
