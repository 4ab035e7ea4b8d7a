// The screens of the app, in sidebar order. `key` is the shortcut digit (Ctrl/Cmd + key).
import type { MessageKey } from "./i18n/index.svelte";

export type ScreenId = "offering" | "customers" | "calls" | "reports" | "terms" | "team" | "settings";

export interface NavItem {
  id: ScreenId;
  label: MessageKey;
  key: string;
  /** SVG path data on a 24×24 grid, stroked. */
  icon: string;
}

export const NAV: NavItem[] = [
  { id: "offering", label: "nav.offering", key: "1", icon: "M4 7h16M4 7v11a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V7M4 7l2-3h12l2 3M9 11h6" },
  { id: "customers", label: "nav.customers", key: "2", icon: "M3 20v-1a5 5 0 0 1 5-5h2a5 5 0 0 1 5 5v1M9 10a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM16 4a3 3 0 0 1 0 6M21 20v-1a5 5 0 0 0-3-4.6" },
  { id: "calls", label: "nav.calls", key: "3", icon: "M5 4h3l2 5-2.5 1.5a11 11 0 0 0 6 6L15 14l5 2v3a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2z" },
  { id: "reports", label: "nav.reports", key: "4", icon: "M4 20V10M10 20V4M16 20v-7M22 20H2" },
  { id: "terms", label: "nav.terms", key: "5", icon: "M14 3H6a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V9zM14 3v6h6M8 13h8M8 17h5" },
  { id: "team", label: "nav.team", key: "6", icon: "M16 21v-2a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v2M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM16 11l2 2 4-4" },
  { id: "settings", label: "nav.settings", key: "7", icon: "M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z" },
];
