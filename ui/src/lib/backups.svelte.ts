// The state of the automatic backups, for Settings → Backups and the status bar: a failed
// backup shows in the status bar until one succeeds.
import { api, CommandError } from "./api";
import type { BackupStatus } from "./bindings";
import { failure } from "./problems";
import { watch } from "./watch";
import { formatter, language, t } from "./i18n/index.svelte";

export const backups = $state<{ status: BackupStatus | null }>({ status: null });

/** How often the status bar asks (the backups themselves run every few hours). */
export const BACKUP_WATCH_MS = 15_000;

export async function refreshBackups(): Promise<void> {
  try {
    backups.status = await api.backupStatus();
  } catch {
    // The database may be away (a server); the next look tries again.
  }
}

/** Starts looking at the backups' state; returns the function that stops it. */
export function watchBackups(): () => void {
  return watch(refreshBackups, BACKUP_WATCH_MS);
}

/** Why the last backup failed, in the user's language. */
export function backupFailure(status: BackupStatus | null): string | null {
  return status?.failure ? failure(new CommandError(status.failure)).text : null;
}

/** A file's size as people read it: "22,1 MB" in Swedish, "22.1 MB" in English. */
export function fileSize(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) {
    const size = formatter(language(), "oneDecimal", { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(mb);
    return t("backups.size.mb", { size });
  }
  return t("backups.size.kb", { size: Math.max(1, Math.ceil(bytes / 1024)) });
}
