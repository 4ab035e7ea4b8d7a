// Field paths of a plan's texts (as the core names them: `severities[0].name`) in words.
import { t, type MessageKey } from "../../lib/i18n/index.svelte";

const LISTS: Record<string, { list: MessageKey; field?: Record<string, MessageKey> }> = {
  "hours.closedDays": { list: "closed.title", field: { label: "closed.label" } },
  contacts: { list: "contacts.title", field: { note: "contacts.note" } },
  severities: { list: "severities.title", field: { name: "severity.name", description: "severity.description" } },
  "scope.included": { list: "scope.included" },
  "scope.excluded": { list: "scope.excluded" },
};

const SINGLE: Record<string, MessageKey> = {
  name: "plan.name",
  description: "plan.description",
  "support.parts": "support.parts",
};

/** `severities[1].name` → "Severities and targets, row 2: Name"; unknown paths as they are. */
export function describeField(path: string): string {
  const single = SINGLE[path];
  if (single) return t(single);
  const m = /^(.+)\[(\d+)\](?:\.(\w+))?$/.exec(path);
  const entry = m ? LISTS[m[1]!] : undefined;
  if (!m || !entry) return path;
  const n = Number(m[2]) + 1;
  const field = m[3] ? entry.field?.[m[3]] : undefined;
  return field ? t("field.row", { list: t(entry.list), n, field: t(field) }) : t("field.item", { list: t(entry.list), n });
}
