//! Reading a plan document — text as extracted from its PDF, with broken
//! lines, stray spaces, full- or half-width digits — into its outline:
//! title, preamble, numbered sections with their 内容 items and each party's
//! measures and ・ sub-items, and the closing, each with where it starts.
//!
//! A line break inside a text is a PDF artefact: the lines are joined (with a
//! space only between two Latin letters or digits), and spaces within a line
//! are kept, one for each run. Every line that fits nowhere is a problem with
//! its line number; reading goes on, so one run reports them all.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Text;
use crate::model::label;
use crate::source::SourceFile;
use crate::text::fold;

/// A text of the document and the byte range of its first line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub text: String,
    pub span: Range<usize>,
    /// The range of each joined line in the document, in order, for mapping
    /// a position in `text` back to the document.
    pub lines: Vec<(usize, Range<usize>)>,
}

impl Located {
    fn new(text: &str, span: Range<usize>) -> Located {
        let mut located = Located {
            text: String::new(),
            span: span.clone(),
            lines: Vec::new(),
        };
        located.push(text, span);
        located
    }

    /// Appends a continuation line, joining it as the PDF broke it.
    fn push(&mut self, text: &str, span: Range<usize>) {
        let text = collapse_spaces(text);
        let latin = |c: char| c.is_ascii_alphanumeric();
        if self.text.ends_with(latin) && text.starts_with(latin) {
            self.text.push(' ');
        }
        self.lines.push((self.text.len(), span));
        self.text.push_str(&text);
    }

    /// The document range of a range of `text` (its first line when the
    /// range spans lines).
    pub fn origin(&self, range: &Range<usize>) -> Range<usize> {
        let Some((at, line)) = self.lines.iter().rev().find(|(at, _)| *at <= range.start) else {
            return self.span.clone();
        };
        let start = line.start + (range.start - at);
        let end = (start + range.len()).min(line.end);
        start..end
    }
}

fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.trim().chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

#[derive(Debug, Clone)]
pub struct OutlineMeasure {
    pub label: Located,
    pub text: Located,
    pub items: Vec<Located>,
}

#[derive(Debug, Clone)]
pub struct OutlineParty {
    /// The heading as the document writes it (都の取組).
    pub heading: Located,
    pub measures: Vec<OutlineMeasure>,
}

#[derive(Debug, Clone)]
pub struct OutlineSection {
    pub number: u32,
    pub title: Located,
    pub contents: Vec<Located>,
    pub parties: Vec<OutlineParty>,
}

/// A plan document, read.
#[derive(Debug, Clone)]
pub struct Outline {
    pub title: Located,
    pub preamble: Option<Located>,
    pub sections: Vec<OutlineSection>,
    pub closing: Option<Located>,
}

/// What one line of the document is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Line {
    /// `１ title` (number, where the title starts).
    Section(u32, usize),
    /// `（内容）`
    ContentsMark,
    /// `（１）text`
    Content(u32, usize),
    /// A party heading the reference plan knows.
    Heading,
    /// `ア text` (label, where the text starts; the text may be on the next line).
    Measure(String, usize),
    /// `・text`
    Item(usize),
    Text,
}

static SECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([0-9０-９]{1,2})[\s　]+(\S.*)$").expect("the section pattern is a valid regex")
});
static CONTENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(]\s*([0-9０-９]{1,2})\s*[）)]\s*").expect("the 内容 pattern is a valid regex")
});
static MEASURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\p{Katakana})(?:[\s　]+|$)").expect("the label pattern is a valid regex")
});
static ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[・･]\s*").expect("the item pattern is a valid regex"));
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[-－‐―ー]?\s*[0-9０-９]{1,3}\s*[-－‐―ー]?$")
        .expect("the page number pattern is a valid regex")
});

fn number(digits: &str) -> Option<u32> {
    fold(digits).parse().ok()
}

fn without_spaces(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn classify(line: &str, headings: &[String]) -> Line {
    if let Some(c) = SECTION.captures(line)
        && let (Some(n), Some(title)) = (c.get(1).and_then(|m| number(m.as_str())), c.get(2))
    {
        return Line::Section(n, title.start());
    }
    let bare = fold(&without_spaces(line));
    if bare == "(内容)" {
        return Line::ContentsMark;
    }
    if let Some(c) = CONTENT.captures(line)
        && let (Some(n), Some(all)) = (c.get(1).and_then(|m| number(m.as_str())), c.get(0))
    {
        return Line::Content(n, all.end());
    }
    if headings
        .iter()
        .any(|h| without_spaces(h) == without_spaces(line))
    {
        return Line::Heading;
    }
    if let Some(c) = MEASURE.captures(line)
        && let (Some(l), Some(all)) = (c.get(1), c.get(0))
        && label::ORDER.contains(&l.as_str())
    {
        return Line::Measure(l.as_str().to_string(), all.end());
    }
    if let Some(m) = ITEM.find(line) {
        return Line::Item(m.end());
    }
    Line::Text
}

/// One non-blank line: its trimmed text, its byte range, and what it is.
#[derive(Clone)]
struct DocLine<'s> {
    text: &'s str,
    span: Range<usize>,
    kind: Line,
}

fn lines<'s>(source: &'s SourceFile, headings: &[String]) -> Vec<DocLine<'s>> {
    let mut out = Vec::new();
    let mut at = 0;
    for raw in source.text.split_inclusive('\n') {
        let start = at;
        at += raw.len();
        let trimmed = raw.trim();
        if trimmed.is_empty() || PAGE_NUMBER.is_match(trimmed) {
            continue;
        }
        let offset = raw.find(trimmed).unwrap_or(0);
        out.push(DocLine {
            text: trimmed,
            span: start + offset..start + offset + trimmed.len(),
            kind: classify(trimmed, headings),
        });
    }
    out
}

/// Collects the problems of one reading.
struct Problems<'s> {
    source: &'s SourceFile,
    found: Vec<Diagnostic>,
}

impl Problems<'_> {
    fn at(&mut self, span: Range<usize>, message: Text, help: Text) {
        self.found
            .push(Diagnostic::at(Code::Document, message, self.source, span).with_help(help));
    }
}

/// Where the next continuation line goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    Preamble,
    SectionTitle,
    Contents,
    Content,
    Heading,
    Measure,
    Item,
}

/// Reads a document into its outline. `headings` are the party headings
/// the reference plan knows (都の取組, 東京商工会議所の取組). Every problem
/// comes back as a diagnostic on the document.
pub fn read(source: &SourceFile, headings: &[String]) -> (Option<Outline>, Vec<Diagnostic>) {
    let lines = lines(source, headings);
    let mut problems = Problems {
        source,
        found: Vec::new(),
    };
    let Some((first, rest)) = lines.split_first() else {
        problems.at(
            0..0,
            Text::new("the document is empty", "文書が空です"),
            Text::new(
                "give the text of a plan document (or its PDF)",
                "計画文書のテキスト（または PDF）を指定してください",
            ),
        );
        return (None, problems.found);
    };
    if matches!(first.kind, Line::Section(..)) {
        problems.at(
            first.span.clone(),
            Text::new(
                "the document starts with a section: its title is missing",
                "文書が節から始まっています。表題がありません",
            ),
            Text::new(
                "the first line of a plan document is its title",
                "計画文書の最初の行は表題です",
            ),
        );
    }
    let closing_at = closing_start(rest);
    let (body, closing_lines) = rest.split_at(closing_at);
    let mut outline = Outline {
        title: Located::new(first.text, first.span.clone()),
        preamble: None,
        sections: Vec::new(),
        closing: None,
    };
    let mut open = Open::Preamble;
    for (i, line) in body.iter().enumerate() {
        let next = body.get(i + 1).map(|l| &l.kind);
        // A misnumbered section heading is still one when （内容） follows
        // it (after its title's continuation lines).
        let next_is_contents_mark = body
            .get(i + 1..)
            .and_then(|rest| rest.iter().find(|l| l.kind != Line::Text))
            .is_some_and(|l| l.kind == Line::ContentsMark);
        // A heading the reference plan does not know still reads as one when
        // measure ア follows it; the import then reports it as unknown.
        let starts_measures = matches!(next, Some(Line::Measure(l, _)) if l == "ア");
        if line.kind == Line::Text && line.text.ends_with("の取組") && starts_measures {
            let heading = DocLine {
                kind: Line::Heading,
                ..line.clone()
            };
            open = place(&heading, open, false, &mut outline, &mut problems);
            continue;
        }
        open = place(
            line,
            open,
            next_is_contents_mark,
            &mut outline,
            &mut problems,
        );
    }
    if outline.sections.is_empty() {
        let span = lines.last().map_or(0..0, |l| l.span.clone());
        problems.at(
            span,
            Text::new(
                "no numbered section (１ title) in the document",
                "番号付きの節（１ 表題）が文書にありません",
            ),
            Text::new(
                "sections start with their number and title on a line of their own: １ テレワークの推進",
                "節は番号と表題だけの行で始まります: １ テレワークの推進",
            ),
        );
    }
    for line in closing_lines {
        match &mut outline.closing {
            Some(c) => c.push(line.text, line.span.clone()),
            None => outline.closing = Some(Located::new(line.text, line.span.clone())),
        }
    }
    (Some(outline), problems.found)
}

/// The closing is the run of plain lines after the last structural line,
/// from the first of them that holds a full date (the start date), or
/// something written like one.
fn closing_start(lines: &[DocLine]) -> usize {
    let last_structural = lines
        .iter()
        .rposition(|l| l.kind != Line::Text)
        .map_or(0, |i| i + 1);
    lines
        .iter()
        .enumerate()
        .skip(last_structural)
        .find(|(_, l)| {
            let (found, bad) = crate::model::era::find(l.text);
            !bad.is_empty()
                || found
                    .iter()
                    .any(|f| matches!(f.meaning, crate::model::era::Meaning::Day(_)))
        })
        .map_or(lines.len(), |(i, _)| i)
}

/// Places one line in the outline; returns where the next continuation goes.
fn place(
    line: &DocLine,
    open: Open,
    next_is_contents_mark: bool,
    outline: &mut Outline,
    problems: &mut Problems,
) -> Open {
    let span = line.span.clone();
    let after = |at: usize| &line.text[at.min(line.text.len())..];
    let sub_span = |at: usize| span.start + at.min(line.text.len())..span.end;
    let expected_section = outline.sections.last().map_or(1, |s| s.number + 1);
    match &line.kind {
        Line::Section(n, at) if *n == expected_section || next_is_contents_mark => {
            if *n != expected_section {
                problems.at(
                    span.clone(),
                    text!(
                        en: "section {n} where section {expected_section} was expected",
                        ja: "第{expected_section}節のはずの箇所が第{n}節です",
                    ),
                    Text::new(
                        "sections are numbered １, ２, ３ … in order; fix the number or add the missing section",
                        "節は １, ２, ３ … の順に番号を付けます。番号を直すか、欠けた節を補ってください",
                    ),
                );
            }
            // A misnumbered section keeps its place in the count, so the
            // sections after it are not misnumbered too.
            outline.sections.push(OutlineSection {
                number: expected_section,
                title: Located::new(after(*at), sub_span(*at)),
                contents: Vec::new(),
                parties: Vec::new(),
            });
            Open::SectionTitle
        }
        Line::ContentsMark => {
            if open == Open::SectionTitle {
                Open::Contents
            } else {
                problems.at(
                    span,
                    Text::new(
                        "（内容） belongs right after a section's title",
                        "（内容）は節の表題の直後に置きます",
                    ),
                    Text::new(
                        "move it under the section heading, or remove the repeated one",
                        "節の見出しの下に移すか、重複を削除してください",
                    ),
                );
                open
            }
        }
        Line::Content(n, at)
            if matches!(open, Open::SectionTitle | Open::Contents | Open::Content) =>
        {
            let Some(section) = outline.sections.last_mut() else {
                return open;
            };
            let expected = section.contents.len() as u32 + 1;
            if *n != expected {
                problems.at(
                    span.clone(),
                    text!(
                        en: "内容 item ({n}) where ({expected}) was expected",
                        ja: "（{expected}）のはずの箇所が（{n}）です",
                    ),
                    Text::new(
                        "内容 items are numbered （１）, （２）, … in order",
                        "内容は （１）, （２）, … の順に番号を付けます",
                    ),
                );
            }
            section
                .contents
                .push(Located::new(after(*at), sub_span(*at)));
            Open::Content
        }
        Line::Heading => {
            let Some(section) = outline.sections.last_mut() else {
                let heading = crate::text::escape_control(line.text);
                problems.at(
                    span,
                    text!(
                        en: "party heading `{heading}` before the first section",
                        ja: "最初の節より前に主体の見出し `{heading}` があります",
                    ),
                    Text::new(
                        "a party's measures belong to a numbered section",
                        "主体の取組は番号付きの節の中に置きます",
                    ),
                );
                return open;
            };
            section.parties.push(OutlineParty {
                heading: Located::new(line.text, span),
                measures: Vec::new(),
            });
            Open::Heading
        }
        Line::Measure(label, at) if matches!(open, Open::Heading | Open::Measure | Open::Item) => {
            let Some(party) = outline
                .sections
                .last_mut()
                .and_then(|s| s.parties.last_mut())
            else {
                return open;
            };
            let expected = label::expected_at(party.measures.len()).unwrap_or("?");
            if label != expected {
                let heading = crate::text::escape_control(&party.heading.text);
                problems.at(
                    span.clone(),
                    text!(
                        en: "measure {label} where {expected} was expected under {heading}",
                        ja: "{heading} の下で {expected} のはずの箇所が {label} です",
                    ),
                    Text::new(
                        "measures are labelled ア, イ, ウ … in order; fix the label or add the missing measure",
                        "取組は ア, イ, ウ … の順にラベルを付けます。ラベルを直すか、欠けた取組を補ってください",
                    ),
                );
            }
            let label_span = span.start..span.start + label.len();
            let text = after(*at);
            let text_located = if text.is_empty() {
                Located {
                    text: String::new(),
                    span: sub_span(*at),
                    lines: Vec::new(),
                }
            } else {
                Located::new(text, sub_span(*at))
            };
            party.measures.push(OutlineMeasure {
                label: Located::new(label, label_span),
                text: text_located,
                items: Vec::new(),
            });
            Open::Measure
        }
        Line::Measure(label, _)
            if matches!(open, Open::SectionTitle | Open::Contents | Open::Content) =>
        {
            problems.at(
                span,
                text!(
                    en: "measure {label} before any party heading in this section",
                    ja: "この節で主体の見出しより前に取組 {label} があります",
                ),
                Text::new(
                    "a party's measures follow its heading (such as 都の取組)",
                    "主体の取組はその見出し（都の取組 など）の後に置きます",
                ),
            );
            open
        }
        Line::Item(at) if matches!(open, Open::Measure | Open::Item) => {
            if let Some(measure) = outline
                .sections
                .last_mut()
                .and_then(|s| s.parties.last_mut())
                .and_then(|p| p.measures.last_mut())
            {
                measure.items.push(Located::new(after(*at), sub_span(*at)));
            }
            Open::Item
        }
        _ => continue_text(line, open, outline, problems),
    }
}

/// A line that starts nothing: the continuation of whatever is open, or a
/// problem when nothing can continue there.
fn continue_text(
    line: &DocLine,
    open: Open,
    outline: &mut Outline,
    problems: &mut Problems,
) -> Open {
    let span = line.span.clone();
    let section = outline.sections.last_mut();
    let target: Option<&mut Located> = match (open, section) {
        (Open::Preamble, _) => {
            match &mut outline.preamble {
                Some(p) => p.push(line.text, span),
                None => outline.preamble = Some(Located::new(line.text, span)),
            }
            return open;
        }
        (Open::SectionTitle, Some(s)) => Some(&mut s.title),
        (Open::Content, Some(s)) => s.contents.last_mut(),
        (Open::Measure, Some(s)) => s
            .parties
            .last_mut()
            .and_then(|p| p.measures.last_mut())
            .map(|m| &mut m.text),
        (Open::Item, Some(s)) => s
            .parties
            .last_mut()
            .and_then(|p| p.measures.last_mut())
            .and_then(|m| m.items.last_mut()),
        _ => None,
    };
    match target {
        Some(located) if located.text.is_empty() => {
            *located = Located::new(line.text, span);
        }
        Some(located) => located.push(line.text, span),
        None => {
            let (en, ja) = match open {
                Open::Contents => (
                    "expected a 内容 item （１） after （内容）",
                    "（内容）の後には （１） などの内容の項目が来るはずです",
                ),
                Open::Heading => (
                    "expected a measure ア after the party heading",
                    "主体の見出しの後には ア などの取組が来るはずです",
                ),
                _ => (
                    "this line fits nowhere in a plan document",
                    "この行は計画文書のどこにも当てはまりません",
                ),
            };
            let shown = crate::text::escape_control(line.text);
            problems.at(
                span,
                Text::new(format!("{en}: `{shown}`"), format!("{ja}: `{shown}`")),
                Text::new(
                    "check the line against the document's shape (１ section, （内容）, （１）, party heading, ア measure, ・ item); a party heading must be one of the reference plan's",
                    "文書の形（１ 節、（内容）、（１）、主体の見出し、ア 取組、・ 小項目）と照らしてください。主体の見出しは参照する計画にあるものに限ります",
                ),
            );
        }
    }
    open
}
