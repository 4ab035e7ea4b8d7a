// The SLA and workload view as the Reports screen shows it: ranges of months, durations, shares
// on time, and the scales and groupings of its charts. Pure: the language comes in as an
// argument and the words through `t`, so the tests need no window.
import type { Clock, ClockFigures, CustomerLoad, CustomerSla, Language, SeveritySla, WeekLoad, WorkloadReport } from "../../lib/bindings";
import { formatter, LOCALES, type Translate } from "../../lib/i18n/index.svelte";
import { addMonths, monthName } from "./billing";

// ---------------------------------------------------------------------------------------------
// Ranges of months ("2026-08" to "2026-10").

/** How many months `from` to `to` covers (1 for one month); 0 when `to` is before `from`. */
export function monthsIn(from: string, to: string): number {
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));
  return Math.max(0, index(to) - index(from) + 1);
}

/** The range moved by its own length (negative: back): October → September; Q3 → Q2. */
export function stepRange(from: string, to: string, direction: 1 | -1): { from: string; to: string } {
  const n = Math.max(1, monthsIn(from, to)) * direction;
  return { from: addMonths(from, n), to: addMonths(to, n) };
}

/**
 * The range named as a sentence names it: "October 2026", "August – October 2026",
 * "augusti–oktober 2026", "November 2026 – January 2027".
 */
export function rangeName(from: string, to: string, lang: Language): string {
  if (from === to) return monthName(from, lang);
  const dash = lang === "sv" ? "–" : " – ";
  if (from.slice(0, 4) === to.slice(0, 4)) {
    const only = new Date(Number(from.slice(0, 4)), Number(from.slice(5, 7)) - 1, 15, 12).toLocaleDateString(LOCALES[lang], { month: "long" });
    return `${only}${dash}${monthName(to, lang)}`;
  }
  return `${monthName(from, lang)}${dash}${monthName(to, lang)}`;
}

/** The range as a heading: "Augusti–oktober 2026". */
export function rangeHeading(from: string, to: string, lang: Language): string {
  const name = rangeName(from, to, lang);
  return name.charAt(0).toLocaleUpperCase(LOCALES[lang]) + name.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Numbers.

/**
 * Minutes as hours and minutes: "2 h 05 min", "45 min", "3 h" in English; "2 tim 5 min",
 * "45 min", "3 tim" in Swedish. Hours are grouped as the language groups thousands. A number
 * and its unit are joined by a no-break space, so a narrow place wraps "16 h / 30 min", never
 * "16 h 30 / min".
 */
export function duration(minutes: number, lang: Language): string {
  const total = Math.max(0, Math.round(minutes));
  const h = Math.floor(total / 60);
  const m = total % 60;
  const unit = lang === "sv" ? "tim" : "h";
  if (h === 0) return `${m}\u00a0min`;
  const hours = `${formatter(lang, "count").format(h)}\u00a0${unit}`;
  if (m === 0) return hours;
  return `${hours} ${lang === "en" ? String(m).padStart(2, "0") : m}\u00a0min`;
}

/**
 * A share on time (0–100) as the language writes a percentage: "92%" / "92 %", whole numbers.
 * A share just short of 100 is never rounded up to it: 99.6 is "99%", so 100% always means
 * every target met. Null (nothing decided yet) is "—".
 */
export function onTime(percent: number | null, lang: Language): string {
  if (percent === null || !Number.isFinite(percent)) return "—";
  const whole = percent > 99 && percent < 100 ? 99 : Math.round(percent);
  return formatter(lang, "wholePercent", { style: "percent", maximumFractionDigits: 0 }).format(whole / 100);
}

/** The answers decided so far (met or breached): what the share on time is of. */
export function decided(f: ClockFigures): number {
  return f.met + f.breached;
}

/** The width of a bar for `value` on a scale up to `max`, in percent (0 when there is no scale). */
export function share(value: number, max: number): number {
  if (!(max > 0) || !(value > 0)) return 0;
  return Math.min(100, (value / max) * 100);
}

/**
 * An axis for counts from 0 to at least `max`: a step of 1, 2 or 5 times a power of ten, at most
 * `ticks` steps, whole numbers only. `{ top: 10, step: 2 }` for a max of 9.
 */
export function niceScale(max: number, ticks = 4): { top: number; step: number } {
  if (!(max > 0)) return { top: ticks, step: 1 };
  const rough = max / ticks;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((f) => f * power).find((s) => s >= rough) ?? 10 * power);
  return { top: Math.ceil(max / step) * step, step };
}

/** Every `n`-th label of `count` along an axis `width` pixels wide, so that labels at least
 * `room` pixels apart never touch: 1 when every label fits. */
export function labelEvery(count: number, width: number, room: number): number {
  if (count <= 0 || width <= 0) return 1;
  return Math.max(1, Math.ceil(room / (width / count)));
}

// ---------------------------------------------------------------------------------------------
// Weeks.

/** A week's short name under its bars: "W44" / "v. 44"; with its (ISO) year when the chart's
 * weeks cross a year, or W1 of two years would read the same: "2026 W1" / "v. 1 2026". The
 * words come through `t` (the numbers as written: a year is never grouped). */
export function weekShort(week: WeekLoad, t: Translate, withYear = false): string {
  return t(withYear ? "sla.week.shortYear" : "sla.week.short", { week: week.week, year: week.isoYear });
}

/** Whether the weeks run over more than one (ISO) year. */
export function crossesYear(weeks: WeekLoad[]): boolean {
  return weeks.some((w) => w.isoYear !== weeks[0]?.isoYear);
}

/** The week's days: "26 Oct – 1 Nov 2026" / "26 okt.–1 nov. 2026". */
export function weekDays(week: WeekLoad, lang: Language): string {
  const [y, m, d] = week.monday.split("-").map(Number) as [number, number, number];
  const monday = new Date(y, m - 1, d, 12);
  const sunday = new Date(y, m - 1, d + 6, 12);
  const day = (x: Date, year: boolean) => x.toLocaleDateString(LOCALES[lang], { day: "numeric", month: "short", ...(year ? { year: "numeric" } : {}) });
  return `${day(monday, false)}${lang === "sv" ? "–" : " – "}${day(sunday, true)}`;
}

// ---------------------------------------------------------------------------------------------
// Bars.

/** A row of a bar list: a name, the parts of its bar (stacked, left to right) and its figure. */
export interface BarRow {
  key: string;
  label: string;
  parts: number[];
  /** The figure written after the bar. */
  value: string;
  /** A second, quieter figure under it. */
  detail?: string;
  /** A row apart from the others (a sum of the rest): in italics. */
  summary?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Customers.

export interface HoursRow {
  customerId: number | null;
  customer: string;
  billableMinutes: number;
  nonBillableMinutes: number;
}

/**
 * The customers with time in the range, the most hours first (then by name), at most `top` of
 * them; the rest summed as `others` (with how many they are), or null when none are left over.
 */
export function hoursByCustomer(customers: CustomerLoad[], top = 10): { rows: HoursRow[]; others: (HoursRow & { count: number }) | null } {
  const withTime = customers
    .filter((c) => c.billableMinutes + c.nonBillableMinutes > 0)
    .sort((a, b) => b.billableMinutes + b.nonBillableMinutes - (a.billableMinutes + a.nonBillableMinutes) || a.customer.localeCompare(b.customer));
  const rows = withTime.slice(0, top).map(({ customerId, customer, billableMinutes, nonBillableMinutes }) => ({ customerId, customer, billableMinutes, nonBillableMinutes }));
  const rest = withTime.slice(top);
  if (rest.length === 0) return { rows, others: null };
  return {
    rows,
    others: {
      customerId: null,
      customer: "",
      count: rest.length,
      billableMinutes: rest.reduce((s, c) => s + c.billableMinutes, 0),
      nonBillableMinutes: rest.reduce((s, c) => s + c.nonBillableMinutes, 0),
    },
  };
}

/** The targets a customer's calls missed (first responses and resolutions). */
export function breaches(c: CustomerSla): number {
  return c.figures.firstResponse.breached + c.figures.resolution.breached;
}

/** Customers as the SLA table lists them: those that missed the most targets first, then by name. */
export function worstFirst(customers: CustomerSla[]): CustomerSla[] {
  return [...customers].sort((a, b) => breaches(b) - breaches(a) || a.customer.localeCompare(b.customer));
}

/** Whether the range holds anything to show: a call received or resolved, or time worked. */
export function hasWork(w: WorkloadReport): boolean {
  return w.received > 0 || w.resolved > 0 || w.billableMinutes + w.nonBillableMinutes > 0;
}

/** The one clock all the calls counted in `severities` were timed in, or null when they differ
 * (or no severity has calls): what a figure over all of them (the median) is in. */
export function commonClock(severities: SeveritySla[]): Clock | null {
  const clocks = new Set(severities.filter((s) => s.figures.calls > 0).map((s) => s.clock));
  if (clocks.size !== 1) return null;
  return [...clocks][0] ?? null;
}

/** How a severity's times are counted, as a message key: in service hours, around the clock, or
 * (when the plans of the customers differ) neither for all. */
export function clockKey(clock: Clock | null): "sla.clock.serviceHours" | "sla.clock.calendar" | "sla.clock.mixed" {
  return clock === "service_hours" ? "sla.clock.serviceHours" : clock === "calendar" ? "sla.clock.calendar" : "sla.clock.mixed";
}
