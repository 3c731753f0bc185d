// End-to-end test of `cmsheets serve` in Debian's Chromium, driven by playwright-core.
// Run by tests/serve.rs: node e2e.mjs <url with token> <sample.xlsx> <out dir> <基準日> [<screenshot dir>]
// Prints one JSON line with what the page showed and where the downloads were saved.
import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";

const [url, sample, outDir, asOf, shots] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

const browser = await chromium.launch({
  executablePath,
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
  // A 1366×768 office laptop at 125 % zoom: a CSS viewport of 1093×614.
  const context = await browser.newContext({
    acceptDownloads: true,
    viewport: { width: 1093, height: 614 },
    deviceScaleFactor: 1.25,
    locale: "ja-JP",
  });
  const page = await context.newPage();
  const outside = [];
  // Requests to the network (the browser's own PDF viewer, chrome:// and chrome-extension://, is
  // part of the browser, not the network).
  page.on("request", (r) => {
    const u = r.url();
    if (/^(https?|wss?|ftp):/i.test(u) && !u.startsWith("http://127.0.0.1:")) outside.push(u);
  });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.goto(url);
  result.path_after_login = new URL(page.url()).pathname + new URL(page.url()).search;
  await page.waitForSelector("#drop");
  if (shots) await page.screenshot({ path: path.join(shots, "serve-start.png") });

  await page.fill("#as-of", asOf);
  // Drop the sample onto the drop zone, as a user drags it from the file manager.
  const bytes = fs.readFileSync(sample).toString("base64");
  const name = path.basename(sample);
  const dataTransfer = await page.evaluateHandle(
    ({ bytes, name }) => {
      const raw = Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([raw], name));
      return dt;
    },
    { bytes, name },
  );
  await page.dispatchEvent("#drop", "drop", { dataTransfer });
  await page.waitForSelector("#step-check:not([hidden])", { timeout: 60000 });
  result.errors_badge = await page.textContent("#count-errors");
  result.warnings_badge = await page.textContent("#count-warnings");
  result.cases_badge = await page.textContent("#count-cases");
  result.finding_rows = await page.locator("#findings tbody tr").count();
  result.case_rows = await page.locator("#cases tbody tr").count();
  result.printable = await page.locator("#cases .ok").count();
  if (shots) {
    await page.locator("#step-check").scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, "serve-findings.png") });
  }

  // Filter to warnings only: every row shown is a warning.
  await page.selectOption("#filter-severity", "warning");
  result.warning_rows = await page.locator("#findings tbody tr.warning").count();
  result.non_warning_rows = await page.locator("#findings tbody tr:not(.warning)").count();
  await page.selectOption("#filter-severity", "");

  // ケア会議資料 (zip): the download arrives and is saved for the Rust side to open.
  await page.fill("#meeting-date", "2025-11-28");
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 240000 }),
    page.click("button[data-kind=packets]"),
  ]);
  result.download_name = download.suggestedFilename();
  result.download = path.join(outDir, "packets.zip");
  await download.saveAs(result.download);
  await page.waitForSelector("#job .done");
  result.job_text = await page.textContent("#job-step");
  if (shots) {
    await page.locator("#step-make").scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, "serve-make.png") });
  }

  // Preview of the first printable case's plan sheet.
  await page.locator("#cases .preview-buttons button", { hasText: "別紙2" }).first().click();
  await page.waitForFunction(() => (document.getElementById("preview").src || "").startsWith("blob:"), null, {
    timeout: 60000,
  });
  result.preview_title = await page.textContent("#preview-title");
  result.preview_error = await page.textContent("#preview-error");
  if (shots) {
    await page.waitForTimeout(1500);
    await page.locator("#step-preview").scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, "serve-preview.png") });
  }

  // すべて消去: the page forgets the files.
  await page.click("#clear");
  await page.waitForSelector("#step-check[hidden]", { state: "attached" });
  result.after_clear = await page.textContent("#upload-status");
  result.outside_requests = outside;
  result.page_errors = errors;
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
