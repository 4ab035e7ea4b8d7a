import { describe, expect, it } from "vitest";
import { parseUsers, perUser, upcoming, usersIn } from "./users";

const history = [
  { from: "2026-03", users: 18 },
  { from: "2026-09", users: 25 },
  { from: "2027-01", users: 30 },
];

describe("licensed users", () => {
  it("are typed as whole numbers, spaces grouping thousands", () => {
    expect(parseUsers("25")).toBe(25);
    expect(parseUsers(" 1 200 ")).toBe(1200);
    expect(parseUsers("0")).toBe(0);
    expect(parseUsers("1000000")).toBe(1_000_000);
    expect(parseUsers("1000001")).toBeNull();
    expect(parseUsers("2,5")).toBeNull();
    expect(parseUsers("-3")).toBeNull();
    expect(parseUsers("")).toBeNull();
  });

  it("in force in a month are the latest change from then or before", () => {
    expect(usersIn(history, "2026-02")).toBeNull();
    expect(usersIn(history, "2026-03")).toEqual({ from: "2026-03", users: 18 });
    expect(usersIn(history, "2026-11")).toEqual({ from: "2026-09", users: 25 });
    expect(usersIn(history, "2027-05")).toEqual({ from: "2027-01", users: 30 });
  });

  it("set for months to come are listed apart", () => {
    expect(upcoming(history, "2026-11")).toEqual([{ from: "2027-01", users: 30 }]);
    expect(upcoming(history, "2027-01")).toEqual([]);
  });

  it("matter for plans charged monthly per user", () => {
    expect(perUser({ kind: "monthly", price: 9900, basis: "per_user" })).toBe(true);
    expect(perUser({ kind: "monthly", price: 9900, basis: "per_tenant" })).toBe(false);
    expect(perUser({ kind: "included" })).toBe(false);
    expect(perUser(null)).toBe(false);
  });
});
