// The funnel metrics computed the simple way, in plain TypeScript over rows loaded as arrays: an
// independent second reading of SPEC "Funnel metrics" to check server/domain/funnel/metrics.ts
// against. It shares nothing with the SQL but the words of the definitions, the stage list and the
// time-zone conversion of an instant to its business day (time-zone.ts, itself unit-tested);
// periods are compared as business days (YYYY-MM-DD strings), not as instants.
import type { Channel, Stage } from "@/server/db/generated/enums";
import { DAY_MS, businessDay } from "@/server/domain/values/time-zone";

const STAGE_LIST: Stage[] = ["AWARENESS", "INTEREST", "DESIRE", "ACTION", "LOYALTY"];
const rank = (stage: Stage) => STAGE_LIST.indexOf(stage);

export type NaiveCustomer = {
  id: string;
  ownerId: string | null;
  segment: string | null;
  tags: string[];
  firstTouchChannel: Channel | null;
  firstTouchAt: Date | null;
  deletedAt: Date | null;
};
export type NaiveChange = { id: string; customerId: string; fromStage: Stage | null; toStage: Stage; changedAt: Date };
export type NaiveScope = { ownerId?: string; segment?: string; tag?: string; firstTouchChannel?: Channel };
export type NaivePeriod = { fromDay: string; toDay: string; timeZone: string };

/** percentile_cont: linear interpolation at position p × (n − 1), then rounded to whole ms. */
export function naivePercentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = p * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const value = low === high ? sorted[low]! : sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
  return Math.floor(value + 0.5);
}

function inScope(customer: NaiveCustomer, scope: NaiveScope): boolean {
  if (customer.deletedAt) return false;
  if (scope.ownerId === "none" && customer.ownerId !== null) return false;
  if (scope.ownerId !== undefined && scope.ownerId !== "none" && customer.ownerId !== scope.ownerId) return false;
  if (scope.segment !== undefined && customer.segment !== scope.segment) return false;
  if (scope.tag !== undefined && !customer.tags.includes(scope.tag)) return false;
  if (scope.firstTouchChannel !== undefined && customer.firstTouchChannel !== scope.firstTouchChannel) return false;
  return true;
}

/** Each in-scope customer's changes, in effective order (changedAt, then id), by customer id. */
function journeysById(customers: NaiveCustomer[], changes: NaiveChange[], scope: NaiveScope): Map<string, NaiveChange[]> {
  const byCustomer = new Map<string, NaiveChange[]>();
  for (const customer of customers) if (inScope(customer, scope)) byCustomer.set(customer.id, []);
  for (const change of changes) byCustomer.get(change.customerId)?.push(change);
  for (const list of byCustomer.values()) {
    list.sort((a, b) => a.changedAt.getTime() - b.changedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  return byCustomer;
}

const journeys = (customers: NaiveCustomer[], changes: NaiveChange[], scope: NaiveScope) => [...journeysById(customers, changes, scope).values()];

const inPeriod = (at: Date, period: NaivePeriod) => {
  const day = businessDay(at, period.timeZone);
  return day >= period.fromDay && day <= period.toDay;
};

export function naiveStageMetrics(customers: NaiveCustomer[], changes: NaiveChange[], scope: NaiveScope, period: NaivePeriod, withinDays: number, now: Date) {
  const all = journeys(customers, changes, scope);
  const stays = naiveTimeInStage(customers, changes, scope, period);
  return STAGE_LIST.map((stage, index) => {
    let cohort = 0;
    let converted = 0;
    let skipped = 0;
    let inProgress = false;
    for (const journey of all) {
      const firstIndex = journey.findIndex((change) => change.toStage === stage);
      if (firstIndex < 0) continue;
      const first = journey[firstIndex]!;
      if (!inPeriod(first.changedAt, period)) continue;
      cohort++;
      if (first.changedAt.getTime() + withinDays * DAY_MS > now.getTime()) inProgress = true;
      const later = journey.slice(firstIndex + 1).find((change) => rank(change.toStage) > index);
      if (later && later.changedAt.getTime() - first.changedAt.getTime() <= withinDays * DAY_MS) {
        converted++;
        if (rank(later.toStage) !== index + 1) skipped++;
      }
    }
    return {
      stage,
      conversion: stage === "LOYALTY" ? null : { cohort, converted, skipped, rate: cohort === 0 ? null : converted / cohort, inProgress },
      medianTimeInStageMs: stays[index]!.medianMs,
      p90TimeInStageMs: stays[index]!.p90Ms,
      stays: stays[index]!.stays,
    };
  });
}

export function naiveTimeInStage(customers: NaiveCustomer[], changes: NaiveChange[], scope: NaiveScope, period: NaivePeriod) {
  const lengths = new Map<Stage, number[]>(STAGE_LIST.map((stage) => [stage, []]));
  for (const journey of journeys(customers, changes, scope)) {
    for (let i = 0; i + 1 < journey.length; i++) {
      const [spell, next] = [journey[i]!, journey[i + 1]!];
      if (inPeriod(next.changedAt, period)) lengths.get(spell.toStage)!.push(next.changedAt.getTime() - spell.changedAt.getTime());
    }
  }
  return STAGE_LIST.map((stage) => {
    const values = lengths.get(stage)!;
    return { stage, stays: values.length, medianMs: naivePercentile(values, 0.5), p90Ms: naivePercentile(values, 0.9) };
  });
}

export function naiveFunnelPeriod(customers: NaiveCustomer[], changes: NaiveChange[], scope: NaiveScope, period: NaivePeriod) {
  const entries = STAGE_LIST.map((stage) => {
    let count = 0;
    const who = new Set<string>();
    for (const journey of journeys(customers, changes, scope)) {
      for (const change of journey) {
        if (change.toStage === stage && inPeriod(change.changedAt, period)) {
          count++;
          who.add(change.customerId);
        }
      }
    }
    return { stage, entries: count, customers: who.size };
  });
  return entries.map((row, index) => ({
    ...row,
    throughputToNext: index + 1 < entries.length && row.entries > 0 ? entries[index + 1]!.entries / row.entries : null,
  }));
}

export function naiveTimeBetweenStages(customers: NaiveCustomer[], changes: NaiveChange[], scope: NaiveScope, period: NaivePeriod) {
  const all = journeys(customers, changes, scope);
  return STAGE_LIST.slice(0, -1).map((fromStage, index) => {
    const toStage = STAGE_LIST[index + 1]!;
    const times: number[] = [];
    for (const journey of all) {
      const firstFrom = journey.findIndex((change) => change.toStage === fromStage);
      const firstTo = journey.findIndex((change) => change.toStage === toStage);
      if (firstFrom < 0 || firstTo < 0 || firstFrom > firstTo) continue;
      if (!inPeriod(journey[firstTo]!.changedAt, period)) continue;
      times.push(journey[firstTo]!.changedAt.getTime() - journey[firstFrom]!.changedAt.getTime());
    }
    return { fromStage, toStage, transitions: times.length, medianMs: naivePercentile(times, 0.5), p90Ms: naivePercentile(times, 0.9) };
  });
}

export function naiveFunnelCohorts(
  customers: NaiveCustomer[],
  changes: NaiveChange[],
  scope: NaiveScope,
  options: { fromMonth: string; toMonth: string; timeZone: string; withinDays?: number; now: Date },
) {
  const months: string[] = [];
  for (let month = options.fromMonth; month <= options.toMonth; ) {
    months.push(month);
    const [y, m] = month.split("-").map(Number) as [number, number];
    month = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
  }
  const members = new Map<string, Array<{ at: Date; journey: NaiveChange[] }>>(months.map((month) => [month, []]));
  const customerById = new Map(customers.map((customer) => [customer.id, customer]));
  for (const [id, journey] of journeysById(customers, changes, scope)) {
    const customer = customerById.get(id)!;
    const creation = journey.filter((change) => change.fromStage === null).sort((a, b) => a.changedAt.getTime() - b.changedAt.getTime())[0];
    const at = customer.firstTouchAt ?? creation?.changedAt;
    if (!at) continue;
    members.get(businessDay(at, options.timeZone).slice(0, 7))?.push({ at, journey });
  }
  return months.map((month) => {
    const group = members.get(month)!;
    const window = options.withinDays === undefined ? null : options.withinDays * DAY_MS;
    const stages = STAGE_LIST.map((stage) => {
      const times: number[] = [];
      for (const { at, journey } of group) {
        const reached = journey.filter((change) => rank(change.toStage) >= rank(stage) && (window === null || change.changedAt.getTime() <= at.getTime() + window));
        if (reached.length === 0) continue;
        const first = Math.min(...reached.map((change) => change.changedAt.getTime()));
        times.push(Math.max(0, first - at.getTime()));
      }
      return { stage, reached: times.length, medianTimeToReachMs: naivePercentile(times, 0.5) };
    });
    const inProgress = window === null ? null : group.some(({ at }) => at.getTime() + window > options.now.getTime());
    return { month, size: group.length, inProgress, stages };
  });
}
