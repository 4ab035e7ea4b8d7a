// The profile's and a plan's field paths, as the core names them (`severities[0].name.sv`), in words.
import { t, type MessageKey } from "./i18n/index.svelte";

const LISTS: Record<string, { list: MessageKey; field?: Record<string, MessageKey> }> = {
  "hours.closedDays": { list: "closed.title", field: { label: "closed.label", date: "closed.date", closesAt: "closed.closesAt" } },
  "hours.windows": { list: "hours.title" },
  contacts: {
    list: "contacts.title",
    field: {
      note: "contacts.note",
      address: "contacts.address",
      name: "customer.contact.name",
      email: "customer.contact.email",
      phone: "customer.contact.phone",
    },
  },
  severities: {
    list: "severities.title",
    field: {
      code: "severity.code",
      name: "severity.name",
      description: "severity.description",
      firstResponseMinutes: "severity.firstResponse",
      resolutionMinutes: "severity.resolution",
    },
  },
  "scope.included": { list: "scope.included" },
  "scope.excluded": { list: "scope.excluded" },
};

const SINGLE: Record<string, MessageKey> = {
  // The profile.
  legalName: "profile.legalName",
  registrationNumber: "profile.registrationNumber",
  postalAddress: "profile.postalAddress",
  logo: "profile.logo",
  supportWebsite: "profile.website",
  supportEmail: "profile.email",
  supportPhone: "profile.phone",
  "provider.name": "provider.name",
  "provider.supportContact": "provider.contact",
  "provider.escalation": "provider.escalation",
  microsoftRouteOther: "profile.routeOther",
  // A plan.
  name: "plan.name",
  description: "plan.description",
  isDefault: "plan.default",
  archived: "plan.default",
  "support.company": "plan.support",
  "support.parts": "support.parts",
  "hours.timeZone": "hours.timeZone",
  "hours.windows": "hours.title",
  contacts: "contacts.title",
  severities: "severities.title",
  "pricing.currency": "pricing.currency",
  escalatedBy: "escalation.title",
};

/** A customer's fields, where they differ from a plan's. */
const CUSTOMER: Record<string, MessageKey> = {
  name: "customer.name",
  tenantDomain: "customer.domain",
  tenantId: "customer.tenantId",
  registrationNumber: "customer.registration",
  planId: "customer.plan",
  notes: "customer.notes",
};

/**
 * `severities[1].name.sv` → "Severities and targets, row 2: Name (Svenska)"; a path the
 * describer does not know is shown as it is. `form` says whose fields they are.
 */
export function describeField(path: string, form: "offering" | "customer" = "offering"): string {
  if (form === "customer") {
    const own = CUSTOMER[path];
    if (own) return t(own);
    const m = /^contacts\[(\d+)\]\.(\w+)$/.exec(path);
    const field = m ? LISTS.contacts!.field?.[m[2]!] : undefined;
    if (m && field) return t("field.row", { list: t("customer.contacts"), n: Number(m[1]) + 1, field: t(field) });
  }
  const lang = /\.(sv|en)$/.exec(path)?.[1] as "sv" | "en" | undefined;
  const base = lang ? path.slice(0, -3) : path;
  const text = describeBase(base);
  return lang && text !== base ? `${text} (${t(`language.inline.${lang}`)})` : lang ? path : text;
}

function describeBase(path: string): string {
  const single = SINGLE[path];
  if (single) return t(single);
  if (path.startsWith("pricing.")) return t("pricing.title");
  const m = /^(.+)\[(\d+)\](?:\.(\w+))?$/.exec(path);
  const entry = m ? LISTS[m[1]!] : undefined;
  if (!m || !entry) return path;
  const n = Number(m[2]) + 1;
  const field = m[3] ? entry.field?.[m[3]] : undefined;
  if (!entry.field) return t("field.item", { list: t(entry.list), n });
  return field ? t("field.row", { list: t(entry.list), n, field: t(field) }) : t("field.item", { list: t(entry.list), n });
}
