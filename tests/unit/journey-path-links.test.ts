// The Sankey links of journey paths (pure): each path becomes start → steps → outcome, links with
// the same ends add up.
import { expect, it } from "vitest";
import { pathLinks } from "@/server/domain/funnel/path-links";

it("turns paths into summed links from start through each step to the outcome", () => {
  const links = pathLinks([
    { steps: ["INSTAGRAM", "WHATSAPP"], longer: false, purchased: true, customers: 3 },
    { steps: ["INSTAGRAM"], longer: false, purchased: false, customers: 2 },
    { steps: ["INSTAGRAM", "WHATSAPP", "STORE", "WHATSAPP", "STORE"], longer: true, purchased: true, customers: 1 },
  ]);
  expect(links.map((l) => `${l.source} → ${l.target}: ${l.customers}`)).toEqual([
    "1:INSTAGRAM → 2:WHATSAPP: 4",
    "1:INSTAGRAM → no-purchase: 2",
    "2:WHATSAPP → 3:STORE: 1",
    "2:WHATSAPP → purchase: 3",
    "3:STORE → 4:WHATSAPP: 1",
    "4:WHATSAPP → 5:STORE: 1",
    "5:STORE → more:6: 1",
    "more:6 → purchase: 1",
    "start → 1:INSTAGRAM: 6",
  ]);
});
