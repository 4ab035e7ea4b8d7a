// A customer's licensed users over time, as the Customers screen shows them. Pure.
import type { PriceModel, UsersFrom } from "../../lib/bindings";

/** The most licensed users a customer may have (the core's `MAX_USERS`). */
export const MAX_USERS = 1_000_000;

/** A count of users as typed ("25", "1 200"): a whole number from 0 to MAX_USERS, else null. */
export function parseUsers(text: string): number | null {
  const s = text.trim().replace(/[\s\u00a0\u202f]/g, "");
  if (!/^\d{1,7}$/.test(s)) return null;
  const n = Number(s);
  return n <= MAX_USERS ? n : null;
}

/** The count in force in `month` (the latest change from that month or before), or null. */
export function usersIn(history: UsersFrom[], month: string): UsersFrom | null {
  let found: UsersFrom | null = null;
  for (const h of history) if (h.from <= month && (found === null || h.from > found.from)) found = h;
  return found;
}

/** Changes after `month`, oldest first: counts already set for months to come. */
export function upcoming(history: UsersFrom[], month: string): UsersFrom[] {
  return history.filter((h) => h.from > month).sort((a, b) => a.from.localeCompare(b.from));
}

/** Whether a plan's price is a monthly fee per user (so its customers need a count of users). */
export function perUser(model: PriceModel | null | undefined): boolean {
  return model?.kind === "monthly" && model.basis === "per_user";
}
