// Each procedure's own role check, apart from the domain's: a role check registered before
// `.input()` runs before input validation, so a call with input that is not even an object gets
// FORBIDDEN from the procedure layer, and BAD_REQUEST only once that layer let the caller through.
// The domain repeats some checks (assignOwner, deleteCustomer…), so a call with valid input cannot
// tell the layers apart; domain-own-checks.test.ts tests the domain's copy.
import { expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { appRouter } from "@/server/api/root";
import { describeEachDatabase } from "../support/database";
import { callerFor, freshTeamEachTest, type TestStaff } from "./fixtures";

type Access = "signed-in" | "manager" | "owner";

/** Who may call what, written out: a procedure added to the router must be listed here. */
const ACCESS: Record<string, Access> = {
  "customer.list": "signed-in",
  "customer.get": "signed-in",
  "customer.timeline": "signed-in",
  "customer.create": "signed-in",
  "customer.update": "signed-in",
  "customer.moveStage": "signed-in",
  "customer.addNote": "signed-in",
  "customer.delete": "manager",
  "customer.deletedName": "manager",
  "customer.assignOwner": "manager",
  "customer.assignableOwners": "manager",
  "touchpoint.log": "signed-in",
  "touchpoint.refundablePurchases": "signed-in",
  "touchpoint.void": "signed-in",
  "touchpoint.flaggedGrants": "owner",
  "touchpoint.keepFlaggedGrant": "owner",
  "me.get": "signed-in",
  "me.setLocale": "signed-in",
  "me.signOutEverywhere": "signed-in",
  "staff.list": "owner",
  "staff.create": "owner",
  "staff.update": "owner",
  "staff.setPassword": "owner",
  "staff.signOutEverywhere": "owner",
  "audit.list": "owner",
  "settings.get": "owner",
  "settings.update": "owner",
  "rewards.ledger": "manager",
  "rewards.ruleChoices": "manager",
  "rewards.lookupCode": "signed-in",
  "rewards.redeemByCode": "signed-in",
  "rewards.forCustomer": "signed-in",
  "rewards.pointsHistory": "signed-in",
  "rewards.voucherQr": "signed-in",
  "rewards.redeem": "signed-in",
  "rewards.spendPoints": "signed-in",
  "rewards.revoke": "owner",
  "rules.list": "manager",
  "rules.rewardRule": "manager",
  "rules.stageRule": "manager",
  "rules.history": "manager",
  "rules.createRewardRule": "owner",
  "rules.updateRewardRule": "owner",
  "rules.setRewardRuleStatus": "owner",
  "rules.createStageRule": "owner",
  "rules.updateStageRule": "owner",
  "rules.setStageRuleStatus": "owner",
  "board.load": "signed-in",
  "board.column": "signed-in",
  "board.filterOptions": "signed-in",
  "board.metrics": "signed-in",
  "board.stuckThreshold": "signed-in",
  "board.setStuckThreshold": "manager",
  "analytics.funnelPeriod": "manager",
  "analytics.funnelCohorts": "manager",
  "analytics.touchpointMap": "manager",
  "analytics.effectiveness": "manager",
  "analytics.paths": "manager",
  "analytics.refresh": "manager",
  // Customer table (issue 15)
  "customer.table": "signed-in",
  "customer.tableColumns": "signed-in",
  "customer.setTableColumns": "signed-in",
  "savedView.list": "signed-in",
  "savedView.save": "signed-in",
  "savedView.delete": "signed-in",
  // Duplicates and merge (issue 15 item 2)
  "customer.duplicates": "signed-in",
  "customer.duplicatePairs": "manager",
  "customer.mergePreview": "manager",
  "customer.merge": "manager",
  "customer.mergedInto": "signed-in",
  // Bulk actions (issue 15 item 3)
  "customer.bulk": "manager",
};

/** Not an object at all: every procedure that takes input refuses it as BAD_REQUEST. */
const INVALID_INPUT = 42;

/** The error code of calling `path` as `actor` with input that is not valid; "ok" when it succeeds
 * (procedures without input ignore it). */
async function codeOf(caller: ReturnType<typeof callerFor>, path: string): Promise<string> {
  const [group, name] = path.split(".") as [string, string];
  const procedure = (caller as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>)[group]![name]!;
  try {
    await procedure(INVALID_INPUT);
    return "ok";
  } catch (error) {
    expect(error, path).toBeInstanceOf(TRPCError);
    return (error as TRPCError).code;
  }
}

describeEachDatabase("each procedure's own role check", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("lists every procedure of the router", () => {
    expect(Object.keys(appRouter._def.procedures).sort()).toEqual(Object.keys(ACCESS).sort());
  });

  const allowed = (access: Access, role: TestStaff["role"]) =>
    access === "signed-in" || (access === "manager" && role !== "SALES") || (access === "owner" && role === "OWNER");

  it("refuses a role below the procedure's before reading the input", async () => {
    const refused: string[] = [];
    const expected: string[] = [];
    for (const [path, access] of Object.entries(ACCESS)) {
      for (const who of ["sales", "manager"] as const) {
        const staff = team()[who];
        if (allowed(access, staff.role)) continue;
        expected.push(`${path} ${staff.role} FORBIDDEN`);
        refused.push(`${path} ${staff.role} ${await codeOf(callerFor(getDb(), staff), path)}`);
      }
    }
    expect(refused).toEqual(expected);
    // Written out, so that a procedure moved to a looser builder is noticed here too.
    expect(expected).toEqual([
      "customer.delete SALES FORBIDDEN",
      "customer.deletedName SALES FORBIDDEN",
      "customer.assignOwner SALES FORBIDDEN",
      "customer.assignableOwners SALES FORBIDDEN",
      "touchpoint.flaggedGrants SALES FORBIDDEN",
      "touchpoint.flaggedGrants MANAGER FORBIDDEN",
      "touchpoint.keepFlaggedGrant SALES FORBIDDEN",
      "touchpoint.keepFlaggedGrant MANAGER FORBIDDEN",
      "staff.list SALES FORBIDDEN",
      "staff.list MANAGER FORBIDDEN",
      "staff.create SALES FORBIDDEN",
      "staff.create MANAGER FORBIDDEN",
      "staff.update SALES FORBIDDEN",
      "staff.update MANAGER FORBIDDEN",
      "staff.setPassword SALES FORBIDDEN",
      "staff.setPassword MANAGER FORBIDDEN",
      "staff.signOutEverywhere SALES FORBIDDEN",
      "staff.signOutEverywhere MANAGER FORBIDDEN",
      "audit.list SALES FORBIDDEN",
      "audit.list MANAGER FORBIDDEN",
      "settings.get SALES FORBIDDEN",
      "settings.get MANAGER FORBIDDEN",
      "settings.update SALES FORBIDDEN",
      "settings.update MANAGER FORBIDDEN",
      "rewards.ledger SALES FORBIDDEN",
      "rewards.ruleChoices SALES FORBIDDEN",
      "rewards.revoke SALES FORBIDDEN",
      "rewards.revoke MANAGER FORBIDDEN",
      "rules.list SALES FORBIDDEN",
      "rules.rewardRule SALES FORBIDDEN",
      "rules.stageRule SALES FORBIDDEN",
      "rules.history SALES FORBIDDEN",
      "rules.createRewardRule SALES FORBIDDEN",
      "rules.createRewardRule MANAGER FORBIDDEN",
      "rules.updateRewardRule SALES FORBIDDEN",
      "rules.updateRewardRule MANAGER FORBIDDEN",
      "rules.setRewardRuleStatus SALES FORBIDDEN",
      "rules.setRewardRuleStatus MANAGER FORBIDDEN",
      "rules.createStageRule SALES FORBIDDEN",
      "rules.createStageRule MANAGER FORBIDDEN",
      "rules.updateStageRule SALES FORBIDDEN",
      "rules.updateStageRule MANAGER FORBIDDEN",
      "rules.setStageRuleStatus SALES FORBIDDEN",
      "rules.setStageRuleStatus MANAGER FORBIDDEN",
      "board.setStuckThreshold SALES FORBIDDEN",
      "analytics.funnelPeriod SALES FORBIDDEN",
      "analytics.funnelCohorts SALES FORBIDDEN",
      "analytics.touchpointMap SALES FORBIDDEN",
      "analytics.effectiveness SALES FORBIDDEN",
      "analytics.paths SALES FORBIDDEN",
      "analytics.refresh SALES FORBIDDEN",
      "customer.duplicatePairs SALES FORBIDDEN",
      "customer.mergePreview SALES FORBIDDEN",
      "customer.merge SALES FORBIDDEN",
      "customer.bulk SALES FORBIDDEN",
    ]);
  });

  it("lets an allowed role through to input validation (so the refusals above are the role check's)", async () => {
    for (const [path, access] of Object.entries(ACCESS)) {
      for (const who of ["sales", "manager", "owner"] as const) {
        const staff = team()[who];
        if (!allowed(access, staff.role)) continue;
        const code = await codeOf(callerFor(getDb(), staff), path);
        expect(["BAD_REQUEST", "ok"], `${path} ${staff.role}: ${code}`).toContain(code);
      }
    }
  });

  it("refuses visitors who are not signed in, before reading the input", async () => {
    for (const path of Object.keys(ACCESS)) expect(await codeOf(callerFor(getDb(), null), path), path).toBe("UNAUTHORIZED");
  });
});
