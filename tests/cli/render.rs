//! `cmsheets render`: the four forms of the samples hold every label of the seed's forms and the
//! case's values; data is printed literally; long tables spill onto more pages; output is
//! byte-identical run to run.

use crate::common::*;

/// Labels of each form in the seed's wording (compared without white space).
const QUESTIONNAIRE: &[&str] = &[
    "支援ニーズに関するアンケート",
    "記入日",
    "氏名",
    "生活上の希望または困っていることは何ですか",
    "下のA1からO2までの項目について、左の選択肢からあてはまる内容を選び、〇をつけてください",
    "住居のことで悩んでいる・困っている",
    "経済的に悩んでいる・困っている",
    "18歳以下の子供の養育のことで悩んでいる・困っている",
    "食事のこと（料理、外食、食事の購入など）ことで悩んでいる・困っている",
    "読み書き、計算等のことで悩んでいる・困っている",
    "適切な日中の時間の過ごし方（仕事や学校のことを含む）で悩んでいる・困っている",
    "家族以外との社会的交流のことで悩んでいる・困っている",
    "幻覚、妄想、考えがまとまらない等のことで悩んでいる・困っている",
    "性に関係する問題で悩んでいる・困っている",
    "治療や処遇について情報がない、または理解が難しくて悩んでいる・困っている",
    "処方薬依存・乱用を含む薬物関連のことで悩んでいる・困っている",
    "衝動性や強迫行為、こだわりが強すぎる等のことで悩んでいる・困っている",
    "その他1",
    "その他2",
];
const PLAN: &[&str] = &[
    "支援計画シート", "作成日", "次回見直し予定時期", "本人氏名", "マネジメント担当者", "私の長期目標",
    "本人の希望を「～したい」という表現で記述することが推奨される", "今回の支援計画における短期目標", "モニタリング（初回は不要）",
    "実施日＆評価時期", "更新/モニタリング", "セッティング", "具体的内容、場所、特記、前回の評価内容など", "入院中", "退院直後",
    "CM導入時", "作成/更新", "微修正", "モニタリング（内容の確認）", "個別面接", "ケア会議等", "参加者と外部機関の参加状況",
    "同僚・上司", "当該医療機関職員", "地域援助事業者", "行政機関の職員", "CM=ケースマネジメント", "ニーズ/課題への対応",
    "何を（本人）", "何を（支援者）", "支援者（機関名・担当者名・連絡先）", "評価",
    "支援計画見直し（モニタリング）時に、本人と一緒に評価：終結「◎」、円滑に取り組みができている「〇」、取り組み中だが課題がある「△」、取り組み中止/取り組み困難等「×」",
    "作成番号",
];
const SUBTOOL: &[&str] = &[
    "支援計画シート（追加項目：補助ツール）",
    "私が頼りにしている人",
    "私を応援してくれる人",
    "関係性",
    "イ：父母",
    "ロ：きょうだい",
    "ハ：妻/夫",
    "ニ：それ以外の家族/親族",
    "ホ：友人等",
    "ヘ：同僚",
    "ト：医療機関の職員",
    "チ：地域援助事業者",
    "リ：行政機関の職員",
    "ヌ：",
    "主な支援場所",
    "自宅訪問",
    "職場・学校等の活動場訪問",
    "医療機関",
    "支援頻度",
    "訪問支援の頻度",
    "支援を受けることが難しくなった場合",
    "支援者にしてほしいこと/してもよいこと",
    "連絡してもよい人1",
    "連絡してもよい人2",
    "連絡先",
    "その他のサービス",
    "機関名（担当者名）",
    "具体的な内容および特記",
    "相談支援",
    "学校/職場での支援",
    "有",
    "無",
];
const CRISIS: &[&str] = &[
    "クライシスプラン",
    "日常的なサポーター（援助者・支援者）や相談先",
    "名前・機関",
    "連絡先",
    "関係・役割",
    "調子が悪くなってきたサイン",
    "自分でわかるサイン",
    "まわりの人が気づくサイン",
    "サインに気づいたときにすること",
    "自分がすること",
    "まわりの人がすること",
];

fn labels(form: &str) -> &'static [&'static str] {
    match form {
        "questionnaire" => QUESTIONNAIRE,
        "plan" => PLAN,
        "subtool" => SUBTOOL,
        _ => CRISIS,
    }
}

fn render(args: &[&str]) -> (tempfile::TempDir, std::process::Output) {
    let dir = tempdir();
    let mut all: Vec<String> = vec![
        "render".into(),
        "-o".into(),
        dir.path().to_str().unwrap().into(),
        "--as-of".into(),
        AS_OF.into(),
        "-q".into(),
    ];
    all.extend(args.iter().map(|a| a.to_string()));
    let out = cmsheets(&all);
    (dir, out)
}

/// Strings of a form's JSON that the PDF must show (the case's own values).
fn printed_values(json: &serde_json::Value, out: &mut Vec<String>) {
    match json {
        serde_json::Value::String(s) if s.chars().count() >= 2 && !s.starts_with("cmsheets") => {
            out.push(s.clone())
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| printed_values(v, out)),
        serde_json::Value::Object(o) => {
            for (k, v) in o {
                // Keys that are metadata or codes, not printed text.
                if !matches!(
                    k.as_str(),
                    "form"
                        | "doc_title"
                        | "label"
                        | "code"
                        | "answer"
                        | "unit"
                        | "id"
                        | "group"
                        | "heading"
                        | "title"
                ) {
                    printed_values(v, out);
                }
            }
        }
        _ => {}
    }
}

#[test]
fn every_form_shows_the_seed_labels_and_the_case_values() {
    if !have("pdftotext") {
        return;
    }
    let json = tempdir();
    let (dir, out) = render(&[
        sample("intake.xlsx").to_str().unwrap(),
        "--emit-json",
        json.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json_dir = json.path();
    let mut checked = 0;
    for case in ["MN-2024-001", "CH-2024-002", "HB-2024-004", "MN-2025-006"] {
        for form in ["questionnaire", "plan", "subtool", "crisis"] {
            let pdf = dir.path().join(case).join(format!("{form}.pdf"));
            if !pdf.exists() {
                continue;
            }
            let text = squash(&pdf_text(&pdf, None).unwrap());
            for label in labels(form) {
                assert!(
                    text.contains(&squash(label)),
                    "{case}/{form}: label 「{label}」 missing"
                );
            }
            let json: serde_json::Value = serde_json::from_slice(
                &std::fs::read(json_dir.join(case).join(format!("{form}.json"))).unwrap(),
            )
            .unwrap();
            let mut values = Vec::new();
            printed_values(&json, &mut values);
            for v in values {
                assert!(
                    text.contains(&squash(&v)),
                    "{case}/{form}: value 「{v}」 not printed"
                );
            }
            assert!(text.contains(case), "{case}/{form}: ケースID in the footer");
            checked += 1;
        }
    }
    std::fs::remove_dir_all(json_dir).ok();
    assert!(checked >= 14, "only {checked} forms checked");
}

#[test]
fn file_names_use_case_ids_never_names() {
    let (dir, out) = render(&[sample("intake.xlsx").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let names: Vec<String> = tree(dir.path()).into_keys().collect();
    assert!(names.iter().all(|n| n.is_ascii()), "{names:?}");
    assert!(
        names.contains(&"MN-2024-001/plan.pdf".to_string()),
        "{names:?}"
    );
    // HB-2025-005 has neither questionnaire nor crisis plan: those forms are not written.
    assert!(!names.iter().any(|n| n.starts_with("HB-2025-005/crisis")));
}

#[test]
fn same_input_gives_byte_identical_pdfs() {
    let (a, _) = render(&[
        sample("intake.xlsx").to_str().unwrap(),
        "--case",
        "CH-2024-002",
        "--jobs",
        "1",
    ]);
    let (b, _) = render(&[
        sample("csv").to_str().unwrap(),
        "--case",
        "CH-2024-002",
        "--jobs",
        "2",
    ]);
    let (ta, tb) = (tree(a.path()), tree(b.path()));
    assert_eq!(ta.len(), 4);
    assert!(ta == tb, "PDFs differ between runs/formats");
}

#[test]
fn options_select_forms_cases_and_versions() {
    let (dir, out) = render(&[
        sample("intake.xlsx").to_str().unwrap(),
        "--forms",
        "plan,crisis",
        "--case",
        "MN-2024-001,CH-2025-003",
        "--plan",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let names: Vec<String> = tree(dir.path()).into_keys().collect();
    assert_eq!(
        names,
        [
            "CH-2025-003/crisis.pdf",
            "CH-2025-003/plan.pdf",
            "MN-2024-001/crisis.pdf",
            "MN-2024-001/plan.pdf"
        ]
    );
    if have("pdftotext") {
        let text = squash(&pdf_text(&dir.path().join("MN-2024-001/plan.pdf"), None).unwrap());
        assert!(
            text.contains("作成番号：1") || text.contains("作成番号1"),
            "{text}"
        );
    }
    let (_, out) = render(&[sample("intake.xlsx").to_str().unwrap(), "--case", "NO-SUCH"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("NO-SUCH"));
}

#[test]
fn blank_forms_print_without_input() {
    let (dir, out) = render(&["--blank"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for form in ["questionnaire", "plan", "subtool", "crisis"] {
        let pdf = dir.path().join("blank").join(format!("{form}.pdf"));
        assert!(pdf.exists(), "{form}");
        if let Some(text) = pdf_text(&pdf, None) {
            let text = squash(&text);
            for label in labels(form) {
                assert!(
                    text.contains(&squash(label)),
                    "blank {form}: 「{label}」 missing"
                );
            }
        }
    }
}

#[test]
fn cases_with_errors_are_skipped_and_listed() {
    let (dir, out) = render(&[sample("invalid/intake.xlsx").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("IV-001") && err.contains("IV-003"), "{err}");
    assert!(tree(dir.path()).is_empty());
}

/// Whatever a field holds reaches Typst as data and prints literally.
#[test]
fn markup_in_fields_prints_literally() {
    let input = tempdir();
    let nasty = r#"#read("/etc/passwd") $x$ *a* ] <l> @r \ #import "@preview/x:0.1.0" _u_ `c`"#;
    synthetic_case(input.path(), "INJ-1", nasty, &[nasty.to_string()]);
    let (dir, out) = render(&[input.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    if !have("pdftotext") {
        return;
    }
    for form in ["questionnaire", "plan", "subtool", "crisis"] {
        let text = pdf_text(&dir.path().join("INJ-1").join(format!("{form}.pdf")), None).unwrap();
        assert!(squash(&text).contains(&squash(nasty)), "{form}: {text}");
        assert!(!text.contains("root:x:0:0"), "{form} read a file");
    }
}

#[test]
fn long_text_and_many_needs_spill_onto_more_pages() {
    if !have("pdftotext") {
        return;
    }
    let input = tempdir();
    let long: String = "長い文章のテスト。"
        .repeat(1112)
        .chars()
        .take(10_000)
        .collect();
    let mut needs: Vec<String> = (1..=60)
        .map(|i| format!("ニーズ番号{i:02}の内容"))
        .collect();
    needs.push(long.clone());
    synthetic_case(input.path(), "LONG-1", "普通の記入", &needs);
    let (dir, out) = render(&[input.path().to_str().unwrap(), "--forms", "plan"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pdf = dir.path().join("LONG-1/plan.pdf");
    let pages = page_count(&pdf).unwrap();
    assert!(
        pages >= 4,
        "61 needs and 10,000 characters on {pages} pages"
    );
    let all = squash(&pdf_text(&pdf, None).unwrap());
    for i in 1..=60 {
        assert!(
            all.contains(&format!("ニーズ番号{i:02}の内容")),
            "need {i} lost"
        );
    }
    // Page breaks put footers inside the long cell's text, so count its sentences instead.
    let sentences = |t: &str| t.matches("長い文章のテスト。").count();
    let printed = all.matches('。').count();
    assert_eq!(
        printed,
        long.matches('。').count() + sentences(""),
        "the 10,000-character need is cut"
    );
    assert!(sentences(&all) > 1000);
    // The needs table continues with its header repeated.
    let later = squash(&pdf_text(&pdf, Some((pages as u32 - 1, pages as u32 - 1))).unwrap());
    assert!(
        later.contains("ニーズ/課題") && later.contains("何を（本人）"),
        "{later}"
    );
    assert!(
        later.contains(&format!("{}/{}", pages - 1, pages)),
        "page numbers n / m: {later}"
    );
}

/// Every free-text cell of every form holding 1,500 numbered sentences: the cells with a
/// minimum height (goals, wishes, names, agencies, crisis lines) must break across pages like
/// the others, so each field prints its last sentence as often as its first.
#[test]
fn long_values_in_minimum_height_cells_are_not_cut() {
    if !have("pdftotext") {
        return;
    }
    let input = tempdir();
    let long: String = (1..=1500).map(|i| format!("第{i:04}文。")).collect();
    synthetic_case(input.path(), "LONG-2", &long, &["短いニーズ".to_string()]);
    let (dir, out) = render(&[input.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for form in ["questionnaire", "plan", "subtool", "crisis"] {
        let pdf = dir.path().join("LONG-2").join(format!("{form}.pdf"));
        let all = squash(&pdf_text(&pdf, None).unwrap());
        let first = all.matches("第0001文。").count();
        let last = all.matches("第1500文。").count();
        assert!(first > 0, "{form}: the long value is not printed");
        assert_eq!(last, first, "{form}: a long value is cut");
    }
}

#[test]
fn pdfa_on_request() {
    let (dir, out) = render(&[
        sample("intake.xlsx").to_str().unwrap(),
        "--case",
        "CH-2025-003",
        "--forms",
        "crisis",
        "--pdfa",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let bytes = std::fs::read(dir.path().join("CH-2025-003/crisis.pdf")).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains("pdfaid:part") || text.contains("pdfaid"),
        "no PDF/A identification"
    );
}

#[test]
fn emit_json_alone_needs_no_pdf() {
    let dir = tempdir();
    let out = cmsheets([
        "render",
        sample("csv").to_str().unwrap(),
        "--emit-json",
        dir.path().to_str().unwrap(),
        "--case",
        "HB-2024-004",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let files: Vec<String> = tree(dir.path()).into_keys().collect();
    assert_eq!(
        files,
        [
            "HB-2024-004/crisis.json",
            "HB-2024-004/plan.json",
            "HB-2024-004/questionnaire.json"
        ]
    );
    let plan: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("HB-2024-004/plan.json")).unwrap())
            .unwrap();
    assert_eq!(plan["form"], "plan");
    assert_eq!(plan["case_id"], "HB-2024-004");
    assert!(plan["needs"].as_array().unwrap().len() >= 4);
    assert!(!plan["doc_title"]
        .as_str()
        .unwrap()
        .contains(plan["name"].as_str().unwrap()));
}

/// A deployment's wording: answer headings and western dates, by flag or environment.
#[test]
fn deployment_settings_reach_the_templates() {
    let dir = tempdir();
    let out = cmsheets_command()
        .args([
            "render",
            sample("csv").to_str().unwrap(),
            "--emit-json",
            dir.path().to_str().unwrap(),
            "--case",
            "HB-2024-004",
            "-q",
        ])
        .args(["--answer-headings", "支援あり,支援なし,問題なし,不明"])
        .env("CMSHEETS_DATE_STYLE", "western")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let q: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("HB-2024-004/questionnaire.json")).unwrap(),
    )
    .unwrap();
    let headings: Vec<&str> = q["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["heading"].as_str().unwrap())
        .collect();
    assert_eq!(headings, ["支援あり", "支援なし", "問題なし", "不明"]);
    assert!(
        q["date"].as_str().unwrap().starts_with("20"),
        "{}",
        q["date"]
    );
}

/// 西暦併記 and 1年 as the office sets them: the plan's 作成日 prints whole, wrapping only between
/// the year and the day.
#[test]
fn dates_print_in_the_office_style() {
    if !have("pdftotext") {
        return;
    }
    let (dir, out) = render(&[
        sample("intake.xlsx").to_str().unwrap(),
        "--case",
        "CH-2024-002",
        "--forms",
        "plan",
        "--date-style",
        "西暦併記",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text: String = squash(&pdf_text(&dir.path().join("CH-2024-002/plan.pdf"), None).unwrap())
        .chars()
        .filter(|c| *c != '\u{2060}')
        .collect();
    assert!(text.contains("令和7年（2025年）6月20日"), "{text}");
}

/// The PDF writer is krilla with a patched deflate (vendor/README.md: level 1, one encoder per
/// thread, reset for each stream). Every stream it writes must still decode (qpdf decodes them
/// all), and must still be compressed: the same PDF with its streams stored uncompressed is at
/// least a quarter larger (measured: 1.5–2×; the CJK font subsets compress least).
#[test]
fn every_stream_of_the_patched_pdf_writer_decodes_and_is_compressed() {
    if !have("qpdf") {
        return;
    }
    let (dir, out) = render(&[
        sample("intake.xlsx").to_str().unwrap(),
        "--case",
        "MN-2024-001",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pdfs = tree(dir.path());
    // MN-2024-001 has no 補助ツール: three forms.
    assert_eq!(pdfs.len(), 3, "{:?}", pdfs.keys());
    for name in pdfs.keys() {
        let pdf = dir.path().join(name);
        let check = std::process::Command::new("qpdf")
            .arg("--check")
            .arg(&pdf)
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&check.stdout);
        assert!(
            check.status.success() && report.contains("No syntax or stream encoding errors"),
            "{name}: {report}{}",
            String::from_utf8_lossy(&check.stderr)
        );
        let stored = dir.path().join("stored.pdf");
        let status = std::process::Command::new("qpdf")
            .args(["--stream-data=uncompress", "--object-streams=disable"])
            .arg(&pdf)
            .arg(&stored)
            .status()
            .unwrap();
        assert!(status.success(), "{name}: qpdf could not uncompress it");
        let (compressed, uncompressed) = (
            std::fs::metadata(&pdf).unwrap().len(),
            std::fs::metadata(&stored).unwrap().len(),
        );
        std::fs::remove_file(&stored).unwrap();
        assert!(
            uncompressed * 4 >= compressed * 5,
            "{name}: {compressed} bytes compressed, {uncompressed} uncompressed"
        );
    }
}
