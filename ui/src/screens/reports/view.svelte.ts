// What the Reports screen shows, kept while the user visits other screens: the view, and the
// SLA view's range and customer (the billing view keeps its own month).
import type { Language, Paper } from "../../lib/bindings";
import { lastMonth } from "./billing";

export type ReportsView = "billing" | "sla";

const last = lastMonth(new Date());

export const reports = $state<{
  view: ReportsView;
  from: string;
  to: string;
  /** The customer's id as text; "" for all customers (as CustomerFilter binds it). */
  customer: string;
  /** The invoice basis PDF's language ("": each customer's own) and paper, as last chosen. */
  pdfLanguage: Language | "";
  paper: Paper;
}>({
  view: "billing",
  from: last,
  to: last,
  customer: "",
  pdfLanguage: "",
  paper: "a4",
});
