// The journey-paths Sankey of the top paths only (app/(app)/analytics/top-paths.ts): the paths with
// the most customers are drawn, links with the same ends add up, and the counts say what is left out.
import { describe, expect, it } from "vitest";
import { topPathsSankey } from "@/app/(app)/analytics/top-paths";
import { pathLinks } from "@/server/domain/funnel/path-links";

const paths = [
  { steps: ["INSTAGRAM"], longer: false, purchased: false, customers: 2, medianDaysToPurchase: null },
  { steps: ["INSTAGRAM", "WHATSAPP"], longer: false, purchased: true, customers: 5, medianDaysToPurchase: 4 },
  { steps: [], longer: false, purchased: false, customers: 1, medianDaysToPurchase: null },
  { steps: ["WHATSAPP", "STORE", "WHATSAPP", "STORE", "WHATSAPP"], longer: true, purchased: true, customers: 3, medianDaysToPurchase: 30 },
  { steps: ["STORE"], longer: false, purchased: true, customers: 2, medianDaysToPurchase: 0 },
];

const text = (links: Array<{ source: string; target: string; customers: number }>) => links.map((l) => `${l.source} → ${l.target}: ${l.customers}`);

describe("topPathsSankey", () => {
  it("draws the two paths with the most customers, whatever their order, and counts what it drew", () => {
    const sankey = topPathsSankey(paths, 2);
    expect(text(sankey.links)).toEqual([
      "1:INSTAGRAM → 2:WHATSAPP: 5",
      "1:WHATSAPP → 2:STORE: 3",
      "2:STORE → 3:WHATSAPP: 3",
      "2:WHATSAPP → purchase: 5",
      "3:WHATSAPP → 4:STORE: 3",
      "4:STORE → 5:WHATSAPP: 3",
      "5:WHATSAPP → more:6: 3",
      "more:6 → purchase: 3",
      "start → 1:INSTAGRAM: 5",
      "start → 1:WHATSAPP: 3",
    ]);
    expect(sankey).toMatchObject({ shown: 2, total: 5, customers: 8 });
  });

  it("breaks a tie at the cut by the given order (the server's: most customers, then by path)", () => {
    // Third place is a tie between INSTAGRAM (2, listed first) and STORE (2): INSTAGRAM is drawn.
    const sankey = topPathsSankey(paths, 3);
    expect(text(sankey.links)).toContain("1:INSTAGRAM → no-purchase: 2");
    expect(text(sankey.links)).toContain("start → 1:INSTAGRAM: 7");
    expect(text(sankey.links).some((l) => l.includes("STORE → purchase"))).toBe(false);
    expect(sankey).toMatchObject({ shown: 3, total: 5, customers: 10 });
  });

  it("draws a path without touchpoints straight from the start to its outcome", () => {
    expect(text(topPathsSankey([paths[2]!], 20).links)).toEqual(["start → no-purchase: 1"]);
  });

  it("with room for every path, gives the same links as the server's pathLinks", () => {
    const sankey = topPathsSankey(paths, 20);
    expect(sankey.links).toEqual(pathLinks(paths as Parameters<typeof pathLinks>[0]));
    expect(sankey).toMatchObject({ shown: 5, total: 5, customers: 13 });
  });

  it("draws nothing for no paths or a top of 0", () => {
    expect(topPathsSankey([], 20)).toEqual({ links: [], shown: 0, total: 0, customers: 0 });
    expect(topPathsSankey(paths, 0)).toEqual({ links: [], shown: 0, total: 5, customers: 0 });
  });
});
