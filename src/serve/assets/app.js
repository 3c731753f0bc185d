// cmsheets serve: the page's script. Everything goes to this PC's own server; nothing else.
// The server holds the state (files, findings, jobs): this page shows it, and asks again when
// its version changes, so a reload or a second tab shows the same.
"use strict";

const FORM_LABELS = {
  questionnaire: "別紙1 アンケート",
  plan: "別紙2 支援計画シート",
  subtool: "別紙3 補助ツール",
  crisis: "別紙4 クライシスプラン",
};
const SEVERITY = { error: "エラー", warning: "警告" };
const PAGE = 200;
const POLL_MS = 1500;

const $ = (id) => document.getElementById(id);
let current = null; // the last full state from the server
let version = null;
let shownFindings = PAGE;
let shownCases = PAGE;
const ticked = new Set(); // ケースID ticked, in no order (the list's order is the server's)
const planOf = new Map(); // ケースID → 作成番号 chosen for that case
const startedHere = new Set(); // jobs this tab started: their file is downloaded when done
const downloaded = new Set();

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

async function api(path, options) {
  const res = await fetch(path, Object.assign({ credentials: "same-origin" }, options));
  const type = res.headers.get("content-type") || "";
  const body = type.includes("json") ? await res.json() : null;
  if (!res.ok) {
    throw new Error((body && body.error) || `サーバーがエラーを返しました（${res.status}）。`);
  }
  return body;
}

const postJson = (path, body) =>
  api(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

function status(text, isError) {
  const s = $("upload-status");
  s.textContent = text;
  s.classList.toggle("error-text", !!isError);
}

// Dates as the page shows them (the date pickers' style): 2025/11/30.
function pageDates(text) {
  return String(text ?? "").replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, "$1/$2/$3");
}

function bytes(n) {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.ceil(n / 1024)} KB`;
  return `${n} B`;
}

// ---- 1. files ----

// The browser's name for a file, with its folder when a folder was picked or dropped.
function pathOf(file) {
  return file.relativePath || file.webkitRelativePath || file.name;
}

function folderOf(path) {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}

// Workbooks already in the set by folder and name: replaced, or added beside, as the user says.
function sameNames(files) {
  if (!current) return [];
  return files.filter((f) => {
    if (/\.csv$/i.test(f.name)) return false; // a CSV set holds one file of a name: replaced
    const folder = folderOf(pathOf(f));
    return current.files.some((g) => g.name === f.name && g.folder === folder);
  });
}

function askSameName(files) {
  const dialog = $("same-name");
  $("same-name-list").replaceChildren(...files.map((f) => el("li", {}, pathOf(f))));
  return new Promise((done) => {
    const finish = (answer) => {
      dialog.close();
      done(answer);
    };
    $("same-name-replace").onclick = () => finish("replace");
    $("same-name-add").onclick = () => finish("add");
    $("same-name-cancel").onclick = () => finish(null);
    dialog.oncancel = () => done(null);
    dialog.showModal();
  });
}

async function upload(files) {
  if (!files.length) return;
  let mode = "replace";
  const same = sameNames(files);
  if (same.length) {
    mode = await askSameName(same);
    if (!mode) {
      status("ファイルの追加をやめました。");
      return;
    }
  }
  const data = new FormData();
  for (const f of files) data.append("file", f, pathOf(f));
  status(`${files.length}件のファイルを読み込んで点検しています…`);
  try {
    const state = await api(`/api/upload?mode=${mode}`, { method: "POST", body: data });
    const replaced = state.replaced || 0;
    status(
      replaced
        ? `${replaced}件を新しいファイルに置き換え、点検し直しました。`
        : `${files.length}件のファイルを追加し、点検しました。`,
    );
    render(state);
  } catch (e) {
    status(e.message, true);
  }
}

// A dropped folder is read whole, as on the command line; each file keeps its folder.
async function entryFiles(entry) {
  if (entry.isFile) {
    const file = await new Promise((ok, fail) => entry.file(ok, fail));
    file.relativePath = entry.fullPath.replace(/^\//, "");
    return [file];
  }
  if (!entry.isDirectory) return [];
  const reader = entry.createReader();
  const out = [];
  for (;;) {
    const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail));
    if (!batch.length) break;
    for (const e of batch) out.push(...(await entryFiles(e)));
  }
  return out;
}

function wanted(file) {
  return /\.(xlsx|xlsm|xls|ods|csv)$/i.test(file.name) && !file.name.startsWith("~$");
}

function setupDrop() {
  const drop = $("drop");
  drop.addEventListener("dragover", (ev) => {
    ev.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", async (ev) => {
    ev.preventDefault();
    drop.classList.remove("over");
    const items = [...(ev.dataTransfer.items || [])];
    const entries = items.map((i) => (i.webkitGetAsEntry ? i.webkitGetAsEntry() : null));
    let files = [];
    if (entries.length && entries.every(Boolean)) {
      for (const entry of entries) files.push(...(await entryFiles(entry)));
    } else {
      files = [...ev.dataTransfer.files];
    }
    upload(files.filter(wanted));
  });
  // The drop area works from the keyboard too: Enter or Space opens the file picker.
  drop.addEventListener("click", () => $("pick-files").click());
  drop.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" || ev.key === " ") {
      ev.preventDefault();
      $("pick-files").click();
    }
  });
  $("pick-files").addEventListener("change", (ev) => {
    upload([...ev.target.files]);
    ev.target.value = "";
  });
  $("pick-folder").addEventListener("change", (ev) => {
    upload([...ev.target.files].filter(wanted));
    ev.target.value = "";
  });
  $("pick-areas").addEventListener("change", async (ev) => {
    const file = ev.target.files[0];
    ev.target.value = "";
    if (!file) return;
    const data = new FormData();
    data.append("file", file, file.name);
    status("地域区分を読み込んで点検しています…");
    try {
      render(await api("/api/areas", { method: "POST", body: data }));
      status("地域区分を読み込みました。");
    } catch (e) {
      status(e.message, true);
    }
  });
  $("remove-areas").addEventListener("click", async () => {
    try {
      render(await api("/api/areas", { method: "DELETE" }));
      status("地域区分のファイルを外しました。");
    } catch (e) {
      status(e.message, true);
    }
  });
  $("as-of").addEventListener("change", async (ev) => {
    status("基準日を変えて点検し直しています…");
    try {
      render(await postJson("/api/as_of", { as_of: ev.target.value || null }));
      status(`基準日 ${pageDates(current.as_of)} で点検し直しました。`);
    } catch (e) {
      status(e.message, true);
    }
  });
}

async function removeFile(f) {
  try {
    render(await api(`/api/files/${f.id}`, { method: "DELETE" }));
    status(`${f.label} を一覧から外し、点検し直しました。`);
  } catch (e) {
    status(e.message, true);
  }
}

// The set as the server holds it: each file with its folder and a ✕; a 様式ブック's
// 読み取り結果 (how each cell was read) opens in a tab of its own.
function renderFiles(state) {
  const files = state.files || [];
  $("files-wrap").hidden = !files.length;
  $("files").tBodies[0].replaceChildren(
    ...files.map((f) =>
      el(
        "tr",
        {},
        el("td", {}, f.label),
        el("td", {}, f.folder || "—"),
        el("td", { class: "size" }, bytes(f.bytes)),
        el(
          "td",
          {},
          f.workbook
            ? el(
                "a",
                {
                  href: `/api/inspect/${f.id}`,
                  target: "_blank",
                  rel: "noopener",
                  "aria-label": `${f.label} の読み取り結果を開く（新しいタブ）`,
                },
                "読み取り結果",
              )
            : "—",
        ),
        el(
          "td",
          {},
          el(
            "button",
            {
              type: "button",
              class: "remove",
              "aria-label": `${f.label} を一覧から外す`,
              title: "一覧から外す",
              onclick: () => removeFile(f),
            },
            "✕",
          ),
        ),
      ),
    ),
  );
  const areas = state.areas;
  $("areas-name").textContent = areas ? areas.name : "なし（入力ブックの「地域区分」シートを使います）";
  $("remove-areas").hidden = !areas;
  if (document.activeElement !== $("as-of")) $("as-of").value = state.as_of_chosen || "";
}

// ---- 2. findings ----

// Where a finding is, as an office reads it: 「ニーズ.csv の 12行目・4列目」 for a CSV.
function place(loc) {
  const csv = /^(.*):(\d+):(\d+)$/.exec(loc.text);
  if (!loc.sheet && csv) return `${csv[1]} の ${csv[2]}行目・${csv[3]}列目`;
  if (!loc.sheet && loc.row) return `${loc.file} の ${loc.row}行目`;
  return loc.text;
}

function render(state) {
  current = state;
  version = state.version;
  renderFiles(state);
  renderJobs(state.jobs || []);
  const check = state.check;
  for (const id of ["step-check", "step-cases"]) $(id).hidden = !check;
  $("step-make").hidden = false;
  if (state.checking) status("点検しています…");
  if (!check) {
    renderScope();
    return;
  }
  $("count-errors").textContent = `エラー ${check.errors}件`;
  $("count-warnings").textContent = `警告 ${check.warnings}件`;
  $("count-cases").textContent = `ケース ${check.cases}件`;
  const rows = check.inputs.reduce((n, i) => n + i.rows, 0);
  const unreadable = check.inputs.filter((i) => !i.readable).length;
  $("count-note").textContent =
    `入力 ${check.inputs.length}件、${rows}行、基準日 ${pageDates(check.as_of)}` +
    (unreadable ? `（読めなかった入力 ${unreadable}件）` : "");

  const caseFilter = $("filter-case");
  const chosen = caseFilter.value;
  const ids = [...new Set(check.findings.map((f) => f.case_id).filter(Boolean))].sort();
  caseFilter.replaceChildren(
    el("option", { value: "" }, "すべて"),
    ...ids.map((id) => el("option", { value: id }, id)),
  );
  caseFilter.value = ids.includes(chosen) ? chosen : "";
  // Ticks of cases that are gone or no longer printable are dropped.
  const printable = new Set(state.case_list.filter((c) => c.status === "ok").map((c) => c.case_id));
  for (const id of [...ticked]) if (!printable.has(id)) ticked.delete(id);
  renderFindings();
  renderCases();
  renderScope();
}

function filteredFindings() {
  const sev = $("filter-severity").value;
  const id = $("filter-case").value;
  return current.check.findings.filter(
    (f) => (!sev || f.severity === sev) && (!id || f.case_id === id),
  );
}

function renderFindings() {
  const list = filteredFindings();
  const body = $("findings").tBodies[0];
  body.replaceChildren(
    ...list.slice(0, shownFindings).map((f) =>
      el(
        "tr",
        { class: f.severity },
        el("td", { class: "sev" }, SEVERITY[f.severity] || f.severity),
        el("td", { class: "case" }, f.case_id || "—"),
        el("td", { class: "code" }, f.code),
        el("td", { class: "where" }, place(f.location)),
        el("td", {}, pageDates(f.message)),
      ),
    ),
  );
  if (!list.length) {
    body.append(el("tr", {}, el("td", { colspan: 5 }, "問題は見つかりませんでした。")));
  }
  $("filter-count").textContent = `${list.length}件を表示の対象`;
  $("more-findings").hidden = list.length <= shownFindings;
}

function showFindingsOf(caseId) {
  $("filter-case").value = caseId;
  $("filter-severity").value = "";
  shownFindings = PAGE;
  renderFindings();
  $("step-check").scrollIntoView({ behavior: "smooth" });
  $("filter-case").focus();
}

// ---- 3. cases ----

function renderCases() {
  const cases = current.case_list;
  const body = $("cases").tBodies[0];
  body.replaceChildren(...cases.slice(0, shownCases).map(caseRow));
  $("more-cases").hidden = cases.length <= shownCases;
  const plans = [...new Set(cases.flatMap((c) => c.plan_numbers))].sort((a, b) => a - b);
  const plan = $("plan-no");
  const chosen = plan.value;
  plan.replaceChildren(
    el("option", { value: "" }, "最新"),
    ...plans.map((n) => el("option", { value: String(n) }, `第${n}版`)),
  );
  plan.value = plans.map(String).includes(chosen) ? chosen : "";
  const printable = cases.filter((c) => c.status === "ok").length;
  $("all-cases").checked = printable > 0 && ticked.size === printable;
}

function caseRow(c) {
  const printable = c.status === "ok";
  const box = el("input", {
    type: "checkbox",
    class: "pick-case",
    value: c.case_id,
    "aria-label": `${c.case_id} を選ぶ`,
    disabled: !printable,
    onchange: (ev) => {
      if (ev.target.checked) ticked.add(c.case_id);
      else ticked.delete(c.case_id);
      renderScope();
    },
  });
  box.checked = ticked.has(c.case_id);
  const previews = el("div", { class: "preview-buttons" });
  if (printable) {
    for (const form of c.forms) {
      previews.append(
        el(
          "button",
          {
            type: "button",
            class: "secondary small",
            "aria-label": `${c.case_id} の${FORM_LABELS[form]}を表示`,
            onclick: () => preview(c.case_id, form),
          },
          FORM_LABELS[form].split(" ")[0],
        ),
      );
    }
  }
  let planCell = c.plan_numbers.join(", ") || "—";
  if (c.plan_numbers.length > 1) {
    const select = el(
      "select",
      {
        "aria-label": `${c.case_id} の作成番号`,
        onchange: (ev) => {
          if (ev.target.value) planOf.set(c.case_id, Number(ev.target.value));
          else planOf.delete(c.case_id);
        },
      },
      el("option", { value: "" }, "（上の選択どおり）"),
      ...c.plan_numbers.map((n) => el("option", { value: String(n) }, `第${n}版`)),
    );
    select.value = planOf.has(c.case_id) ? String(planOf.get(c.case_id)) : "";
    planCell = select;
  }
  const state = printable
    ? el("span", { class: "ok" }, "印刷できる")
    : el(
        "button",
        {
          type: "button",
          class: "link ng",
          "aria-label": `${c.case_id} の点検結果だけを表示（エラー ${c.errors}件）`,
          onclick: () => showFindingsOf(c.case_id),
        },
        `エラーで除外（${c.errors}件）`,
      );
  return el(
    "tr",
    {},
    el("td", {}, box),
    el("td", {}, c.case_id),
    el("td", {}, state),
    el("td", {}, c.forms.map((f) => FORM_LABELS[f].split(" ")[0]).join("・") || "—"),
    el("td", {}, planCell),
    el("td", {}, previews),
  );
}

// What every output uses, said where the outputs are.
function renderScope() {
  const scope = $("scope");
  if (!current || !current.check) {
    scope.textContent = "入力ファイルを選ぶと、ここで様式PDF・会議資料・集計などを作れます（空の様式は今すぐ作れます）。";
    return;
  }
  const printable = current.case_list.filter((c) => c.status === "ok").length;
  const ids = chosenCases();
  scope.textContent = ids.length
    ? `選んだケース ${ids.length}件（${ids.slice(0, 5).join("、")}${ids.length > 5 ? " ほか" : ""}）を、どの出力にも使います。`
    : `ケースを選んでいないので、印刷できるケースすべて（${printable}件）を使います。`;
}

// The ticked cases in the order the list shows them (the order of the combined packet).
function chosenCases() {
  if (!current) return [];
  return current.case_list.filter((c) => ticked.has(c.case_id)).map((c) => c.case_id);
}

async function preview(caseId, form) {
  const section = $("step-preview");
  section.hidden = false;
  $("preview-title").textContent = `${caseId} ${FORM_LABELS[form]}`;
  $("preview-status").textContent = `${caseId} の${FORM_LABELS[form]}を作成しています…`;
  const plan = planOf.get(caseId) || $("plan-no").value;
  const url =
    `/api/preview?case=${encodeURIComponent(caseId)}&form=${form}` + (plan ? `&plan=${plan}` : "");
  try {
    const res = await fetch(url, { credentials: "same-origin" });
    if (!res.ok) {
      const body = await res.json().catch(() => ({}));
      throw new Error(body.error || `表示できませんでした（${res.status}）。`);
    }
    const blob = await res.blob();
    const frame = $("preview");
    if (frame.dataset.url) URL.revokeObjectURL(frame.dataset.url);
    frame.dataset.url = URL.createObjectURL(blob);
    frame.src = frame.dataset.url;
    $("preview-status").textContent = `${caseId} の${FORM_LABELS[form]}を表示しました。`;
    section.scrollIntoView({ behavior: "smooth" });
  } catch (e) {
    $("preview-status").textContent = e.message;
  }
}

// ---- 4. jobs ----

function jobRequest(kind) {
  const forms = [...document.querySelectorAll("input[name=form]:checked")].map((b) => b.value);
  const plan = $("plan-no").value;
  const suppress = $("suppress").value;
  const within = $("within").value;
  return {
    kind,
    forms,
    cases: chosenCases(),
    plan: plan ? Number(plan) : null,
    plans: Object.fromEntries([...planOf].filter(([id]) => ticked.size === 0 || ticked.has(id))),
    meeting_date: $("meeting-date").value || null,
    period: $("period").value,
    suppress_below: suppress ? Number(suppress) : null,
    pseudonymize: $("pseudonymize").value || null,
    within: within ? Number(within) : null,
    draft: $("with-draft").checked,
    review_months: $("review-months").value ? Number($("review-months").value) : null,
  };
}

function summaryList(summary) {
  if (!summary) return null;
  const items = [];
  if (summary.note) for (const line of summary.note.split("\n")) items.push(pageDates(line));
  if (summary.skipped && summary.skipped.length)
    items.push(`エラーのため除外したケース（${summary.skipped.length}件）: ${summary.skipped.join(", ")}`);
  if (summary.unknown && summary.unknown.length)
    items.push(`見つからないケースID: ${summary.unknown.join(", ")}`);
  for (const f of summary.failures || [])
    items.push(`出力できませんでした: ${f.case_id} ${f.what} ${f.message}`);
  return items.length ? el("ul", {}, ...items.map((t) => el("li", {}, t))) : null;
}

function download(url, name) {
  const a = el("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
}

// Every job of the session, newest first, as every tab sees it.
function renderJobs(jobs) {
  const running = jobs.some((j) => j.state === "running");
  document.querySelectorAll(".actions button").forEach((b) => {
    b.disabled = running || !!(current && current.checking) || (!current?.check && b.dataset.kind !== "blank_forms");
  });
  const box = $("jobs");
  box.replaceChildren(
    ...jobs
      .slice()
      .reverse()
      .map((j) => {
        const parts = [el("h3", {}, j.title)];
        if (j.state === "running") {
          const total = Math.max(j.total, 1);
          parts.push(
            el("p", {}, `${j.step}: ${j.done} / ${j.total}`),
            el("progress", { max: total, value: j.done, "aria-label": `${j.title} の進み具合` }),
            el(
              "button",
              { type: "button", class: "secondary small", onclick: () => cancelJob(j.id) },
              "中止",
            ),
          );
        } else if (j.state === "done") {
          parts.push(
            el("p", { class: "done" }, "できました: ", el("a", { href: j.url, download: j.file }, j.file)),
          );
          if (startedHere.has(j.id) && !downloaded.has(j.id)) {
            downloaded.add(j.id);
            download(j.url, j.file);
          }
        } else {
          parts.push(el("p", { class: "error-text" }, pageDates(j.message)));
        }
        const summary = summaryList(j.summary);
        if (summary) parts.push(summary);
        return el("div", { class: `job ${j.state}` }, ...parts);
      }),
  );
}

async function cancelJob(id) {
  try {
    await api(`/api/jobs/${id}/cancel`, { method: "POST" });
  } catch (e) {
    status(e.message, true);
  }
}

async function startJob(kind) {
  try {
    const job = await postJson("/api/jobs", jobRequest(kind));
    startedHere.add(job.id);
    await poll();
  } catch (e) {
    $("jobs").prepend(el("p", { class: "error-text job" }, e.message));
  }
}

// ---- the server's state, followed ----

async function poll() {
  try {
    const state = await api(`/api/state${version === null ? "" : `?since=${version}`}`);
    if (state.unchanged) renderJobs(state.jobs);
    else render(state);
  } catch (e) {
    status(e.message, true);
  }
}

async function clearAll() {
  const running = (current?.jobs || []).some((j) => j.state === "running");
  if (running) {
    const dialog = $("confirm-clear");
    const yes = await new Promise((done) => {
      $("confirm-clear-yes").onclick = () => {
        dialog.close();
        done(true);
      };
      $("confirm-clear-no").onclick = () => {
        dialog.close();
        done(false);
      };
      dialog.oncancel = () => done(false);
      dialog.showModal();
    });
    if (!yes) return;
  }
  try {
    await api("/api/clear", { method: "POST" });
    ticked.clear();
    planOf.clear();
    $("step-preview").hidden = true;
    $("preview").removeAttribute("src");
    status("入力ファイルと作ったファイルをすべて消去しました。");
    version = null;
    await poll();
  } catch (e) {
    status(e.message, true);
  }
}

// ---- the options, kept over a reload of this tab (never the 仮名化 key) ----

const KEPT = ["meeting-date", "period", "suppress", "within", "review-months"];

function keepOptions() {
  const kept = Object.fromEntries(KEPT.map((id) => [id, $(id).value]));
  kept.forms = [...document.querySelectorAll("input[name=form]")].map((b) => b.checked);
  kept.draft = $("with-draft").checked;
  sessionStorage.setItem("cmsheets-options", JSON.stringify(kept));
}

function restoreOptions() {
  let kept;
  try {
    kept = JSON.parse(sessionStorage.getItem("cmsheets-options") || "null");
  } catch {
    kept = null;
  }
  if (!kept) return;
  for (const id of KEPT) if (typeof kept[id] === "string") $(id).value = kept[id];
  const boxes = document.querySelectorAll("input[name=form]");
  if (Array.isArray(kept.forms)) boxes.forEach((b, i) => (b.checked = kept.forms[i] !== false));
  $("with-draft").checked = kept.draft === true;
}

// ---- start ----

document.addEventListener("DOMContentLoaded", async () => {
  setupDrop();
  restoreOptions();
  for (const id of KEPT) $(id).addEventListener("change", keepOptions);
  document.querySelectorAll("input[name=form]").forEach((b) => b.addEventListener("change", keepOptions));
  $("with-draft").addEventListener("change", keepOptions);
  $("filter-severity").addEventListener("change", () => {
    shownFindings = PAGE;
    renderFindings();
  });
  $("filter-case").addEventListener("change", () => {
    shownFindings = PAGE;
    renderFindings();
  });
  $("more-findings").addEventListener("click", () => {
    shownFindings += PAGE * 5;
    renderFindings();
  });
  $("more-cases").addEventListener("click", () => {
    shownCases += PAGE * 5;
    renderCases();
  });
  $("all-cases").addEventListener("change", (ev) => {
    ticked.clear();
    if (ev.target.checked) {
      for (const c of current.case_list) if (c.status === "ok") ticked.add(c.case_id);
    }
    renderCases();
    renderScope();
  });
  for (const b of document.querySelectorAll(".actions button")) {
    b.addEventListener("click", () => startJob(b.dataset.kind));
  }
  $("clear").addEventListener("click", clearAll);
  await poll();
  setInterval(poll, POLL_MS);
  document.body.dataset.ready = "true"; // for the browser test: the page is wired up
});
