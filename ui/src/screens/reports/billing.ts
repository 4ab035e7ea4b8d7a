// The invoice basis as the Reports screen shows it: months, hours, amounts, a line's words and
// the totals per currency. Pure: the language comes in as an argument, the words through `t`.
import type { Basis, BlockBalance, Language, Line, LineKind } from "../../lib/bindings";
import { formatter, LOCALES, type MessageKey, type Translate } from "../../lib/i18n/index.svelte";

// ---------------------------------------------------------------------------------------------
// Months, written as the core writes them: "2026-11".

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(text: string): boolean {
  return MONTH.test(text);
}

/** The month a moment falls in, on this computer's clock. */
export function monthOf(day: Date): string {
  return `${String(day.getFullYear()).padStart(4, "0")}-${String(day.getMonth() + 1).padStart(2, "0")}`;
}

/** `month` moved by `by` months (negative: back). */
export function addMonths(month: string, by: number): string {
  const m = MONTH.exec(month);
  if (!m) return month;
  const index = Number(m[1]) * 12 + Number(m[2]) - 1 + by;
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** The month before the one `today` is in: the month a partner bills at month end. */
export function lastMonth(today: Date): string {
  return addMonths(monthOf(today), -1);
}

/**
 * A month typed by a person: "2026-11", "2026-1", "11/2026", "2026 11". Returns "YYYY-MM", or
 * null when it is not a month.
 */
export function parseMonth(text: string): string | null {
  const s = text.trim();
  let m = /^(\d{4})\s*[-/. ]\s*(\d{1,2})$/.exec(s);
  const [year, month] = m ? [m[1]!, m[2]!] : (m = /^(\d{1,2})\s*[-/. ]\s*(\d{4})$/.exec(s)) ? [m[2]!, m[1]!] : ["", ""];
  const n = Number(month);
  if (!year || n < 1 || n > 12) return null;
  return `${year}-${String(n).padStart(2, "0")}`;
}

/** "October 2026" / "oktober 2026". */
export function monthName(month: string, lang: Language): string {
  const m = MONTH.exec(month);
  if (!m) return month;
  const day = new Date(Number(m[1]), Number(m[2]) - 1, 15, 12);
  return day.toLocaleDateString(LOCALES[lang], { month: "long", year: "numeric" });
}

/** A month's name as a heading or the start of a sentence: "Oktober 2026". */
export function monthHeading(month: string, lang: Language): string {
  const name = monthName(month, lang);
  return name.charAt(0).toLocaleUpperCase(LOCALES[lang]) + name.slice(1);
}

/** Months in order, named and joined as a sentence lists them: "September and October 2026". */
export function monthList(months: string[], lang: Language): string {
  const names = months.map((m) => monthName(m, lang));
  const and = lang === "sv" ? "och" : "and";
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} ${and} ${names.at(-1)}`;
}

// ---------------------------------------------------------------------------------------------
// Numbers.

/** n / d rounded half away from zero, as the core rounds (d > 0). */
function divRound(n: number, d: number): number {
  const q = Math.abs(n) / d;
  const r = Math.floor(q + 0.5);
  return n < 0 ? -r : r;
}

const TWO_DECIMALS = { minimumFractionDigits: 2, maximumFractionDigits: 2 } as const;

/** Minutes as hours with two decimals in the language's way: 90 → "1.50" / "1,50". */
export function hours(minutes: number, lang: Language): string {
  const hundredths = divRound(minutes * 100, 60);
  return formatter(lang, "twoDecimals", TWO_DECIMALS).format(hundredths / 100);
}

/** Hours with a sign, for a change: "+1.50", "−2.00". */
export function signedHours(minutes: number, lang: Language): string {
  const h = hours(Math.abs(minutes), lang);
  return minutes > 0 ? `+${h}` : minutes < 0 ? `−${h}` : h;
}

/** An amount in minor units (95000 = 950.00) in its currency: "950,00 kr", "SEK 950.00". */
export function money(minor: number, currency: string, lang: Language): string {
  const value = minor / 100;
  try {
    return formatter(lang, `money ${currency}`, { style: "currency", currency, ...TWO_DECIMALS }).format(value);
  } catch {
    // A code Intl does not know: the number and the code as written.
    return `${formatter(lang, "twoDecimals", TWO_DECIMALS).format(value)} ${currency}`;
  }
}

/** A VAT rate in hundredths of a percent as a number of percent: 2500 → "25", 1250 → "12,5". */
export function percent(rate: number, lang: Language): string {
  return formatter(lang, "upToTwoDecimals", { maximumFractionDigits: 2 }).format(rate / 100);
}

/** A count as the language writes it (38, 1 200 / 1,200). */
export function count(n: number, lang: Language): string {
  return formatter(lang, "count").format(n);
}

/**
 * A number a person typed with at most two decimals ("8500", "8 500,50", "1.5", "-2") in
 * hundredths: "8500,50" → 850050. Spaces group thousands; "," or "." is the decimal sign.
 * Null when it is not such a number. (The core's own rule, `parse_hundredths`.)
 */
export function parseHundredths(text: string): number | null {
  let s = text.trim().replace(/[\s\u00a0\u202f]/g, "");
  let negative = false;
  if (s.startsWith("-") || s.startsWith("−")) {
    negative = true;
    s = s.slice(1);
  } else if (s.startsWith("+")) {
    s = s.slice(1);
  }
  const m = /^(\d{0,15})(?:[.,](\d{0,2}))?$/.exec(s);
  if (!m || (!m[1] && !m[2])) return null;
  const n = Number(m[1] || "0") * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return negative ? -n : n;
}

// ---------------------------------------------------------------------------------------------
// Lines.

/** Lines that charge nothing: time covered by the plan or drawn from the block, no-charge time,
 * a block's adjustment. Shown, but as not charged. */
export function charged(line: Line): boolean {
  return !NOT_CHARGED.includes(line.kind);
}

const NOT_CHARGED: LineKind[] = ["covered", "block_used", "non_billable", "block_adjustment"];

const HEADS: Record<LineKind, MessageKey> = {
  hours: "line.hours",
  incident: "line.incident",
  subscription: "line.subscription.tenant",
  block_bought: "line.blockBought",
  block_used: "line.blockUsed",
  block_adjustment: "line.blockAdjustment",
  overage: "line.overage",
  covered: "line.covered",
  non_billable: "line.nonBillable",
};

/**
 * What a line is, in the UI's language: its kind, the call it is for with the call's summary
 * (or the adjustment's reason), and for a correction the closed month the work was done in.
 */
export function describeLine(line: Line, lang: Language, t: Translate): string {
  const head =
    line.kind === "subscription"
      ? t(line.unit === "user" ? "line.subscription.user" : "line.subscription.tenant")
      : line.kind === "block_bought"
        ? t("line.blockBought", { hours: hours(line.minutes, lang) })
        : t(HEADS[line.kind]);
  const text = line.text.trim();
  let out = head;
  if (line.callId !== null) out += ` #${line.callId}`;
  if (text) out += `: ${text}`;
  if (line.workMonth) out += ` ${t("line.correction", { month: monthName(line.workMonth, lang) })}`;
  return out;
}

/** A line's quantity as shown: hours for time, a signed change of hours for an adjustment, else
 * the count. */
export function quantity(line: Line, lang: Language): string {
  if (line.kind === "block_adjustment") return signedHours(line.minutes, lang);
  if (line.unit === "hour") return hours(line.quantity, lang);
  return count(line.quantity, lang);
}

/** The time worked behind an hourly line when rounding billed more ("1,58" of "2,00"), else null. */
export function workedHours(line: Line, lang: Language): string | null {
  if (line.kind !== "hours" || line.minutes === line.quantity) return null;
  return hours(line.minutes, lang);
}

const UNITS: Record<Line["unit"], MessageKey> = {
  hour: "unit.hour",
  incident: "unit.incident",
  user: "unit.user",
  tenant: "unit.tenant",
  block: "unit.block",
};

export function unitKey(line: Line): MessageKey {
  return line.kind === "block_adjustment" ? "unit.hour" : UNITS[line.unit];
}

// ---------------------------------------------------------------------------------------------
// Bases.

/** How the customer's plan charges, for the table ("Per hour", "Monthly, per user"). */
export function pricingKey(basis: Basis): MessageKey {
  switch (basis.pricing) {
    case "hourly":
      return "pricing.kind.hourly";
    case "per_incident":
      return "pricing.kind.perIncident";
    case "block":
      return "pricing.kind.block";
    case "included":
      return "pricing.kind.included";
    case "monthly": {
      const sub = basis.lines.find((l) => l.kind === "subscription");
      return basis.usersMissing || sub?.unit === "user" ? "pricing.kind.perUser" : "pricing.kind.perTenant";
    }
    default:
      return "pricing.kind.other";
  }
}

/**
 * The line under a plan's name in the month's list: how the plan is priced ("Per hour"). A plan
 * named as its pricing ("Block of hours", "Per incident") gets what its month holds instead: the
 * hours left in the block, the incidents charged. Null when there is nothing to add.
 */
export function planLine(basis: Basis, named: string, lang: Language, t: Translate): string | null {
  const kind = t(pricingKey(basis));
  if (named.trim().toLocaleLowerCase() !== kind.toLocaleLowerCase()) return kind;
  if (basis.pricing === "block" && basis.block) {
    const { overage, remaining } = basis.block;
    if (overage > 0) return t("billing.plan.blockOver", { hours: hours(overage, lang) });
    return t("billing.plan.blockLeft", { hours: hours(Math.max(0, remaining), lang) });
  }
  if (basis.pricing === "per_incident") {
    const n = basis.lines.filter((l) => l.kind === "incident").length;
    return t(n === 1 ? "billing.plan.incidents.one" : "billing.plan.incidents.other", { count: count(n, lang) });
  }
  return null;
}

export interface CurrencyTotal {
  currency: string;
  customers: number;
  billableMinutes: number;
  nonBillableMinutes: number;
  net: number;
  vat: number;
  total: number;
}

/** The month's sums, one per currency (amounts in different currencies are never added), by
 * currency code. */
export function totalsByCurrency(bases: Basis[]): CurrencyTotal[] {
  const sums = new Map<string, CurrencyTotal>();
  for (const b of bases) {
    const s = sums.get(b.currency) ?? { currency: b.currency, customers: 0, billableMinutes: 0, nonBillableMinutes: 0, net: 0, vat: 0, total: 0 };
    s.customers += 1;
    s.billableMinutes += b.billableMinutes;
    s.nonBillableMinutes += b.nonBillableMinutes;
    s.net += b.net;
    s.vat += b.vat;
    s.total += b.total;
    sums.set(b.currency, s);
  }
  return [...sums.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

/** The parts of a block's ledger, in the order of its equation:
 * starting + bought + adjustments − used = remaining. */
export function ledger(block: BlockBalance): { key: MessageKey; minutes: number; sign: string }[] {
  return [
    { key: "block.starting", minutes: block.starting, sign: "" },
    { key: "block.bought", minutes: block.bought, sign: "+" },
    { key: "block.adjustments", minutes: block.adjustments, sign: "+" },
    { key: "block.used", minutes: block.used, sign: "−" },
    { key: "block.remaining", minutes: block.remaining, sign: "=" },
  ];
}

/** Whether `month` is closed, given the latest closed month (it and every month before it are). */
export function isClosed(month: string, closedThrough: string | null): boolean {
  return closedThrough !== null && month <= closedThrough;
}
