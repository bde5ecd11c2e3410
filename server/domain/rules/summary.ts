// A rule in plain words, in English or Bahasa Indonesia, as the owner edits it (issue 13 item 3):
// "When a customer makes their 3rd purchase within 90 days, give a Rp 50.000 voucher valid 30 days,
// once per customer; at most 200 vouchers". Pure and client-safe; it runs on every keystroke, so it
// reads whatever the form holds (half-typed, invalid) and never throws: what is missing shows as "…".
import type { Channel, Stage, TouchpointType } from "../../db/generated/enums";
import { intlLocale, translator, type AppLocale } from "../../i18n";
import { formatMoney, parseAmount } from "../values/money";

/** The parts of a reward rule draft the summary reads, as loose as the form may hold them. */
export type RewardSummaryInput = { condition?: unknown; reward?: unknown; limits?: unknown; budget?: unknown; schedule?: unknown };

export type StageSummaryInput = { condition?: unknown; fromStages?: unknown; toStage?: unknown };

/** The language, the business's currency, and the locale amounts were typed in (the UI's). */
export type SummaryOptions = { locale: AppLocale; currency: string };

const GAP = "…";

const asRecord = (value: unknown): Record<string, unknown> | null =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

/** A whole number the form holds (a number input gives a number, or NaN/undefined when empty). */
function wholeNumber(value: unknown): number | null {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isInteger(n) ? n : null;
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string" && v.trim() !== "") : []);

/** "A, B or C" / "A, B atau C". */
function joinWords(words: string[], locale: AppLocale, last: "or" | "and"): string {
  const word = locale === "id" ? (last === "or" ? "atau" : "dan") : last;
  if (words.length <= 1) return words[0] ?? GAP;
  return `${words.slice(0, -1).join(", ")} ${word} ${words.at(-1)}`;
}

/** first, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st… / pertama, ke-2, ke-3… */
function ordinal(n: number, locale: AppLocale): string {
  if (n === 1) return locale === "id" ? "pertama" : "first";
  if (locale === "id") return `ke-${n}`;
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th";
  return `${n}${suffix}`;
}

function plural(n: number, one: string, many: string, locale: AppLocale): string {
  // Indonesian nouns do not inflect after a number: "200 voucher".
  return `${formatCount(n, locale)} ${locale === "en" && n !== 1 ? many : one}`;
}

const formatCount = (n: number, locale: AppLocale) => new Intl.NumberFormat(intlLocale(locale)).format(n);

/** Money typed in the form (or stored minor units) as the UI shows it, e.g. "Rp 50.000". */
function money(value: unknown, options: SummaryOptions): string | null {
  if (typeof value === "bigint") return formatMoney(value, options.currency, intlLocale(options.locale));
  if (typeof value !== "string" || value.trim() === "") return null;
  const parsed = parseAmount(value, options.currency, options.locale);
  return parsed.ok ? formatMoney(parsed.minor, options.currency, intlLocale(options.locale)) : null;
}

/** A business day "YYYY-MM-DD" in words in the UI's language: "31 Des 2026" / "31 Dec 2026", or
 * with `weekday` "Kamis, 31 Des 2026" / "Thu, 31 Dec 2026" (the rule form shows this beside a date
 * field, whose own text follows the browser's locale, not the UI's). Null unless it is a day. */
export function dayInWords(value: unknown, locale: AppLocale, options: { weekday?: boolean } = {}): string | null {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const at = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== value) return null;
  const style: Intl.DateTimeFormatOptions = options.weekday
    ? { weekday: locale === "id" ? "long" : "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }
    : { dateStyle: "medium", timeZone: "UTC" };
  return new Intl.DateTimeFormat(intlLocale(locale), style).format(at);
}
const day = (value: unknown, locale: AppLocale) => dayInWords(value, locale);

// ---- conditions ----

type Words = { t: ReturnType<typeof translator>; locale: AppLocale; options: SummaryOptions };

function compareWord(compare: unknown, locale: AppLocale): string {
  if (compare === "atMost") return locale === "id" ? "paling banyak" : "at most";
  return locale === "id" ? "minimal" : "at least";
}

function windowWords(days: number | null, locale: AppLocale, recent: boolean): string {
  if (days === null) return "";
  if (locale === "id") return ` dalam ${formatCount(days, locale)} hari${recent ? " terakhir" : ""}`;
  return recent ? ` in the last ${plural(days, "day", "days", locale)}` : ` within ${plural(days, "day", "days", locale)}`;
}

/** " via WhatsApp or Instagram" + " of type Chat or Inquiry" / " lewat … berjenis …". */
function touchpointFilters(leaf: Record<string, unknown>, w: Words): string {
  const channels = list(leaf.channels).map((c) => w.t(`channel.${c as Channel}`));
  const types = list(leaf.types).map((c) => w.t(`type.${c as TouchpointType}`));
  let out = "";
  if (channels.length > 0) out += `${w.locale === "id" ? " lewat" : " via"} ${joinWords(channels, w.locale, "or")}`;
  if (types.length > 0) out += `${w.locale === "id" ? " berjenis" : " of type"} ${joinWords(types, w.locale, "or")}`;
  return out;
}

const stageName = (stage: unknown, w: Words) => (typeof stage === "string" && stage ? w.t(`stage.${stage as Stage}`) : GAP);

/** One condition as a verb phrase whose subject is the customer. */
function leafWords(leaf: Record<string, unknown>, w: Words): string {
  const { locale } = w;
  const id = locale === "id";
  const value = wholeNumber(leaf.value);
  const count = value === null ? GAP : formatCount(value, locale);
  const days = wholeNumber(leaf.withinDays);
  const cmp = compareWord(leaf.compare, locale);
  switch (leaf.fact) {
    case "purchases": {
      if (leaf.compare !== "atMost" && value !== null && value >= 1) {
        return id ? `melakukan pembelian ${ordinal(value, locale)}${windowWords(days, locale, false)}` : `makes their ${ordinal(value, locale)} purchase${windowWords(days, locale, false)}`;
      }
      if (id) return `melakukan ${cmp} ${count} pembelian${windowWords(days, locale, true)}`;
      return `has made ${cmp} ${value === null ? `${GAP} purchases` : plural(value, "purchase", "purchases", locale)}${windowWords(days, locale, true)}`;
    }
    case "touchpoints": {
      if (id) return `memiliki ${cmp} ${count} titik kontak${touchpointFilters(leaf, w)}${windowWords(days, locale, true)}`;
      return `has ${cmp} ${value === null ? `${GAP} touchpoints` : plural(value, "touchpoint", "touchpoints", locale)}${touchpointFilters(leaf, w)}${windowWords(days, locale, true)}`;
    }
    case "spend": {
      const amount = money(leaf.valueMinor, w.options) ?? (typeof leaf.valueMinor === "number" && Number.isSafeInteger(leaf.valueMinor) ? money(BigInt(leaf.valueMinor), w.options) : null) ?? GAP;
      return id ? `berbelanja ${cmp} ${amount}${windowWords(days, locale, true)}` : `has spent ${cmp} ${amount}${windowWords(days, locale, true)}`;
    }
    case "stage": {
      const stages = list(leaf.stages).map((s) => stageName(s, w));
      return id ? `berada di tahap ${joinWords(stages, locale, "or")}` : `is in ${joinWords(stages, locale, "or")}`;
    }
    case "daysInStage": {
      const span = value === null ? GAP : id ? `${count} hari` : plural(value, "day", "days", locale);
      const where = leaf.stage ? stageName(leaf.stage, w) : null;
      if (id) return `sudah ${cmp} ${span} di tahap ${where ?? "saat ini"}`;
      return `has been in ${where ?? "their current stage"} for ${cmp} ${span}`;
    }
    case "referrals":
      if (id) return `mereferensikan ${cmp} ${count} pelanggan yang sudah membeli`;
      return `has referred ${cmp} ${value === null ? `${GAP} customers` : plural(value, "customer", "customers", locale)} who made a purchase`;
    case "segment": {
      const segments = list(leaf.segments);
      return id ? `termasuk segmen ${joinWords(segments, locale, "or")}` : `is in the segment ${joinWords(segments, locale, "or")}`;
    }
    case "tag": {
      const tag = typeof leaf.tag === "string" && leaf.tag.trim() ? leaf.tag.trim() : GAP;
      return id ? `memiliki tag ${tag}` : `has the tag ${tag}`;
    }
    case "thisTouchpoint": {
      const types = list(leaf.types);
      const channels = list(leaf.channels);
      if (types.length === 1 && types[0] === "PURCHASE") {
        const via = channels.length > 0 ? `${id ? " lewat" : " via"} ${joinWords(channels.map((c) => w.t(`channel.${c as Channel}`)), locale, "or")}` : "";
        return id ? `melakukan pembelian${via}` : `makes a purchase${via}`;
      }
      if (types.length === 0 && channels.length === 0) return id ? "memiliki titik kontak apa pun" : "has any touchpoint";
      return id ? `memiliki titik kontak${touchpointFilters(leaf, w)}` : `has a touchpoint${touchpointFilters(leaf, w)}`;
    }
    default:
      return GAP;
  }
}

/** "This touchpoint is a purchase" says nothing more beside "makes their Nth purchase" in the same
 * AND group (the usual shape of a purchase rule), so it is left out there. */
function isPurchaseTrigger(part: unknown): boolean {
  const leaf = asRecord(part);
  return leaf?.fact === "thisTouchpoint" && list(leaf.channels).length === 0 && list(leaf.types).length === 1 && list(leaf.types)[0] === "PURCHASE";
}
function isNthPurchase(part: unknown): boolean {
  const leaf = asRecord(part);
  const value = wholeNumber(leaf?.value);
  return leaf?.fact === "purchases" && leaf.compare !== "atMost" && value !== null && value >= 1;
}

/** A group in words, and whether it joined two or more parts (a nested one then needs its scope
 * marked, and what follows it at the parent a comma). */
type GroupText = { text: string; several: boolean };

/** Parts joined the way each language lists them: "A and B", "A, B, and C" / "A dan B", "A, B, dan
 * C". In English a comma also comes before the conjunction after a part that is a group of several
 * ("either both A and B, or C"), where it closes that group's scope. */
function joinParts(parts: GroupText[], op: "all" | "any", locale: AppLocale): string {
  const word = locale === "id" ? (op === "any" ? "atau" : "dan") : op === "any" ? "or" : "and";
  if (parts.length === 2) return `${parts[0]!.text}${locale === "en" && parts[0]!.several ? "," : ""} ${word} ${parts[1]!.text}`;
  return `${parts.slice(0, -1).map((p) => p.text).join(", ")}, ${word} ${parts.at(-1)!.text}`;
}

/**
 * A group's conditions in words, reading unambiguously however groups nest, in each language's
 * own way (review: "… or … and …" could be read two ways):
 * - English marks where an OR group starts with "either" ("either A or B"), and a nested AND group
 *   of two with "both" ("either A or both B and C"), of more in parentheses; commas close them.
 * - Indonesian names a nested group as meeting one or all of its conditions, in parentheses:
 *   "A dan memenuhi salah satu syarat (B atau C)", "A atau memenuhi semua syarat (B dan C)".
 * A group of one part reads as that part.
 */
function groupWords(group: Record<string, unknown>, w: Words, nested: boolean): GroupText {
  let conditions: unknown[] = Array.isArray(group.conditions) ? group.conditions : [];
  if (group.op !== "any" && conditions.some(isNthPurchase)) conditions = conditions.filter((part) => !isPurchaseTrigger(part));
  const parts = conditions.map((part): GroupText => {
    const record = asRecord(part);
    if (!record) return { text: GAP, several: false };
    return "op" in record ? groupWords(record, w, true) : { text: leafWords(record, w), several: false };
  });
  if (parts.length === 0) return { text: GAP, several: false };
  if (parts.length === 1) return parts[0]!;
  const op = group.op === "any" ? "any" : "all";
  const body = joinParts(parts, op, w.locale);
  if (w.locale === "id") {
    if (!nested) return { text: body, several: true };
    return { text: `memenuhi ${op === "any" ? "salah satu" : "semua"} syarat (${body})`, several: true };
  }
  if (op === "any") return { text: `either ${body}`, several: true };
  if (!nested) return { text: body, several: true };
  return { text: parts.length === 2 ? `both ${body}` : `(${body})`, several: true };
}

/** The condition tree in words: "makes their 3rd purchase within 90 days and has the tag VIP". */
export function conditionSummary(condition: unknown, options: SummaryOptions): string {
  try {
    const root = asRecord(asRecord(condition)?.root);
    if (!root) return GAP;
    return groupWords(root, { t: translator(options.locale), locale: options.locale, options }, false).text;
  } catch {
    return GAP;
  }
}

// ---- rewards, limits, budget, dates ----

function rewardWords(reward: Record<string, unknown> | null, options: SummaryOptions): string {
  const { locale } = options;
  const id = locale === "id";
  const give = id ? "beri" : "give";
  if (!reward) return `${give} ${GAP}`;
  if (reward.type === "POINTS") {
    const expiry = wholeNumber(reward.pointsExpiryDays);
    const expires = expiry === null ? "" : id ? ` yang hangus setelah ${formatCount(expiry, locale)} hari` : ` that expire after ${plural(expiry, "day", "days", locale)}`;
    const per = money(reward.pointsPerAmount, options);
    if (per !== null || (reward.points === undefined && typeof reward.pointsPerAmount === "string")) {
      return id ? `${give} 1 poin per ${per ?? GAP} pembelian${expires}` : `${give} 1 point per ${per ?? GAP} of the purchase${expires}`;
    }
    const points = wholeNumber(reward.points);
    const amount = points === null ? `${GAP} ${id ? "poin" : "points"}` : id ? `${formatCount(points, locale)} poin` : plural(points, "point", "points", locale);
    return `${give} ${amount}${expires}`;
  }
  if (reward.type === "VOUCHER") {
    const expiry = wholeNumber(reward.voucherExpiryDays);
    const valid = expiry === null ? "" : id ? ` berlaku ${formatCount(expiry, locale)} hari` : ` valid ${plural(expiry, "day", "days", locale)}`;
    const percent = wholeNumber(reward.voucherPercent);
    if (percent !== null) {
      const cap = money(reward.voucherMaxDiscount, options);
      const capWords = cap === null ? "" : id ? ` (maksimal ${cap})` : ` (up to ${cap})`;
      return id ? `${give} voucher diskon ${percent}%${capWords}${valid}` : `${give} a ${percent}% discount voucher${capWords}${valid}`;
    }
    const value = money(reward.voucherValue, options) ?? GAP;
    return id ? `${give} voucher ${value}${valid}` : `${give} a ${value} voucher${valid}`;
  }
  if (reward.type === "GIFT") {
    const item = typeof reward.giftItem === "string" && reward.giftItem.trim() ? reward.giftItem.trim() : GAP;
    return id ? `${give} hadiah ${item}` : `${give} a gift: ${item}`;
  }
  return `${give} ${GAP}`;
}

function limitWords(limits: Record<string, unknown> | null, locale: AppLocale): string {
  const id = locale === "id";
  if (!limits || limits.kind === "ONCE") return id ? "sekali per pelanggan" : "once per customer";
  const every = wholeNumber(limits.everyNEvents);
  const cooldown = wholeNumber(limits.cooldownDays);
  if (every !== null) {
    if (every === 1) return id ? "setiap kali memenuhi syarat" : "every time they qualify";
    return id ? `setiap ${formatCount(every, locale)} kali memenuhi syarat` : `every ${formatCount(every, locale)} qualifying events`;
  }
  if (cooldown !== null) {
    if (cooldown === 0) return id ? "setiap kali memenuhi syarat" : "every time they qualify";
    return id ? `berulang, dengan jeda minimal ${formatCount(cooldown, locale)} hari` : `again after at least ${plural(cooldown, "day", "days", locale)}`;
  }
  return id ? `berulang ${GAP}` : `repeatedly ${GAP}`;
}

/** "at most 200 vouchers and Rp 10.000.000 in total"; null without a budget. */
function budgetWords(budget: Record<string, unknown> | null, rewardType: unknown, options: SummaryOptions): string | null {
  const { locale } = options;
  const id = locale === "id";
  const grants = wholeNumber(budget?.maxGrants);
  const value = money(budget?.maxValue, options);
  const nouns: Record<string, [string, string, string]> = {
    VOUCHER: ["voucher", "vouchers", "voucher"],
    GIFT: ["gift", "gifts", "hadiah"],
    POINTS: ["points award", "points awards", "kali pemberian poin"],
  };
  const [one, many, idNoun] = nouns[String(rewardType)] ?? ["reward", "rewards", "hadiah"];
  const parts: string[] = [];
  if (grants !== null) parts.push(id ? `${formatCount(grants, locale)} ${idNoun}` : plural(grants, one, many, locale));
  if (value !== null) parts.push(id ? `total ${value}` : `${value} in total`);
  if (parts.length === 0) return null;
  return `${id ? "maksimal" : "at most"} ${parts.join(id ? " dan " : " and ")}`;
}

function dateWords(schedule: Record<string, unknown> | null, locale: AppLocale): string | null {
  const from = day(schedule?.startsOn, locale);
  const until = day(schedule?.endsOn, locale);
  const id = locale === "id";
  if (from && until) return id ? `mulai ${from} sampai ${until}` : `from ${from} until ${until}`;
  if (from) return id ? `mulai ${from}` : `from ${from}`;
  if (until) return id ? `sampai ${until}` : `until ${until}`;
  return null;
}

/** A reward rule in one sentence: "When a customer …, give …, once per customer; at most …; from …
 * until …". */
export function rewardRuleSummary(draft: RewardSummaryInput, options: SummaryOptions): string {
  try {
    const { locale } = options;
    const reward = asRecord(draft.reward);
    const head = `${locale === "id" ? "Saat pelanggan" : "When a customer"} ${conditionSummary(draft.condition, options)}`;
    const tail = [budgetWords(asRecord(draft.budget), reward?.type, options), dateWords(asRecord(draft.schedule), locale)].filter((p): p is string => p !== null);
    return [`${head}, ${rewardWords(reward, options)}, ${limitWords(asRecord(draft.limits), locale)}`, ...tail].join("; ");
  } catch {
    return GAP;
  }
}

/** A stage rule in one sentence: "When a customer in Interest makes a purchase, move the customer
 * to Loyalty". */
export function stageRuleSummary(draft: StageSummaryInput, options: SummaryOptions): string {
  try {
    const { locale } = options;
    const t = translator(locale);
    const w: Words = { t, locale, options };
    const from = list(draft.fromStages).map((s) => stageName(s, w));
    const who = locale === "id" ? `Saat pelanggan${from.length ? ` di tahap ${joinWords(from, locale, "or")}` : ""}` : `When a customer${from.length ? ` in ${joinWords(from, locale, "or")}` : ""}`;
    const to = stageName(draft.toStage, w);
    const move = locale === "id" ? `pindahkan pelanggan ke tahap ${to}` : `move the customer to ${to}`;
    return `${who} ${conditionSummary(draft.condition, options)}, ${move}`;
  } catch {
    return GAP;
  }
}
