//! The 読み取り結果 page of a 様式ブック (`cmsheets inspect`, and the same page in `cmsheets
//! serve`): each form sheet drawn as its grid with merges kept, every filled cell coloured by what
//! the reader made of it, the field's name on hover, and the unread cells listed first. One
//! self-contained HTML file: no script, no font or style from anywhere else, so it opens offline
//! and can be filed with the book.

use crate::finding::column_letters;
use crate::forms::book::view::{BookView, CellView, Role, SheetView};
use std::collections::HashMap;
use std::fmt::Write;

/// Rows and columns of a sheet drawn at most: an office form is a few hundred rows; a sheet past
/// this is drawn to here and says so (its unread cells are still all listed).
const MAX_ROWS: u32 = 400;
const MAX_COLS: u32 = 60;

/// Where the page takes its style from: inline for a file of its own, or a stylesheet of the
/// server's (`cmsheets serve` allows no inline style).
#[derive(Debug, Clone, Copy)]
pub enum Style<'a> {
    Inline,
    Linked(&'a str),
}

/// The page's stylesheet, for the server to serve at the address given to [`Style::Linked`].
pub fn stylesheet() -> &'static str {
    STYLE
}

pub fn page(book: &BookView, style: Style<'_>) -> String {
    let mut h = String::with_capacity(64 * 1024);
    let title = match &book.case_id {
        Some(id) => format!("読み取り結果 {}", esc(id)),
        None => "読み取り結果".to_string(),
    };
    let style = match style {
        Style::Inline => format!("<style>{STYLE}</style>"),
        Style::Linked(href) => format!("<link rel=\"stylesheet\" href=\"{}\">", esc(href)),
    };
    let _ = write!(
        h,
        "<!doctype html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title>{style}</head><body>\n"
    );
    let unread: Vec<(&SheetView, &CellView)> = book.unread().collect();
    let fields = book.count(|r| matches!(r, Role::Field(_) | Role::Read));
    let form_text = book.count(|r| *r == Role::FormText);
    let _ = writeln!(
        h,
        "<header><h1>様式ブックの読み取り結果</h1>\
         <p class=\"private\">要配慮個人情報を含みます。確認が済んだらこのファイルを削除してください。</p>\
         <dl><dt>ファイル</dt><dd>{}</dd><dt>ケースID</dt><dd>{}</dd></dl>\
         <ul class=\"legend\">\
         <li><span class=\"swatch field\"></span>項目として読み取った記入 {fields}件（セルにマウスを置くと項目名）</li>\
         <li><span class=\"swatch text\"></span>様式の文言（見出し・選択肢・注） {form_text}件</li>\
         <li><span class=\"swatch unread\"></span>読み取れなかった記入 {}件</li>\
         </ul></header>",
        esc(&book.file),
        book.case_id.as_deref().map_or("（なし）".into(), esc),
        unread.len()
    );
    let ids: HashMap<*const SheetView, usize> = book
        .sheets
        .iter()
        .enumerate()
        .map(|(i, s)| (s as *const SheetView, i))
        .collect();
    h.push_str("<section class=\"unread-list\" aria-labelledby=\"unread-h\">");
    let _ = write!(
        h,
        "<h2 id=\"unread-h\">読み取れなかった記入（{}件）</h2>",
        unread.len()
    );
    if unread.is_empty() {
        h.push_str("<p>ありません。様式のシートの記入は、すべて項目として読み取られたか様式の文言です。</p>");
    } else {
        h.push_str("<p>次のセルの記入は、どの項目にも入らず、印刷にも集計にも使われません（点検の W510）。\
                    様式の見出しの右か下の入力欄に書き直すか、不要なら消してください。</p><ol>");
        for (s, c) in &unread {
            let Role::Unread(section) = c.role else {
                continue;
            };
            let cell = format!("{}{}", column_letters(c.col), c.row + 1);
            let _ = write!(
                h,
                "<li><a href=\"#{}\">{} › {section} › {cell}</a>: 「{}」</li>",
                anchor(ids[&(*s as *const SheetView)], c),
                esc(&s.name),
                esc(&short(&c.text))
            );
        }
        h.push_str("</ol>");
    }
    h.push_str("</section>\n<nav aria-label=\"シート\"><h2>シート</h2><ul>");
    for (i, s) in book.sheets.iter().enumerate() {
        let _ = write!(
            h,
            "<li><a href=\"#sheet-{i}\">{}</a>（{}）</li>",
            esc(&s.name),
            what(s)
        );
    }
    h.push_str("</ul></nav>\n");
    for (i, s) in book.sheets.iter().enumerate() {
        sheet(&mut h, i, s);
    }
    h.push_str("</body></html>\n");
    h
}

fn what(s: &SheetView) -> String {
    match s.form {
        Some(f) => format!("{}（{}）", f.title(), f.label()),
        None => "様式ではないシート: 読み込みません".into(),
    }
}

fn sheet(h: &mut String, i: usize, s: &SheetView) {
    let _ = write!(
        h,
        "<section class=\"sheet\" id=\"sheet-{i}\"><h2>{} <small>{}</small></h2>",
        esc(&s.name),
        what(s)
    );
    if s.cells.is_empty() {
        h.push_str("<p>空のシートです。</p></section>\n");
        return;
    }
    let rows = s.top..s.top + s.height.min(MAX_ROWS);
    let cols = s.left..s.left + s.width.min(MAX_COLS);
    if s.height > MAX_ROWS || s.width > MAX_COLS {
        let _ = write!(
            h,
            "<p>大きなシートのため、先頭の {} 行・{} 列だけを表示しています。</p>",
            rows.len(),
            cols.len()
        );
    }
    let by_pos: HashMap<(u32, u32), &CellView> =
        s.cells.iter().map(|c| ((c.row, c.col), c)).collect();
    // The top-left cell of each merge spans it; the others are not drawn.
    let mut covered: HashMap<(u32, u32), ()> = HashMap::new();
    let mut spans: HashMap<(u32, u32), (u32, u32)> = HashMap::new();
    for m in &s.merges {
        let bottom = m.bottom.min(rows.end.saturating_sub(1));
        let right = m.right.min(cols.end.saturating_sub(1));
        if m.top >= rows.end || m.left >= cols.end || bottom < m.top || right < m.left {
            continue;
        }
        spans.insert((m.top, m.left), (bottom - m.top + 1, right - m.left + 1));
        for r in m.top..=bottom {
            for c in m.left..=right {
                if (r, c) != (m.top, m.left) {
                    covered.insert((r, c), ());
                }
            }
        }
    }
    h.push_str("<div class=\"scroll\"><table class=\"grid\"><thead><tr><th></th>");
    for c in cols.clone() {
        let _ = write!(h, "<th scope=\"col\">{}</th>", column_letters(c));
    }
    h.push_str("</tr></thead><tbody>");
    for r in rows {
        let _ = write!(h, "<tr><th scope=\"row\">{}</th>", r + 1);
        for c in cols.clone() {
            if covered.contains_key(&(r, c)) {
                continue;
            }
            let span = spans.get(&(r, c)).map_or(String::new(), |(rs, cs)| {
                format!(
                    "{}{}",
                    if *rs > 1 {
                        format!(" rowspan=\"{rs}\"")
                    } else {
                        String::new()
                    },
                    if *cs > 1 {
                        format!(" colspan=\"{cs}\"")
                    } else {
                        String::new()
                    }
                )
            });
            match by_pos.get(&(r, c)) {
                None => {
                    let _ = write!(h, "<td{span}></td>");
                }
                Some(cell) => {
                    let (class, tip) = match &cell.role {
                        Role::Field(name) => ("field", name.clone()),
                        Role::Read => (
                            "field part",
                            "読み取り済み（前後のセルと合わせて1つの値）".into(),
                        ),
                        Role::FormText => ("text", "様式の文言".into()),
                        Role::Unread(section) => {
                            ("unread", format!("読み取れなかった記入（{section}）"))
                        }
                        Role::NotAForm => ("other", "読み込まないシート".into()),
                    };
                    let _ = write!(
                        h,
                        "<td{span} id=\"{}\" class=\"{class}\" title=\"{} {}{}: {}\">{}</td>",
                        anchor(i, cell),
                        esc(&s.name),
                        column_letters(c),
                        r + 1,
                        esc(&tip),
                        esc(&cell.text)
                    );
                }
            }
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table></div></section>\n");
}

fn anchor(sheet: usize, c: &CellView) -> String {
    format!("s{sheet}-{}{}", column_letters(c.col), c.row + 1)
}

/// A value as the list shows it: one line, at most 40 characters.
fn short(text: &str) -> String {
    let line: String = text.split('\n').collect::<Vec<_>>().join(" ");
    let mut out: String = line.chars().take(40).collect();
    if line.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// Text for HTML: the five characters that mean markup, and control characters made visible.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { color-scheme: light; }
body { font-family: "BIZ UDPGothic", "BIZ UDゴシック", "Yu Gothic", "Meiryo", sans-serif; margin: 1.5rem; color: #1a1a1a; background: #fff; line-height: 1.5; }
h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
h2 small { font-weight: normal; color: #444; font-size: .9rem; }
.private { border-left: 4px solid #b3261e; padding: .25rem .75rem; background: #fdf0ef; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dt { font-weight: bold; }
dd { margin: 0; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; }
.swatch { display: inline-block; width: 1.1em; height: 1.1em; vertical-align: -.2em; margin-right: .4em; border: 1px solid #555; }
.unread-list ol { padding-left: 1.5rem; }
.unread-list a, nav a { color: #0b57d0; }
.scroll { overflow: auto; max-height: 80vh; border: 1px solid #888; }
table.grid { border-collapse: collapse; font-size: .8rem; }
table.grid th { background: #eceff1; color: #333; font-weight: normal; position: sticky; top: 0; padding: 0 .3rem; border: 1px solid #c5cacf; }
table.grid tbody th { position: sticky; left: 0; }
table.grid td { border: 1px solid #d5d9dd; min-width: 2.2rem; max-width: 18rem; padding: .1rem .3rem; vertical-align: top; white-space: pre-wrap; word-break: break-all; }
td.field, .swatch.field { background: #d7f0dd; }
td.part { background: #e9f7ec; }
td.text, .swatch.text { background: #f1f1f1; color: #4a4a4a; }
td.unread, .swatch.unread { background: #ffd6d1; outline: 3px solid #b3261e; outline-offset: -3px; }
td.other { color: #666; }
td:target { outline: 3px solid #0b57d0; outline-offset: -3px; }
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_control_characters_are_escaped() {
        assert_eq!(esc("<b>\"x\"&'"), "&lt;b&gt;&quot;x&quot;&amp;&#39;");
        assert_eq!(esc("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
    }
}
