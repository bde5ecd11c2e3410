// The pure parts of duplicates and merge (issue 15 item 2): which values a merge keeps, how clashing
// grant keys are renamed, and why two customers look alike.
import { describe, expect, it } from "vitest";
import { mergedDetails, mergedGrantKeys } from "@/server/domain/customers/merge";
import { pairReasons } from "@/server/domain/customers/duplicates";

describe("merge details", () => {
  const base = { name: "A", email: null, phone: "+62811", city: "Bandung", segment: null, locale: null, ownerId: "o1", referredById: "m", tags: ["x"] };
  const survivor = { ...base, id: "s" };
  const merged = { ...base, id: "m", name: "B", email: "b@x.test", referredById: "r", tags: ["y", "x"] };
  const fields = { name: "merged", email: "merged", phone: "survivor", city: "survivor", segment: "survivor", locale: "survivor", ownerId: "survivor", referredById: "survivor" } as const;

  it("takes each field from the chosen side, unites the tags, and never makes a customer refer themselves", () => {
    expect(mergedDetails(survivor, merged, fields)).toEqual({ name: "B", email: "b@x.test", phone: "+62811", city: "Bandung", segment: null, locale: null, ownerId: "o1", referredById: null, tags: ["x", "y"] });
    expect(mergedDetails(survivor, merged, { ...fields, referredById: "merged" }).referredById).toBe("r");
  });

  it("falls back to the other side's referrer when the chosen one is empty", () => {
    expect(mergedDetails({ ...survivor, referredById: null }, merged, fields).referredById).toBe("r");
  });
});

describe("grant keys of a merge", () => {
  const at = (day: number) => new Date(Date.UTC(2026, 0, day));

  it("numbers the merged customer's every-N blocks on after the survivor's, in time order", () => {
    const renames = mergedGrantKeys(
      [{ ruleId: "r", qualificationKey: "block:1" }, { ruleId: "r", qualificationKey: "block:2" }],
      [{ id: "g2", ruleId: "r", qualificationKey: "block:2", effectiveAt: at(5) }, { id: "g1", ruleId: "r", qualificationKey: "block:1", effectiveAt: at(3) }],
    );
    expect(renames).toEqual(new Map([["g1", "block:3"], ["g2", "block:4"]]));
  });

  it("renames any other clash to merged:<grant id> and leaves the rest alone", () => {
    const renames = mergedGrantKeys(
      [{ ruleId: "r", qualificationKey: "once" }, { ruleId: "r", qualificationKey: "day:2026-01-01" }],
      [
        { id: "a", ruleId: "r", qualificationKey: "once", effectiveAt: at(1) },
        { id: "b", ruleId: "r", qualificationKey: "day:2026-01-01", effectiveAt: at(1) },
        { id: "c", ruleId: "other", qualificationKey: "once", effectiveAt: at(1) },
        { id: "d", ruleId: "r", qualificationKey: "touchpoint:t1", effectiveAt: at(1) },
      ],
    );
    expect(renames).toEqual(new Map([["a", "merged:a"], ["b", "merged:b"]]));
  });
});

describe("why two customers look alike", () => {
  const c = (phone: string | null, email: string | null, city: string | null) => ({ phone, email, city });

  it("names the same phone, the same email in any case, and a similar name only in the same city", () => {
    expect(pairReasons(c("+62811", "A@x.test", "Bandung"), c("+62811", "a@X.test ", "bandung"), 0.7)).toEqual(["phone", "email", "name"]);
    expect(pairReasons(c(null, null, "Bandung"), c(null, null, "Jakarta"), 0.9)).toEqual([]);
    expect(pairReasons(c(null, null, "Bandung"), c(null, null, "Bandung"), 0.5)).toEqual([]);
    expect(pairReasons(c(null, null, null), c(null, null, null), 1)).toEqual([]);
  });
});
