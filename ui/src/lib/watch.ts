// Asking the app again and again while the window is open (the status bar's backups and
// updates): the first look at once, then one every `everyMs`.

/**
 * Calls `look` now and every `everyMs` milliseconds; a tick that comes while the previous look
 * is still waiting for its answer is skipped, so a slow answer never piles up calls. Returns the
 * function that stops it.
 */
export function watch(look: () => Promise<unknown>, everyMs: number): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    // `look` handles its own failures; a stray one must not stop the watch.
    void look()
      .catch(() => undefined)
      .finally(() => (running = false));
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return () => clearInterval(timer);
}
