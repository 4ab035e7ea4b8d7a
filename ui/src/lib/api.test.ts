import { afterEach, describe, expect, it } from "vitest";
import { api, CommandError, setTransport } from "./api";

describe("api", () => {
  afterEach(() => setTransport(() => Promise.reject(new Error("no backend in tests"))));

  it("calls the command with its arguments and returns its result", async () => {
    const seen: unknown[] = [];
    setTransport(async (command, args) => {
      seen.push([command, args]);
      return { language: "sv", languageChosen: true } as never;
    });
    await expect(api.setLanguage("sv")).resolves.toEqual({ language: "sv", languageChosen: true });
    expect(seen).toEqual([["set_language", { language: "sv" }]]);
  });

  it("turns a command's error into a CommandError with kind, message and field", async () => {
    setTransport(() => Promise.reject({ kind: "validation", message: "expected 'en' or 'sv'", field: "language" }));
    const error = await api.setLanguage("sv").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({ kind: "validation", message: "expected 'en' or 'sv'", field: "language" });
  });

  it("reports anything else as an internal error", async () => {
    setTransport(() => Promise.reject("IPC is down"));
    const error = await api.appInfo().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "internal", message: "IPC is down", field: null });
  });

  it("sends the version of the call the user looked at with each call action", async () => {
    const seen: unknown[] = [];
    setTransport(async (command, args) => {
      seen.push([command, args]);
      return { call: {}, hints: [] } as never;
    });
    await api.callAction(7, { action: "assign", to: 3 }, 12);
    // The generated type of a call's version is a bigint; it is sent as a number.
    await api.callAction(7, { action: "respond" }, 13n);
    await api.callAction(7, { action: "wait" }, null);
    expect(seen).toEqual([
      ["call_action", { id: 7, action: { action: "assign", to: 3 }, seen: 12 }],
      ["call_action", { id: 7, action: { action: "respond" }, seen: 13 }],
      ["call_action", { id: 7, action: { action: "wait" }, seen: null }],
    ]);
  });

  it("calls the team commands with their arguments", async () => {
    const seen: unknown[] = [];
    setTransport(async (command, args) => {
      seen.push([command, args]);
      return null as never;
    });
    await api.whoami();
    await api.teamList();
    await api.teamAdd("anna", "Anna Berg", "technician");
    await api.teamDisable("anna");
    await api.setMyName("Karin");
    expect(seen).toEqual([
      ["whoami", {}],
      ["team_list", {}],
      ["team_add", { login: "anna", name: "Anna Berg", role: "technician" }],
      ["team_disable", { login: "anna" }],
      ["set_my_name", { name: "Karin" }],
    ]);
  });

  it("sends the month-end commands' amounts and minutes as JSON numbers", async () => {
    const seen: unknown[] = [];
    setTransport(async (command, args) => {
      seen.push([command, args]);
      return null as never;
    });
    await api.billingMonth("2026-10");
    await api.closeMonth("2026-10");
    await api.reopenMonth("2026-10", "A late time entry");
    await api.addBlock(36, "2026-11", null, null);
    await api.addBlock(36, "2026-11", 10, 850000);
    await api.adjustBlock(36, "2026-11", -90, "Counted twice");
    await api.exportBillingCsv("2026-10", "sv");
    expect(seen).toEqual([
      ["billing_month", { month: "2026-10" }],
      ["close_month", { month: "2026-10" }],
      ["reopen_month", { month: "2026-10", reason: "A late time entry" }],
      ["add_block", { customer: 36, month: "2026-11", hours: null, price: null }],
      ["add_block", { customer: 36, month: "2026-11", hours: 10, price: 850000 }],
      ["adjust_block", { customer: 36, month: "2026-11", minutes: -90, reason: "Counted twice" }],
      ["export_billing_csv", { month: "2026-10", language: "sv" }],
    ]);
    // JSON carries them (a bigint would throw).
    expect(() => JSON.stringify(seen)).not.toThrow();
  });

  it("calls the reports, PDFs and licensed users with their arguments", async () => {
    const seen: unknown[] = [];
    setTransport(async (command, args) => {
      seen.push([command, args]);
      return null as never;
    });
    await api.slaReport("2026-08", "2026-10", null);
    await api.workloadReport("2026-10", "2026-10", 36);
    await api.exportBasisPdf(36, "2026-10", null, "a4");
    await api.exportServiceReport(36, "2026-10", "en", "letter");
    await api.licensedUsers(36);
    await api.setLicensedUsers(36, "2026-11", 25);
    expect(seen).toEqual([
      ["sla_report", { from: "2026-08", to: "2026-10", customer: null }],
      ["workload_report", { from: "2026-10", to: "2026-10", customer: 36 }],
      ["export_basis_pdf", { customer: 36, month: "2026-10", language: null, paper: "a4" }],
      ["export_service_report", { customer: 36, month: "2026-10", language: "en", paper: "letter" }],
      ["licensed_users", { customer: 36 }],
      ["set_licensed_users", { customer: 36, from: "2026-11", users: 25 }],
    ]);
  });

  it("keeps the problems of a refusal, with their codes and params", async () => {
    setTransport(() =>
      Promise.reject({
        kind: "conflict",
        message: "changed by Anna",
        problems: [{ field: "version", code: "stale", params: { who: "Anna", when: "2026-11-25T09:05:00+00:00" }, message: "" }],
      }),
    );
    const error = await api.callAction(1, { action: "respond" }, 4).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).problems[0]).toMatchObject({ code: "stale", params: { who: "Anna" } });
  });
});
