// End-to-end test of `cmsheets serve` in Debian's Chromium, driven by playwright-core: an office's
// working day. Run by tests/serve.rs:
//   node e2e.mjs <url with token> <sample.xlsx> <planted mistakes.xlsx> <out dir> <基準日> [<screenshot dir>]
// The planted-mistakes intake is dropped as 「intake.xlsx」, then the fixed one picked again under
// the same name (replaced, not added); a case's 「エラーで除外」 filters the findings; a second tab
// and a reload mid-job show the same files, findings and job; a job cannot start twice; clearing
// during a job asks first; the packets and the 集計ブック are downloaded; the preview shown.
// Prints one JSON line with what the page showed and where the downloads were saved.
import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";

const [url, sample, planted, outDir, asOf, shots] = process.argv.slice(2);
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
const shot = async (page, name, locator) => {
  if (!shots) return;
  if (locator) await page.locator(locator).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, name) });
};
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
  const errors = [];
  const watch = (p) => {
    // Requests to the network (the browser's own PDF viewer is part of the browser).
    p.on("request", (r) => {
      const u = r.url();
      if (/^(https?|wss?|ftp):/i.test(u) && !u.startsWith("http://127.0.0.1:")) outside.push(u);
    });
    p.on("pageerror", (e) => errors.push(String(e)));
    p.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
  };
  watch(page);
  await page.goto(url);
  result.path_after_login = new URL(page.url()).pathname + new URL(page.url()).search;
  await page.waitForSelector("body[data-ready]");
  await shot(page, "serve-start.png");

  // The drop area works from the keyboard: Enter (or Space) on it opens the file picker.
  await page.evaluate(() => {
    window.pickerOpened = 0;
    const input = document.getElementById("pick-files");
    input.addEventListener("click", (ev) => {
      window.pickerOpened++;
      ev.preventDefault(); // no native dialog in a headless test
    });
  });
  await page.focus("#drop");
  await page.keyboard.press("Enter");
  await page.keyboard.press(" ");
  result.keyboard_opens_picker = await page.evaluate(() => window.pickerOpened);
  result.drop_focused = await page.evaluate(() => document.activeElement.id);

  await page.fill("#as-of", asOf);
  await page.waitForFunction(() => /基準日/.test(document.getElementById("upload-status").textContent));

  // The planted mistakes dropped as intake.xlsx, as a user drags it from the file manager.
  const dataTransfer = await page.evaluateHandle(
    ({ bytes, name }) => {
      const raw = Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([raw], name));
      return dt;
    },
    { bytes: fs.readFileSync(planted).toString("base64"), name: "intake.xlsx" },
  );
  await page.dispatchEvent("#drop", "drop", { dataTransfer });
  await page.waitForSelector("#step-check:not([hidden])", { timeout: 60000 });
  result.planted_errors_badge = await page.textContent("#count-errors");

  // 「エラーで除外」 of a case: the findings of that case only.
  const excluded = page.locator("#cases button.ng").first();
  const excludedId = (await excluded.getAttribute("aria-label")).split(" ")[0];
  await excluded.click();
  result.filter_case = await page.inputValue("#filter-case");
  result.filter_case_expected = excludedId;
  result.rows_of_other_cases = await page
    .locator("#findings tbody tr td.case")
    .evaluateAll((tds, id) => tds.filter((td) => td.textContent !== id).length, excludedId);
  await page.selectOption("#filter-case", "");

  // Fixed in Excel and picked again under the same name: the page asks, then replaces.
  await page.setInputFiles("#pick-files", {
    name: "intake.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: fs.readFileSync(sample),
  });
  await page.waitForSelector("#same-name[open]");
  await shot(page, "serve-same-name.png");
  await page.click("#same-name-replace");
  await page.waitForFunction(() => /置き換え/.test(document.getElementById("upload-status").textContent), null, {
    timeout: 60000,
  });
  result.replace_status = await page.textContent("#upload-status");
  result.file_rows = await page.locator("#files tbody tr").count();
  result.errors_badge = await page.textContent("#count-errors");
  result.warnings_badge = await page.textContent("#count-warnings");
  result.cases_badge = await page.textContent("#count-cases");
  result.finding_rows = await page.locator("#findings tbody tr").count();
  result.case_rows = await page.locator("#cases tbody tr").count();
  result.printable = await page.locator("#cases .ok").count();
  await shot(page, "serve-findings.png", "#step-check");

  // Filter to warnings only: every row shown is a warning.
  await page.selectOption("#filter-severity", "warning");
  result.warning_rows = await page.locator("#findings tbody tr.warning").count();
  result.non_warning_rows = await page.locator("#findings tbody tr:not(.warning)").count();
  await page.selectOption("#filter-severity", "");

  // A second tab shows the same files and findings.
  const second = await context.newPage();
  watch(second);
  await second.goto(new URL("/", url).toString());
  await second.waitForSelector("body[data-ready]");
  await second.waitForSelector("#step-check:not([hidden])", { timeout: 30000 });
  result.second_tab_errors = await second.textContent("#count-errors");
  result.second_tab_files = await second.locator("#files tbody tr").count();

  // ケア会議資料 (zip): the download arrives and is saved for the Rust side to open.
  await page.fill("#meeting-date", "2025-11-28");
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 240000 }),
    page.click("button[data-kind=packets]"),
  ]);
  result.download_name = download.suggestedFilename();
  result.download = path.join(outDir, "packets.zip");
  await download.saveAs(result.download);
  await page.waitForSelector("#jobs .job.done");
  // The second tab follows: the same job, finished, with its link.
  await second.waitForSelector("#jobs .job.done a", { timeout: 30000 });
  result.second_tab_job = await second.textContent("#jobs .job.done a");
  await shot(page, "serve-make.png", "#step-make");

  // A reload during a job: the job is still there, running or done, never started twice.
  await page.click("button[data-kind=forms]");
  await page.waitForFunction(() => document.querySelectorAll("#jobs .job").length >= 2);
  await page.reload();
  await page.waitForSelector("body[data-ready]");
  await page.waitForSelector("#jobs .job", { timeout: 30000 });
  result.jobs_after_reload = await page.locator("#jobs .job").count();
  result.buttons_while_running = await page.evaluate(async () => {
    const running = document.querySelector("#jobs .job.running");
    if (!running) return "finished";
    return document.querySelector("button[data-kind=forms]").disabled ? "disabled" : "enabled";
  });
  await page.waitForSelector("#jobs .job.done >> nth=1", { timeout: 240000 });
  result.jobs_done = await page.locator("#jobs .job.done").count();

  // The 集計ブック from the page.
  const [report] = await Promise.all([
    page.waitForEvent("download", { timeout: 240000 }),
    page.click("button[data-kind=report]"),
  ]);
  result.report_name = report.suggestedFilename();
  result.report = path.join(outDir, "report.xlsx");
  await report.saveAs(result.report);

  // Every other output, each downloaded from its button: the Rust side opens every one.
  result.outputs = {};
  for (const kind of ["forms", "combined_packet", "report_pdf", "schedule", "schedule_pdf", "books", "intake", "blank_forms"]) {
    await page.waitForFunction((k) => !document.querySelector(`button[data-kind=${k}]`).disabled, kind, {
      timeout: 240000,
    });
    const [file] = await Promise.all([
      page.waitForEvent("download", { timeout: 240000 }),
      page.click(`button[data-kind=${kind}]`),
    ]);
    const saved = path.join(outDir, `${kind}-${file.suggestedFilename()}`);
    await file.saveAs(saved);
    result.outputs[kind] = { name: file.suggestedFilename(), path: saved };
  }

  // Preview of the first printable case's plan sheet, its button named for what it shows.
  const button = page.locator("#cases .preview-buttons button", { hasText: "別紙2" }).first();
  result.preview_button_name = await button.getAttribute("aria-label");
  const started = Date.now();
  await button.click();
  await page.waitForFunction(() => (document.getElementById("preview").src || "").startsWith("blob:"), null, {
    timeout: 60000,
  });
  result.preview_ms = Date.now() - started;
  result.preview_title = await page.textContent("#preview-title");
  result.preview_status = await page.textContent("#preview-status");
  if (shots) {
    await page.waitForTimeout(1500);
    await shot(page, "serve-preview.png", "#step-preview");
  }

  // Every control at least 24 × 24 px; the live regions there.
  result.small_targets = await page.evaluate(() =>
    [...document.querySelectorAll("button, .button, input, select, a")]
      .filter((e) => e.offsetParent !== null && getComputedStyle(e).opacity !== "0")
      .filter((e) => e.type !== "file")
      .map((e) => [e, e.getBoundingClientRect()])
      .filter(([, r]) => r.width < 24 || r.height < 24)
      .map(([e, r]) => `${e.tagName}#${e.id}.${e.className} ${Math.round(r.width)}×${Math.round(r.height)}`),
  );
  result.live_regions = await page.locator("[aria-live]").count();

  // すべて消去 during a job: the page asks first, then forgets the files. Clicked in the same
  // turn as the page shows the job running (a quick job may end before a second look).
  let asked = false;
  for (let attempt = 0; attempt < 5 && !asked; attempt++) {
    const before = await page.locator("#jobs .job").count();
    await page.click("button[data-kind=forms]");
    await page.waitForFunction((n) => document.querySelectorAll("#jobs .job").length > n, before);
    const clicked = await page.evaluate(() => {
      if (!document.querySelector("#jobs .job.running")) return false;
      document.getElementById("clear").click();
      return true;
    });
    if (!clicked) {
      await page.waitForSelector("#jobs .job:not(.running) >> nth=0");
      continue;
    }
    asked = await page
      .waitForSelector("#confirm-clear[open]", { timeout: 3000 })
      .then(() => true)
      .catch(() => false);
  }
  result.clear_asked = asked;
  if (asked) await page.click("#confirm-clear-yes");
  else await page.click("#clear");
  await page.waitForSelector("#step-check[hidden]", { state: "attached" });
  result.after_clear = await page.textContent("#upload-status");
  await second.waitForSelector("#step-check[hidden]", { state: "attached", timeout: 10000 });
  result.second_tab_cleared = await second.locator("#files tbody tr").count();
  result.outside_requests = outside;
  result.page_errors = errors.filter((e) => !/409|Conflict/.test(e));
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
