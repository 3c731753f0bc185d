//! Any string in any string field of a form's data typesets: the samples of samples/json/ (each
//! form, blank, long, packet), one string field replaced by the fuzz string. The first byte
//! picks the sample, the next two the field; the rest, read as UTF-8 (invalid bytes become
//! U+FFFD), is the string. The JSON stays valid, so an Err is a bug (templates treat every
//! value as text, typst-templates/README.md) and panics here.
#![no_main]

use cmsheets::typeset::{PdfSettings, Template, Typesetter};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use std::cell::RefCell;
use std::sync::OnceLock;

macro_rules! samples {
    ($($name:literal),* $(,)?) => {
        [$(($name, include_str!(concat!("../../samples/json/", $name, ".json")))),*]
    };
}

const SAMPLES: [(&str, &str); 11] = samples![
    "plan",
    "questionnaire",
    "subtool",
    "crisis",
    "packet",
    "plan-blank",
    "plan-long",
    "questionnaire-blank",
    "subtool-blank",
    "crisis-blank",
    "packet-combined",
];

struct Sample {
    name: &'static str,
    template: Template,
    value: Value,
    /// JSON pointers of every string value.
    strings: Vec<String>,
}

fn pointers(value: &Value, at: &mut String, out: &mut Vec<String>) {
    match value {
        Value::String(_) => out.push(at.clone()),
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let len = at.len();
                at.push_str(&format!("/{i}"));
                pointers(v, at, out);
                at.truncate(len);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                let len = at.len();
                at.push('/');
                at.push_str(&k.replace('~', "~0").replace('/', "~1"));
                pointers(v, at, out);
                at.truncate(len);
            }
        }
        _ => {}
    }
}

fn samples() -> &'static [Sample] {
    static SAMPLES_PARSED: OnceLock<Vec<Sample>> = OnceLock::new();
    SAMPLES_PARSED.get_or_init(|| {
        SAMPLES
            .iter()
            .map(|(name, text)| {
                let value: Value = serde_json::from_str(text).expect("sample JSON");
                let form = value["form"].as_str().expect("form");
                let template = Template::ALL
                    .into_iter()
                    .find(|t| t.key() == form)
                    .expect("a template for the form");
                let mut strings = Vec::new();
                pointers(&value, &mut String::new(), &mut strings);
                Sample {
                    name,
                    template,
                    value,
                    strings,
                }
            })
            .collect()
    })
}

thread_local! {
    static TYPESETTER: RefCell<Typesetter> = RefCell::new(Typesetter::new());
}

fuzz_target!(|data: &[u8]| {
    let [pick, hi, lo, rest @ ..] = data else {
        return;
    };
    let samples = samples();
    let sample = &samples[*pick as usize % samples.len()];
    let field = &sample.strings[u16::from_be_bytes([*hi, *lo]) as usize % sample.strings.len()];
    let text = String::from_utf8_lossy(rest);
    let mut value = sample.value.clone();
    *value.pointer_mut(field).expect("the field") = Value::String(text.into_owned());
    let json = serde_json::to_vec(&value).expect("JSON");
    let settings = PdfSettings {
        ident: "fuzz".into(),
        date: chrono::NaiveDate::from_ymd_opt(2025, 11, 30).unwrap(),
        pdfa: false,
    };
    TYPESETTER.with_borrow_mut(|t| {
        if let Err(e) = t.pdf(sample.template, &json, &settings) {
            panic!("{} with {field} replaced: {e}", sample.name);
        }
    });
});
