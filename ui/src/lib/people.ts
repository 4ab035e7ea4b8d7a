// People of the desk, as the screens name them.
import { app } from "./app.svelte";
import type { Person } from "./bindings";
import { t } from "./i18n/index.svelte";

/** The name others see; the login when none is set; "You" for the solo desk's unnamed owner. */
export function personName(p: Person): string {
  return p.name.trim() || p.login || (p.id === app.me?.id ? t("person.you") : "—");
}
