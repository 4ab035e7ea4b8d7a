import { describe, expect, it } from "vitest";
import type { ClockFigures, CustomerLoad, CustomerSla, Language, SeveritySla, WeekLoad, WorkloadReport } from "../../lib/bindings";
import { catalogs, format, type Translate } from "../../lib/i18n/index.svelte";
import {
  breaches,
  commonClock,
  crossesYear,
  decided,
  duration,
  hasWork,
  hoursByCustomer,
  labelEvery,
  monthsIn,
  niceScale,
  onTime,
  rangeHeading,
  rangeName,
  share,
  stepRange,
  weekDays,
  weekShort,
  worstFirst,
} from "./sla";

/** `t` in one language, as a pure helper is handed it. */
const translator =
  (lang: Language): Translate =>
  (key, params = {}) =>
    format(catalogs[lang][key], params);
const inEnglish = translator("en");
const inSwedish = translator("sv");

/** Spaces as Intl writes them (no-break, narrow no-break) made plain, to compare. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

const clock = (over: Partial<ClockFigures> = {}): ClockFigures => ({
  withTarget: 0,
  met: 0,
  breached: 0,
  running: 0,
  onTimePercent: null,
  medianMinutes: null,
  p90Minutes: null,
  ...over,
});

const load = (customer: string, billableMinutes: number, nonBillableMinutes: number, customerId = customer.length): CustomerLoad => ({
  customerId,
  customer,
  received: 0,
  resolved: 0,
  billableMinutes,
  nonBillableMinutes,
});

describe("ranges of months", () => {
  it("count their months", () => {
    expect(monthsIn("2026-10", "2026-10")).toBe(1);
    expect(monthsIn("2026-08", "2026-10")).toBe(3);
    expect(monthsIn("2026-11", "2027-02")).toBe(4);
    expect(monthsIn("2026-11", "2026-10")).toBe(0);
  });

  it("step by their own length", () => {
    expect(stepRange("2026-10", "2026-10", -1)).toEqual({ from: "2026-09", to: "2026-09" });
    expect(stepRange("2026-07", "2026-09", 1)).toEqual({ from: "2026-10", to: "2026-12" });
    expect(stepRange("2026-01", "2026-03", -1)).toEqual({ from: "2025-10", to: "2025-12" });
  });

  it("are named as a sentence names them, in both languages", () => {
    expect(rangeName("2026-10", "2026-10", "en")).toBe("October 2026");
    expect(rangeName("2026-10", "2026-10", "sv")).toBe("oktober 2026");
    expect(rangeName("2026-08", "2026-10", "en")).toBe("August – October 2026");
    expect(rangeName("2026-08", "2026-10", "sv")).toBe("augusti–oktober 2026");
    expect(rangeName("2026-11", "2027-01", "en")).toBe("November 2026 – January 2027");
    expect(rangeName("2026-11", "2027-01", "sv")).toBe("november 2026–januari 2027");
    expect(rangeHeading("2026-08", "2026-10", "sv")).toBe("Augusti–oktober 2026");
  });
});

describe("durations", () => {
  it("are hours and minutes, as each language writes them", () => {
    expect(plain(duration(125, "en"))).toBe("2 h 05 min");
    expect(plain(duration(125, "sv"))).toBe("2 tim 5 min");
    expect(plain(duration(45, "en"))).toBe("45 min");
    expect(plain(duration(45, "sv"))).toBe("45 min");
    expect(plain(duration(180, "en"))).toBe("3 h");
    expect(plain(duration(180, "sv"))).toBe("3 tim");
    expect(plain(duration(0, "en"))).toBe("0 min");
  });

  it("keep a number with its unit", () => {
    expect(duration(125, "en")).toBe("2\u00a0h 05\u00a0min");
    expect(duration(45, "sv")).toBe("45\u00a0min");
  });

  it("round to the minute and group many hours", () => {
    expect(plain(duration(59.6, "en"))).toBe("1 h");
    expect(plain(duration(1234 * 60 + 7, "en"))).toBe("1,234 h 07 min");
    expect(plain(duration(1234 * 60 + 7, "sv"))).toBe("1 234 tim 7 min");
  });
});

describe("shares on time", () => {
  it("are whole percentages in the language's way, never rounded up to 100", () => {
    expect(onTime(92.3, "en")).toBe("92%");
    expect(plain(onTime(92.3, "sv"))).toBe("92 %");
    expect(onTime(99.6, "en")).toBe("99%");
    expect(onTime(100, "en")).toBe("100%");
    expect(onTime(0, "en")).toBe("0%");
    expect(onTime(null, "en")).toBe("—");
  });

  it("are of the answers decided so far", () => {
    expect(decided(clock({ withTarget: 10, met: 6, breached: 2, running: 2 }))).toBe(8);
  });
});

describe("chart scales", () => {
  it("give bars a share of the largest value", () => {
    expect(share(5, 10)).toBe(50);
    expect(share(0, 10)).toBe(0);
    expect(share(3, 0)).toBe(0);
    expect(share(12, 10)).toBe(100);
  });

  it("make axes of 1, 2 or 5 times a power of ten, in whole numbers", () => {
    expect(niceScale(9)).toEqual({ top: 10, step: 5 });
    expect(niceScale(9, 5)).toEqual({ top: 10, step: 2 });
    expect(niceScale(3)).toEqual({ top: 3, step: 1 });
    expect(niceScale(38)).toEqual({ top: 40, step: 10 });
    expect(niceScale(1234)).toEqual({ top: 1500, step: 500 });
    expect(niceScale(0)).toEqual({ top: 4, step: 1 });
  });

  it("thin out labels that would touch", () => {
    expect(labelEvery(5, 500, 40)).toBe(1);
    expect(labelEvery(53, 600, 40)).toBe(4);
    expect(labelEvery(0, 600, 40)).toBe(1);
  });
});

describe("weeks", () => {
  const week: WeekLoad = { isoYear: 2026, week: 44, monday: "2026-10-26", received: 3, resolved: 2 };

  it("are named by number under the bars and by their days in a tooltip", () => {
    expect(weekShort(week, inEnglish)).toBe("W44");
    expect(weekShort(week, inSwedish)).toBe("v. 44");
    expect(weekDays(week, "en")).toBe("26 Oct – 1 Nov 2026");
    expect(weekDays(week, "sv")).toMatch(/^26 okt\.?–1 nov\.? 2026$/);
  });

  it("carry their year when the range crosses a year, so W1 of two years never read the same", () => {
    const next: WeekLoad = { isoYear: 2027, week: 1, monday: "2027-01-04", received: 1, resolved: 1 };
    expect(crossesYear([week])).toBe(false);
    expect(crossesYear([])).toBe(false);
    expect(crossesYear([week, next])).toBe(true);
    expect(weekShort(next, inEnglish, true)).toBe("2027 W1");
    expect(weekShort(next, inSwedish, true)).toBe("v. 1 2027");
  });
});

describe("the median's clock", () => {
  const severity = (code: string, clockOf: SeveritySla["clock"], calls: number): SeveritySla => ({
    code,
    name: { sv: code, en: code },
    clock: clockOf,
    figures: { calls, firstResponse: clock(), resolution: clock() },
  });

  it("is the one clock of the severities with calls, else none (each call in its own)", () => {
    expect(commonClock([severity("A", "service_hours", 3), severity("B", "calendar", 0)])).toBe("service_hours");
    expect(commonClock([severity("A", "service_hours", 3), severity("B", "calendar", 1)])).toBe(null);
    expect(commonClock([severity("A", null, 3)])).toBe(null);
    expect(commonClock([])).toBe(null);
  });
});

describe("customers", () => {
  it("are listed by hours, the ten with most apart and the rest summed", () => {
    const customers = Array.from({ length: 13 }, (_, i) => load(`Customer ${String(i).padStart(2, "0")}`, i * 60, 15, i + 1));
    customers.push(load("No time AB", 0, 0, 99));
    const { rows, others } = hoursByCustomer(customers);
    expect(rows.map((r) => r.customer)).toEqual(["Customer 12", "Customer 11", "Customer 10", "Customer 09", "Customer 08", "Customer 07", "Customer 06", "Customer 05", "Customer 04", "Customer 03"]);
    expect(others).toEqual({ customerId: null, customer: "", count: 3, billableMinutes: 0 + 60 + 120, nonBillableMinutes: 45 });
  });

  it("leave no others when all fit, and ties go by name", () => {
    const { rows, others } = hoursByCustomer([load("Beta AB", 60, 0), load("Alfa AB", 30, 30)]);
    expect(rows.map((r) => r.customer)).toEqual(["Alfa AB", "Beta AB"]);
    expect(others).toBeNull();
  });

  it("that missed most targets come first in the SLA table", () => {
    const sla = (customer: string, fr: number, res: number): CustomerSla => ({
      customerId: customer.length,
      customer,
      figures: { calls: 5, firstResponse: clock({ breached: fr }), resolution: clock({ breached: res }) },
      goalPercent: null,
    });
    const list = [sla("Alfa AB", 0, 0), sla("Beta AB", 1, 2), sla("Ceta AB", 0, 3), sla("Delta AB", 0, 0)];
    expect(worstFirst(list).map((c) => c.customer)).toEqual(["Beta AB", "Ceta AB", "Alfa AB", "Delta AB"]);
    expect(breaches(list[1]!)).toBe(3);
  });
});

describe("a range with nothing in it", () => {
  it("has no work unless a call came, was resolved or time was logged", () => {
    const empty: WorkloadReport = {
      from: "2026-10",
      to: "2026-10",
      received: 0,
      resolved: 0,
      weeks: [],
      services: [],
      channels: [],
      escalations: { microsoft: [], microsoftTotal: 0, provider: 0 },
      customers: [],
      billableMinutes: 0,
      nonBillableMinutes: 0,
    };
    expect(hasWork(empty)).toBe(false);
    expect(hasWork({ ...empty, resolved: 1 })).toBe(true);
    expect(hasWork({ ...empty, nonBillableMinutes: 5 })).toBe(true);
  });
});
