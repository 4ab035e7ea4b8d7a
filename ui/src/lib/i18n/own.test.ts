import { describe, expect, it } from "vitest";
import { date, dateTime, own, setLanguage, tn, writingOrder } from "./index.svelte";

describe("a partner's own texts", () => {
  it("show in the UI's language, or in the other one when missing", () => {
    setLanguage("en");
    expect(own({ sv: "Premium Nord", en: "Premium North" })).toBe("Premium North");
    expect(own({ sv: "Bara svenska", en: "  " })).toBe("Bara svenska");
    expect(writingOrder()).toEqual(["en", "sv"]);
    setLanguage("sv");
    expect(own({ sv: "Premium Nord", en: "Premium North" })).toBe("Premium Nord");
    expect(own({ sv: "", en: "Only English" })).toBe("Only English");
    expect(writingOrder()).toEqual(["sv", "en"]);
  });
});

describe("dates", () => {
  it("are written one way per language on every screen", () => {
    setLanguage("en");
    expect(date("2026-11-25")).toBe("25 Nov 2026");
    expect(date("2026-11-25", true)).toBe("Wed, 25 Nov 2026");
    expect(dateTime("2026-11-25T09:05:00Z")).toMatch(/^25 Nov 2026, \d\d:05$/);
    setLanguage("sv");
    expect(date("2026-11-25")).toBe("25 nov. 2026");
    expect(dateTime("2026-11-25T09:05:00Z")).toMatch(/^25 nov. 2026 \d\d:05$/);
  });
});

describe("counts", () => {
  it("are written as the language writes numbers", () => {
    setLanguage("en");
    expect(tn("status.calls", 1000000)).toBe("1,000,000 calls");
    setLanguage("sv");
    expect(tn("status.calls", 1000000).replace(/\s/g, " ")).toBe("1 000 000 ärenden");
  });
});
