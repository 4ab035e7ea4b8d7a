// Keeping what the user typed when the record changed under the form (a save refused as
// stale, or a save that returned the stored record while the user kept typing).

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * A three-way merge of plain JSON data: `base` is the copy the form was loaded from, `mine`
 * the form as the user left it, `theirs` the record as it is stored now. Whatever the user
 * changed is kept; whatever they left as loaded takes the stored value. Objects merge field by
 * field, lists of the same length item by item; a list the user changed in length is kept as
 * theirs is not (the user's rows and their order win). `version` always comes from `theirs`,
 * so that the next save is measured against the stored record.
 */
export function merge3<T>(base: T, mine: T, theirs: T): T {
  return mergeValue(base as Json, mine as Json, theirs as Json, true) as T;
}

function mergeValue(base: unknown, mine: unknown, theirs: unknown, top = false): unknown {
  if (same(mine, base)) return clone(theirs);
  if (same(mine, theirs)) return clone(mine);
  if (isObject(mine) && isObject(theirs)) {
    // In the stored record's order of fields, so that an unchanged form reads as unchanged.
    const b = isObject(base) ? base : {};
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(theirs)) {
      if (top && k === "version") out[k] = theirs[k];
      else if (k in mine) out[k] = mergeValue(b[k], mine[k], theirs[k]);
      else if (!(k in b)) out[k] = clone(theirs[k]);
    }
    for (const k of Object.keys(mine)) {
      if (k in theirs || (top && k === "version")) continue;
      // Gone from the stored record: kept only if the user changed it.
      if (!(k in b) || !same(mine[k], b[k])) out[k] = clone(mine[k]);
    }
    return out;
  }
  if (Array.isArray(mine) && Array.isArray(theirs) && Array.isArray(base) && mine.length === base.length && theirs.length === base.length) {
    return mine.map((m, i) => mergeValue(base[i], m, theirs[i]));
  }
  return clone(mine);
}

function clone(v: unknown): unknown {
  return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
}
