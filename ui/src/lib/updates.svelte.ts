// Settings → Updates and the status bar: the running version, "Check once a day", and a newer
// version found by this session's last check (by hand or the daily one). Only the app's own
// commands reach the updater; nothing here goes to the network by itself.
import { api } from "./api";
import type { UpdateStatus } from "./bindings";
import { watch } from "./watch";

export const updates = $state<{ status: UpdateStatus | null }>({ status: null });

/** How often the status bar asks whether the daily check found something (a local read). */
export const UPDATE_WATCH_MS = 60_000;

export async function refreshUpdates(): Promise<void> {
  try {
    updates.status = await api.updateStatus();
  } catch {
    // Nothing to show; the next look tries again.
  }
}

/** Starts looking at what the checks found; returns the function that stops it. */
export function watchUpdates(): () => void {
  return watch(refreshUpdates, UPDATE_WATCH_MS);
}
