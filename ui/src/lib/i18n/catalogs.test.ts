// The message catalogs: same keys and placeholders in every language, nothing used that is
// missing, nothing kept that is unused.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import en from "./en.json";
import sv from "./sv.json";
import { format } from "./index.svelte";

const catalogs: Record<string, Record<string, string>> = { en, sv };
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(svelte|ts)$/.test(name) && !name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("message catalogs", () => {
  it("have the same keys in English and Swedish", () => {
    expect(Object.keys(sv).sort()).toEqual(Object.keys(en).sort());
  });

  it("have the same placeholders in every translation, and no empty message", () => {
    for (const [key, english] of Object.entries(en)) {
      for (const [lang, catalog] of Object.entries(catalogs)) {
        const message = catalog[key] ?? "";
        expect(message.trim(), `${lang}: ${key}`).not.toBe("");
        expect(placeholders(message), `${lang}: ${key}`).toEqual(placeholders(english));
      }
    }
  });

  it("contain every key the UI uses, and every key they contain is used", () => {
    const root = join(import.meta.dirname, "..", "..");
    const code = sources(root).map((f) => readFileSync(f, "utf8")).join("\n");
    // t("nav.calls") and nav labels: exact keys.
    const literal = [
      ...code.matchAll(/\bt\(\s*"([^"]+)"/g),
      ...code.matchAll(/\blabel: "([^"]+)"/g),
      ...code.matchAll(/`(problem)\.\$\{/g),
    ].map((m) => m[1]!);
    // tn("status.plans", n) uses status.plans.one and status.plans.other.
    for (const m of code.matchAll(/\btn\(\s*"([^"]+)"/g)) literal.push(`${m[1]}.one`, `${m[1]}.other`);
    for (const key of literal.filter((k) => k !== "problem")) {
      expect(en, `key used in the UI: ${key}`).toHaveProperty([key]);
    }
    // t(`day.${day}`): every ${...} stands for one key segment.
    const templates = [...code.matchAll(/\bt\(\s*`([^`]+)`/g), ...code.matchAll(/return `(problem\.\$\{[^`]+)`/g)].map(
      (m) => new RegExp("^" + m[1]!.replace(/\./g, "\\.").replace(/\$\{[^}]+\}/g, "[^.]+") + "$"),
    );
    expect(templates.length).toBeGreaterThan(5);
    // Keys chosen in an expression, e.g. t(cond ? "a.b" : "a.c"), appear as plain string literals.
    const strings = new Set([...code.matchAll(/"([a-zA-Z]+(?:\.[a-zA-Z]+)+)"/g)].map((m) => m[1]!));
    for (const key of Object.keys(en)) {
      const isUsed = literal.includes(key) || strings.has(key) || templates.some((re) => re.test(key));
      expect(isUsed, `unused message ${key}`).toBe(true);
    }
  });

  it("fill placeholders and leave unknown ones visible", () => {
    expect(format("{plans} plans · {x}", { plans: 3 })).toBe("3 plans · {x}");
  });
});
