//! 様式ブック: one person's form-shaped workbook, read by the forms' labels and written like the
//! paper. The fixtures come from office software (scripts/make-formbook-fixtures.sh): layouts an
//! office typed itself, cmsheets' own books re-saved by LibreOffice as xlsx and ods, and an .xls.

use crate::common::*;
use std::path::Path;

/// The print data of every case and form (render --emit-json): what the PDFs are made from.
fn emitted(inputs: &[&Path]) -> std::collections::BTreeMap<String, Vec<u8>> {
    let dir = tempdir();
    let mut args: Vec<std::ffi::OsString> = vec![
        "render".into(),
        "--as-of".into(),
        AS_OF.into(),
        "--emit-json".into(),
        dir.path().into(),
        "-q".into(),
    ];
    args.extend(inputs.iter().map(|p| p.as_os_str().to_owned()));
    let out = cmsheets(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    tree(dir.path())
}

/// The blank 様式ブック (`template --form`) at `path`.
fn blank_formbook(path: &Path) {
    let out = cmsheets([
        "template".as_ref(),
        "--form".as_ref(),
        "-o".as_ref(),
        path.as_os_str(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
}

fn books_of(inputs: &[&Path], dir: &Path) {
    let mut args: Vec<std::ffi::OsString> = vec![
        "template".into(),
        "--form".into(),
        "--as-of".into(),
        AS_OF.into(),
        "-o".into(),
        dir.into(),
        "--from".into(),
    ];
    args.extend(inputs.iter().map(|p| p.as_os_str().to_owned()));
    let out = cmsheets(&args);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// The fields of one record of `render --emit-json`'s data for a case and form.
fn json(map: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> serde_json::Value {
    let bytes = map
        .get(path)
        .unwrap_or_else(|| panic!("{path} not in {:?}", map.keys().collect::<Vec<_>>()));
    serde_json::from_slice(bytes).unwrap()
}

#[test]
fn tabular_to_formbooks_and_back_keeps_every_record() {
    let tabular = sample("intake.xlsx");
    let books = tempdir();
    books_of(&[&tabular], books.path());
    let names: Vec<String> = std::fs::read_dir(books.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 6, "{names:?}");
    assert!(names.contains(&"CH-2024-002.xlsx".to_string()));
    // The books check as cleanly as the intake they came from, and print the same data.
    let (_, from_tabular) = check_json(&[&tabular]);
    let (_, from_books) = check_json(&[books.path()]);
    assert_eq!(from_books["cases"], from_tabular["cases"]);
    assert_eq!(
        from_books["errors"],
        from_tabular["errors"],
        "{:#?}",
        codes_at(&from_books)
    );
    assert_eq!(emitted(&[books.path()]), emitted(&[&tabular]));
    // And back to the tabular intake: the same records again.
    let back = tempdir();
    let intake = back.path().join("intake.xlsx");
    let out = cmsheets([
        "convert".as_ref(),
        books.path().as_os_str(),
        "-o".as_ref(),
        intake.as_os_str(),
        "--as-of".as_ref(),
        AS_OF.as_ref(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(emitted(&[&intake]), emitted(&[&tabular]));
    let (_, again) = check_json(&[&intake]);
    assert_eq!(codes_at(&again).len(), codes_at(&from_tabular).len());
}

#[test]
fn a_formbook_folder_prints_the_same_pdfs_as_the_tabular_intake() {
    let tabular = sample("intake.xlsx");
    let books = tempdir();
    books_of(&[&tabular], books.path());
    let render = |input: &Path| {
        let dir = tempdir();
        let out = cmsheets([
            "render".as_ref(),
            input.as_os_str(),
            "-o".as_ref(),
            dir.path().as_os_str(),
            "--as-of".as_ref(),
            AS_OF.as_ref(),
            "-q".as_ref(),
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        tree(dir.path())
    };
    let a = render(&tabular);
    assert!(a.len() >= 6, "{:?}", a.keys());
    assert_eq!(render(books.path()), a, "PDFs differ");
}

#[test]
fn libreoffice_resaves_of_the_written_book_read_the_same() {
    let tabular = sample("intake.xlsx");
    let books = tempdir();
    books_of(&[&tabular], books.path());
    let ours = emitted(&[&books.path().join("CH-2024-002.xlsx")]);
    for fixture in ["formbook/lo-filled.xlsx", "formbook/lo-filled.ods"] {
        let (_, report) = check_json(&[&crate::common::fixture(fixture)]);
        assert_eq!(report["errors"], 0, "{fixture}: {:#?}", codes_at(&report));
        assert_eq!(
            emitted(&[&crate::common::fixture(fixture)]),
            ours,
            "{fixture}"
        );
    }
}

#[test]
fn a_layout_an_office_typed_itself_reads_field_by_field() {
    for fixture in ["formbook/office-a.xlsx", "formbook/office-a.xls"] {
        let path = crate::common::fixture(fixture);
        let (_, report) = check_json(&[&path]);
        let errors: Vec<_> = codes_at(&report)
            .into_iter()
            .filter(|(c, _)| c.starts_with('E'))
            .collect();
        assert!(errors.is_empty(), "{fixture}: {errors:#?}");
        assert_eq!(report["cases"], 1);
        let data = emitted(&[&path]);
        let q = json(&data, "OF-001/questionnaire.json");
        assert_eq!(
            q["date"], "令和6年9月2日",
            "{fixture}: date typed across 年・月・日"
        );
        assert_eq!(q["wishes"], "一人暮らしを続けたい");
        let plan = json(&data, "OF-001/plan.json");
        // The latest version (the Excel copy 「支援計画シート (2)」, 作成番号：２).
        assert_eq!(plan["plan_no"], 2, "{fixture}: {plan}");
        assert_eq!(plan["created"], "令和6年12月2日");
        assert_eq!(plan["review_due"], "令和7年3月1日");
        assert_eq!(plan["long_goal"], "仕事に就きたい");
        assert_eq!(plan["needs"][0]["evaluation"], "△");
        let crisis = json(&data, "OF-001/crisis.json");
        assert_eq!(crisis["created"], "令和6年9月2日");
        assert_eq!(crisis["self_signs"][0], "眠れない");
        assert_eq!(crisis["self_signs"][1], "食欲がない");
        assert_eq!(crisis["others_actions"][0], "声をかける");
        assert_eq!(crisis["supporters"][0]["contact"], "090-0000-0000");
    }
}

#[test]
fn version_one_of_an_office_layout_keeps_its_monitoring_and_participants() {
    let dir = tempdir();
    let path = crate::common::fixture("formbook/office-a.xlsx");
    let out = cmsheets([
        "render".as_ref(),
        path.as_os_str(),
        "--plan".as_ref(),
        "1".as_ref(),
        "--forms".as_ref(),
        "plan,questionnaire".as_ref(),
        "--emit-json".as_ref(),
        dir.path().as_os_str(),
        "--as-of".as_ref(),
        AS_OF.as_ref(),
        "-q".as_ref(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let data = tree(dir.path());
    let plan = json(&data, "OF-001/plan.json");
    let m = &plan["monitoring"][0];
    assert_eq!(m["date"], "令和6年10月1日");
    assert_eq!(m["timing"]["cm_after"], true, "{m}");
    assert_eq!(m["timing"]["cm_after_months"], 1);
    assert_eq!(m["kind"]["monitoring"], true);
    assert_eq!(m["setting"]["individual"], true, "a ✓ in a cell of its own");
    let p = &plan["participants"];
    assert_eq!(p["self"], true);
    assert_eq!(p["doctor"], true);
    assert_eq!(p["family"]["count"], 2, "full-width 「２」 in the blank");
    assert_eq!(p["government"]["count"], 1);
    assert_eq!(p["friend"]["checked"], false);
    assert_eq!(plan["needs"][0]["evaluation"], "〇");
    assert_eq!(plan["needs"][1]["supporter"], "みなとクリニック");
    let q = json(&data, "OF-001/questionnaire.json");
    let text = q.to_string();
    assert!(text.contains("電話のこと"), "O1's その他 text: {text}");
}

#[test]
fn mistakes_only_forms_have_get_their_own_codes_at_the_forms_cells() {
    let (status, report) = check_json(&[&crate::common::fixture("formbook/office-errors.xlsx")]);
    assert_eq!(status, 1);
    let found = codes_at(&report);
    let has = |code: &str, at: &str| found.iter().any(|(c, l)| c == code && l == at);
    assert!(
        has("E501", "office-errors.xlsx › アンケート › D6"),
        "two answers in A1: {found:#?}"
    );
    assert!(
        has("E502", "office-errors.xlsx › アンケート › E7"),
        "△ is no mark: {found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|(c, l)| c == "E503" && l == "office-errors.xlsx › 支援計画シート"),
        "次回見直し予定時期 missing: {found:#?}"
    );
    assert!(
        has("E505", "office-errors.xlsx › 支援計画シート (2) › A10"),
        "作成番号 1 twice: {found:#?}"
    );
    // No personal value in any message.
    let messages: String = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    for personal in ["田中", "家で過ごしたい", "散歩"] {
        assert!(!messages.contains(personal), "{personal} in {messages}");
    }
    let missing = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "E503")
        .unwrap();
    assert!(missing["message"]
        .as_str()
        .unwrap()
        .contains("次回見直し予定時期"));
}

#[test]
fn the_blank_formbook_prints_like_the_paper_and_reads_as_empty() {
    let dir = tempdir();
    let path = dir.path().join("様式.xlsx");
    blank_formbook(&path);
    let bytes = std::fs::read(&path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut sheet = |n: usize| {
        let mut s = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name(&format!("xl/worksheets/sheet{n}.xml")).unwrap(),
            &mut s,
        )
        .unwrap();
        s
    };
    let plan = sheet(3);
    assert!(
        plan.contains(r#"orientation="landscape""#),
        "the plan sheet prints landscape"
    );
    assert!(plan.contains(r#"paperSize="9""#), "A4");
    assert!(plan.contains("<sheetProtection"), "protected");
    assert!(!plan.contains("password"), "without a password");
    assert!(
        plan.contains("fitToWidth") || plan.contains(r#"fitToPage="1""#),
        "fit to width"
    );
    assert!(plan.contains("<dataValidation"), "dropdowns");
    let questionnaire = sheet(2);
    assert!(questionnaire.contains(r#"paperSize="9""#) && !questionnaire.contains("landscape"));
    // A blank book names no case: check says so, and reads no form filled with blanks.
    let (_, report) = check_json(&[&path]);
    let codes: Vec<String> = codes_at(&report).into_iter().map(|c| c.0).collect();
    assert_eq!(codes, vec!["E503".to_string()], "{codes:?}");
}

/// The records a book reads as, sheet by sheet (`convert --csv`), without the headings.
fn records(path: &Path) -> std::collections::BTreeMap<String, Vec<String>> {
    let dir = tempdir();
    let out = cmsheets([
        "convert".as_ref(),
        path.as_os_str(),
        "--csv".as_ref(),
        dir.path().as_os_str(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    tree(dir.path())
        .into_iter()
        .map(|(name, bytes)| {
            let text = String::from_utf8(bytes).unwrap();
            let rows: Vec<String> = text
                .trim_start_matches('\u{feff}')
                .lines()
                .skip(1)
                .map(String::from)
                .collect();
            (name.trim_end_matches(".csv").to_string(), rows)
        })
        .filter(|(_, rows)| !rows.is_empty())
        .collect()
}

fn expect_records(fixture: &str, expected: &[(&str, &[&str])]) {
    let got = records(&crate::common::fixture(fixture));
    let want: std::collections::BTreeMap<String, Vec<String>> = expected
        .iter()
        .map(|(sheet, rows)| {
            (
                sheet.to_string(),
                rows.iter().map(|r| r.to_string()).collect(),
            )
        })
        .collect();
    for (sheet, rows) in &want {
        assert_eq!(got.get(sheet), Some(rows), "{fixture}: sheet {sheet}");
    }
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>(),
        "{fixture}: sheets with records"
    );
    let (status, report) = check_json(&[&crate::common::fixture(fixture)]);
    assert_eq!(status, 0, "{fixture}: {:#?}", codes_at(&report));
    assert_eq!(report["warnings"], 0, "{fixture}: {:#?}", codes_at(&report));
}

#[test]
fn the_seeds_own_layout_reads_completely() {
    // Sheets named the office's way and found by their titles under 「様式第N号」; answer columns
    // left of the items; O1 across three cells, O2 inside its brackets; 頼りにしている人 three
    // slots to a row with the relationship typed inside 「関係性（ ）」; a blank pre-printed
    // monitoring block after a filled one; boxes ticked inline.
    for fixture in ["formbook/office-b.xlsx", "formbook/office-b.ods"] {
        expect_records(
            fixture,
            &[
                (
                    "アンケート",
                    &["OB-002,2024-10-01,働きたい。,2,1,,,,,,,,,,,2,,,,0,,,,,,,,,スマホの使い方,近所づきあい,2,0"],
                ),
                (
                    "ケース",
                    &["OB-002,髙橋 次郎,,東町,東町保健センター,伊藤 三郎,,,"],
                ),
                (
                    "ニーズ",
                    &[
                        "OB-002,1,1,働く場所を見つける,見学に行く,見学先を探す,東町相談支援センター 田中 03-0000-0000,〇,",
                        "OB-002,1,2,生活リズムを整える,朝9時に起きる,通所の声かけ,就労継続支援B型 みどり,△,",
                    ],
                ),
                (
                    "モニタリング",
                    &["OB-002,1,2025-01-10,CMヵ月後,2,モニタリング,,ケア会議等,,見学は済んだ。通所の曜日を相談した。,"],
                ),
                (
                    "支援計画",
                    &["OB-002,1,2024-10-01,2025-01-31,自分で稼いだお金で暮らしたい,就労継続支援事業所の見学に行く,有,,,,有,,1,,,,,,,,"],
                ),
                (
                    "補助ツール",
                    &["OB-002,1,自宅訪問、医療機関,,月2回,月1回,家に来て声をかけてほしい,兄,090-1111-2222,,,有,東町相談支援センター（田中）,月1回の面談,無,,,,,"],
                ),
                (
                    "頼りにしている人",
                    &[
                        "OB-002,1,髙橋 一郎,イ：父母,",
                        "OB-002,1,山本 さくら,ホ：友人等,",
                        "OB-002,1,市の保健師,リ：行政機関の職員,東町役場",
                        "OB-002,1,東町相談支援センター,チ：地域援助事業者,",
                    ],
                ),
            ],
        );
    }
}

#[test]
fn marks_in_cells_of_their_own_read_in_every_group() {
    // ✔ ● レ in the cell before the option: 評価時期 (「CM（ 2 ）ヵ月後」), 更新/モニタリング and
    // セッティング under headings that cover the option columns only, the participants, 主な支援場所,
    // the frequencies, the services' 有/無 (「有」 typed alone is chosen); the legend's label as the
    // relationship; a second monitoring block pre-printed and left empty is no monitoring.
    for fixture in [
        "formbook/office-c.xlsx",
        "formbook/office-c.xls",
        "formbook/office-c.xlsm",
    ] {
        expect_records(
            fixture,
            &[
                (
                    "クライシスプラン",
                    &[
                        "OC-003,2024-11-05,自分でわかるサイン,夜中に目が覚める,,,,,",
                        "OC-003,2024-11-05,まわりの人が気づくサイン,部屋から出てこない,,,,,",
                        "OC-003,2024-11-05,自分がすること,頓服を飲む,,,,,",
                        "OC-003,2024-11-05,まわりの人がすること,クリニックに電話する,,,,,",
                    ],
                ),
                ("ケース", &["OC-003,中村 美咲,,西町,,小林 四郎,,,"]),
                (
                    "ニーズ",
                    &[
                        "OC-003,1,1,買い物に行く,リストを作る,同行する,西町ヘルパーステーション,〇,",
                        "OC-003,1,2,通院を続ける,予約の日に行く,予約を確認する,西町クリニック,◎,",
                    ],
                ),
                (
                    "モニタリング",
                    &["OC-003,1,2025-02-10,CMヵ月後,2,モニタリング,,個別面接,,通院は続いている。買い物は母と一緒に行けた。,"],
                ),
                (
                    "支援計画",
                    &["OC-003,1,2024-11-05,2025-02-28,一人で買い物に行けるようになりたい,週1回スーパーに行く,有,1,,,有,,,,,,,,,,"],
                ),
                (
                    "日常的なサポーター",
                    &["OC-003,2024-11-05,中村 陽子,090-3333-4444,母"],
                ),
                (
                    "補助ツール",
                    &["OC-003,1,自宅訪問、医療機関,,週1回,月2回,電話で様子を聞いてほしい,母,090-3333-4444,,,有,西町相談室（佐藤）,計画相談,,,,有,,"],
                ),
                (
                    "頼りにしている人",
                    &[
                        "OC-003,1,中村 陽子,ニ：それ以外の家族/親族,",
                        "OC-003,1,西町ヘルパーステーション,チ：地域援助事業者,",
                    ],
                ),
            ],
        );
    }
}

#[test]
fn a_filled_cell_the_reader_cannot_place_is_reported_never_dropped() {
    // Every 様式ブック fixture and every book cmsheets writes: each filled cell is read, the
    // form's own text, or a W510; the clean ones have no W510.
    let books = tempdir();
    books_of(&[&sample("intake.xlsx")], books.path());
    let blank = books.path().join("blank.xlsx");
    blank_formbook(&blank);
    let mut inputs = vec![books.path().to_path_buf()];
    for f in [
        "office-a.xlsx",
        "office-a.xls",
        "office-b.xlsx",
        "office-b.ods",
        "office-c.xlsx",
        "office-c.xls",
        "office-c.xlsm",
        "lo-filled.xlsx",
        "lo-filled.ods",
        "office-errors.xlsx",
    ] {
        inputs.push(crate::common::fixture(&format!("formbook/{f}")));
    }
    // Layouts the generator found the reader getting wrong (tests/fixtures/formbook/layouts).
    for f in [
        "item-code-and-text-in-one-cell.xlsx",
        "blank-date-skeleton.xlsx",
        "crisis-sections-stacked.xlsx",
        "label-beside-supporters.xlsx",
        "answers-without-headings-left.xlsx",
        "answers-without-headings-joined.xlsx",
    ] {
        let path = crate::common::fixture(&format!("formbook/layouts/{f}"));
        let (status, report) = check_json(&[&path]);
        assert_eq!(status, 0, "{f}: {:#?}", codes_at(&report));
        inputs.push(path);
    }
    for input in &inputs {
        let (_, report) = check_json(&[input]);
        let unread: Vec<_> = codes_at(&report)
            .into_iter()
            .filter(|(c, _)| c == "W510")
            .collect();
        assert!(unread.is_empty(), "{}: {unread:#?}", input.display());
    }
    // What an office typed where the form has no field: each cell named, with its section, and
    // the value itself never echoed.
    let stray = crate::common::fixture("formbook/office-b-stray.xlsx");
    let (status, report) = check_json(&[&stray]);
    assert_eq!(status, 0, "warnings only");
    let w510 = findings_of(&report, "W510");
    let expected = [
        ("office-b-stray.xlsx › ニーズ調査 › L4", "記入日・氏名の欄"),
        ("office-b-stray.xlsx › 補助 › E3", "様式の上部"),
        (
            "office-b-stray.xlsx › 計画（令和6年10月） › M20",
            "参加者と外部機関の参加状況",
        ),
    ];
    assert_eq!(w510.len(), expected.len(), "{w510:#?}");
    for (at, section) in expected {
        let (_, message) = w510
            .iter()
            .find(|(l, _)| l == at)
            .unwrap_or_else(|| panic!("no W510 at {at}: {w510:#?}"));
        assert!(message.contains(section), "{message}");
        for value in ["電話で聞き取り", "旧番号", "要再確認"] {
            assert!(!message.contains(value), "{message}");
        }
    }
    // The name typed otherwise on the plan: W507 names both cells, and the value of neither.
    let w507: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "W507")
        .collect();
    assert_eq!(w507.len(), 1, "{w507:#?}");
    assert_eq!(
        w507[0]["location"]["text"],
        "office-b-stray.xlsx › 計画（令和6年10月） › C5"
    );
    let message = w507[0]["message"].as_str().unwrap();
    assert!(
        message.contains("office-b-stray.xlsx › ニーズ調査 › F4"),
        "{message}"
    );
    assert!(!message.contains("次郎"), "{message}");
    // The rest of the book reads as before.
    let mut clean = records(&crate::common::fixture("formbook/office-b.xlsx"));
    let mut with_stray = records(&stray);
    clean.remove("ケース");
    with_stray.remove("ケース");
    assert_eq!(clean, with_stray);
}

#[test]
fn a_supporters_name_is_never_the_persons() {
    // office-b's 補助ツール has 「氏名」 slots with supporters' names and no 本人氏名: no W507, and
    // the person's name is the plan's.
    let (_, report) = check_json(&[&crate::common::fixture("formbook/office-b.xlsx")]);
    assert!(
        codes_at(&report).iter().all(|(c, _)| c != "W507"),
        "{:#?}",
        codes_at(&report)
    );
    let cases = &records(&crate::common::fixture("formbook/office-b.xlsx"))["ケース"];
    assert!(cases[0].starts_with("OB-002,髙橋 次郎,"), "{cases:?}");
}

/// `cmsheets inspect`: a page per book, named by ケースID, every unread cell listed and outlined,
/// each read cell titled with its field; opened in a real Chromium.
#[test]
fn inspect_draws_how_each_cell_was_read() {
    let out = tempdir();
    let stray = crate::common::fixture("formbook/office-b-stray.xlsx");
    let run = cmsheets([
        "inspect".as_ref(),
        stray.as_os_str(),
        crate::common::fixture("formbook/office-c.xlsx").as_os_str(),
        "-o".as_ref(),
        out.path().as_os_str(),
    ]);
    assert_eq!(run.status.code(), Some(1), "unread cells: {}", stderr(&run));
    let pages = tree(out.path());
    assert_eq!(
        pages.keys().collect::<Vec<_>>(),
        ["OB-002_読み取り結果.html", "OC-003_読み取り結果.html"]
    );
    let html = String::from_utf8(pages["OB-002_読み取り結果.html"].clone()).unwrap();
    assert!(html.contains("読み取れなかった記入（3件）"), "{html}");
    assert!(html.contains("計画（令和6年10月） › 参加者と外部機関の参加状況 › M20"));
    assert!(
        html.contains("title=\"計画（令和6年10月） B8: 支援計画 › 私の長期目標\""),
        "the long-term goal's cell is titled with its field"
    );
    assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"));
    let clean = String::from_utf8(pages["OC-003_読み取り結果.html"].clone()).unwrap();
    assert!(clean.contains("読み取れなかった記入（0件）"));
    // Not a 様式ブック: said, and nothing written for it.
    let tabular = tempdir();
    let run = cmsheets([
        "inspect".as_ref(),
        sample("intake.xlsx").as_os_str(),
        "-o".as_ref(),
        tabular.path().as_os_str(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("様式ブック"), "{}", stderr(&run));

    let Some((chromium, browser_dir)) = browser() else {
        return;
    };
    let mut node = std::process::Command::new("node");
    node.arg(browser_dir.join("inspect.mjs"))
        .arg(out.path().join("OB-002_読み取り結果.html"))
        .env("CHROMIUM", &chromium);
    if let Some(shots) = std::env::var_os("CMSHEETS_SCREENSHOTS") {
        node.arg(Path::new(&shots).join("inspect.png"));
    }
    let seen = node.output().expect("node runs");
    assert!(
        seen.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&seen.stdout),
        String::from_utf8_lossy(&seen.stderr)
    );
    let seen: serde_json::Value = serde_json::from_slice(
        seen.stdout
            .split(|b| *b == b'\n')
            .rfind(|l| l.starts_with(b"{"))
            .expect("the script's JSON line"),
    )
    .unwrap();
    assert_eq!(seen["title"], "読み取り結果 OB-002");
    assert_eq!(seen["unread_listed"].as_array().unwrap().len(), 3, "{seen}");
    assert_eq!(seen["unread_cells"].as_array().unwrap().len(), 3, "{seen}");
    assert!(seen["field_titles"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t.as_str().unwrap().ends_with("頼りにしている人 › 氏名")));
    assert_eq!(seen["target_in_view"], true, "{seen}");
    assert_eq!(seen["target_outline"], "solid", "{seen}");
    assert_eq!(seen["tables"], 3);
    assert!(seen["spans"].as_u64().unwrap() > 10, "merges kept: {seen}");
    assert_eq!(seen["outside"].as_array().unwrap().len(), 0);
    assert_eq!(seen["errors"].as_array().unwrap().len(), 0, "{seen}");
}

/// A word on a PDF page and its box: (x0, y0, x1, y1, word).
type PlacedWord = (f64, f64, f64, f64, String);

/// Words of a PDF page by poppler's `pdftotext -bbox`, per page.
fn words_of(pdf: &Path) -> Vec<Vec<PlacedWord>> {
    let out = std::process::Command::new("pdftotext")
        .args(["-bbox".as_ref(), pdf.as_os_str(), "-".as_ref()])
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut pages: Vec<Vec<PlacedWord>> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with("<page") {
            pages.push(Vec::new());
        } else if let Some(rest) = line.strip_prefix("<word ") {
            let num = |key: &str| -> f64 {
                let at = rest.find(&format!("{key}=\"")).unwrap() + key.len() + 2;
                rest[at..at + rest[at..].find('"').unwrap()]
                    .parse()
                    .unwrap()
            };
            let word = rest[rest.find('>').unwrap() + 1..rest.rfind("</word>").unwrap()]
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"");
            if let Some(p) = pages.last_mut() {
                p.push((num("xMin"), num("yMin"), num("xMax"), num("yMax"), word));
            }
        }
    }
    pages
}

/// The books cmsheets writes (the blank one, one per sample case, and the drafts `draft` writes
/// for them), printed by LibreOffice:
/// no word printed over another on any page (two lines of one cell may touch: their boxes
/// overlap by the font's descent, so only overlaps of half a line or more count), and every
/// need of every case on paper.
#[test]
fn the_books_cmsheets_writes_print_without_text_over_text() {
    let soffice = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("soffice"))
            .find(|p| p.is_file())
    });
    if !require("soffice (LibreOffice)", soffice.is_some()) || !crate::common::have("pdftotext") {
        return;
    }
    let tmp = tempdir();
    let books = tmp.path().join("books");
    books_of(&[&sample("intake.xlsx")], &books);
    // And the books `draft` writes: every version and the next one drafted.
    let drafts = tmp.path().join("drafts");
    let out = cmsheets([
        "draft".as_ref(),
        books.as_os_str(),
        "-o".as_ref(),
        drafts.as_os_str(),
        "--meeting-date".as_ref(),
        "2025-12-10".as_ref(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let blank = books.join("blank.xlsx");
    blank_formbook(&blank);
    let mut xlsx: Vec<std::path::PathBuf> = std::fs::read_dir(&books)
        .unwrap()
        .chain(std::fs::read_dir(&drafts).unwrap())
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(
        xlsx.len(),
        6 + 1 + 3,
        "the books, the blank one and three drafts"
    );
    xlsx.sort();
    let pdfs = tmp.path().join("pdf");
    let profile = format!(
        "-env:UserInstallation=file://{}",
        tmp.path().join("profile").display()
    );
    let status = std::process::Command::new(soffice.unwrap())
        .args([
            &profile,
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(&pdfs)
        .args(&xlsx)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let needs = records(&sample("intake.xlsx"))["ニーズ"].clone();
    let mut pages = 0;
    let mut over: Vec<String> = Vec::new();
    for book in &xlsx {
        let pdf = pdfs.join(book.file_stem().unwrap()).with_extension("pdf");
        for (n, words) in words_of(&pdf).iter().enumerate() {
            pages += 1;
            for (i, a) in words.iter().enumerate() {
                for b in &words[i + 1..] {
                    let ox = a.2.min(b.2) - a.0.max(b.0);
                    let oy = a.3.min(b.3) - a.1.max(b.1);
                    let line = (a.3 - a.1).min(b.3 - b.1);
                    if ox > 1.0 && oy > 0.5 * line {
                        over.push(format!(
                            "{} p.{}: 「{}」 over 「{}」",
                            pdf.display(),
                            n + 1,
                            a.4,
                            b.4
                        ));
                    }
                }
            }
        }
        // Every need of the case, whole, on its pages.
        let case = book.file_stem().unwrap().to_string_lossy().into_owned();
        let text = squash(&pdf_text(&pdf, None).unwrap());
        for row in needs.iter().filter(|r| r.starts_with(&format!("{case},"))) {
            let need = row.split(',').nth(3).unwrap();
            assert!(
                text.contains(&squash(need)),
                "{case}: 「{need}」 not printed"
            );
        }
    }
    assert!(pages >= 60, "{pages} pages");
    assert!(
        over.is_empty(),
        "{} overlaps:\n{}",
        over.len(),
        over.join("\n")
    );
}

/// A column the paper has no place for (the plan's 同意日), end to end: read from the tabular
/// intake, written beside the print area of the 様式ブック and read back from it, written back to
/// the intake, and printed at the foot of the plan when entered.
#[test]
fn the_plans_agreement_date_goes_everywhere_the_plan_goes() {
    let dir = tempdir();
    let csv = sample_csv_copy(dir.path());
    let plans = csv.join("支援計画.csv");
    let text = std::fs::read_to_string(&plans).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    lines[0].push_str(",同意日");
    for line in &mut lines[1..] {
        // Version 1 of each case agreed at the meeting; the later versions not (yet).
        let agreed = if line.split(',').nth(1) == Some("1") {
            "2025-11-28"
        } else {
            ""
        };
        line.push(',');
        line.push_str(agreed);
    }
    std::fs::write(&plans, lines.join("\r\n") + "\r\n").unwrap();
    let (_, report) = check_json(&[&csv]);
    assert_eq!(report["errors"], 0, "{:#?}", codes_at(&report));
    // The later versions, monitored but not agreed, are the only warnings (W405), and no
    // version 1 has one.
    let warned = codes_at(&report);
    assert!(!warned.is_empty());
    assert!(warned.iter().all(|(code, _)| code == "W405"), "{warned:#?}");
    let version_1_rows: Vec<String> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.split(',').nth(1) == Some("1"))
        .map(|(i, _)| format!("支援計画.csv:{}:", i + 1))
        .collect();
    assert!(
        warned
            .iter()
            .all(|(_, at)| !version_1_rows.iter().any(|r| at.starts_with(r))),
        "{warned:#?}"
    );

    // Tabular → 様式ブック → tabular: the same dates on the same versions.
    let books = dir.path().join("books");
    books_of(&[&csv], &books);
    let back = dir.path().join("back");
    let out = cmsheets([
        "convert".as_ref(),
        books.as_os_str(),
        "--csv".as_ref(),
        back.as_os_str(),
        "--as-of".as_ref(),
        AS_OF.as_ref(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let agreed = |path: &Path| -> Vec<(String, String)> {
        let text = std::fs::read_to_string(path).unwrap();
        let mut rows = text.trim_start_matches('\u{feff}').lines();
        let heads: Vec<&str> = rows.next().unwrap().split(',').collect();
        let at = heads
            .iter()
            .position(|h| *h == "同意日")
            .expect("a 同意日 column");
        let mut v: Vec<(String, String)> = rows
            .map(|r| {
                let cells: Vec<&str> = r.split(',').collect();
                (
                    format!("{}/{}", cells[0], cells[1]),
                    cells.get(at).unwrap_or(&"").to_string(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let expected = agreed(&plans);
    assert_eq!(expected.iter().filter(|(_, d)| !d.is_empty()).count(), 6);
    assert_eq!(agreed(&back.join("支援計画.csv")), expected);

    // Printed at the foot of the version that has it, and nowhere else.
    let out_dir = dir.path().join("pdf");
    for (plan, printed) in [("1", true), ("2", false)] {
        let out = cmsheets([
            "render".as_ref(),
            books.join("MN-2024-001.xlsx").as_os_str(),
            "--forms".as_ref(),
            "plan".as_ref(),
            "--plan".as_ref(),
            plan.as_ref(),
            "-o".as_ref(),
            out_dir.as_os_str(),
            "--as-of".as_ref(),
            AS_OF.as_ref(),
            "-q".as_ref(),
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let pdf = out_dir.join("MN-2024-001").join("plan.pdf");
        if !require("pdftotext (poppler-utils)", have("pdftotext")) {
            return;
        }
        let text = squash(&pdf_text(&pdf, None).unwrap());
        assert_eq!(
            text.contains("同意日：令和7年11月28日"),
            printed,
            "plan {plan}: {text}"
        );
    }
}
