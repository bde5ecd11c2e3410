// The audit log's vocabulary: what an entry is about and what happened. Client-safe (no database
// code): the audit screen and the timeline label entries by these. Adding an action here makes the
// type check and tests/unit/audit-vocabulary.test.ts ask for its label ("audit.<action>") in both
// languages.

/** What an audit entry is about (its `entityType`). */
export const AUDIT_ENTITY_TYPES = ["Customer", "User", "StageRule", "RewardRule", "ApiKey", "RewardGrant", "Setting"] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

/** Every action that is audited, by the entity type it is written for. */
export const AUDIT_ACTIONS = {
  Customer: ["customer.create", "customer.update", "customer.moveStage", "customer.assignOwner", "customer.delete", "touchpoint.void", "customer.merge"],
  // customers.export: a staff member (the subject) exported customers as CSV (issue 15 item 6).
  // customers.bulk*: a staff member (the subject) changed many customers at once, listed in the
  // entry (issue 15 item 3, customers/bulk.ts).
  User: [
    "staff.create",
    "staff.update",
    "staff.setPassword",
    "staff.signOutEverywhere",
    "setup.firstOwner",
    "customers.export",
    "customers.bulkAssignOwner",
    "customers.bulkMoveStage",
    "customers.bulkAddTag",
    "customers.bulkRemoveTag",
    "customers.bulkDelete",
    "customers.bulkRestore",
    "customers.import",
    "touchpoints.import",
  ],
  Setting: ["settings.update", "settings.setStuckThreshold"],
  StageRule: ["stageRule.create", "stageRule.update", "stageRule.activate", "stageRule.pause", "stageRule.resume", "stageRule.retire"],
  RewardRule: ["rewardRule.create", "rewardRule.activate", "rewardRule.update", "rewardRule.pause", "rewardRule.resume", "rewardRule.retire"],
  ApiKey: [],
  RewardGrant: ["grant.keepFlagged", "grant.redeem", "grant.revoke"],
} as const satisfies Record<AuditEntityType, readonly string[]>;

export type AuditAction = (typeof AUDIT_ACTIONS)[AuditEntityType][number];

export const ALL_AUDIT_ACTIONS: readonly AuditAction[] = Object.values(AUDIT_ACTIONS).flat();

/** Whether a stored action (the audit table holds plain text) is one of the vocabulary's. */
export function isAuditAction(action: string): action is AuditAction {
  return (ALL_AUDIT_ACTIONS as readonly string[]).includes(action);
}

/** The i18n key of an action's label. */
export const auditActionLabel = <A extends AuditAction>(action: A) => `audit.${action}` as const;

/** The i18n key of an entity type's name (the audit screen's filter). */
export const auditEntityLabel = <E extends AuditEntityType>(entityType: E) => `audit.entity.${entityType}` as const;
