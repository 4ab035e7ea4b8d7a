// The stored details of history events, read back so each line can be written in the user's
// language: "EX123456 no known issue" (health) and "microsoft 2511230040001234" (escalated).

/** A service-health entry: the reference (may be empty) and whether it was a known issue. */
export function healthDetail(detail: string): { reference: string; known: boolean } {
  const known = !/no known issue$/.test(detail);
  return { reference: detail.replace(/\s*(no )?known issue$/, "").trim(), known };
}

/** An escalation entry: where it went and the reference given. */
export function escalationDetail(detail: string): { to: string; reference: string } {
  const [to = "", ...rest] = detail.trim().split(/\s+/);
  return { to, reference: rest.join(" ") };
}
