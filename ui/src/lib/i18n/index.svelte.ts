// Message catalogs and the language in effect. Every string the UI shows comes from here.
import type { Bilingual, Language } from "../bindings";
import en from "./en.json";
import sv from "./sv.json";

export type MessageKey = keyof typeof en;
type Catalog = Record<MessageKey, string>;

/** Typed so that a key missing from a catalog is a type error (svelte-check). */
export const catalogs: Record<Language, Catalog> = { en, sv };

/** The BCP 47 locale each language writes dates and numbers in. */
export const LOCALES: Record<Language, string> = { en: "en-GB", sv: "sv-SE" };

/** A message in the language of the moment: `t`, handed to helpers that stay pure. */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** One number formatter per language and style, made once: making an `Intl.NumberFormat`
 * costs far more than using one, and What to bill formats five amounts on each of 2,000 rows. */
const formatters = new Map<string, Intl.NumberFormat>();

/**
 * The number formatter of `lang` for `options`, kept under `style`: a short name that always
 * stands for the same options ("count", "twoDecimals", "money SEK"), so a call looks it up
 * without serialising the options.
 */
export function formatter(lang: Language, style: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${lang} ${style}`;
  let made = formatters.get(key);
  if (made === undefined) {
    made = new Intl.NumberFormat(LOCALES[lang], options);
    formatters.set(key, made);
  }
  return made;
}

let current = $state<Language>("en");

export function language(): Language {
  return current;
}

export function setLanguage(next: Language): void {
  current = next;
  if (typeof document !== "undefined") document.documentElement.lang = next;
}

/** The BCP 47 locale for dates and numbers in the current language. */
export function locale(): string {
  return LOCALES[current];
}

/** A date and time in the user's language, the one style every screen uses ("25 Nov 2026, 10:00"). */
export function dateTime(iso: string): string {
  return new Date(iso).toLocaleString(LOCALES[current], { dateStyle: "medium", timeStyle: "short" });
}

/** A calendar date ("2026-11-25") in the user's language, in the same style ("25 Nov 2026"). */
export function date(day: string, weekday = false): string {
  return new Date(`${day}T12:00:00`).toLocaleDateString(LOCALES[current], {
    ...(weekday ? { weekday: "short" } : {}),
    day: "numeric",
    month: "short",
    year: "numeric",
  });
}

/** A month ("2026-11") in the user's language: "November 2026", "november 2026". */
export function month(m: string): string {
  const parts = /^(\d{4})-(\d\d)$/.exec(m);
  if (!parts) return m;
  return new Date(Number(parts[1]), Number(parts[2]) - 1, 15, 12).toLocaleDateString(LOCALES[current], { month: "long", year: "numeric" });
}

/** A partner's own text in the current language, or in the other one when it is not written there. */
export function own(text: Bilingual): string {
  const other: Language = current === "sv" ? "en" : "sv";
  return text[current].trim() || text[other].trim();
}

/** The languages a partner writes its texts in: the current one first. */
export function writingOrder(): Language[] {
  return current === "sv" ? ["sv", "en"] : ["en", "sv"];
}

/** The message `key` in the current language, with `{name}` placeholders filled in. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return format(catalogs[current][key], params);
}

/**
 * The message for `count`: key `${key}.one` for 1, `${key}.other` otherwise; `{count}` filled in
 * as the language writes numbers ("1,000,000", "1 000 000").
 */
export function tn(key: PluralKey, count: number, params: Record<string, string | number> = {}): string {
  const form: MessageKey = count === 1 ? `${key}.one` : `${key}.other`;
  return t(form, { ...params, count: formatter(current, "count").format(count) });
}

/** Keys that have `.one` and `.other` forms. */
type PluralKey = MessageKey extends infer K ? (K extends `${infer Base}.one` ? Base : never) : never;

export function format(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
