import { describe, expect, it } from "vitest";
import { formatDay, parseDay, parseTime, toMinor, toMinutesFromHours } from "./hours";

describe("typed hours", () => {
  it.each([
    ["8", "08:00"],
    ["08:30", "08:30"],
    ["8.15", "08:15"],
    ["24:00", "24:00"],
    ["24:30", null],
    ["7:60", null],
    ["noon", null],
  ])("parseTime(%s) is %s", (text, expected) => {
    expect(parseTime(text)).toBe(expected);
  });

  it("reads several windows a day in any order and with any dash", () => {
    expect(parseDay("mon", "13-17, 8:00–12:00")).toEqual([
      { day: "mon", start: "08:00", end: "12:00" },
      { day: "mon", start: "13:00", end: "17:00" },
    ]);
    expect(parseDay("sat", "")).toEqual([]);
    expect(parseDay("sun", "0-24")).toEqual([{ day: "sun", start: "00:00", end: "24:00" }]);
    expect(parseDay("mon", "8 to 5")).toBeNull();
  });

  it("formats a day back the way it reads", () => {
    const windows = parseDay("tue", "08:00-12:00; 13:00-17:00")!;
    expect(formatDay(windows, "tue")).toBe("08:00–12:00, 13:00–17:00");
    expect(formatDay(windows, "wed")).toBe("");
  });

  it("converts money and durations without rounding drift", () => {
    expect(toMinor(950.1)).toBe(95010);
    expect(toMinor(0.29)).toBe(29);
    expect(toMinutesFromHours(1.5)).toBe(90);
  });
});
