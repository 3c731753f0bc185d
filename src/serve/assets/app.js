// cmsheets serve: the page's script. Everything goes to this PC's own server; nothing else.
"use strict";

const FORM_LABELS = {
  questionnaire: "別紙1 アンケート",
  plan: "別紙2 支援計画シート",
  subtool: "別紙3 補助ツール",
  crisis: "別紙4 クライシスプラン",
};
const SEVERITY = { error: "エラー", warning: "警告" };
const PAGE = 200;

const $ = (id) => document.getElementById(id);
let current = null; // the last state from the server
let shown = PAGE;

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

function status(text, isError) {
  const s = $("upload-status");
  s.textContent = text;
  s.classList.toggle("error-text", !!isError);
}

// ---- 1. files ----

async function upload(files) {
  if (!files.length) return;
  const data = new FormData();
  for (const f of files) data.append("file", f, f.name);
  status(`${files.length}件のファイルを読み込んで点検しています…`);
  const asOf = $("as-of").value;
  try {
    const state = await api("/api/upload" + (asOf ? `?as_of=${encodeURIComponent(asOf)}` : ""), {
      method: "POST",
      body: data,
    });
    status("点検しました。");
    render(state);
  } catch (e) {
    status(e.message, true);
  }
}

// A dropped folder is read whole, as on the command line.
async function entryFiles(entry) {
  if (entry.isFile) return [await new Promise((ok, fail) => entry.file(ok, fail))];
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
  $("pick-files").addEventListener("change", (ev) => {
    upload([...ev.target.files]);
    ev.target.value = "";
  });
  $("pick-folder").addEventListener("change", (ev) => {
    upload([...ev.target.files].filter(wanted));
    ev.target.value = "";
  });
}

// ---- 2. findings ----

// The files as the server holds them; a workbook's 読み取り結果 (how each cell of a 様式ブック was
// read) opens in a tab of its own.
function renderFiles(files) {
  $("file-list").replaceChildren(
    ...(files || []).map((f) => {
      const li = el("li", {}, f.name);
      if (f.workbook) {
        li.append(
          " ",
          el(
            "a",
            {
              href: `/api/inspect/${f.index}`,
              target: "_blank",
              rel: "noopener",
              class: "inspect-link",
              "aria-label": `${f.name} の読み取り結果を開く（新しいタブ）`,
            },
            "読み取り結果",
          ),
        );
      }
      return li;
    }),
  );
}

function render(state) {
  current = state;
  shown = PAGE;
  renderFiles(state.files);
  const check = state.check;
  for (const id of ["step-check", "step-cases", "step-make"]) $(id).hidden = !check;
  if (!check) return;
  $("count-errors").textContent = `エラー ${check.errors}件`;
  $("count-warnings").textContent = `警告 ${check.warnings}件`;
  $("count-cases").textContent = `ケース ${check.cases}件`;
  const rows = check.inputs.reduce((n, i) => n + i.rows, 0);
  const unreadable = check.inputs.filter((i) => !i.readable).length;
  $("count-note").textContent =
    `入力 ${check.inputs.length}件、${rows}行、基準日 ${check.as_of}` +
    (unreadable ? `（読めなかった入力 ${unreadable}件）` : "");

  const caseFilter = $("filter-case");
  const chosen = caseFilter.value;
  caseFilter.replaceChildren(el("option", { value: "" }, "すべて"));
  const ids = [...new Set(check.findings.map((f) => f.case_id).filter(Boolean))].sort();
  for (const id of ids) caseFilter.append(el("option", { value: id }, id));
  caseFilter.value = ids.includes(chosen) ? chosen : "";
  renderFindings();
  renderCases(state.case_list);
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
    ...list.slice(0, shown).map((f) =>
      el(
        "tr",
        { class: f.severity },
        el("td", { class: "sev" }, SEVERITY[f.severity] || f.severity),
        el("td", { class: "code" }, f.code),
        el("td", { class: "where" }, f.location.text),
        el("td", {}, f.message),
      ),
    ),
  );
  if (!list.length) {
    body.append(el("tr", {}, el("td", { colspan: 4 }, "問題は見つかりませんでした。")));
  }
  $("filter-count").textContent = `${list.length}件を表示の対象`;
  $("more-findings").hidden = list.length <= shown;
}

// ---- 3. cases ----

function renderCases(cases) {
  const body = $("cases").tBodies[0];
  body.replaceChildren(
    ...cases.map((c) => {
      const printable = c.status === "ok";
      const box = el("input", {
        type: "checkbox",
        class: "pick-case",
        value: c.case_id,
        "aria-label": `${c.case_id} を選ぶ`,
        disabled: !printable,
      });
      const previews = el("div", { class: "preview-buttons" });
      if (printable) {
        for (const form of c.forms) {
          previews.append(
            el(
              "button",
              { type: "button", class: "secondary", onclick: () => preview(c.case_id, form) },
              FORM_LABELS[form].split(" ")[0],
            ),
          );
        }
      }
      return el(
        "tr",
        {},
        el("td", {}, box),
        el("td", {}, c.case_id),
        el(
          "td",
          {},
          printable
            ? el("span", { class: "ok" }, "印刷できる")
            : el("span", { class: "ng" }, `エラーで除外（${c.errors}件）`),
        ),
        el("td", {}, c.forms.map((f) => FORM_LABELS[f].split(" ")[0]).join("・") || "—"),
        el("td", {}, c.plan_numbers.join(", ") || "—"),
        el("td", {}, previews),
      );
    }),
  );
  const plans = [...new Set(cases.flatMap((c) => c.plan_numbers))].sort((a, b) => a - b);
  const plan = $("plan-no");
  const chosen = plan.value;
  plan.replaceChildren(el("option", { value: "" }, "最新"));
  for (const n of plans) plan.append(el("option", { value: String(n) }, `第${n}版`));
  plan.value = plans.map(String).includes(chosen) ? chosen : "";
}

function chosenCases() {
  return [...document.querySelectorAll(".pick-case:checked")].map((b) => b.value);
}

async function preview(caseId, form) {
  const section = $("step-preview");
  section.hidden = false;
  $("preview-title").textContent = `${caseId} ${FORM_LABELS[form]}`;
  $("preview-error").textContent = "作成しています…";
  const plan = $("plan-no").value;
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
    $("preview-error").textContent = "";
    section.scrollIntoView({ behavior: "smooth" });
  } catch (e) {
    $("preview-error").textContent = e.message;
  }
}

// ---- 4. jobs ----

function jobRequest(kind) {
  const forms = [...document.querySelectorAll("input[name=form]:checked")].map((b) => b.value);
  const plan = $("plan-no").value;
  const suppress = $("suppress").value;
  return {
    kind,
    forms,
    cases: chosenCases(),
    plan: plan ? Number(plan) : null,
    meeting_date: $("meeting-date").value || null,
    period: $("period").value,
    suppress_below: suppress ? Number(suppress) : null,
  };
}

function summaryList(summary) {
  const items = [];
  if (summary.note) items.push(summary.note);
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

async function startJob(kind, button) {
  const box = $("job");
  box.hidden = false;
  const bar = $("job-bar");
  bar.hidden = true;
  $("job-result").replaceChildren();
  $("job-step").textContent = `${button.textContent} を作成しています…`;
  const buttons = document.querySelectorAll(".actions button");
  buttons.forEach((b) => (b.disabled = true));
  try {
    const { id } = await api("/api/jobs", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(jobRequest(kind)),
    });
    for (;;) {
      await new Promise((ok) => setTimeout(ok, 300));
      const s = await api(`/api/jobs/${id}`);
      if (s.state === "running") {
        // A bar only for a job that lasts: a quick one just finishes.
        if (s.elapsed_ms > 1000) bar.hidden = false;
        bar.max = Math.max(s.total, 1);
        bar.value = s.done;
        $("job-step").textContent = `${s.step}: ${s.done} / ${s.total}`;
        continue;
      }
      bar.hidden = true;
      if (s.state === "done") {
        $("job-step").replaceChildren(el("span", { class: "done" }, `できました: ${s.file}`));
        $("job-result").replaceChildren(
          el("p", {}, el("a", { href: s.url, download: s.file }, `${s.file} をもう一度ダウンロード`)),
          summaryList(s.summary) || "",
        );
        download(s.url, s.file);
      } else {
        $("job-step").textContent = s.message;
        $("job-result").replaceChildren(summaryList(s.summary) || "");
      }
      break;
    }
  } catch (e) {
    $("job-step").textContent = e.message;
  } finally {
    buttons.forEach((b) => (b.disabled = false));
  }
}

// ---- start ----

document.addEventListener("DOMContentLoaded", async () => {
  setupDrop();
  $("filter-severity").addEventListener("change", () => {
    shown = PAGE;
    renderFindings();
  });
  $("filter-case").addEventListener("change", () => {
    shown = PAGE;
    renderFindings();
  });
  $("more-findings").addEventListener("click", () => {
    shown += PAGE * 5;
    renderFindings();
  });
  $("all-cases").addEventListener("change", (ev) => {
    document.querySelectorAll(".pick-case:not(:disabled)").forEach((b) => (b.checked = ev.target.checked));
  });
  for (const b of document.querySelectorAll(".actions button")) {
    b.addEventListener("click", () => startJob(b.dataset.kind, b));
  }
  $("clear").addEventListener("click", async () => {
    try {
      await api("/api/clear", { method: "POST" });
      $("file-list").replaceChildren();
      $("job").hidden = true;
      $("step-preview").hidden = true;
      $("preview").removeAttribute("src");
      status("入力ファイルと作ったファイルをすべて消去しました。");
      render({ check: null, case_list: [] });
    } catch (e) {
      status(e.message, true);
    }
  });
  try {
    render(await api("/api/state"));
  } catch (e) {
    status(e.message, true);
  }
});
