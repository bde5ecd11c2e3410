// The audit vocabulary (server/domain/audit/vocabulary.ts): every action and entity type has a label
// in both languages, and each action belongs to one entity type.
import { describe, expect, it } from "vitest";
import { ALL_AUDIT_ACTIONS, AUDIT_ACTIONS, AUDIT_ENTITY_TYPES, auditActionLabel, auditEntityLabel, isAuditAction } from "@/server/domain/audit/vocabulary";
import { en } from "@/server/i18n/en";
import { id } from "@/server/i18n/id";

const dictionaries = { en: en as Record<string, string>, id: id as Record<string, string> };

describe("audit vocabulary", () => {
  it("lists the audited actions by entity type", () => {
    expect(AUDIT_ENTITY_TYPES).toEqual(["Customer", "User", "StageRule", "RewardRule", "ApiKey", "RewardGrant", "Setting"]);
    expect(Object.keys(AUDIT_ACTIONS).sort()).toEqual([...AUDIT_ENTITY_TYPES].sort());
    expect(ALL_AUDIT_ACTIONS).toEqual([
      "customer.create",
      "customer.update",
      "customer.moveStage",
      "customer.assignOwner",
      "customer.delete",
      "touchpoint.void",
      "customer.merge",
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
      "settings.update",
      "settings.setStuckThreshold",
      "stageRule.create",
      "stageRule.update",
      "stageRule.activate",
      "stageRule.pause",
      "stageRule.resume",
      "stageRule.retire",
      "rewardRule.create",
      "rewardRule.activate",
      "rewardRule.update",
      "rewardRule.pause",
      "rewardRule.resume",
      "rewardRule.retire",
      "grant.keepFlagged",
      "grant.redeem",
      "grant.revoke",
    ]);
    expect(new Set(ALL_AUDIT_ACTIONS).size).toBe(ALL_AUDIT_ACTIONS.length);
  });

  it.each(Object.entries(dictionaries))("labels every action and entity type in %s", (_, dictionary) => {
    for (const action of ALL_AUDIT_ACTIONS) {
      const key = auditActionLabel(action);
      expect(key).toBe(`audit.${action}`);
      expect(dictionary[key]?.trim(), key).toBeTruthy();
    }
    for (const type of AUDIT_ENTITY_TYPES) {
      const key = auditEntityLabel(type);
      expect(key).toBe(`audit.entity.${type}`);
      expect(dictionary[key]?.trim(), key).toBeTruthy();
    }
  });

  it("gives each action its own label in each language", () => {
    for (const dictionary of Object.values(dictionaries)) {
      const labels = ALL_AUDIT_ACTIONS.map((action) => dictionary[auditActionLabel(action)]);
      expect(new Set(labels).size).toBe(labels.length);
    }
    expect(en["audit.customer.moveStage"]).toBe("Stage moved by hand");
    expect(en["audit.entity.Setting"]).toBe("Settings");
  });

  it("recognises stored actions of the vocabulary only", () => {
    expect(isAuditAction("customer.update")).toBe(true);
    expect(isAuditAction("rewardRule.activate")).toBe(true);
    expect(isAuditAction("customer.updated")).toBe(false);
    expect(isAuditAction("audit.customer.update")).toBe(false);
    expect(isAuditAction("")).toBe(false);
  });
});
