// Validation problems from the core, translated, and looked up by field path.
import type { ApiErrorKind, Problem, ProblemCode } from "./bindings";
import { CommandError } from "./api";
import { dateTime, month, t, type MessageKey } from "./i18n/index.svelte";

/** A code without a message in the catalogs is a type error here. */
function key(code: ProblemCode): MessageKey {
  return `problem.${code}`;
}

export function describe(problem: Problem): string {
  return t(key(problem.code), shownParams(problem.params));
}

/** Params that hold an instant (RFC 3339, UTC): who changed a record when, a call's last change. */
const INSTANTS = ["when", "previous"];
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/i;
/** Params that hold a billing month ("2026-11"): a closed month, the latest closed one. */
const MONTHS = ["month", "later"];
const YEAR_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * The params as the user reads them: an instant (`when`) as a local date and time in the UI's
 * language, a month ("2026-11") as its name ("November 2026"), an unknown `who` (empty) as "Someone".
 */
function shownParams(params: Problem["params"]): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const v = value.trim();
    shown[name] = INSTANTS.includes(name) && RFC3339.test(v) ? dateTime(v) : MONTHS.includes(name) && YEAR_MONTH.test(v) ? month(v) : value;
  }
  if ("who" in shown && !shown.who!.trim()) shown.who = t("person.someone");
  return shown;
}

/** Whether `e` is the refusal of a change made from an out-of-date copy (someone changed it since). */
export function isStale(e: unknown): boolean {
  return e instanceof CommandError && e.problems.some((p) => p.code === "stale" || p.code === "already_responded");
}

export class Problems {
  readonly list: Problem[];
  constructor(list: Problem[] = []) {
    this.list = list;
  }
  /** The message for exactly this field, if it has a problem. */
  at(field: string): string | undefined {
    const p = this.list.find((x) => x.field === field);
    return p ? describe(p) : undefined;
  }
  /** Whether this field or anything inside it has a problem. */
  within(prefix: string): boolean {
    return this.list.some((x) => x.field === prefix || x.field.startsWith(prefix + ".") || x.field.startsWith(prefix + "["));
  }
  get empty(): boolean {
    return this.list.length === 0;
  }
}

/**
 * A failed action, for a banner: every error the user can act on (validation, not found,
 * conflict) arrives as problems with codes and is shown in the user's language; a fault of the
 * file or database is introduced in that language, with the system's own detail after it.
 */
export function failure(e: unknown): { kind: ApiErrorKind; text: string; problems: Problem[] } {
  if (e instanceof CommandError) {
    if (e.problems.length > 0) return { kind: e.kind, text: describe(e.problems[0]!), problems: e.problems };
    return { kind: e.kind, text: t("error.storage", { detail: e.message }), problems: [] };
  }
  return { kind: "internal", text: t("error.storage", { detail: String(e) }), problems: [] };
}
