import { describe, expect, it } from "vitest";
import { fromLocalInput, listState, minutesLeft, spanText, toLocalInput, workedText } from "./clock";

const units = { d: "d", h: "h", m: "min" };

describe("clocks", () => {
  it.each([
    [0, "0 min"],
    [5, "5 min"],
    [60, "1 h"],
    [80, "1 h 20 min"],
    [1440, "1 d"],
    [1440 * 2 + 180, "2 d 3 h"],
  ])("%i minutes read %s", (minutes, text) => {
    expect(spanText(minutes, units)).toBe(text);
  });

  it("counts down to the due time and stops when met or paused", () => {
    const now = new Date("2026-11-23T10:00:00Z");
    expect(minutesLeft({ due: "2026-11-23T11:30:00Z", state: "onTrack", noDueReason: null }, now)).toBe(90);
    expect(minutesLeft({ due: "2026-11-23T09:45:00Z", state: "breached", noDueReason: null }, now)).toBe(-15);
    expect(minutesLeft({ due: "2026-11-23T11:30:00Z", state: "met", noDueReason: null }, now)).toBeNull();
    expect(minutesLeft({ due: null, state: "paused", noDueReason: null }, now)).toBeNull();
  });

  it("reads and writes local times for inputs", () => {
    const d = fromLocalInput("2026-11-23 09:05")!;
    expect(toLocalInput(d)).toBe("2026-11-23 09:05");
    expect(fromLocalInput("2026-02-30 10:00")).toBeNull();
    expect(fromLocalInput("soon")).toBeNull();
  });
});

describe("workedText", () => {
  it("counts hours past a day and leaves out empty parts", () => {
    const units = { h: "h", m: "min" };
    expect(workedText(0, units)).toBe("0 min");
    expect(workedText(45, units)).toBe("45 min");
    expect(workedText(60, units)).toBe("1 h");
    expect(workedText(26 * 60 + 5, units)).toBe("26 h 5 min");
  });
});

describe("the call list's state", () => {
  it("never says empty before the current view's list has arrived", () => {
    // Opening Calls: nothing read yet.
    expect(listState(null, "open", 0)).toBe("loading");
    // Switching from an empty view to another: loading, not the old view's empty state.
    expect(listState("done", "open", 0)).toBe("loading");
    // Switching between views with rows: the old rows stay, marked busy.
    expect(listState("done", "unassigned", 100)).toBe("busy");
    // Arrived.
    expect(listState("open", "open", 100)).toBe("rows");
    expect(listState("open", "open", 0)).toBe("empty");
  });
});
