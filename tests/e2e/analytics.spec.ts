// Journey analytics (issue 14, item 3): a manager opens each view (past "Preparing the figures…"),
// switches a chart to its table, changes the period, segment and N, and downloads CSVs; SALES neither
// see /analytics in the navigation nor open it by its address.
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { accounts, chooseLanguage, shoot, signIn } from "./support";

const SHOTS = "test-results/analytics";

/** Clicks the link, waits for the download, and returns the file's first line (without the BOM). */
async function firstCsvLine(page: Page, link: ReturnType<Page["getByRole"]>): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const text = await readFile((await download.path())!, "utf8");
  return text.replace(/^\uFEFF/, "").split(/\r?\n/)[0]!;
}

/** The kept-ready views answer "pending" until the analytics job has run (seconds after start). */
async function pastPending(page: Page) {
  await expect(page.getByText("Preparing the figures")).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByText(/^As of /)).toBeVisible({ timeout: 60_000 });
}

test("a manager opens every analytics view, switches charts to tables, changes the choices and downloads CSVs", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, accounts.manager);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Analytics" }).click();
  await expect(page.getByRole("heading", { name: "Journey analytics", level: 1 })).toBeVisible();

  // Funnel by period: the chart, then its table; the conversion window travels in the URL.
  const period = page.getByRole("region", { name: "Moves in the period" });
  await expect(period.getByRole("figure", { name: "Moves into each stage" })).toBeVisible();
  await period.getByRole("button", { name: "Show as table" }).click();
  await expect(period.getByRole("rowheader", { name: "Awareness", exact: true })).toBeVisible();
  await expect(period.getByRole("columnheader", { name: "Throughput to next stage" })).toBeVisible();
  await expect(period.getByRole("columnheader", { name: "P90 time in stage" })).toBeVisible();
  await period.getByRole("combobox", { name: "Conversion window", exact: true }).selectOption("30");
  await expect(page).toHaveURL(/window=30/);
  await expect(period.getByRole("columnheader", { name: "Conversion to a later stage (30 days)" })).toBeVisible();
  expect(await firstCsvLine(page, period.getByRole("link", { name: "Download CSV" }))).toBe(
    "stage,entries,customers,throughput_to_next,cohort,converted,skipped,conversion_rate,in_progress,stays_ended,median_days_in_stage,p90_days_in_stage,transitions_to_next,median_days_to_next,p90_days_to_next",
  );
  const cohorts = page.getByRole("region", { name: "Cohorts by month of first touch" });
  await expect(cohorts.getByRole("figure", { name: "Cohorts by month of first touch" })).toBeVisible();
  await cohorts.getByRole("button", { name: "Show as table" }).click();
  await expect(cohorts.getByRole("columnheader", { name: "First touch" })).toBeVisible();
  await shoot(page, SHOTS, "funnel-en");

  // Touchpoint map: a table of stages × channels; N, segment and period change the URL and the figures.
  await page.getByRole("link", { name: "Touchpoint map" }).click();
  const map = page.getByRole("region", { name: "Touchpoint map" });
  await pastPending(page);
  await expect(map.getByRole("rowheader", { name: "WhatsApp" })).toBeVisible();
  await expect(map.getByRole("columnheader", { name: "Loyalty" })).toBeVisible();
  await map.getByRole("combobox", { name: "Followed by a move within", exact: true }).selectOption("7");
  await expect(page).toHaveURL(/within=7/);
  await expect(map.getByText(/followed by a move to a later stage within 7 days/)).toBeVisible();
  const segments = map.getByRole("combobox", { name: "Segment", exact: true }).locator("option");
  await expect(segments.nth(1)).toBeAttached();
  // The picker's values are "s:<segment>" and "none" (no segment); the URL says segment=… or noSegment=1.
  const option = (await segments.nth(1).getAttribute("value"))!;
  await map.getByRole("combobox", { name: "Segment", exact: true }).selectOption(option);
  await expect(page).toHaveURL(option === "none" ? /noSegment=1/ : new RegExp(`segment=${encodeURIComponent(option.slice(2))}`));
  await expect(map.getByText(/touchpoints; of the [\d,.]+ before Loyalty/)).toBeVisible();
  await map.getByRole("combobox", { name: "Period", exact: true }).selectOption("365");
  await expect(page).toHaveURL(/period=365/);
  await pastPending(page);
  await map.getByRole("button", { name: "Show as table" }).click();
  await expect(map.getByRole("columnheader", { name: "Followed by a move" })).toBeVisible();
  expect(await firstCsvLine(page, map.getByRole("link", { name: "Download CSV" }))).toBe(
    "stage,channel,touchpoints,followed_within_7d,share_7d,followed_within_30d,share_30d,followed_within_90d,share_90d",
  );
  await shoot(page, SHOTS, "map-en");

  // Touchpoint effectiveness: the bar chart, then the table by touchpoint type (the period is kept).
  await page.getByRole("link", { name: "Touchpoint effectiveness" }).click();
  await expect(page).toHaveURL(/view=effectiveness&period=365/);
  const effectiveness = page.getByRole("region", { name: "Touchpoint effectiveness" });
  await pastPending(page);
  await expect(effectiveness.getByRole("figure", { name: "Share of touchpoints followed by a move within 30 days" })).toBeVisible();
  await effectiveness.getByRole("combobox", { name: "By", exact: true }).selectOption("type");
  await effectiveness.getByRole("button", { name: "Show as table" }).click();
  await expect(effectiveness.getByRole("rowheader", { name: "Purchase", exact: true })).toBeVisible();
  await expect(effectiveness.getByRole("columnheader", { name: "Repeat purchase rate" })).toBeVisible();
  expect(await firstCsvLine(page, effectiveness.getByRole("link", { name: "Download CSV" }))).toMatch(/^type,touchpoints,customers_reached,purchases,touchpoints_per_purchase,/);

  // Journey paths: the Sankey, the top paths and the drop-outs; by stage.
  await page.getByRole("link", { name: "Journey paths" }).click();
  const paths = page.getByRole("region", { name: "Journey paths" });
  await pastPending(page);
  const sankey = paths.getByRole("figure", { name: "Journey paths to a first purchase" });
  await expect(sankey.getByText("First touch", { exact: true })).toBeVisible();
  await expect(sankey.getByText("First purchase", { exact: true })).toBeVisible();
  await expect(paths.getByRole("table", { name: "Most common paths" })).toBeVisible();
  await paths.getByRole("combobox", { name: "By", exact: true }).selectOption("stage");
  await expect(page).toHaveURL(/by=stage/);
  await expect(paths.getByRole("table", { name: "Where customers without a purchase stopped" }).getByRole("cell", { name: "Interest" })).toBeVisible();
  expect(await firstCsvLine(page, paths.getByRole("link", { name: "Download CSV" }))).toBe("path,longer,first_purchase,customers,median_days_to_purchase");
  await shoot(page, SHOTS, "paths-en");

  // The same view in Bahasa Indonesia.
  await chooseLanguage(page, "Language", "id");
  await expect(page.getByRole("heading", { name: "Analitik perjalanan pelanggan" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Unduh CSV" })).toBeVisible();
  await shoot(page, SHOTS, "paths-id");
  await chooseLanguage(page, "Bahasa", "en");
});

/** A whole number as the app writes it ("1,234" in English, "1.234" in Indonesian). */
const whole = (text: string) => Number(text.replace(/\D/g, ""));

/** The customers the cohorts chart counts, from its summary ("12 monthly cohorts, 1,234 customers in all; …"). */
async function cohortCustomers(page: Page): Promise<number> {
  const summary = page.getByRole("region", { name: "Cohorts by month of first touch" }).getByText(/monthly cohorts, [\d,]+ customers in all/);
  await expect(summary).toBeVisible();
  return whole((await summary.innerText()).match(/([\d,]+) customers in all/)![1]!);
}

test("the funnel's owner and segment pickers narrow both sections, travel in the URL and the CSV links, and survive a reload", async ({ page }) => {
  await signIn(page, accounts.manager);
  await page.goto("/analytics?view=funnel");
  const scope = page.getByRole("group", { name: "Whose customers" });
  const owner = scope.getByRole("combobox", { name: "Owner", exact: true });
  const segment = scope.getByRole("combobox", { name: "Segment", exact: true });
  const everyone = await cohortCustomers(page);
  expect(everyone).toBeGreaterThan(0);

  // One salesperson's customers: fewer than everyone's, and the CSV downloads say whose.
  await owner.selectOption({ label: "Rina Wijaya" });
  await expect(page).toHaveURL(/ownerId=[0-9a-f-]{36}/);
  const ownerId = new URL(page.url()).searchParams.get("ownerId")!;
  await expect.poll(() => cohortCustomers(page)).toBeLessThan(everyone);
  const theirs = await cohortCustomers(page);
  for (const region of ["Moves in the period", "Cohorts by month of first touch"]) {
    await expect(page.getByRole("region", { name: region }).getByRole("link", { name: "Download CSV" })).toHaveAttribute("href", new RegExp(`ownerId=${ownerId}`));
  }

  // The shared pool, then a segment on its own.
  await owner.selectOption("none");
  await expect(page).toHaveURL(/ownerId=none/);
  await expect.poll(() => cohortCustomers(page)).toBeLessThan(everyone);
  await owner.selectOption("");
  await expect(page).not.toHaveURL(/ownerId=/);
  await expect.poll(() => cohortCustomers(page)).toBe(everyone);
  await expect(segment.locator("option").nth(1)).toBeAttached();
  const chosen = (await segment.locator("option").nth(1).getAttribute("value"))!;
  await segment.selectOption(chosen);
  await expect(page).toHaveURL(new RegExp(`segment=${encodeURIComponent(chosen)}`));
  await expect.poll(() => cohortCustomers(page)).toBeLessThan(everyone);
  const inSegment = await cohortCustomers(page);

  // Owner and segment together, kept over a reload (a shared link opens on the same figures).
  await owner.selectOption(ownerId);
  await expect(page).toHaveURL(new RegExp(`ownerId=${ownerId}`));
  await expect.poll(() => cohortCustomers(page)).toBeLessThanOrEqual(Math.min(theirs, inSegment));
  const both = await cohortCustomers(page);
  await page.reload();
  await expect(owner).toHaveValue(ownerId);
  await expect(segment).toHaveValue(chosen);
  expect(await cohortCustomers(page)).toBe(both);
  await shoot(page, SHOTS, "funnel-scope-en");
});

test("the journey-paths Sankey draws the 20 most common paths and says how much of the cohort they cover; the table lists them all", async ({ page }) => {
  await signIn(page, accounts.manager);
  await page.goto("/analytics?view=paths&period=365");
  const paths = page.getByRole("region", { name: "Journey paths" });
  await pastPending(page);
  const sankey = paths.getByRole("figure", { name: "Journey paths to a first purchase" });
  const coverage = sankey.getByText(/The diagram draws the 20 most common of [\d,]+ paths, covering [\d.]+% of these customers\./);
  await expect(coverage).toBeVisible();
  const total = whole((await coverage.innerText()).match(/of ([\d,]+) paths/)![1]!);
  expect(total).toBeGreaterThan(20);
  const rows = paths.getByRole("table", { name: "Most common paths" }).locator("tbody tr");
  await expect(rows).toHaveCount(20);
  await expect(paths.getByText(/^The paths drawn above\. Choose "Show as table" to see all [\d,]+\.$/)).toBeVisible();
  await paths.getByRole("button", { name: "Show as table" }).click();
  await expect(rows).toHaveCount(total);
  await expect(paths.getByRole("figure")).toHaveCount(0);
});

test("SALES do not see Analytics in the navigation and are refused at its address", async ({ page }) => {
  await signIn(page, accounts.sales);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Customers" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Analytics" })).toHaveCount(0);
  await page.goto("/analytics?view=map");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Journey analytics" })).toHaveCount(0);
});

test("a reversed funnel range is said beside the To field (not as a failure) and the pickers cannot reverse it", async ({ page }) => {
  await signIn(page, accounts.manager);
  await page.goto("/analytics?view=funnel&from=2026-06-01&to=2026-01-01&fromMonth=2026-11&toMonth=2026-10");
  for (const [region, from, to] of [
    ["Moves in the period", "2026-06-01", "2026-01-01"],
    ["Cohorts by month of first touch", "2026-11", "2026-10"],
  ] as const) {
    const view = page.getByRole("region", { name: region });
    await expect(view.getByLabel("To", { exact: true })).toHaveAccessibleDescription("The end date is before the start date");
    await expect(view.getByLabel("To", { exact: true })).toHaveAttribute("min", from);
    await expect(view.getByLabel("From", { exact: true })).toHaveAttribute("max", to);
    await expect(view.getByText("Correct the dates above to see the figures.")).toBeVisible();
  }
  await expect(page.getByText(/could not be loaded/)).toHaveCount(0);
  // Putting the range right shows the figures.
  await page.getByRole("region", { name: "Moves in the period" }).getByLabel("To", { exact: true }).fill("2026-06-30");
  await expect(page.getByRole("region", { name: "Moves in the period" }).getByRole("figure", { name: "Moves into each stage" })).toBeVisible();
});

test("two quick chart/table switches both land in the URL; on a phone the chosen tab is in view; open windows and LOYALTY shares are said", async ({ page }) => {
  await signIn(page, accounts.manager);
  await page.goto("/analytics?view=funnel");
  const period = page.getByRole("region", { name: "Moves in the period" });
  const cohorts = page.getByRole("region", { name: "Cohorts by month of first touch" });
  await expect(cohorts.getByRole("figure")).toBeVisible();
  await period.getByRole("button", { name: "Show as table" }).click();
  await cohorts.getByRole("button", { name: "Show as table" }).click();
  await expect(page).toHaveURL(/show=table/);
  await expect(page).toHaveURL(/cohortShow=table/);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/analytics?view=paths&period=365");
  await expect(page.getByRole("link", { name: "Journey paths" })).toBeInViewport();

  await page.goto("/analytics?view=map&period=365&within=7");
  const map = page.getByRole("region", { name: "Touchpoint map" });
  await pastPending(page);
  await expect(map.getByText("Touchpoints from the last 7 days of the period can still be followed by a move, so their shares may still grow.")).toBeVisible();
  const loyalty = map.getByRole("row", { name: /^WhatsApp/ }).getByRole("cell").nth(4);
  await expect(loyalty).toHaveAttribute("title", "Loyalty is the last stage: there is no later stage to move to.");
  await expect(loyalty).not.toContainText("%");
});

test("a link's unusable funnel values are named and ignored; Download CSV is disabled, saying why, while a view has no figures", async ({ page }) => {
  await signIn(page, accounts.manager);
  await page.goto("/analytics?view=funnel&to=garbage&ownerId=zzz&from=2026-13-01");
  const notice = page.getByTestId("ignored-url-params");
  await expect(notice).toContainText("The link's “Owner” is not a valid choice (zzz): ignored.");
  await expect(notice).toContainText("The link's “Moves in the period: From” is not a date (2026-13-01): ignored.");
  await expect(notice).toContainText("The link's “Moves in the period: To” is not a date (garbage): ignored.");
  // The rest works: everyone's figures over the default range, and no time-of-day message for a date.
  const period = page.getByRole("region", { name: "Moves in the period" });
  await expect(period.getByRole("figure", { name: "Moves into each stage" })).toBeVisible();
  await expect(page.getByText("Enter a date and time")).toHaveCount(0);
  await expect(period.getByRole("link", { name: "Download CSV" })).toBeVisible();

  // A reversed range: no figures, so nothing to download.
  await page.goto("/analytics?view=funnel&from=2026-06-01&to=2026-01-01");
  await expect(period.getByText("Correct the dates above to see the figures.")).toBeVisible();
  await expect(period.getByRole("link", { name: "Download CSV" })).toHaveCount(0);
  const csv = period.getByRole("button", { name: "Download CSV" });
  await expect(csv).toBeDisabled();
  await expect(csv).toHaveAccessibleDescription("Nothing to download: correct the fields above first.");
  await expect(csv).toHaveAttribute("title", "Nothing to download: correct the fields above first.");
  await expect(page.getByTestId("ignored-url-params")).toHaveCount(0);
});

test("on a 390 px phone the Moves into each stage chart fits: Loyalty is in view without scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, accounts.manager);
  await page.goto("/analytics?view=funnel");
  const figure = page.getByRole("region", { name: "Moves in the period" }).getByRole("figure", { name: "Moves into each stage" });
  const loyalty = figure.locator("svg text").filter({ hasText: /^Loyalty$/ });
  await loyalty.scrollIntoViewIfNeeded();
  await expect(loyalty).toBeVisible();
  const box = (await loyalty.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  await shoot(page, SHOTS, "funnel-390-en");
});
