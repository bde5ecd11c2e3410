// The business's settings (one row, id 1): name, currency, time zone, phone country, demo mode.
// Owners read and edit them; every change is audited with before and after.
// SPEC "Decisions made since": Money, Time, Demo mode and first run.
import type { Db, DbClient } from "../../db/client";
import { inTransaction, type Tx } from "../../db/transaction";
import { requireOwner, type Actor } from "../access";
import { writeAudit } from "../audit/write-audit";
import { deactivateDemoStaffIn, isDemoEmail } from "../staff/demo-accounts";
import { AppError } from "../errors";
import { DEFAULT_SETTINGS, type UpdateSettingsInput } from "./input";

export const SETTINGS_ID = 1;

export type BusinessSettings = {
  businessName: string;
  /** ISO 4217 code of the business's one currency. */
  currency: string;
  /** IANA time zone of the business's days. */
  timeZone: string;
  /** ISO 3166-1 alpha-2 country for phone numbers typed without a country code. */
  phoneCountry: string;
  demoMode: boolean;
};

const settingsSelect = { businessName: true, currency: true, timeZone: true, phoneCountry: true, demoMode: true } as const;

/** The settings, or the defaults when the row does not exist yet (it is created by a migration). */
export async function getSettings(db: DbClient): Promise<BusinessSettings> {
  const row = await db.setting.findUnique({ where: { id: SETTINGS_ID }, select: settingsSelect });
  return row ?? { ...DEFAULT_SETTINGS };
}

/** The settings row exists from the migration on, but an emptied database may lack it. */
export async function ensureSettingsRow(db: DbClient) {
  await db.$executeRaw`INSERT INTO "Setting" ("id") VALUES (${SETTINGS_ID}) ON CONFLICT ("id") DO NOTHING`;
}

/** Whether any stored amount is in the business's currency: touchpoint amounts, reward rule values
 * and granted values. Once one exists the currency is fixed, since changing it would reinterpret
 * every stored amount. */
async function amountsExist(db: DbClient): Promise<boolean> {
  const [touchpoint, ruleVersion, grant] = await Promise.all([
    db.touchpoint.findFirst({ where: { amountMinor: { not: null } }, select: { id: true } }),
    db.rewardRuleVersion.findFirst({
      where: { OR: [{ voucherValueMinor: { not: null } }, { budgetMaxValueMinor: { not: null } }] },
      select: { id: true },
    }),
    db.rewardGrant.findFirst({ where: { valueMinor: { not: null } }, select: { id: true } }),
  ]);
  return Boolean(touchpoint || ruleVersion || grant);
}

export type SettingsView = BusinessSettings & {
  /** True once amounts are stored: the currency can no longer change. */
  currencyLocked: boolean;
};

/** The settings as owners see them on the settings page. */
export async function getSettingsView(db: DbClient): Promise<SettingsView> {
  const [settings, currencyLocked] = await Promise.all([getSettings(db), amountsExist(db)]);
  return { ...settings, currencyLocked };
}

type Changes = Partial<BusinessSettings>;

/**
 * Applies an owner's changes (fields left out stay as they are) inside the caller's transaction,
 * locking the settings row, and audits the changed fields with before and after. Returns the
 * settings as they are now.
 * Switching demo mode off deactivates every demo account (emails @demo.test) and revokes their
 * sessions; the owner doing it must use an account of their own, so the business keeps an owner.
 * Errors: FORBIDDEN unless the actor is an owner; BAD_INPUT on `currency` once amounts are stored; FORBIDDEN on `demoMode` when the owner
 * is signed in with a demo account.
 */
export async function updateSettingsIn(tx: Tx, actor: Actor, input: UpdateSettingsInput, now = new Date()): Promise<SettingsView> {
  requireOwner(actor);
  await ensureSettingsRow(tx);
  const [current] = await tx.$queryRaw<BusinessSettings[]>`
    SELECT "businessName", "currency", "timeZone", "phoneCountry", "demoMode" FROM "Setting"
    WHERE "id" = ${SETTINGS_ID} FOR UPDATE`;
  if (!current) throw new Error("settings row missing after insert");
  const changes: Changes = {};
  for (const key of Object.keys(settingsSelect) as (keyof BusinessSettings)[]) {
    const value = input[key];
    if (value !== undefined && value !== current[key]) Object.assign(changes, { [key]: value });
  }
  if (Object.keys(changes).length === 0) return getSettingsView(tx);

  if (changes.currency !== undefined && (await amountsExist(tx))) {
    throw new AppError("BAD_INPUT", "The currency cannot change once amounts are stored", { currency: ["settings.currencyLocked"] });
  }
  if (changes.demoMode === false) {
    const me = await tx.user.findUnique({ where: { id: actor.id }, select: { email: true } });
    if (!me || isDemoEmail(me.email)) {
      throw new AppError("FORBIDDEN", "Switch demo mode off from an owner account of your own", { demoMode: ["settings.demoOffOwnAccount"] });
    }
    await deactivateDemoStaffIn(tx, actor, now);
  }
  await tx.setting.update({ where: { id: SETTINGS_ID }, data: changes });
  await writeAudit(tx, {
    actorId: actor.id,
    action: "settings.update",
    entityType: "Setting",
    entityId: String(SETTINGS_ID),
    before: Object.fromEntries(Object.keys(changes).map((k) => [k, current[k as keyof BusinessSettings]])),
    after: changes,
  });
  return getSettingsView(tx);
}

/** updateSettingsIn in a transaction of its own. */
export function updateSettings(db: Db, actor: Actor, input: UpdateSettingsInput, now = new Date()): Promise<SettingsView> {
  return inTransaction(db, (tx) => updateSettingsIn(tx, actor, input, now));
}
