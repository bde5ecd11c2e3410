// The customer table's view as a URL query string (issue 15 item 1): what a link and a saved view
// hold, read back as the table's input.
import { expect, it } from "vitest";
import { queryFromTableView, tableViewFromQuery } from "@/server/domain/customers/table-url";

it("reads and writes a table view's query string in one spelling", () => {
  const view = tableViewFromQuery("stages=ACTION,LOYALTY&owner=none&noContactDays=30&hasUnredeemedReward=true&sort=name&direction=asc&cursor=x&junk=1");
  expect(view).toEqual({ stages: ["ACTION", "LOYALTY"], owner: "none", noContactDays: 30, hasUnredeemedReward: true, sort: "name", direction: "asc" });
  expect(queryFromTableView(view)).toBe("stages=ACTION%2CLOYALTY&owner=none&noContactDays=30&hasUnredeemedReward=true&sort=name&direction=asc");
  // The default sort is left out; a value that is not a number stays text for the input to refuse.
  expect(queryFromTableView({ sort: "updatedAt", direction: "desc", search: "siti" })).toBe("search=siti");
  expect(tableViewFromQuery("noContactDays=ten")).toEqual({ noContactDays: "ten" });
});

it("keeps an empty view empty and ignores empty parameters", () => {
  expect(tableViewFromQuery("")).toEqual({});
  expect(tableViewFromQuery("search=&stages=&city=Bandung")).toEqual({ city: "Bandung" });
  expect(queryFromTableView({})).toBe("");
  expect(queryFromTableView({ stages: [], hasUnredeemedReward: false })).toBe("");
});
