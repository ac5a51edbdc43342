//! Problems found in plan files, each with a stable code, a location in the
//! user's file, and a rendering for people (rustc style), scripts (JSON) and
//! GitHub Actions (workflow commands).

use std::ops::Range;
use std::path::{Path, PathBuf};

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

use crate::i18n::{Lang, Text};
use crate::source::SourceFile;
use crate::text::escape_control;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

macro_rules! codes {
    ($($variant:ident = $code:literal, $sev:ident, $en:literal, $ja:literal;)*) => {
        /// Every kind of problem `plan check` reports. The codes are stable:
        /// scripts and documentation refer to them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($variant,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// The severity a problem of this kind has.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev,)* }
            }

            /// A one-line description, for the list of codes.
            pub fn summary(self, lang: Lang) -> &'static str {
                match self { $(Code::$variant => lang.pick($en, $ja),)* }
            }
        }
    };
}

codes! {
    Syntax = "P001", Error, "TOML syntax error", "TOML の構文エラー";
    Encoding = "P002", Error, "file is not valid UTF-8", "UTF-8 として読めないファイル";
    Bom = "P003", Warning, "file starts with a UTF-8 byte order mark", "ファイル先頭に BOM がある";
    Unreadable = "P004", Error, "file or directory cannot be read, or is not a regular file", "ファイル・ディレクトリを読めない、通常のファイルでない";
    TooLarge = "P005", Error, "file over the size limit", "ファイルが上限を超える大きさ";
    UnknownKey = "P010", Error, "unknown key (a typo?)", "不明なキー（綴り誤り？）";
    MissingKey = "P011", Error, "required key missing", "必須キーがない";
    WrongType = "P012", Error, "value of the wrong type", "値の型が違う";
    EmptyText = "P013", Error, "empty text", "テキストが空";
    InvalidValue = "P014", Error, "value out of range or not allowed", "値が範囲外・不正";
    DuplicateSection = "P020", Error, "section number used twice", "節番号の重複";
    SectionGap = "P021", Error, "section numbers not contiguous from 1", "節番号が 1 から連続していない";
    FileName = "P022", Error, "file name disagrees with the section number", "ファイル名と節番号が合わない";
    LabelOrder = "P023", Error, "label out of order or skipped", "ラベルの順序誤り・欠番";
    DuplicateLabel = "P024", Error, "label used twice", "ラベルの重複";
    UnknownParty = "P025", Error, "measures for a party the plan does not have", "計画にない主体の取組";
    DefaultParty = "P026", Error, "default_party is not one of the parties", "default_party が主体にない";
    NoSections = "P027", Error, "the plan has no section files", "節ファイルがない";
    AllowUnused = "P028", Warning, "an allow entry of [check] matches no warning", "[check] の allow がどの警告にも当たらない";
    Whitespace = "P030", Warning, "leading or trailing whitespace in a text", "テキスト前後の空白";
    LineBreak = "P031", Warning, "line break inside a text", "テキスト内の改行";
    ControlChar = "P032", Error, "control character inside a text", "テキスト内の制御文字";
    Repeated = "P033", Warning, "text repeated within a section", "節内でのテキストの重複";
    NoteUnknownId = "P040", Error, "note for a measure that does not exist", "存在しない取組への記録";
    NoteTimestamp = "P041", Error, "note timestamp missing, invalid or without UTC offset", "記録の日時が不正・時差なし";
    NoteStatus = "P042", Error, "unknown status in a note", "記録の状況が不明";
    NoteFuture = "P043", Warning, "note dated in the future", "未来の日付の記録";
    NoteOutsideYear = "P044", Warning, "note dated outside the plan's fiscal year", "計画年度外の記録";
    NoteTorn = "P045", Error, "notes line cannot be read (torn or edited by hand)", "読めない記録行（書込み途中・手編集）";
    NoteDuplicate = "P046", Warning, "note key used twice (both notes are kept)", "記録キーの重複（両方を残す）";
    NoteInvalid = "P047", Error, "note with missing or unknown fields, or no text and no status", "記録の項目不足・不明な項目";
    NoteCorrection = "P048", Error, "correction of a note that does not exist, or in a loop", "存在しない記録の訂正・循環する訂正";
    NoteLink = "P049", Error, "link that is not an http(s) URL or a path inside the repository", "http(s) の URL でもリポジトリ内のパスでもないリンク";
    NoteConflict = "P050", Error, "merge conflict markers in a notes file", "記録ファイルにマージ競合の印";
    NoteFork = "P051", Warning, "two versions of one note both amend it (a fork after a merge); the later one is in force", "一つの記録に並立する訂正（マージによる分岐）。後の版が有効";
    NoteRepeat = "P052", Warning, "the same note recorded twice (same measure, day, text and status)", "同じ記録の重複（取組・日・テキスト・状況が同じ）";
    Placeholder = "P034", Error, "unknown placeholder or stray brace in the preamble or closing", "前文・結びの不明な差し込み項目・括弧";
    LineageUnknown = "P070", Error, "continues or ended names a measure the previous year's plan does not have", "continues・ended が前年度の計画にない取組を指す";
    LineageYear = "P071", Error, "continues without [previous], or a previous year not before this one", "[previous] のない continues、前年度が今年度より前でない";
    LineageTwice = "P072", Error, "a previous measure both continued and listed as ended", "継続とされ、かつ ended にもある前年度の取組";
    LineageMissing = "P073", Warning, "a previous measure neither continued nor listed as ended", "継続も ended もない前年度の取組";
    RolloverInterrupted = "P075", Error, "a plan rollover was interrupted (run plan rollover --resume)", "plan rollover が中断されている（plan rollover --resume を実行）";
    PreviousMissing = "P074", Warning, "the previous year's plan is not in the archive, so the lineage is unchecked", "前年度の計画がアーカイブになく継続関係を確認できない";
    Document = "P060", Error, "a part of a plan document that plan import cannot place", "plan import が読み取れない文書の箇所";
}

/// Where a problem is: a file, and a position in it when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub position: Option<Position>,
}

/// A 1-based line and column, with the line's text and the part to underline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    /// In characters, counted from 1.
    pub column: usize,
    pub line_text: String,
    /// Byte range within `line_text` to point at.
    pub highlight: Range<usize>,
}

impl Location {
    pub fn file(path: &Path) -> Location {
        Location {
            file: path.to_path_buf(),
            position: None,
        }
    }

    /// The location of a byte span in a source file.
    pub fn span(source: &SourceFile, span: Range<usize>) -> Location {
        let (line, column) = source.line_col(span.start);
        let (line_text, _) = source.line_at(span.start);
        let (_, highlight) = source.span_on_line(span);
        Location {
            file: source.path.clone(),
            position: Some(Position {
                line,
                column,
                line_text: line_text.to_string(),
                highlight,
            }),
        }
    }
}

/// One problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: Text,
    pub location: Option<Location>,
    /// What to do about it.
    pub help: Option<Text>,
    /// The measure (or sub-item) it is about, when there is one: what an
    /// allow entry in plan.toml's `[check]` names.
    pub subject: Option<String>,
}

impl Diagnostic {
    pub fn new(code: Code, message: Text, location: Option<Location>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            message,
            location,
            help: None,
            subject: None,
        }
    }

    pub fn at(code: Code, message: Text, source: &SourceFile, span: Range<usize>) -> Self {
        Diagnostic::new(code, message, Some(Location::span(source, span)))
    }

    pub fn in_file(code: Code, message: Text, path: &Path) -> Self {
        Diagnostic::new(code, message, Some(Location::file(path)))
    }

    pub fn with_help(mut self, help: Text) -> Self {
        self.help = Some(help);
        self
    }

    /// Says which measure (or sub-item) the problem is about.
    pub fn about(mut self, id: impl ToString) -> Self {
        self.subject = Some(id.to_string());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn line_column(&self) -> (Option<usize>, Option<usize>) {
        match self.location.as_ref().and_then(|l| l.position.as_ref()) {
            Some(p) => (Some(p.line), Some(p.column)),
            None => (None, None),
        }
    }

    /// Rendered for people: severity, code, message, `file:line:col`, the
    /// source line with a caret under the exact spot (by display width, so
    /// full-width text before it does not shift it), and help.
    pub fn render_human(&self, lang: Lang, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR.with_name(Some(crate::words::words(lang).error_label)),
            Severity::Warning => {
                Level::WARNING.with_name(Some(crate::words::words(lang).warning_label))
            }
        };
        let message = escape_control(self.message.get(lang)).into_owned();
        let title = level.primary_title(message).id(self.code.as_str());
        let path_only;
        let mut group = match &self.location {
            Some(Location {
                file,
                position: Some(p),
            }) => {
                let line = escape_line(&p.line_text, &p.highlight);
                let snippet = Snippet::source(line.0)
                    .line_start(p.line)
                    .path(escape_control(&file.display().to_string()).into_owned())
                    .annotation(AnnotationKind::Primary.span(line.1));
                Group::with_title(title).element(snippet)
            }
            Some(Location {
                file,
                position: None,
            }) => {
                path_only = escape_control(&file.display().to_string()).into_owned();
                Group::with_title(title).element(annotate_snippets::Origin::path(path_only))
            }
            None => Group::with_title(title),
        };
        if let Some(help) = &self.help {
            let help_level = Level::HELP.with_name(Some(crate::words::words(lang).help_label));
            group = group.element(help_level.message(escape_control(help.get(lang)).into_owned()));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.decor_style(DecorStyle::Ascii).render(&[group])
    }

    /// One GitHub Actions workflow command, so the problem shows on the diff.
    pub fn render_github(&self) -> String {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = Vec::new();
        if let Some(loc) = &self.location {
            props.push(format!(
                "file={}",
                escape_property(&loc.file.display().to_string())
            ));
        }
        let (line, column) = self.line_column();
        if let Some(line) = line {
            props.push(format!("line={line}"));
        }
        if let Some(column) = column {
            props.push(format!("col={column}"));
        }
        props.push(format!("title={}", self.code.as_str()));
        let mut message = self.message.en.clone();
        if let Some(help) = &self.help {
            message.push_str("\nhelp: ");
            message.push_str(&help.en);
        }
        format!("::{kind} {}::{}", props.join(","), escape_data(&message))
    }

    /// The stable JSON object for this problem (English message).
    pub fn to_json(&self) -> JsonDiagnostic {
        let (line, column) = self.line_column();
        JsonDiagnostic {
            severity: self.severity,
            code: self.code.as_str(),
            message: self.message.en.clone(),
            file: self.location.as_ref().map(|l| l.file.display().to_string()),
            line,
            column,
            help: self.help.as_ref().map(|h| h.en.clone()),
        }
    }
}

/// A diagnostic as `plan check --format json` prints it.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub help: Option<String>,
}

/// Escapes control characters in a source line and moves the highlight to
/// match, so a raw escape sequence in a file cannot reach the terminal.
fn escape_line(line: &str, highlight: &Range<usize>) -> (String, Range<usize>) {
    let mut out = String::new();
    let mut range = 0..0;
    for (i, c) in line.char_indices() {
        if i == highlight.start {
            range.start = out.len();
        }
        if i == highlight.end {
            range.end = out.len();
        }
        out.push_str(&escape_control(c.encode_utf8(&mut [0; 4])));
    }
    if highlight.start >= line.len() {
        range.start = out.len();
    }
    if highlight.end >= line.len() {
        range.end = out.len();
    }
    (out, range)
}

/// A workflow command's data: no raw control or invisible character (the
/// runner's log is a terminal too), and `%`, CR, LF encoded as GitHub asks.
fn escape_data(s: &str) -> String {
    crate::text::escape_control_keep_lines(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Sorts problems by file, position and code, so output is stable.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            let file = d.location.as_ref().map(|l| l.file.clone());
            let (line, col) = d.line_column();
            (file, line, col, d.code)
        };
        key(a).cmp(&key(b))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Diagnostic {
        let source = SourceFile::new("plan/02.toml", "title = \"都の取組\"\nlable = \"イ\"\n");
        let start = source.text.find("lable").unwrap();
        Diagnostic::at(
            Code::UnknownKey,
            Text::new("unknown key `lable`", "不明なキー `lable`"),
            &source,
            start..start + 5,
        )
        .with_help(Text::new("did you mean `label`?", "`label` の誤りでは？"))
    }

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "{code:?} twice");
            assert!(code.as_str().starts_with('P') && code.as_str().len() == 4);
        }
    }

    #[test]
    fn human_rendering_points_at_the_spot() {
        let out = sample().render_human(Lang::En, false);
        assert!(out.contains("error[P010]: unknown key `lable`"), "{out}");
        assert!(out.contains("plan/02.toml:2:1"), "{out}");
        assert!(out.contains("^^^^^"), "{out}");
        assert!(out.contains("did you mean `label`?"), "{out}");
    }

    #[test]
    fn human_rendering_speaks_japanese() {
        let out = sample().render_human(Lang::Ja, false);
        assert!(out.contains("エラー[P010]: 不明なキー `lable`"), "{out}");
        assert!(out.contains("ヒント: `label` の誤りでは？"), "{out}");
    }

    #[test]
    fn github_rendering_escapes_properties_and_data() {
        let out = sample().render_github();
        assert_eq!(
            out,
            "::error file=plan/02.toml,line=2,col=1,title=P010::unknown key `lable`%0Ahelp: did you mean `label`?"
        );
    }
}
