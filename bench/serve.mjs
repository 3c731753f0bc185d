// The page's figures (issue 28): what an office feels in `cmsheets serve`, measured over HTTP as
// the page sends it, each against its reference in the same run. Run by bench/serve.sh:
//   node bench/serve.mjs <cmsheets> <folder of 様式ブック> <folder of intake CSV (many rows)> <基準日> <work>
// Prints one JSON line: the figures in milliseconds.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const [bin, booksDir, rowsDir, asOf, work] = process.argv.slice(2);
const tmp = path.join(work, "serve-tmp");
fs.mkdirSync(tmp, { recursive: true });

function start(extra = []) {
  const proc = spawn(bin, ["serve", "--no-open", "--port", "0", "--as-of", asOf, ...extra], {
    env: { ...process.env, TMPDIR: tmp },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((ok, fail) => {
    let out = "";
    proc.stdout.on("data", (d) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\w+)/.exec(out);
      if (m) ok({ proc, port: m[1], token: m[2] });
    });
    proc.on("exit", (code) => fail(new Error(`serve ended (${code})`)));
  });
}

async function session(server) {
  const base = `http://127.0.0.1:${server.port}`;
  const r = await fetch(`${base}/?token=${server.token}`, { redirect: "manual" });
  const cookie = r.headers.get("set-cookie").split(";")[0];
  const headers = { Cookie: cookie, Origin: base };
  return {
    base,
    headers,
    async upload(files, query = "") {
      const form = new FormData();
      for (const [name, bytes] of files) form.append("file", new Blob([bytes]), name);
      const t = performance.now();
      const res = await fetch(`${base}/api/upload${query}`, { method: "POST", headers, body: form });
      const body = await res.json();
      if (!res.ok) throw new Error(body.error);
      return [performance.now() - t, body];
    },
    async get(p) {
      const t = performance.now();
      const res = await fetch(`${base}${p}`, { headers });
      const bytes = Buffer.from(await res.arrayBuffer());
      if (!res.ok) throw new Error(`${p}: ${res.status} ${bytes}`);
      return [performance.now() - t, bytes];
    },
  };
}

const files = (dir, prefix) =>
  fs
    .readdirSync(dir)
    .filter((n) => /\.(xlsx|csv)$/.test(n))
    .sort()
    .map((n) => [`${prefix}${n}`, fs.readFileSync(path.join(dir, n))]);

function timeCli(args) {
  const t = performance.now();
  const r = spawnSync(bin, args, { stdio: ["ignore", "ignore", "pipe"] });
  if (r.status > 1) throw new Error(`${args.join(" ")}: ${r.stderr}`);
  return performance.now() - t;
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const result = {};

// 1. A set of 様式ブック: the first upload, then one fixed file picked again (three times).
{
  const server = await start();
  const s = await session(server);
  const books = files(booksDir, "事業所/");
  result.books = books.length;
  const [first, state] = await s.upload(books);
  result.books_first_upload_ms = first;
  result.books_cases = state.check.cases;
  const repicks = [];
  for (let i = 0; i < 3; i++) {
    const [ms, again] = await s.upload([books[i * 7]]);
    if (again.replaced !== 1) throw new Error("a re-pick was not a replacement");
    repicks.push(ms);
  }
  result.books_repick_ms = median(repicks);
  // The CLI reading the same set, for scale.
  result.books_cli_check_ms = timeCli(["check", booksDir, "--as-of", asOf]);

  // 2. A preview: one case's plan sheet, after the set is read (three cases, the median).
  const ids = state.case_list.filter((c) => c.status === "ok").map((c) => c.case_id);
  const previews = [];
  for (const id of ids.slice(0, 3)) {
    const [ms, pdf] = await s.get(`/api/preview?case=${encodeURIComponent(id)}&form=plan`);
    if (!pdf.subarray(0, 4).equals(Buffer.from("%PDF"))) throw new Error("not a PDF");
    previews.push(ms);
  }
  result.preview_ms = median(previews);
  // The state a reload reads for the whole set.
  result.books_state_ms = (await s.get("/api/state"))[0];
  server.proc.kill("SIGTERM");
}

// 3. A large intake (CSV files): checked from the page vs `cmsheets check`; then Ctrl+C during a
//    check of it, and the folder it leaves (none).
{
  const intake = files(rowsDir, "大規模/");
  const cli = [];
  for (let i = 0; i < 3; i++) cli.push(timeCli(["check", rowsDir, "--as-of", asOf]));
  result.rows_cli_check_ms = median(cli);
  // A million need rows with their texts are some 900 MB of CSV: over the page's default limit.
  const server = await start(["--max-upload-mb", "4096"]);
  const s = await session(server);
  // Three times from an empty page (すべて消去 between): the median, as for the command line.
  const page = [];
  let state;
  for (let i = 0; i < 3; i++) {
    await fetch(`${s.base}/api/clear`, { method: "POST", headers: s.headers });
    let ms;
    [ms, state] = await s.upload(intake);
    page.push(ms);
  }
  result.rows_page_check_ms = median(page);
  result.rows_mb = intake.reduce((n, [, b]) => n + b.length, 0) / (1 << 20);
  result.rows_cases = state.check.cases;
  result.rows_state_ms = (await s.get("/api/state"))[0];

  // A second file added mid-way through a check: Ctrl+C then.
  const pending = s.upload([[`別/${intake[0][0].split("/")[1]}`, intake[0][1]]], "?mode=add").catch(() => null);
  await new Promise((ok) => setTimeout(ok, 300));
  const t = performance.now();
  server.proc.kill("SIGINT");
  await new Promise((ok) => server.proc.on("exit", ok));
  result.interrupt_exit_ms = performance.now() - t;
  await pending;
  result.folders_left = fs.readdirSync(tmp).filter((n) => n.startsWith("cmsheets-serve-")).length;
}

console.log(JSON.stringify(result));
