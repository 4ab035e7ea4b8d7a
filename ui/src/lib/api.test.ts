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
});
