import { afterEach, describe, expect, it } from "vitest";
import { setTransport } from "./api";
import { backupFailure, backups, fileSize, refreshBackups } from "./backups.svelte";
import type { BackupStatus } from "./bindings";
import { setLanguage } from "./i18n/index.svelte";

const status = (failure: BackupStatus["failure"]): BackupStatus => ({
  available: true,
  folder: "/home/anna/.local/share/se.cspdesk.desk/backups",
  defaultFolder: true,
  policy: { today: 3, days: 7, weeks: 8 },
  last: null,
  failure,
  everyHours: 4,
});

afterEach(() => setLanguage("en"));

describe("backups as the user reads them", () => {
  it("write sizes in the UI's language", () => {
    setLanguage("en");
    expect(fileSize(23_183_360)).toBe("22.1 MB");
    expect(fileSize(512)).toBe("1 kB");
    expect(fileSize(200 * 1024)).toBe("200 kB");
    setLanguage("sv");
    expect(fileSize(23_183_360)).toBe("22,1 MB");
  });

  it("say why a backup failed in the user's language: a coded problem translated, a disk's fault introduced", () => {
    expect(backupFailure(status(null))).toBeNull();
    setLanguage("sv");
    const damaged = status({
      kind: "validation",
      message: "damaged",
      problems: [{ field: "file", code: "backup_damaged", params: { path: "a.sqlite3", detail: "page 3" }, message: "x" }],
    });
    expect(backupFailure(damaged)).toBe("a.sqlite3 är skadad (page 3); inget har ändrats. Välj en annan kopia.");
    const disk = backupFailure(status({ kind: "storage", message: "/mnt/usb: No space left on device" }));
    expect(disk).toContain("/mnt/usb: No space left on device");
    expect(disk).not.toMatch(/^\/mnt/);
  });

  it("keep the last status the app gave, and the last one while the app cannot answer", async () => {
    setTransport(async (command) => {
      if (command !== "backup_status") throw new Error(command);
      return status({ kind: "storage", message: "disk full" }) as never;
    });
    await refreshBackups();
    expect(backups.status?.failure?.message).toBe("disk full");
    setTransport(async () => {
      throw { kind: "storage", message: "the server went away" };
    });
    await refreshBackups();
    expect(backups.status?.failure?.message).toBe("disk full");
  });
});
