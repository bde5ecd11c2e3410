// Logging many touchpoints for many customers at batch speed: the pipeline's very steps (pipeline.ts)
// over customer states held in memory, then multi-row writes. Used by the demo data now, by CSV import
// and API batches later. Existing customers are locked in id order (so two batches never deadlock)
// and loaded once; new customers live in memory until `persist`. Touchpoints of one customer must be
// logged in the order they are to be applied (the demo: time order).
import type { Prisma } from "../../db/generated/client";
import { bulkTable, bulkUpdate, newRowId } from "../../db/bulk";
import type { Tx } from "../../db/transaction";
import { enterStage, recordStageEntry, type StageEntry, type StageMove } from "../stages/enter-stage";
import type { StageRuleDefinition } from "../stages/stage-rules";
import { countReferrals, factNeeds, loadRuleFacts } from "../rules/active-rules";
import type { GrantIntent, Programme, NewRuleEvent, RewardRuleDefinition } from "../rules/reward-rules";
import { referralsMadeIn } from "../rules/referrals";
import { issueGrantsIn, type GrantOutcome } from "../rewards/grant";
import { NO_FIGURES, type DerivedFigures } from "./derived-figures";
import {
  DEFAULT_PROGRAMME,
  runTouchpointSteps,
  stageAt,
  type StageSpellStart,
  type CustomerState,
  type NewTouchpoint,
  type RefundTarget,
  type TouchpointContext,
  type TouchpointLogger,
  type TouchpointRecord,
  type TouchpointStore,
} from "./pipeline";

/** A customer created by the batch: their details (the columns a Customer insert sets besides the
 * stage, which their creation entry sets, and the derived figures, which the pipeline computes).
 * Read when the batch persists, so a caller may fill in what depends on the history (tags). */
export type NewCustomerDetails = {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  externalId: string | null;
  /** The source `externalId` belongs to (both or neither). */
  externalSource: string | null;
  segment: string | null;
  tags: readonly string[];
  city: string | null;
  ownerId: string | null;
  createdAt: Date;
  updatedAt: Date;
};

type Held = { state: CustomerState; details: NewCustomerDetails | null };

export type BatchOptions = {
  stageRules: readonly StageRuleDefinition[];
  /** Active reward rules (none by default) and the programme's settings. */
  rewardRules?: readonly RewardRuleDefinition[];
  programme?: Programme;
  /** Chooses voucher code characters (default crypto-random; the demo seeds it). */
  pickCode?: (n: number) => number;
  businessCurrency: string;
  /** The wall clock for moves dated now (default: when the batch was made). */
  now?: Date;
  /** Ids of the rows the batch records (default: UUID v7). */
  newId?: () => string;
};

export type BatchTouchpoint = {
  input: NewTouchpoint;
  loggedBy: TouchpointLogger;
  /** Chosen by the caller (default: from `newId`), e.g. to link a refund to a purchase of the batch. */
  id?: string;
  /** When it was recorded (default: `now`); history loaded later (an import) differs from occurredAt. */
  createdAt?: Date;
};

type CustomerFigureRow = { id: string } & { [K in keyof DerivedFigures]: DerivedFigures[K] };

const customerInsert = bulkTable<NewCustomerDetails & CustomerFigureRow>("Customer", [
  { name: "id", type: "uuid" },
  { name: "name", type: "text" },
  { name: "email", type: "text" },
  { name: "phone", type: "text" },
  { name: "externalId", type: "text" },
  { name: "externalSource", type: "text" },
  { name: "segment", type: "text" },
  { name: "tags", type: "text", select: (ref) => `string_to_array(${ref}, ',')` },
  { name: "city", type: "text" },
  { name: "ownerId", type: "uuid" },
  { name: "firstTouchChannel", type: '"Channel"' },
  { name: "firstTouchAt", type: "timestamptz(3)" },
  { name: "lastContactAt", type: "timestamptz(3)" },
  { name: "touchpointCount", type: "int" },
  { name: "purchaseCount", type: "int" },
  { name: "lifetimeValueMinor", type: "bigint" },
  { name: "createdAt", type: "timestamptz(3)" },
  { name: "updatedAt", type: "timestamptz(3)" },
]);

const figuresUpdate = bulkUpdate<CustomerFigureRow & { updatedAt: Date }>("Customer", { name: "id", type: "uuid" }, [
  { name: "touchpointCount", type: "int" },
  { name: "purchaseCount", type: "int" },
  { name: "lifetimeValueMinor", type: "bigint" },
  { name: "firstTouchAt", type: "timestamptz(3)" },
  { name: "firstTouchChannel", type: '"Channel"' },
  { name: "lastContactAt", type: "timestamptz(3)" },
  { name: "updatedAt", type: "timestamptz(3)" },
]);

const touchpointInsert = bulkTable<TouchpointRecord>("Touchpoint", [
  { name: "id", type: "uuid" },
  { name: "customerId", type: "uuid" },
  { name: "channel", type: '"Channel"' },
  { name: "type", type: '"TouchpointType"' },
  { name: "direction", type: '"Direction"' },
  { name: "context", type: "text" },
  { name: "need", type: "text" },
  { name: "sentiment", type: '"Sentiment"' },
  { name: "amountMinor", type: "bigint" },
  { name: "currency", type: "varchar(3)" },
  { name: "refundOfId", type: "uuid" },
  { name: "occurredAt", type: "timestamptz(3)" },
  { name: "stageAtTime", type: '"Stage"' },
  { name: "loggedById", type: "uuid" },
  { name: "apiKeyId", type: "uuid" },
  { name: "source", type: "text" },
  { name: "externalId", type: "text" },
  { name: "notes", type: "text" },
  { name: "createdAt", type: "timestamptz(3)" },
]);

const externalKey = (source: string, externalId: string) => `${source}\u0000${externalId}`;
const copyState = (state: CustomerState): CustomerState => ({
  ...state,
  history: [...state.history],
  standing: { grants: [...state.standing.grants], events: new Map(state.standing.events) },
});

export class TouchpointBatch {
  private readonly customers = new Map<string, Held>();
  private readonly purchases = new Map<string, RefundTarget>();
  private readonly externals = new Map<string, TouchpointRecord | null>();
  /** Stage entries of loaded customers with touchpoints from before their current spell. */
  private readonly stageHistory = new Map<string, StageSpellStart[]>();
  private readonly touchpoints: TouchpointRecord[] = [];
  private readonly stageEntries: StageEntry[] = [];
  private readonly grants: GrantIntent[] = [];
  private readonly events: NewRuleEvent[] = [];
  /** Customers whose first purchase this batch recorded (their referrer gains a referral). */
  private readonly firstPurchases: string[] = [];
  private readonly now: Date;
  private readonly newId: () => string;

  /** What the steps read: the batch's own state (a copy, so a refused touchpoint changes nothing). */
  private readonly store: TouchpointStore = {
    lockCustomer: async (customerId) => {
      const held = this.customers.get(customerId);
      return held ? copyState(held.state) : null;
    },
    inScope: async (customerId) => this.customers.has(customerId),
    findExternal: async (source, externalId) => this.externals.get(externalKey(source, externalId)) ?? null,
    refundTarget: async (purchaseId) => this.purchases.get(purchaseId) ?? null,
    stageAt: async (customerId, at) =>
      stageAt(
        [
          ...(this.stageHistory.get(customerId) ?? []),
          ...this.stageEntries.filter((entry) => entry.customerId === customerId).map((entry) => ({ at: entry.at, fromStage: entry.fromStage, toStage: entry.toStage })),
        ],
        at,
      ),
  };

  constructor(private readonly options: BatchOptions) {
    this.now = options.now ?? new Date();
    this.newId = options.newId ?? (() => newRowId());
  }

  /**
   * Locks the existing customers these touchpoints are for (in id order, inside `tx`) and loads what
   * the steps will read: each one's state with the purchases the stage rules' windows can reach from
   * their earliest touchpoint, the purchases refunds link to, and the external ids already logged.
   * Customers outside `scope` (or missing) are not loaded: their touchpoints fail with NOT_FOUND.
   */
  async load(tx: Tx, items: readonly BatchTouchpoint[], scope: Prisma.CustomerWhereInput): Promise<void> {
    const earliest = new Map<string, number>();
    for (const { input } of items) {
      if (this.customers.has(input.customerId)) continue;
      const at = input.occurredAt.getTime();
      earliest.set(input.customerId, Math.min(at, earliest.get(input.customerId) ?? at));
    }
    const ids = [...earliest.keys()].sort();
    if (ids.length > 0) {
      await tx.$queryRaw`SELECT 1 FROM "Customer" WHERE "id" = ANY(${ids}::uuid[]) ORDER BY "id" FOR UPDATE`;
      const rows = await tx.customer.findMany({ where: { AND: [{ id: { in: ids } }, scope] } });
      const rules = { stageRules: this.options.stageRules, rewardRules: this.options.rewardRules ?? [] };
      const needs = new Map(rows.map((row) => [row.id, factNeeds(rules, new Date(earliest.get(row.id)!))]));
      const withReferrals = [...needs.values()].some((n) => n.withReferrals);
      const found = rows.map((row) => row.id);
      const { history, standing } = await loadRuleFacts(tx, found, (id) => needs.get(id)!.historySince, rules.rewardRules.map((r) => r.ruleId));
      const referrals = withReferrals ? await countReferrals(tx, found) : new Map<string, number>();
      // Customers with a touchpoint from before their current spell: their stage entries, so that the
      // touchpoint records the stage of then (pipeline.ts stageAt).
      const backFilled = rows.filter((row) => earliest.get(row.id)! < row.stageEnteredAt.getTime()).map((row) => row.id);
      if (backFilled.length > 0) {
        const entries = await tx.stageChange.findMany({ where: { customerId: { in: backFilled } }, select: { customerId: true, changedAt: true, fromStage: true, toStage: true } });
        for (const entry of entries) {
          const list = this.stageHistory.get(entry.customerId) ?? [];
          list.push({ at: entry.changedAt, fromStage: entry.fromStage, toStage: entry.toStage });
          this.stageHistory.set(entry.customerId, list);
        }
      }
      for (const row of rows) {
        const { id, stage, stageEnteredAt, touchpointCount, purchaseCount, lifetimeValueMinor, firstTouchAt, firstTouchChannel, lastContactAt, segment, tags } = row;
        const figures = { touchpointCount, purchaseCount, lifetimeValueMinor, firstTouchAt, firstTouchChannel, lastContactAt };
        const own = history.get(id) ?? [];
        const state: CustomerState = {
          id,
          stage,
          stageEnteredAt,
          figures,
          segment,
          tags,
          referrals: referrals.get(id) ?? 0,
          history: own,
          standing: standing.get(id)!,
        };
        this.customers.set(id, { state, details: null });
      }
    }
    const refundOf = [...new Set(items.flatMap(({ input }) => (input.refundOfId ? [input.refundOfId] : [])))].filter((id) => !this.purchases.has(id));
    if (refundOf.length > 0) {
      const rows = await tx.touchpoint.findMany({
        where: { id: { in: refundOf }, voidedAt: null },
        select: { id: true, customerId: true, type: true, amountMinor: true, refunds: { where: { voidedAt: null }, select: { amountMinor: true } } },
      });
      for (const { id, refunds, ...purchase } of rows) {
        this.purchases.set(id, { ...purchase, refundedMinor: refunds.reduce((sum, r) => sum + (r.amountMinor ?? 0n), 0n) });
      }
    }
    // Grouped by source: one `externalId IN (…)` per source reads the unique index as one scan, where
    // an OR of (source, externalId) pairs costs ~0.1 ms a pair (an import's chunk of 1,000: 125 ms).
    const bySource = new Map<string, string[]>();
    for (const { input } of items) if (input.externalId) bySource.set(input.source, [...(bySource.get(input.source) ?? []), input.externalId]);
    if (bySource.size > 0) {
      const rows = await tx.touchpoint.findMany({ where: { OR: [...bySource].map(([source, externalIds]) => ({ source, externalId: { in: externalIds } })) } });
      for (const { input } of items) if (input.externalId) this.externals.set(externalKey(input.source, input.externalId), null);
      for (const row of rows) this.externals.set(externalKey(row.source, row.externalId!), row);
    }
  }

  /** A new customer, held in memory until `persist`, entering their first stage through the
   * stage-entry path (`creation`: `toStage`, `at`, who and why). Returns their state. */
  addCustomer(details: NewCustomerDetails, creation: Omit<StageMove, "cause">): CustomerState {
    const unstaged = { id: details.id, stage: null, stageEnteredAt: null };
    const entry = this.record(recordStageEntry(unstaged, { ...creation, id: creation.id ?? this.newId(), cause: "creation" }))!;
    const state: CustomerState = {
      id: details.id,
      stage: entry.toStage,
      stageEnteredAt: entry.at,
      figures: NO_FIGURES,
      segment: details.segment,
      tags: details.tags,
      referrals: 0,
      history: [],
      standing: { grants: [], events: new Map() },
    };
    this.customers.set(details.id, { state, details });
    return state;
  }

  /** A manual move of a customer held by the batch (the same stage-entry path as a rule's move);
   * null when they are already in that stage. */
  enterStage(customerId: string, move: Omit<StageMove, "cause">): StageEntry | null {
    const held = this.customers.get(customerId);
    if (!held) throw new Error(`Customer ${customerId} is not in this batch`);
    return this.record(recordStageEntry(held.state, { ...move, id: move.id ?? this.newId(), cause: "manual" }));
  }

  /** Runs the pipeline's steps for one touchpoint against the batch's state and records its writes.
   * Errors as logTouchpointIn (NOT_FOUND, BAD_INPUT); a failed touchpoint leaves the batch as it was. */
  async log(item: BatchTouchpoint): Promise<TouchpointContext> {
    const ctx = await runTouchpointSteps({
      input: item.input,
      loggedBy: item.loggedBy,
      stageRules: this.options.stageRules,
      rewardRules: this.options.rewardRules ?? [],
      programme: this.options.programme ?? DEFAULT_PROGRAMME,
      businessCurrency: this.options.businessCurrency,
      now: this.now,
      newId: this.newId,
      ...(item.id ? { touchpointId: item.id } : {}),
      ...(item.createdAt ? { createdAt: item.createdAt } : {}),
      store: this.store,
    });
    if (!ctx.created) return ctx;
    const touchpoint = ctx.touchpoint!;
    this.customers.get(touchpoint.customerId)!.state = ctx.customer!;
    this.touchpoints.push(touchpoint);
    if (touchpoint.type === "PURCHASE") {
      this.purchases.set(touchpoint.id, { customerId: touchpoint.customerId, type: "PURCHASE", amountMinor: touchpoint.amountMinor, refundedMinor: 0n });
    }
    if (touchpoint.refundOfId) this.purchases.get(touchpoint.refundOfId)!.refundedMinor += touchpoint.amountMinor!;
    if (touchpoint.externalId) this.externals.set(externalKey(touchpoint.source, touchpoint.externalId), touchpoint);
    for (const entry of ctx.effects.stageEntries) this.record(entry);
    this.grants.push(...ctx.effects.grants);
    this.events.push(...ctx.effects.events);
    if (touchpoint.type === "PURCHASE" && ctx.customer!.figures.purchaseCount === 1) this.firstPurchases.push(touchpoint.customerId);
    return ctx;
  }

  /** The current state of a customer held by the batch. */
  stateOf(customerId: string): CustomerState | undefined {
    return this.customers.get(customerId)?.state;
  }

  get size() {
    return {
      customers: this.customers.size,
      touchpoints: this.touchpoints.length,
      stageEntries: this.stageEntries.length,
      grants: this.grants.length,
    };
  }

  /**
   * Writes everything recorded, with multi-row statements inside `tx`: new customers (details and
   * derived figures), touchpoints, stage entries through enterStage, and the derived figures of the
   * existing customers (locked by `load`), then the grants the reward rules decided, within budgets
   * (rewards/grant.ts; its outcome is returned), and the referrers' evaluation for referred customers
   * who made their first purchase (rules/referrals.ts). Chunks of one statement run in turn on the
   * transaction's connection, so a refund always finds its purchase.
   */
  async persist(tx: Tx): Promise<GrantOutcome> {
    const created: (NewCustomerDetails & CustomerFigureRow)[] = [];
    const updated: (CustomerFigureRow & { updatedAt: Date })[] = [];
    const touched = new Set(this.touchpoints.map((t) => t.customerId));
    for (const { state, details } of this.customers.values()) {
      if (details) created.push({ ...details, ...state.figures });
      else if (touched.has(state.id)) updated.push({ id: state.id, ...state.figures, updatedAt: this.now });
    }
    await customerInsert.insert(tx, created);
    await touchpointInsert.insert(tx, this.touchpoints);
    await enterStage(tx, this.stageEntries);
    await figuresUpdate.update(tx, updated);
    const outcome = await issueGrantsIn(tx, this.grants, this.events, { newId: this.newId, ...(this.options.pickCode ? { pickCode: this.options.pickCode } : {}) });
    await referralsMadeIn(tx, this.firstPurchases, this.options.rewardRules ?? []);
    return outcome;
  }

  private record(entry: StageEntry | null): StageEntry | null {
    if (entry) this.stageEntries.push(entry);
    return entry;
  }
}
