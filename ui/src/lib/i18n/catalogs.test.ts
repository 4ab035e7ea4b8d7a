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
    // Literal keys: t("nav.calls"), label: "nav.calls", `${item.id}.title` patterns below.
    const literal = [...code.matchAll(/["'`]([a-z]+(?:\.[a-zA-Z]+)+)["'`]/g)].map((m) => m[1]!);
    const namespaces = new Set(Object.keys(en).map((k) => k.split(".")[0]));
    const used = new Set(literal.filter((k) => namespaces.has(k.split(".")[0]!)));
    for (const key of used) {
      expect(en, `key used in the UI: ${key}`).toHaveProperty([key]);
    }
    // Keys built from a screen id or a language code are used through these templates.
    const templated = [/^(offering|customers|calls|reports|terms|settings)\.(title|subtitle)$/, /^(offering|customers|calls|reports|terms)\.empty\.(title|body)$/, /^language\.(en|sv)$/];
    for (const key of Object.keys(en)) {
      const isUsed = used.has(key) || templated.some((re) => re.test(key));
      expect(isUsed, `unused message ${key}`).toBe(true);
    }
  });

  it("fill placeholders and leave unknown ones visible", () => {
    expect(format("{plans} plans · {x}", { plans: 3 })).toBe("3 plans · {x}");
  });
});
