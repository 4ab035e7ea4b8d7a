// The one module that talks to Tauri. Screens call `api.*`; tests replace the transport.
import { invoke } from "@tauri-apps/api/core";
import type { ApiError, Commands, Language } from "./bindings";

type Transport = <K extends keyof Commands>(
  command: K,
  args: Commands[K]["args"],
) => Promise<Commands[K]["result"]>;

let transport: Transport = (command, args) => invoke(command, args);

/** Tests call this with a fake backend. */
export function setTransport(next: Transport): void {
  transport = next;
}

/** An error from a command, always in the `{ kind, message, field }` shape. */
export class CommandError extends Error {
  readonly kind: ApiError["kind"];
  readonly field: string | null;
  constructor(error: ApiError) {
    super(error.message);
    this.kind = error.kind;
    this.field = error.field ?? null;
  }
}

function isApiError(value: unknown): value is ApiError {
  return typeof value === "object" && value !== null && "kind" in value && "message" in value;
}

async function call<K extends keyof Commands>(
  command: K,
  args: Commands[K]["args"],
): Promise<Commands[K]["result"]> {
  try {
    return await transport(command, args);
  } catch (e) {
    if (isApiError(e)) throw new CommandError(e);
    throw new CommandError({ kind: "internal", message: String(e) });
  }
}

export const api = {
  appInfo: () => call("app_info", {}),
  getSettings: () => call("get_settings", {}),
  setLanguage: (language: Language) => call("set_language", { language }),
};
