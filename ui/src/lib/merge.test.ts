import { describe, expect, it } from "vitest";
import { merge3 } from "./merge";

describe("keeping what the user typed when the record changed", () => {
  const base = { name: "Contoso", notes: "", contacts: [{ name: "Eva", phone: "1" }], version: 3 };

  it("keeps the user's changes and takes the others' where the user changed nothing", () => {
    const mine = { ...base, notes: "Calls on Mondays" };
    const theirs = { ...base, name: "Contoso AB", version: 4 };
    expect(merge3(base, mine, theirs)).toEqual({ name: "Contoso AB", notes: "Calls on Mondays", contacts: base.contacts, version: 4 });
  });

  it("lets the user's value win where both changed the same field, with the stored version", () => {
    const mine = { ...base, name: "Contoso Ltd" };
    const theirs = { ...base, name: "Contoso AB", version: 5 };
    expect(merge3(base, mine, theirs)).toEqual({ ...base, name: "Contoso Ltd", version: 5 });
  });

  it("merges list items of unchanged length field by field, and keeps a list the user resized", () => {
    const mine = { ...base, contacts: [{ name: "Eva", phone: "2" }] };
    const theirs = { ...base, contacts: [{ name: "Eva Ek", phone: "1" }], version: 4 };
    expect(merge3(base, mine, theirs).contacts).toEqual([{ name: "Eva Ek", phone: "2" }]);
    const added = { ...base, contacts: [...base.contacts, { name: "Bo", phone: "3" }] };
    expect(merge3(base, added, theirs).contacts).toEqual(added.contacts);
  });

  it("is the stored record when the user changed nothing, fields in its order", () => {
    const theirs = { version: 9, notes: "x", name: "Contoso AB", contacts: [] };
    const merged = merge3(base, structuredClone(base), theirs);
    expect(JSON.stringify(merged)).toBe(JSON.stringify(theirs));
  });
});
