// Pure helpers of the offering editor: times of day, typed windows, money and durations.
import type { Day, Window } from "../../lib/bindings";

export const DAYS: Day[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

export function toMinutes(time: string): number {
  const [h, m] = time.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export function fromMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** "08:00–12:00, 13:00–17:00" for the day's windows; "" when closed. */
export function formatDay(windows: Window[], day: Day): string {
  return windows
    .filter((w) => w.day === day)
    .map((w) => `${w.start}–${w.end}`)
    .join(", ");
}

const TIME = /^(\d{1,2})(?:[:.](\d{2}))?$/;

/** A time typed as "8", "08", "8:30", "08.30" or "24:00"; null if it is not one. */
export function parseTime(text: string): string | null {
  const m = TIME.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2] ?? "0");
  if (min > 59 || h > 24 || (h === 24 && min > 0)) return null;
  return fromMinutes(h * 60 + min);
}

/**
 * The windows typed for one day: ranges separated by commas or semicolons, each "start-end"
 * (any dash). Empty text closes the day. Null when the text is not understood.
 */
export function parseDay(day: Day, text: string): Window[] | null {
  const parts = text
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
  const out: Window[] = [];
  for (const part of parts) {
    const ends = part.split(/\s*[-–—]\s*/);
    if (ends.length !== 2) return null;
    const start = parseTime(ends[0]!);
    const end = parseTime(ends[1]!);
    if (start === null || end === null) return null;
    out.push({ day, start, end });
  }
  return out.sort((a, b) => toMinutes(a.start) - toMinutes(b.start));
}

/** Minor units (95000) as the major amount a person types (950). */
export function toMajor(minor: number): number {
  return minor / 100;
}

/** A typed major amount (950.5) in minor units (95050). */
export function toMinor(major: number): number {
  return Math.round(major * 100);
}

/** Minutes as hours for editing (90 → 1.5). */
export function toHours(minutes: number): number {
  return Math.round((minutes / 60) * 100) / 100;
}

/** Typed hours as whole minutes (1.5 → 90). */
export function toMinutesFromHours(hours: number): number {
  return Math.round(hours * 60);
}
