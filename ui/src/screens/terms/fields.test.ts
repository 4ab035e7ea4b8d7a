import { describe, expect, it } from "vitest";
import { setLanguage } from "../../lib/i18n/index.svelte";
import { describeField } from "./fields";

describe("describeField", () => {
  it("names the plan's texts in the user's language", () => {
    setLanguage("en");
    expect(describeField("name")).toBe("Name");
    expect(describeField("severities[1].name")).toBe("Severities and targets, row 2: Name");
    expect(describeField("scope.excluded[0]")).toBe("Not included, item 1");
    setLanguage("sv");
    expect(describeField("contacts[0].note")).toBe("Så når kunderna supporten, rad 1: Anmärkning");
    expect(describeField("hours.closedDays[2].label")).toMatch(/^Egna stängda dagar och halvdagar, rad 3: /);
  });
  it("shows an unknown path as it is", () => {
    expect(describeField("pricing.currency")).toBe("pricing.currency");
  });
});
