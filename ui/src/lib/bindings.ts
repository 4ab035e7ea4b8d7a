// Generated from the Rust types by `cargo xtask bindings`. Do not edit by hand.

export type ApiErrorKind = "validation" | "not_found" | "conflict" | "storage" | "internal";

export type ApiError = { kind: ApiErrorKind, message: string, 
/**
 * For validation errors: the field, as named in the form.
 */
field?: string | null, };

export type Language = "en" | "sv";

export type DbInfo = { schemaVersion: number, plans: number, customers: number, calls: number, };

export type AppInfo = { version: string, dbPath: string, db: DbInfo, };

export type Settings = { 
/**
 * The language in effect: the one chosen in Settings, else the OS language.
 */
language: Language, 
/**
 * Whether the user chose it (false: it follows the OS).
 */
languageChosen: boolean, };

export interface Commands {
  app_info: { args: {  }; result: AppInfo };
  get_settings: { args: {  }; result: Settings };
  set_language: { args: { language: Language }; result: Settings };
}
