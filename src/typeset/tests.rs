use super::world::CaseWorld;
use super::*;

const QUESTIONNAIRE: &str = include_str!("../../samples/json/questionnaire.json");
const QUESTIONNAIRE_BLANK: &str = include_str!("../../samples/json/questionnaire-blank.json");
const PLAN: &str = include_str!("../../samples/json/plan.json");
const PLAN_BLANK: &str = include_str!("../../samples/json/plan-blank.json");
const PLAN_LONG: &str = include_str!("../../samples/json/plan-long.json");
const SUBTOOL: &str = include_str!("../../samples/json/subtool.json");
const SUBTOOL_BLANK: &str = include_str!("../../samples/json/subtool-blank.json");
const CRISIS: &str = include_str!("../../samples/json/crisis.json");
const CRISIS_BLANK: &str = include_str!("../../samples/json/crisis-blank.json");
const PACKET: &str = include_str!("../../samples/json/packet.json");
const PACKET_COMBINED: &str = include_str!("../../samples/json/packet-combined.json");
const REPORT: &str = include_str!("../../samples/json/report.json");
const SCHEDULE: &str = include_str!("../../samples/json/schedule.json");

fn settings() -> PdfSettings {
    PdfSettings {
        ident: "cmsheets/test".into(),
        date: chrono::NaiveDate::from_ymd_opt(2024, 8, 20).unwrap(),
        pdfa: false,
    }
}

fn date() -> chrono::NaiveDate {
    settings().date
}

fn value(json: &str) -> serde_json::Value {
    serde_json::from_str(json).unwrap()
}

fn bytes(v: &serde_json::Value) -> Vec<u8> {
    serde_json::to_vec(v).unwrap()
}

fn pdf_ok(ts: &mut Typesetter, template: Template, json: &[u8]) -> Vec<u8> {
    let pdf = ts
        .pdf(template, json, &settings())
        .unwrap_or_else(|e| panic!("{}: {e}", template.key()));
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(
        ts.warnings().is_empty(),
        "{}: warnings {:?}",
        template.key(),
        ts.warnings()
    );
    pdf
}

#[test]
fn every_template_compiles_on_its_samples() {
    let mut ts = Typesetter::new();
    for (template, json) in [
        (Template::Questionnaire, QUESTIONNAIRE),
        (Template::Questionnaire, QUESTIONNAIRE_BLANK),
        (Template::Plan, PLAN),
        (Template::Plan, PLAN_BLANK),
        (Template::Plan, PLAN_LONG),
        (Template::Subtool, SUBTOOL),
        (Template::Subtool, SUBTOOL_BLANK),
        (Template::Crisis, CRISIS),
        (Template::Crisis, CRISIS_BLANK),
        (Template::Packet, PACKET),
        (Template::Packet, PACKET_COMBINED),
        (Template::Report, REPORT),
        (Template::Schedule, SCHEDULE),
    ] {
        pdf_ok(&mut ts, template, json.as_bytes());
    }
}

#[test]
fn pdfa_export_works() {
    let mut ts = Typesetter::new();
    let s = PdfSettings {
        pdfa: true,
        ..settings()
    };
    for (template, json) in [(Template::Plan, PLAN), (Template::Packet, PACKET)] {
        let pdf = ts.pdf(template, json.as_bytes(), &s).unwrap();
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("pdfaid"), "PDF/A identification missing");
    }
}

#[test]
fn same_input_gives_identical_bytes() {
    let mut a = Typesetter::new();
    let first = pdf_ok(&mut a, Template::Plan, PLAN.as_bytes());
    // Something else in between, in the same and in another typesetter.
    pdf_ok(&mut a, Template::Crisis, CRISIS.as_bytes());
    let again = pdf_ok(&mut a, Template::Plan, PLAN.as_bytes());
    let mut b = Typesetter::new();
    let other = pdf_ok(&mut b, Template::Plan, PLAN.as_bytes());
    assert!(
        first == again && first == other,
        "PDF bytes differ between runs"
    );
}

#[test]
fn printed_values_are_literal() {
    // Every string of the plan and the questionnaire replaced by markup-looking text.
    const NASTY: &str = "#read(\"/etc/passwd\") $x$ *a* ] <l> @r \\ _u_ `c` #sys.inputs";
    fn poison(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::String(s) => *s = NASTY.to_owned(),
            serde_json::Value::Array(items) => items.iter_mut().for_each(poison),
            serde_json::Value::Object(map) => {
                for (k, v) in map.iter_mut() {
                    // Keep the fields the template dispatches on.
                    if !matches!(k.as_str(), "form" | "code" | "answer" | "id" | "unit") {
                        poison(v);
                    }
                }
            }
            _ => {}
        }
    }
    let mut ts = Typesetter::new();
    for (template, json) in [
        (Template::Plan, PLAN),
        (Template::Questionnaire, QUESTIONNAIRE),
        (Template::Subtool, SUBTOOL),
        (Template::Crisis, CRISIS),
        (Template::Packet, PACKET),
    ] {
        let mut v = value(json);
        poison(&mut v);
        let data = bytes(&v);
        pdf_ok(&mut ts, template, &data);
        let text = ts.page_texts(template, &data, date()).unwrap().concat();
        assert!(
            text.contains(NASTY),
            "{}: value not printed literally",
            template.key()
        );
        assert!(
            !text.contains("root:"),
            "{}: a file was read",
            template.key()
        );
    }
}

#[test]
fn line_breaks_in_values_print_as_line_breaks() {
    let mut v = value(PLAN);
    v["long_goal"] = "一行目です\n二行目です".into();
    let text = Typesetter::new()
        .page_texts(Template::Plan, &bytes(&v), date())
        .unwrap()
        .concat();
    // Two separate text runs: the break is a line break, not a glyph.
    assert!(text.contains("一行目です") && text.contains("二行目です"));
    assert!(!text.contains('\n'));
}

#[test]
fn many_needs_spill_onto_several_pages_with_headers() {
    let mut v = value(PLAN);
    let need = v["needs"][0].clone();
    let needs: Vec<_> = (1..=60)
        .map(|i| {
            let mut n = need.clone();
            n["no"] = i.to_string().into();
            n
        })
        .collect();
    v["needs"] = needs.into();
    let mut ts = Typesetter::new();
    let pages = ts.page_texts(Template::Plan, &bytes(&v), date()).unwrap();
    assert!(pages.len() >= 4, "60 needs on {} pages", pages.len());
    for (i, page) in pages.iter().enumerate().skip(1) {
        assert!(
            page.contains("何を（本人）"),
            "needs header not repeated on page {}",
            i + 1
        );
        assert!(
            page.contains(&format!("{} / {}", i + 1, pages.len())),
            "page number on page {}",
            i + 1
        );
    }
    assert!(pages.last().unwrap().contains("60"));
}

#[test]
fn very_long_values_do_not_fail() {
    let mut v = value(PLAN);
    let long: String = "とても長いニーズの記述です。"
        .chars()
        .cycle()
        .take(10_000)
        .collect();
    v["needs"][0]["need"] = long.clone().into();
    v["monitoring"][0]["notes"] = long.clone().into();
    let mut ts = Typesetter::new();
    pdf_ok(&mut ts, Template::Plan, &bytes(&v));
    assert!(ts.page_count(Template::Plan, &bytes(&v), date()).unwrap() > 3);
    // An unbreakable run of Latin letters in a narrow cell, too.
    let mut v = value(CRISIS);
    v["supporters"][0]["contact"] = "x".repeat(10_000).into();
    pdf_ok(&mut ts, Template::Crisis, &bytes(&v));
}

#[test]
fn many_needs_and_rows_everywhere() {
    // 500 needs (quality.md) and long lists in the other forms.
    let mut v = value(PLAN);
    let need = v["needs"][1].clone();
    v["needs"] = (1..=500).map(|_| need.clone()).collect::<Vec<_>>().into();
    let mut ts = Typesetter::new();
    pdf_ok(&mut ts, Template::Plan, &bytes(&v));
    let mut v = value(CRISIS);
    v["self_signs"] = (0..40)
        .map(|i| format!("サイン{i}"))
        .collect::<Vec<_>>()
        .into();
    pdf_ok(&mut ts, Template::Crisis, &bytes(&v));
}

#[test]
fn footer_and_metadata() {
    let mut ts = Typesetter::new();
    let pages = ts
        .page_texts(Template::Plan, PLAN.as_bytes(), date())
        .unwrap();
    let n = pages.len();
    for (i, p) in pages.iter().enumerate() {
        assert!(p.contains("別紙2 支援計画シート"));
        assert!(p.contains("C-0001"));
        assert!(p.contains("作成番号"));
        assert!(p.contains(&format!("{} / {n}", i + 1)));
    }
    let pdf = pdf_ok(&mut ts, Template::Plan, PLAN.as_bytes());
    let raw = String::from_utf8_lossy(&pdf);
    assert!(raw.contains("20240820"), "creation date from the data");
}

#[test]
fn packet_numbers_pages_per_case_and_lists_contents() {
    let mut ts = Typesetter::new();
    let pages = ts
        .page_texts(Template::Packet, PACKET_COMBINED.as_bytes(), date())
        .unwrap();
    // Case boundaries: pages whose footer reads "1 / m".
    let covers: Vec<usize> = (0..pages.len())
        .filter(|&i| pages[i].contains("ケア会議資料") && pages[i].contains("資料目次"))
        .collect();
    assert_eq!(covers.len(), 2);
    assert_eq!(covers[0], 0);
    let first_case = covers[1];
    for (i, p) in pages[..first_case].iter().enumerate() {
        assert!(
            p.contains(&format!("{} / {first_case}", i + 1)),
            "page {} of case 1",
            i + 1
        );
    }
    let second = pages.len() - first_case;
    for (i, p) in pages[first_case..].iter().enumerate() {
        assert!(
            p.contains(&format!("{} / {second}", i + 1)),
            "page {} of case 2",
            i + 1
        );
    }
    assert!(pages[first_case].contains("未作成"));
    assert!(!pages[0].contains("未作成"));
}

#[test]
fn templates_cannot_reach_files_or_packages() {
    let mut ts = Typesetter::new();
    for probe in [
        "#read(\"/etc/passwd\")",
        "#read(\"../../../../../../etc/passwd\")",
        "#read(\"README.md\")",
        "#read(\"/Cargo.toml\")",
        "#read(\"/src/main.rs\")",
        "#image(\"/fonts/OFL.txt\")",
        "#import \"@preview/cetz:0.3.0\": *",
        "#json(\"/samples/json/plan.json\")",
    ] {
        let world = CaseWorld::probe(probe, Bytes::new(b"{}".to_vec()), datetime(date()).unwrap());
        let result = ts.run_world("probe", &world, b"{}", |_, doc| {
            Ok(paged(typst_pdf::pdf, doc).pages().len())
        });
        match result {
            Err(TypesetError::Compile { message, .. }) => {
                assert!(!message.contains("root:"), "{probe}: {message}");
            }
            other => panic!("{probe}: expected a compile error, got {other:?}"),
        }
    }
    // The data itself is readable (and only at /data.json).
    let world = CaseWorld::probe(
        "#json(\"/data.json\").a",
        Bytes::new(br#"{"a":"ok"}"#.to_vec()),
        datetime(date()).unwrap(),
    );
    let pages = ts.run_world("probe", &world, b"{}", |_, doc| {
        Ok(paged(typst_pdf::pdf, doc).pages().len())
    });
    assert_eq!(pages.unwrap(), 1);
}

#[test]
fn errors_never_echo_data_values() {
    let mut ts = Typesetter::new();
    // Malformed JSON.
    let err = ts
        .pdf(
            Template::Plan,
            "{\"name\": \"山田 秘密子\", ".as_bytes(),
            &settings(),
        )
        .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("plan"), "{msg}");
    assert!(!msg.contains("秘密子"), "{msg}");
    // Wrong types where the template expects others.
    let mut v = value(CRISIS);
    v["doc_date"]["year"] = "秘密の年".into();
    let err = ts
        .pdf(Template::Crisis, &bytes(&v), &settings())
        .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("crisis"), "{msg}");
    assert!(!msg.contains("秘密"), "{msg}");
    // Japanese first, saying it is the template's fault and what to do.
    assert!(
        msg.starts_with("組版できませんでした") && msg.contains("管理者に連絡"),
        "{msg}"
    );
    // And the typesetter still works afterwards.
    pdf_ok(&mut ts, Template::Crisis, CRISIS.as_bytes());
}

#[test]
fn file_ids_are_not_created_per_case() {
    use typst::syntax::{FileId, RootedPath, VirtualPath, VirtualRoot};
    let mut ts = Typesetter::new();
    pdf_ok(&mut ts, Template::Crisis, CRISIS.as_bytes());
    let before = FileId::new(RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new("/cmsheets-probe-a").unwrap(),
    ));
    for _ in 0..3 {
        pdf_ok(&mut ts, Template::Crisis, CRISIS.as_bytes());
    }
    let after = FileId::new(RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new("/cmsheets-probe-b").unwrap(),
    ));
    // Other tests may intern ids concurrently; compiling three cases must not add many.
    assert!(after.into_raw().get() - before.into_raw().get() < 3);
}

#[test]
fn parallel_typesetters_agree() {
    let expected = pdf_ok(
        &mut Typesetter::new(),
        Template::Questionnaire,
        QUESTIONNAIRE.as_bytes(),
    );
    let handles: Vec<_> = (0..2)
        .map(|_| {
            std::thread::spawn(|| {
                let mut ts = Typesetter::new();
                (0..3)
                    .map(|_| pdf_ok(&mut ts, Template::Questionnaire, QUESTIONNAIRE.as_bytes()))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for h in handles {
        for pdf in h.join().unwrap() {
            assert!(pdf == expected, "PDF differs between threads");
        }
    }
}
