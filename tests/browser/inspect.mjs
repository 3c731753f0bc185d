// The 読み取り結果 page of `cmsheets inspect` in Debian's Chromium, driven by playwright-core.
// Run by tests/cli/formbook.rs: node inspect.mjs <page.html> [<screenshot.png>]
// Prints one JSON line with what the page showed.
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";

const [html, shot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--lang=ja-JP",
  ],
});
const result = {};
try {
  const page = await browser.newPage({ viewport: { width: 1093, height: 614 }, deviceScaleFactor: 1.25 });
  const outside = [];
  page.on("request", (r) => {
    if (/^(https?|wss?|ftp):/i.test(r.url())) outside.push(r.url());
  });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(pathToFileURL(html).href);
  result.title = await page.title();
  result.unread_listed = await page.$$eval(".unread-list li a", (as) => as.map((a) => a.textContent));
  result.unread_cells = await page.$$eval("td.unread", (tds) => tds.map((t) => t.id));
  // The field's name on hover: the cell's title, as the browser shows it.
  result.field_titles = await page.$$eval("td.field", (tds) => tds.map((t) => t.title));
  // Following the first unread link brings its cell into view, outlined.
  if (result.unread_listed.length > 0) {
    await page.click(".unread-list li a");
    const target = await page.evaluate(() => location.hash.slice(1));
    // The jump may be animated or land a frame later: wait (briefly) for it to settle.
    await page
      .waitForFunction(
        (id) => {
          const r = document.getElementById(id).getBoundingClientRect();
          return r.top > -1 && r.top < window.innerHeight;
        },
        target,
        { timeout: 3000 },
      )
      .catch(() => {});
    const box = await page.locator(`[id="${target}"]`).boundingBox();
    result.first_target = target;
    // Scrolled to the top it may stand a fraction of a pixel above it (sub-pixel layout).
    result.target_in_view = !!box && box.y > -1 && box.y < 614;
    result.target_box = box;
    result.scroll_y = await page.evaluate(() => window.scrollY);
    result.target_outline = await page.evaluate(
      (id) => getComputedStyle(document.getElementById(id)).outlineStyle,
      target,
    );
  }
  // Sheets drawn as their grids, merges kept.
  result.tables = await page.$$eval("table.grid", (ts) => ts.length);
  result.spans = await page.$$eval("table.grid td[colspan], table.grid td[rowspan]", (tds) => tds.length);
  result.outside = outside;
  result.errors = errors;
  if (shot) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: shot });
    // And a form sheet as the reader saw it, for the README.
    await page.locator("#sheet-1").screenshot({ path: shot.replace(/\.png$/, "-sheet.png") });
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
