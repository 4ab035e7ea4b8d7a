import { describe, expect, it } from "vitest";
import type { Basis, Line } from "../../lib/bindings";
import { setLanguage, t } from "../../lib/i18n/index.svelte";
import {
  addMonths,
  charged,
  describeLine,
  hours,
  isClosed,
  lastMonth,
  ledger,
  money,
  monthHeading,
  monthList,
  monthName,
  parseHundredths,
  parseMonth,
  percent,
  planLine,
  pricingKey,
  quantity,
  signedHours,
  totalsByCurrency,
  workedHours,
} from "./billing";

/** Spaces as Intl writes them (no-break, narrow no-break) made plain, to compare. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

const line = (over: Partial<Line>): Line => ({
  kind: "hours",
  article: "",
  callId: null,
  text: "",
  workMonth: null,
  minutes: 0,
  quantity: 0,
  unit: "hour",
  unitPrice: 0,
  amount: 0,
  ...over,
});

const basis = (over: Partial<Basis>): Basis => ({
  customerId: 1,
  customer: "Norrsken Redovisning AB",
  registrationNumber: "",
  month: "2026-10",
  plan: { sv: "Löpande", en: "Hourly" },
  pricing: "hourly",
  currency: "SEK",
  vatRate: 2500,
  pricesIncludeVat: false,
  lines: [],
  net: 0,
  vat: 0,
  total: 0,
  billableMinutes: 0,
  nonBillableMinutes: 0,
  block: null,
  usersMissing: false,
  closed: false,
  ...over,
});

describe("months", () => {
  it("default to the month before today, and step across years", () => {
    expect(lastMonth(new Date(2026, 10, 30, 12))).toBe("2026-10");
    expect(lastMonth(new Date(2027, 0, 1, 0, 5))).toBe("2026-12");
    expect(addMonths("2026-12", 1)).toBe("2027-01");
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(addMonths("2026-05", -17)).toBe("2024-12");
  });

  it("are read as people type them, and refused when they are not months", () => {
    expect(parseMonth("2026-11")).toBe("2026-11");
    expect(parseMonth(" 2026-1 ")).toBe("2026-01");
    expect(parseMonth("11/2026")).toBe("2026-11");
    expect(parseMonth("2026 3")).toBe("2026-03");
    for (const bad of ["", "2026-13", "2026-00", "nov", "2026-11-05", "26-11"]) expect(parseMonth(bad), bad).toBeNull();
  });

  it("are named in the UI's language", () => {
    expect(monthName("2026-10", "en")).toBe("October 2026");
    expect(monthName("2026-10", "sv")).toBe("oktober 2026");
    expect(monthHeading("2026-10", "sv")).toBe("Oktober 2026");
    expect(monthList(["2026-09", "2026-10"], "en")).toBe("September 2026 and October 2026");
    expect(monthList(["2026-08", "2026-09", "2026-10"], "sv")).toBe("augusti 2026, september 2026 och oktober 2026");
    expect(monthList(["2026-10"], "sv")).toBe("oktober 2026");
  });

  it("are closed up to and including the latest closed month", () => {
    expect(isClosed("2026-09", "2026-10")).toBe(true);
    expect(isClosed("2026-10", "2026-10")).toBe(true);
    expect(isClosed("2026-11", "2026-10")).toBe(false);
    expect(isClosed("2026-10", null)).toBe(false);
  });
});

describe("numbers", () => {
  it("show minutes as hours with two decimals, rounded as the core rounds", () => {
    expect(hours(90, "en")).toBe("1.50");
    expect(hours(95, "sv")).toBe("1,58");
    expect(hours(0, "sv")).toBe("0,00");
    expect(plain(hours(60 * 1234, "sv"))).toBe("1 234,00");
    expect(hours(-80, "en")).toBe("-1.33");
    expect(signedHours(90, "sv")).toBe("+1,50");
    expect(signedHours(-120, "en")).toBe("−2.00");
  });

  it("show amounts in minor units in their currency, as the language writes money", () => {
    expect(plain(money(95000, "SEK", "sv"))).toBe("950,00 kr");
    expect(plain(money(356250, "SEK", "sv"))).toBe("3 562,50 kr");
    expect(plain(money(82500, "EUR", "sv"))).toBe("825,00 €");
    expect(money(82500, "EUR", "en")).toBe("€825.00");
    expect(plain(money(356250, "SEK", "en"))).toBe("SEK 3,562.50");
    expect(plain(money(5, "XYZ1", "en"))).toBe("0.05 XYZ1");
  });

  it("show a VAT rate in percent", () => {
    expect(percent(2500, "sv")).toBe("25");
    expect(percent(1250, "sv")).toBe("12,5");
    expect(percent(605, "en")).toBe("6.05");
  });

  it("read typed amounts and hours with either decimal sign, as the core does", () => {
    expect(parseHundredths("8500")).toBe(850000);
    expect(parseHundredths("8 500,5")).toBe(850050);
    expect(parseHundredths("1.25")).toBe(125);
    expect(parseHundredths("-1,5")).toBe(-150);
    expect(parseHundredths("−2")).toBe(-200);
    expect(parseHundredths("+2")).toBe(200);
    expect(parseHundredths(",5")).toBe(50);
    for (const bad of ["", "1.234", "1,2,3", "ten", "1e3", "-", "1 000 000 000 000 000 000"]) expect(parseHundredths(bad), bad).toBeNull();
  });
});

describe("lines", () => {
  it("are described from their kind, call, text and correction month", () => {
    setLanguage("en");
    const hoursLine = line({ kind: "hours", callId: 3001, text: "Outlook asks for the password", minutes: 95, quantity: 120, unitPrice: 95000, amount: 190000 });
    expect(describeLine(hoursLine, "en", t)).toBe("Support, call #3001: Outlook asks for the password");
    expect(describeLine({ ...hoursLine, workMonth: "2026-09" }, "en", t)).toBe("Support, call #3001: Outlook asks for the password (correction for September 2026)");
    expect(describeLine(line({ kind: "block_bought", minutes: 600, unit: "block", quantity: 1 }), "en", t)).toBe("Prepaid block of hours, 10.00 h");
    expect(describeLine(line({ kind: "block_adjustment", minutes: 90, text: "Goodwill" }), "en", t)).toBe("Adjustment of the block: Goodwill");
    expect(describeLine(line({ kind: "subscription", unit: "user", quantity: 38 }), "en", t)).toBe("Support subscription per user");
    expect(describeLine(line({ kind: "overage", minutes: 80 }), "en", t)).toBe("Time beyond the block");
    expect(describeLine(line({ kind: "incident", callId: 7, text: "  " }), "en", t)).toBe("Incident #7");
    setLanguage("sv");
    expect(describeLine({ ...hoursLine, workMonth: "2026-09" }, "sv", t)).toBe("Support, ärende #3001: Outlook asks for the password (tillägg för september 2026)");
    expect(describeLine(line({ kind: "block_bought", minutes: 300, unit: "block", quantity: 1 }), "sv", t)).toBe("Förbetalt timblock, 5,00 tim");
    expect(describeLine(line({ kind: "non_billable", callId: 3003, text: "MFA" }), "sv", t)).toBe("Debiteras inte, ärende #3003: MFA");
    setLanguage("en");
  });

  it("show hours for time, a signed change for an adjustment, a count otherwise", () => {
    expect(quantity(line({ quantity: 120 }), "sv")).toBe("2,00");
    expect(quantity(line({ kind: "block_adjustment", minutes: -90, quantity: 0 }), "en")).toBe("−1.50");
    expect(quantity(line({ kind: "subscription", unit: "user", quantity: 1200 }), "en")).toBe("1,200");
    expect(quantity(line({ kind: "incident", unit: "incident", quantity: 1 }), "sv")).toBe("1");
  });

  it("say the time worked when the plan's rounding billed more", () => {
    expect(workedHours(line({ minutes: 95, quantity: 120 }), "en")).toBe("1.58");
    expect(workedHours(line({ minutes: 120, quantity: 120 }), "en")).toBeNull();
    expect(workedHours(line({ kind: "block_used", minutes: 95, quantity: 95 }), "en")).toBeNull();
  });

  it("that charge nothing are told apart", () => {
    expect(charged(line({ kind: "hours", amount: 95000 }))).toBe(true);
    expect(charged(line({ kind: "block_bought", amount: 850000 }))).toBe(true);
    for (const kind of ["covered", "block_used", "non_billable", "block_adjustment"] as const) expect(charged(line({ kind })), kind).toBe(false);
  });
});

describe("bases", () => {
  it("add up per currency, never across currencies", () => {
    const sums = totalsByCurrency([
      basis({ currency: "SEK", net: 285000, vat: 71250, total: 356250, billableMinutes: 180, nonBillableMinutes: 15 }),
      basis({ currency: "EUR", net: 66000, vat: 16500, total: 82500, billableMinutes: 380 }),
      basis({ currency: "SEK", net: 300000, vat: 75000, total: 375000, billableMinutes: 60 }),
    ]);
    expect(sums).toEqual([
      { currency: "EUR", customers: 1, billableMinutes: 380, nonBillableMinutes: 0, net: 66000, vat: 16500, total: 82500 },
      { currency: "SEK", customers: 2, billableMinutes: 240, nonBillableMinutes: 15, net: 585000, vat: 146250, total: 731250 },
    ]);
    expect(totalsByCurrency([])).toEqual([]);
  });

  it("name how the plan charges, per user or per tenant from the subscription", () => {
    expect(pricingKey(basis({ pricing: "hourly" }))).toBe("pricing.kind.hourly");
    expect(pricingKey(basis({ pricing: "monthly", lines: [line({ kind: "subscription", unit: "tenant", quantity: 1 })] }))).toBe("pricing.kind.perTenant");
    expect(pricingKey(basis({ pricing: "monthly", lines: [line({ kind: "subscription", unit: "user", quantity: 38 })] }))).toBe("pricing.kind.perUser");
    expect(pricingKey(basis({ pricing: "monthly", usersMissing: true }))).toBe("pricing.kind.perUser");
    expect(pricingKey(basis({ pricing: "something new" }))).toBe("pricing.kind.other");
  });

  it("have a pricing line under the plan's name, also when the plan is named as its pricing", () => {
    setLanguage("en");
    expect(planLine(basis({ pricing: "hourly" }), "Time and materials", "en", t)).toBe("Per hour");
    const block = { starting: 600, bought: 0, adjustments: 0, used: 150, remaining: 450, overage: 0, expired: 0, carried: 450 };
    expect(planLine(basis({ pricing: "block", block }), "Block of hours", "en", t)).toBe("7.50 h left in the block");
    const over = { ...block, used: 700, remaining: -100, overage: 100, carried: 0 };
    expect(planLine(basis({ pricing: "block", block: over }), "Block of hours", "en", t)).toBe("1.67 h beyond the block");
    const incidents = [line({ kind: "incident", callId: 1 }), line({ kind: "incident", callId: 2 }), line({ kind: "non_billable", callId: 3 })];
    expect(planLine(basis({ pricing: "per_incident", lines: incidents }), "Per incident", "en", t)).toBe("2 incidents this month");
    expect(planLine(basis({ pricing: "included" }), "Included", "en", t)).toBeNull();
    setLanguage("sv");
    expect(plain(planLine(basis({ pricing: "block", block }), "Timbank", "sv", t)!)).toBe("7,50 tim kvar i timbanken");
    expect(planLine(basis({ pricing: "per_incident", lines: incidents.slice(0, 1) }), "Per ärende", "sv", t)).toBe("1 ärende den här månaden");
    setLanguage("en");
  });

  it("show a block's ledger as its equation", () => {
    const parts = ledger({ starting: 600, bought: 0, adjustments: 90, used: 450, remaining: 240, overage: 0, expired: 0, carried: 240 });
    expect(parts.map((p) => `${p.sign}${p.minutes}`).join(" ")).toBe("600 +0 +90 −450 =240");
  });
});
