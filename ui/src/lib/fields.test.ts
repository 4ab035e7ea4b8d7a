import { describe, expect, it } from "vitest";
import { setLanguage } from "./i18n/index.svelte";
import { describeField } from "./fields";

describe("describeField", () => {
  it("names a plan's fields in the user's language", () => {
    setLanguage("en");
    expect(describeField("name")).toBe("Name");
    expect(describeField("name.sv")).toBe("Name (Swedish)");
    expect(describeField("severities[1].name")).toBe("Severities and targets, row 2: Name");
    expect(describeField("severities[0].firstResponseMinutes")).toBe("Severities and targets, row 1: First response (h)");
    expect(describeField("scope.excluded[0]")).toBe("Not included, item 1");
    expect(describeField("hours.windows[3].end")).toBe("Service hours, item 4");
    expect(describeField("pricing.model.rate")).toBe("Price");
    setLanguage("sv");
    expect(describeField("contacts[0].note")).toBe("Så når kunderna supporten, rad 1: Anmärkning");
    expect(describeField("hours.closedDays[2].label.en")).toMatch(/^Egna stängda dagar och halvdagar, rad 3: .+ \(engelska\)$/);
  });
  it("names a customer's fields", () => {
    setLanguage("en");
    expect(describeField("name", "customer")).toBe("Company name");
    expect(describeField("tenantId", "customer")).toBe("Tenant ID");
    expect(describeField("contacts[1].email", "customer")).toBe("Contacts, row 2: E-mail");
  });
  it("shows an unknown path as it is", () => {
    expect(describeField("something.else")).toBe("something.else");
    expect(describeField("something.sv")).toBe("something.sv");
  });
});
