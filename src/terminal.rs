//! Text from files (names, sheet names, ケースID, values echoed in messages) reaches a terminal
//! and scripts: a control character in it could clear or colour the screen, a newline split one
//! message into two, a bidi control reverse what is read. Such characters are shown as escapes
//! (`\u{1b}`), so what is printed is what the file holds, readable and inert.

use std::borrow::Cow;

/// Characters never printed as they are: C0, DEL and C1 controls, the bidi controls, and the line
/// and paragraph separators some terminals break lines at.
fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// `s` with every unsafe character as `\u{…}`; borrowed when there is none. Escaping twice
/// changes nothing, so a message built from escaped parts can be escaped again as a whole.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Serializes a string escaped (for the JSON findings, which scripts may print as they are).
pub fn serialize_escaped<S: serde::Serializer>(s: &str, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(&escape(s))
}

/// Like [`serialize_escaped`], for an optional string.
pub fn serialize_escaped_opt<S: serde::Serializer>(
    s: &Option<String>,
    ser: S,
) -> Result<S::Ok, S::Error> {
    match s {
        Some(s) => ser.serialize_some(&*escape(s)),
        None => ser.serialize_none(),
    }
}

/// One line to the user on stderr, escaped as a whole: every command's messages go through here,
/// so no file name, sheet name or ケースID in them reaches the terminal raw.
pub fn say(line: &str) {
    // Not eprintln!: it panics when stderr is closed (`cmsheets render … 2>&1 | head -2`), and a
    // message nobody reads must not stop the run.
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{}", escape(line));
}

/// `eprintln!` for messages to the user, through [`say`].
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::terminal::say(&format!($($arg)*))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_are_shown_as_escapes() {
        assert_eq!(escape("ケース.csv"), "ケース.csv");
        assert!(matches!(escape("山田.xlsx"), Cow::Borrowed(_)));
        assert_eq!(escape("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(escape("a\nb\r\t\0"), "a\\u{a}b\\u{d}\\u{9}\\u{0}");
        assert_eq!(escape("\u{7f}\u{9b}"), "\\u{7f}\\u{9b}");
        assert_eq!(escape("MN\u{202E}fdp.exe"), "MN\\u{202e}fdp.exe");
        assert_eq!(
            escape("\u{2066}\u{2069}\u{200e}\u{200f}\u{61c}"),
            "\\u{2066}\\u{2069}\\u{200e}\\u{200f}\\u{61c}"
        );
        // Japanese text, full-width spaces and the replacement character stay as they are.
        assert_eq!(escape("令和　6年 �"), "令和　6年 �");
    }

    #[test]
    fn escaping_twice_changes_nothing() {
        let once = escape("x\u{1b}y\u{202e}z\n").into_owned();
        assert_eq!(escape(&once), once);
    }
}
