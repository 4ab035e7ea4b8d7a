// How a clock reads: "in 1 h 20 min", "25 min overdue"; and local date-time formatting.
import type { ClockView } from "../../lib/bindings";

/** 5 min, 1 h 20 min, 2 d 3 h: the two largest units. */
export function span(minutes: number): { d: number; h: number; m: number } {
  const total = Math.max(0, Math.round(minutes));
  return { d: Math.floor(total / 1440), h: Math.floor((total % 1440) / 60), m: total % 60 };
}

export function spanText(minutes: number, units: { d: string; h: string; m: string }): string {
  const { d, h, m } = span(minutes);
  if (d > 0) return h > 0 ? `${d} ${units.d} ${h} ${units.h}` : `${d} ${units.d}`;
  if (h > 0) return m > 0 ? `${h} ${units.h} ${m} ${units.m}` : `${h} ${units.h}`;
  return `${m} ${units.m}`;
}

/** Worked time in hours and minutes, never days: 26 h 5 min, 45 min. */
export function workedText(minutes: number, units: { h: string; m: string }): string {
  const total = Math.max(0, Math.round(minutes));
  const h = Math.floor(total / 60);
  const m = total % 60;
  if (h === 0) return `${m} ${units.m}`;
  return m > 0 ? `${h} ${units.h} ${m} ${units.m}` : `${h} ${units.h}`;
}

/** Minutes from `now` until the clock's due time; negative when overdue; null when not running. */
export function minutesLeft(clock: ClockView, now: Date): number | null {
  if (!clock.due || clock.state === "met" || clock.state === "paused") return null;
  return (new Date(clock.due).getTime() - now.getTime()) / 60000;
}

/** Local "YYYY-MM-DD HH:MM" for an input, from an instant. */
export function toLocalInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The instant of a typed local "YYYY-MM-DD HH:MM"; null if it is not one. */
export function fromLocalInput(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  // A time that does not exist (a daylight-saving gap) or an impossible date comes back changed.
  if (d.getDate() !== Number(m[3]) || d.getHours() !== Number(m[4]) || d.getMinutes() !== Number(m[5])) return null;
  return d;
}

/**
 * What the call list shows: `loading` before any list for the current filters has arrived (an
 * empty state then would lie), `busy` while the rows of an earlier filter stay on screen until
 * the new ones come, `empty` only once the current filters' list has loaded and holds nothing.
 * `shown` is the key of the filters the rows on screen were read for (null before the first).
 */
export function listState(shown: string | null, current: string, rows: number): "loading" | "busy" | "empty" | "rows" {
  if (shown !== current) return rows === 0 ? "loading" : "busy";
  return rows === 0 ? "empty" : "rows";
}
