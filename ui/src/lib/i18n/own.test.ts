import { describe, expect, it } from "vitest";
import { own, setLanguage, writingOrder } from "./index.svelte";

describe("a partner's own texts", () => {
  it("show in the UI's language, or in the other one when missing", () => {
    setLanguage("en");
    expect(own({ sv: "Premium Nord", en: "Premium North" })).toBe("Premium North");
    expect(own({ sv: "Bara svenska", en: "  " })).toBe("Bara svenska");
    expect(writingOrder()).toEqual(["en", "sv"]);
    setLanguage("sv");
    expect(own({ sv: "Premium Nord", en: "Premium North" })).toBe("Premium Nord");
    expect(own({ sv: "", en: "Only English" })).toBe("Only English");
    expect(writingOrder()).toEqual(["sv", "en"]);
  });
});
