import { describe, expect, it } from "vitest";
import { CommandError } from "./api";
import { setLanguage } from "./i18n/index.svelte";
import { describe as describeProblem, failure, isStale } from "./problems";
import type { Problem } from "./bindings";

const stale = (who: string): Problem => ({
  field: "version",
  code: "stale",
  params: { who, when: "2026-11-25T09:05:00+00:00" },
  message: "changed meanwhile",
});

describe("problems as the user reads them", () => {
  it("show when as a local date and time in the UI's language, not as RFC 3339", () => {
    setLanguage("en");
    const text = describeProblem(stale("Anna Berg"));
    expect(text).toMatch(/^Anna Berg changed this at 25 Nov 2026, \d\d:05 after you opened it\./);
    expect(text).not.toContain("2026-11-25T");
    setLanguage("sv");
    expect(describeProblem(stale("Anna Berg"))).toMatch(/^Anna Berg ändrade det här 25 nov. 2026 \d\d:05, efter/);
    setLanguage("en");
  });

  it("name an unknown person as Someone / Någon", () => {
    setLanguage("en");
    expect(describeProblem(stale(""))).toMatch(/^Someone changed this at 25 Nov 2026/);
    const responded: Problem = { field: "action", code: "already_responded", params: { who: "", when: "2026-11-25T09:05:00Z" }, message: "" };
    expect(describeProblem(responded)).toMatch(/^Someone already gave the first response, at 25 Nov 2026, \d\d:05\.$/);
    setLanguage("sv");
    expect(describeProblem(stale(""))).toMatch(/^Någon ändrade det här/);
    setLanguage("en");
  });

  it("show a call's last change as a local date and time too", () => {
    setLanguage("en");
    const p: Problem = { field: "at", code: "before_previous_event", params: { previous: "2026-11-30T06:58:51+00:00" }, message: "" };
    expect(describeProblem(p)).toMatch(/^Lies before the call's last change \(30 Nov 2026, \d\d:58\)/);
  });

  it("leave other params as they are", () => {
    setLanguage("en");
    const p: Problem = { field: "login", code: "already_on_team", params: { login: "anna" }, message: "" };
    expect(describeProblem(p)).toBe("anna is already on the team.");
  });

  it("name a billing month as the language does, not as YYYY-MM", () => {
    const p: Problem = { field: "month", code: "later_month_closed", params: { month: "2026-09", later: "2026-10" }, message: "" };
    setLanguage("en");
    expect(describeProblem(p)).toBe("October 2026 is closed too; reopen the latest closed month first.");
    setLanguage("sv");
    expect(describeProblem({ ...p, code: "month_closed" })).toBe("Månaden september 2026 är stängd för fakturering; öppna den igen först.");
    setLanguage("en");
  });

  it("tell a stale refusal from other errors, and translate it for the banner", () => {
    setLanguage("en");
    const e = new CommandError({ kind: "conflict", message: "stale", problems: [stale("Anna")] });
    expect(isStale(e)).toBe(true);
    expect(isStale(new CommandError({ kind: "validation", message: "x", problems: [] }))).toBe(false);
    expect(isStale(new Error("x"))).toBe(false);
    expect(failure(e).text).toMatch(/^Anna changed this at 25 Nov 2026/);
  });
});
