// App-wide state: what the status bar shows and the settings in effect.
import { api, CommandError } from "./api";
import type { AppInfo, Language, Person, Settings } from "./bindings";
import { setLanguage } from "./i18n/index.svelte";
import { failure } from "./problems";
import type { ScreenId } from "./nav";

export const app = $state<{
  info: AppInfo | null;
  settings: Settings | null;
  /** Who is signed in: the solo desk's owner (no login) or a person of a team desk. */
  me: Person | null;
  /** Set when the database cannot be used; the shell shows it instead of the screens. */
  fatal: string | null;
  /** Since when the desk (a team server) cannot be reached while the app runs; the shell
   * says so over the screens, which keep what they show (from then) and what is typed. */
  offline: Date | null;
  /** Set when the desk takes long to open (an upgrade's copy of a large desk, a server slow
   * to answer): the window says so, in the computer's language, until it is open. */
  opening: { upgradingFrom: number | null } | null;
}>({ info: null, settings: null, me: null, fatal: null, offline: null, opening: null });

/** How long a start may take before the window says what it is waiting for. */
export const OPENING_SAID_AFTER_MS = 600;

/** Whether the desk is a team's (on a server), not a solo desk's file. (A file copied from a
 * server keeps its people's logins, so the login does not say it.) */
export function teamDesk(): boolean {
  return app.info?.teamServer ?? false;
}

export function isOwner(): boolean {
  return app.me?.role === "owner";
}

function describe(e: unknown): string {
  // A refusal the user can act on (not on the team, login disabled) in their language.
  if (e instanceof CommandError && e.problems.length > 0) return failure(e).text;
  return e instanceof CommandError ? e.message : String(e);
}

export async function load(): Promise<void> {
  const slow = setTimeout(() => void sayOpening(), OPENING_SAID_AFTER_MS);
  try {
    app.settings = await api.getSettings();
    setLanguage(app.settings.language);
    app.me = await api.whoami();
    app.info = await api.appInfo();
    app.fatal = null;
  } catch (e) {
    app.fatal = describe(e);
  } finally {
    clearTimeout(slow);
    app.opening = null;
  }
}

/** Says what the start waits for. The desk's own language is not known until it is open, so
 * this speaks the computer's. */
async function sayOpening(): Promise<void> {
  try {
    const starting = await api.starting();
    if (app.settings || app.fatal) return;
    setLanguage(starting.language);
    app.opening = { upgradingFrom: starting.upgradingFrom };
  } catch {
    // The spinner in the status bar stays.
  }
}

export async function refreshInfo(): Promise<void> {
  try {
    app.info = await api.appInfo();
  } catch (e) {
    app.fatal = describe(e);
    return;
  }
  try {
    // An owner may have changed one's name or role meanwhile.
    app.me = await api.whoami();
  } catch {
    // Shown by the next screen that loads.
  }
}

/** The time countdowns count from; ticks every 15 seconds. */
export const clock = $state<{ now: Date }>({ now: new Date() });

/** Requests across screens: open the new-call dialog, show a call, go to a screen (and tab). */
export const nav = $state<{
  newCall: boolean;
  openCall: number | null;
  calls: number;
  /** Counts the times someone else (the CLI, another technician) changed the desk. */
  others: number;
  goTo: ScreenId | null;
  offeringTab: "plans" | "profile" | null;
  /** A customer to open in the Customers screen when it shows next. */
  openCustomer: number | null;
}>({
  newCall: false,
  openCall: null,
  calls: 0,
  others: 0,
  goTo: null,
  offeringTab: null,
  openCustomer: null,
});

/** The screen with unsaved edits, if any; navigation asks before leaving it. */
export const guard = $state<{ dirty: boolean; asking: ((discard: boolean) => void) | null }>({
  dirty: false,
  asking: null,
});

/** Resolves true when it is fine to leave: nothing unsaved, or the user chose to discard. */
export function mayLeave(): Promise<boolean> {
  if (!guard.dirty) return Promise.resolve(true);
  return new Promise((resolve) => {
    guard.asking = (discard) => {
      guard.asking = null;
      if (discard) guard.dirty = false;
      resolve(discard);
    };
  });
}

/** How often the app looks for others' changes: they show within this (and one reload). */
export const WATCH_MS = 1_000;

/** Starts looking for changes others make to the desk; returns the function that stops it. */
export function watchOthers(): () => void {
  let seen: number | null = null;
  let busy = false;
  let ticks = 0;
  const look = async () => {
    if (busy) return;
    // Away for more than half a minute (a server down, a password changed): every 5 seconds,
    // so the server is not asked every second for nothing.
    ticks += 1;
    if (app.offline && Date.now() - app.offline.getTime() > 30_000 && ticks % 5 !== 0) return;
    busy = true;
    try {
      const mark = await api.othersChanges();
      const back = app.offline !== null;
      app.offline = null;
      if (back || (seen !== null && mark !== seen)) {
        // Back after a break, or changed by someone else: what the screens show is reloaded.
        nav.others += 1;
        void refreshInfo();
      }
      seen = mark;
    } catch (e) {
      // The server cannot be reached: say so (once, from when) and keep looking every second.
      if (e instanceof CommandError && e.kind === "storage" && app.info) app.offline ??= new Date();
    } finally {
      busy = false;
    }
  };
  // The first look at once, so that changes from the very start are noticed.
  void look();
  const timer = setInterval(look, WATCH_MS);
  return () => clearInterval(timer);
}

export async function chooseLanguage(next: Language): Promise<void> {
  setLanguage(next);
  app.settings = await api.setLanguage(next);
}
