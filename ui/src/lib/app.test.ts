import { afterEach, describe, expect, it, vi } from "vitest";
import { setTransport } from "./api";
import { app, load, OPENING_SAID_AFTER_MS } from "./app.svelte";
import { language, setLanguage, t } from "./i18n/index.svelte";

/** A backend whose desk opens when `open()` is called: until then every desk command waits,
 * as the app's commands wait for the desk's lock while it is upgraded. */
function slowDesk(upgradingFrom: number | null, computer: "sv" | "en") {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  let asked = 0;
  setTransport(async (command) => {
    if (command === "starting") {
      asked += 1;
      return { language: computer, upgradingFrom } as never;
    }
    await opened;
    switch (command) {
      case "get_settings":
        return { language: "en", languageChosen: true } as never;
      case "whoami":
        return { id: 1, login: null, name: "Anna", role: "owner", active: true } as never;
      case "app_info":
        return {
          version: "1.2.0",
          dbPath: "/data/cspdesk.sqlite3",
          teamServer: false,
          db: { schemaVersion: 11, plans: 1, customers: 0, calls: 0 },
        } as never;
      default:
        throw new Error(`unexpected ${command}`);
    }
  });
  return { open: () => open(), asked: () => asked };
}

afterEach(() => {
  vi.useRealTimers();
  setLanguage("en");
  app.settings = null;
  app.info = null;
  app.fatal = null;
  app.opening = null;
});

describe("the start of the app", () => {
  it("says nothing while the desk opens quickly", async () => {
    vi.useFakeTimers();
    const desk = slowDesk(9, "sv");
    const loading = load();
    await vi.advanceTimersByTimeAsync(OPENING_SAID_AFTER_MS - 100);
    expect(app.opening).toBeNull();
    desk.open();
    await loading;
    await vi.advanceTimersByTimeAsync(OPENING_SAID_AFTER_MS);
    expect(app.opening).toBeNull();
    expect(desk.asked()).toBe(0);
    expect(app.info?.version).toBe("1.2.0");
    expect(language()).toBe("en");
  });

  it("says an upgrade is under way in the computer's language, then speaks the desk's", async () => {
    vi.useFakeTimers();
    const desk = slowDesk(9, "sv");
    const loading = load();
    await vi.advanceTimersByTimeAsync(OPENING_SAID_AFTER_MS + 50);
    expect(app.opening).toEqual({ upgradingFrom: 9 });
    expect(desk.asked()).toBe(1);
    expect(t("opening.upgrade.title")).toContain("Uppdaterar");
    desk.open();
    await loading;
    expect(app.opening).toBeNull();
    expect(app.settings?.language).toBe("en");
    expect(t("opening.upgrade.title")).toContain("Bringing");
  });

  it("says only that it opens when no upgrade is pending (a team server slow to answer)", async () => {
    vi.useFakeTimers();
    const desk = slowDesk(null, "en");
    const loading = load();
    await vi.advanceTimersByTimeAsync(OPENING_SAID_AFTER_MS + 50);
    expect(app.opening).toEqual({ upgradingFrom: null });
    desk.open();
    await loading;
    expect(app.opening).toBeNull();
  });
});
