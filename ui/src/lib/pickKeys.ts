// Keyboard for a type-ahead list: arrows move the highlight, Enter picks the highlighted match.

/** Handles `e` for a list of `count` matches; returns the new highlight, and picks on Enter. */
export function pickKeys(e: KeyboardEvent, count: number, highlighted: number, pick: (index: number) => void): number {
  if (count === 0) return 0;
  if (e.key === "ArrowDown") {
    e.preventDefault();
    return Math.min(highlighted + 1, count - 1);
  }
  if (e.key === "ArrowUp") {
    e.preventDefault();
    return Math.max(highlighted - 1, 0);
  }
  if (e.key === "Enter" && highlighted >= 0 && highlighted < count) {
    e.preventDefault();
    pick(highlighted);
  }
  return highlighted;
}
