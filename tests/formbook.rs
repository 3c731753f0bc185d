//! 様式ブック: one person's form-shaped workbook, read by the forms' labels and written like the
//! paper. The fixtures come from office software (scripts/make-formbook-fixtures.sh): layouts an
//! office typed itself, cmsheets' own books re-saved by LibreOffice as xlsx and ods, and an .xls.

mod common;
use common::*;
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
        let (_, report) = check_json(&[&common::fixture(fixture)]);
        assert_eq!(report["errors"], 0, "{fixture}: {:#?}", codes_at(&report));
        assert_eq!(emitted(&[&common::fixture(fixture)]), ours, "{fixture}");
    }
}

#[test]
fn a_layout_an_office_typed_itself_reads_field_by_field() {
    for fixture in ["formbook/office-a.xlsx", "formbook/office-a.xls"] {
        let path = common::fixture(fixture);
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
    let path = common::fixture("formbook/office-a.xlsx");
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
    let (status, report) = check_json(&[&common::fixture("formbook/office-errors.xlsx")]);
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
    let out = cmsheets([
        "template".as_ref(),
        "--form".as_ref(),
        "-o".as_ref(),
        path.as_os_str(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
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
