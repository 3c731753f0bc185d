//! Why an input, or a part of one, could not be read: every E001, as a type. The readers return
//! these; [`ReadError::report`] turns one into the finding, and its Display is the message the
//! office reads (what happened and what to do, never a value from the file).

use super::csv::DecodeError;
use super::workbook::{MAX_PART_BYTES, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, MAX_UNPACKED_BYTES};
use crate::finding::{Findings, Location};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// No file at the path given.
    NotFound,
    /// No file at the path of `report --areas`.
    AreasNotFound,
    /// The file could not be read (permissions, I/O); the reason in words.
    File {
        reason: String,
    },
    /// The folder could not be listed; the reason in words.
    Folder {
        reason: String,
    },
    /// A FIFO, device or socket (or a link to one), never read.
    NotRegular {
        what: String,
    },
    Empty,
    /// A workbook encrypted with a password (Excel's EncryptedPackage, found before reading).
    Encrypted,
    /// A workbook the reader found protected by a password.
    Password,
    /// Neither a workbook of a kind calamine reads nor a CSV.
    NotAWorkbook,
    /// A zip that is cut short or damaged.
    Truncated,
    /// One part of the zip unpacks beyond [`MAX_PART_BYTES`] (size in MiB).
    PartTooLarge {
        mib: u64,
    },
    /// A part compressed beyond any spreadsheet's ratio.
    Ratio {
        ratio: u64,
    },
    /// The whole zip unpacks beyond [`MAX_UNPACKED_BYTES`] (size in MiB).
    TooLarge {
        mib: u64,
    },
    /// calamine could not open the workbook; what is wrong, in words.
    Unopenable {
        reason: &'static str,
    },
    /// The reader stopped on the file (calamine panicked on it).
    Corrupt,
    /// A sheet could not be read to the end; the reason in words.
    Sheet {
        reason: String,
    },
    /// A cell beyond Excel's last row or column.
    BeyondSheetLimits,
    /// An internal error while reading a workbook (`csv` false) or a CSV (`csv` true).
    Internal {
        csv: bool,
    },
    /// The CSV's bytes are in no encoding cmsheets reads.
    Encoding(DecodeError),
    /// A CSV record over the size limit (in MiB).
    RecordTooLong {
        mib: usize,
    },
    /// A CSV record over the column limit.
    TooManyFields {
        limit: usize,
    },
    /// A CSV record the parser cannot read (an unclosed quote…).
    BadRecord,
    /// `cmsheets inspect` was given a workbook that is not a 様式ブック.
    NotAFormbook,
}

impl ReadError {
    /// The finding: E001 at `at`.
    pub fn report(&self, at: Location, findings: &mut Findings) {
        findings.error("E001", at, None, self.to_string());
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotFound => f.write_str("ファイルが見つかりません。パスを確かめてください。"),
            ReadError::AreasNotFound => f.write_str("地域区分のファイルが見つかりません。--areas のパスを確かめてください。"),
            ReadError::File { reason } => write!(f, "ファイルを読めません（{reason}）。パスと読み取り権限を確かめてください。"),
            ReadError::Folder { reason } => write!(f, "フォルダを読めません（{reason}）。パスと読み取り権限を確かめてください。"),
            ReadError::NotRegular { what } => write!(f, "通常のファイルではなく{what}なので読み込みません。保存したブック（.xlsx など）か CSV のファイルを指定してください。"),
            ReadError::Empty => f.write_str("空のファイルです（0バイト）。保存し直したファイルを指定してください。"),
            ReadError::Encrypted => f.write_str("パスワードで保護（暗号化）されたブックは読めません。Excel でパスワードを解除して保存し直してください（解除したファイルの取り扱いにご注意ください）。"),
            ReadError::Password => f.write_str("パスワードで保護（暗号化）されたブックは読めません。パスワードを解除して保存し直してください。"),
            ReadError::NotAWorkbook => f.write_str("Excel/LibreOffice のブック（xlsx, xlsm, xls, ods）ではありません。ファイルの種類を確かめ、CSV なら拡張子を .csv にしてください。"),
            ReadError::Truncated => f.write_str("ファイルが途中で切れているか壊れています（zip として読めません）。元のファイルをもう一度保存・コピーしてください。"),
            ReadError::PartTooLarge { mib } => write!(
                f,
                "ブックの一部が展開すると {mib} MB になるため読み込みません（1つのシートなどの上限 {} MB、zip 爆弾の疑い）。\
                 本当に大きなブックなら、シートを分けるか CSV で保存してください。",
                MAX_PART_BYTES >> 20
            ),
            ReadError::Ratio { ratio } => write!(f, "圧縮率が異常に高い部分（{ratio}倍）を含むため、安全のため読み込みません（zip 爆弾の疑い）。"),
            ReadError::TooLarge { mib } => write!(
                f,
                "展開すると {mib} MB を超えるため読み込みません（上限 {} MB）。ブックを分割してください。",
                MAX_UNPACKED_BYTES >> 20
            ),
            ReadError::Unopenable { reason } => write!(f, "ブックとして読めません（{reason}）。Excel または LibreOffice で開き、.xlsx で保存し直してください。"),
            ReadError::Corrupt => f.write_str("ファイルの形式が壊れているため読めませんでした。Excel または LibreOffice で開き、「名前を付けて保存」で .xlsx として保存し直してください。"),
            ReadError::Sheet { reason } => write!(f, "シートを読めません（{reason}）。ブックを開いて保存し直してください。"),
            ReadError::BeyondSheetLimits => write!(
                f,
                "Excel のシートの上限（{MAX_SHEET_ROWS} 行、{MAX_SHEET_COLUMNS} 列）を超えるセルがあります。\
                 上限より後は読み込んでいません。表計算ソフトで作ったシートか確かめ、必要ならシートを分けてください"
            ),
            ReadError::Internal { csv: false } => f.write_str("内部エラーでこのブックを読み終えられませんでした。このブックの内容は含まれていません。もう一度実行し、続くときは管理者に連絡してください。"),
            ReadError::Internal { csv: true } => f.write_str("内部エラーでこのファイルを読み終えられませんでした。この CSV の内容は含まれていません。もう一度実行し、続くときは管理者に連絡してください。"),
            ReadError::Encoding(DecodeError::Utf16) => f.write_str("文字コードが UTF-16 です。Excel の「CSV UTF-8（コンマ区切り）」か「CSV（コンマ区切り）」で保存し直してください。"),
            ReadError::Encoding(DecodeError::EucJp) => f.write_str("文字コードが EUC-JP のようです。UTF-8 か Shift_JIS（CP932）で保存し直してください。"),
            ReadError::Encoding(DecodeError::Unknown { offset, line }) => write!(f, "文字コードが UTF-8 でも Shift_JIS（CP932）でもありません（{line}行目、{offset}バイト目で読めない文字）。Excel の「CSV UTF-8（コンマ区切り）」で保存し直してください。"),
            ReadError::RecordTooLong { mib } => write!(f, "この行は {mib} MB を超えるため読み込みません（Excel の1つのセルは 32,767 文字まで）。表計算ソフトで開いて長すぎるセルを確かめ、保存し直してください。"),
            ReadError::TooManyFields { limit } => write!(f, "この行は {limit} 列（Excel の列の上限）を超えるため読み込みません。区切りのコンマが多すぎないか確かめてください。"),
            ReadError::BadRecord => f.write_str("CSV の行として読めません（引用符 \" の閉じ忘れなど）。この行以降を確認してください。"),
            ReadError::NotAFormbook => f.write_str("様式ブック（1人1ファイルの様式のブック）ではありません。読み取り結果を表示できるのは様式ブックだけです（表形式の入力ブックや CSV は点検の結果で確かめられます）。"),
        }
    }
}

impl std::error::Error for ReadError {}
