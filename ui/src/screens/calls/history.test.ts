import { describe, expect, it } from "vitest";
import { escalationDetail, healthDetail } from "./history";

describe("history details", () => {
  it("reads a service-health entry", () => {
    expect(healthDetail("EX123456 no known issue")).toEqual({ reference: "EX123456", known: false });
    expect(healthDetail("MO98765 known issue")).toEqual({ reference: "MO98765", known: true });
    expect(healthDetail(" no known issue")).toEqual({ reference: "", known: false });
  });
  it("reads an escalation entry", () => {
    expect(escalationDetail("microsoft 2511230040001234")).toEqual({ to: "microsoft", reference: "2511230040001234" });
    expect(escalationDetail("provider TCK-1 2")).toEqual({ to: "provider", reference: "TCK-1 2" });
  });
});
