//! The file format as JSON Schema, derived from the model, and a validator
//! that checks a parsed TOML document against it.
//!
//! Validating against the derived schema (rather than stopping at serde's
//! first error) lets `plan check` report every unknown key, missing key and
//! wrong type in one run, each at its exact place, while the model stays the
//! single definition of the format: `plan schema` prints the same schema for
//! editors.

use std::ops::Range;
use std::sync::LazyLock;

use schemars::Schema;
use serde_json::Value as Json;
use toml_edit::{Table, Value};

use crate::diagnostic::Code;
use crate::files::span::{FieldPath, Node, Step};
use crate::i18n::Text;
use crate::model::plan::{PlanInfo, Section};
use crate::suggest;
use crate::text;

/// The JSON Schema of `plan.toml` (derived once per run).
pub fn plan_schema() -> &'static Schema {
    static SCHEMA: LazyLock<Schema> = LazyLock::new(|| schemars::schema_for!(PlanInfo));
    &SCHEMA
}

/// The JSON Schema of a section file (derived once per run).
pub fn section_schema() -> &'static Schema {
    static SCHEMA: LazyLock<Schema> = LazyLock::new(|| schemars::schema_for!(Section));
    &SCHEMA
}

/// The schema's limits that serde does not enforce (`minLength`,
/// `minimum`, `maximum`), checked on the values serde read: a file serde
/// reads whole and that stays within them has nothing for [`validate`] to
/// report, so the located walk runs only when one of them is broken (or
/// serde refused the file). A test keeps this list in step with the schema.
pub trait WithinLimits {
    fn within_limits(&self) -> bool;
}

/// `minLength = 1` as the validator reads it: not blank.
fn filled(s: &str) -> bool {
    !s.trim().is_empty()
}

fn year(y: i32) -> bool {
    (1900..=9999).contains(&y)
}

impl WithinLimits for PlanInfo {
    fn within_limits(&self) -> bool {
        filled(&self.title)
            && year(self.fiscal_year)
            && filled(&self.default_party)
            && filled(&self.agreement.title)
            && self
                .parties
                .values()
                .all(|p| filled(&p.name) && filled(&p.short) && filled(&p.english))
            && self
                .previous
                .as_ref()
                .is_none_or(|p| year(p.fiscal_year) && p.ended.iter().all(|e| filled(e)))
            && self
                .check
                .allow
                .iter()
                .all(|a| filled(&a.code) && filled(&a.id) && filled(&a.reason))
    }
}

impl WithinLimits for Section {
    fn within_limits(&self) -> bool {
        self.number >= 1
            && filled(&self.title)
            && self.contents.iter().all(|c| filled(c))
            && self.measures.values().flatten().all(|m| {
                filled(&m.label)
                    && filled(&m.text)
                    && m.items.iter().all(|i| filled(i))
                    && m.continues.as_deref().is_none_or(filled)
            })
    }
}

/// Follows `$ref`s (within the same schema) to the schema that says
/// something; a dangling or looping reference stops where it is.
pub fn resolve<'s>(root: &'s Json, mut schema: &'s Json) -> &'s Json {
    for _ in 0..16 {
        let Some(reference) = schema.get("$ref").and_then(Json::as_str) else {
            break;
        };
        match reference.strip_prefix('#').and_then(|p| root.pointer(p)) {
            Some(target) => schema = target,
            None => break,
        }
    }
    schema
}

/// One way a document departs from its schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: Code,
    pub message: Text,
    pub span: Option<Range<usize>>,
    pub help: Option<Text>,
    /// For an unknown key: the table it is in and the key, so a lenient
    /// reader can drop it and read on.
    pub unknown: Option<(FieldPath, String)>,
}

/// Every problem of `doc` against `schema`, in document order.
pub fn validate(doc: &Table, schema: &Schema) -> Vec<Problem> {
    let root = schema.as_value();
    let mut v = Validator {
        root,
        problems: Vec::new(),
    };
    v.check(Node::Table(doc), root, &Trail::Root, Some(0..0));
    v.problems
}

/// The way from the top of the document to the node being checked, kept on
/// the stack: a [`FieldPath`] is built only for a problem.
#[derive(Clone, Copy)]
enum Trail<'p> {
    Root,
    Key(&'p Trail<'p>, &'p str),
    Index(&'p Trail<'p>, usize),
}

impl Trail<'_> {
    fn path(&self) -> FieldPath {
        match self {
            Trail::Root => FieldPath::root(),
            Trail::Key(parent, key) => parent.path().key(key),
            Trail::Index(parent, i) => parent.path().index(*i),
        }
    }
}

/// The JSON Schema type of a node (`date` for a TOML local date).
fn type_name(node: &Node) -> &'static str {
    match node {
        Node::Value(Value::String(_)) => "string",
        Node::Value(Value::Integer(_)) => "integer",
        Node::Value(Value::Float(_)) => "number",
        Node::Value(Value::Boolean(_)) => "boolean",
        Node::Value(Value::Datetime(d)) => {
            let d = d.value();
            if d.time.is_none() {
                "date"
            } else {
                "date-time"
            }
        }
        Node::Value(Value::Array(_)) | Node::Tables(_) => "array",
        Node::Value(Value::InlineTable(_)) | Node::Table(_) => "object",
    }
}

/// How a schema type is described to people.
fn describe(type_name: &str) -> Text {
    match type_name {
        "string" => Text::new("a string", "文字列"),
        "integer" => Text::new("an integer", "整数"),
        "number" => Text::new("a number", "数値"),
        "boolean" => Text::new("true or false", "真偽値"),
        "date" => Text::new("a date such as 2021-04-01", "日付（例: 2021-04-01）"),
        "date-time" => Text::new("a date-time", "日時"),
        "array" => Text::new("an array", "配列"),
        "object" => Text::new("a table", "テーブル"),
        other => Text::same(other),
    }
}

struct Validator<'s> {
    root: &'s Json,
    problems: Vec<Problem>,
}

impl<'s> Validator<'s> {
    fn push(&mut self, code: Code, message: Text, span: Option<Range<usize>>, help: Option<Text>) {
        self.problems.push(Problem {
            code,
            message,
            span,
            help,
            unknown: None,
        });
    }

    fn resolve(&self, schema: &'s Json) -> &'s Json {
        resolve(self.root, schema)
    }

    fn check(
        &mut self,
        node: Node,
        schema: &'s Json,
        path: &Trail<'_>,
        fallback: Option<Range<usize>>,
    ) {
        let schema = self.resolve(schema);
        let span = node.span().or(fallback);
        if let Some(branches) = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Json::as_array)
        {
            self.check_alternatives(node, branches, path, span);
            return;
        }
        if let Some(expected) = schema.get("const") {
            self.check_allowed(node, std::slice::from_ref(expected), path, span);
            return;
        }
        if let Some(allowed) = schema.get("enum").and_then(Json::as_array) {
            self.check_allowed(node, allowed, path, span);
            return;
        }
        let actual = type_name(&node);
        let wanted: Vec<&str> = match schema.get("type") {
            Some(Json::String(t)) => vec![t.as_str()],
            Some(Json::Array(ts)) => ts.iter().filter_map(Json::as_str).collect(),
            _ => Vec::new(),
        };
        let is_date = schema.get("format").and_then(Json::as_str) == Some("date");
        let matches = |t: &str| match t {
            "string" if is_date => actual == "date",
            "number" => actual == "number" || actual == "integer",
            t => t == actual,
        };
        if !wanted.is_empty() && !wanted.iter().any(|t| matches(t)) {
            let expected = if is_date { "date" } else { wanted[0] };
            let (e, found) = (describe(expected), describe(actual));
            let place = place(path);
            self.push(
                Code::WrongType,
                Text::new(
                    format!("{}expected {}, found {}", place.en, e.en, found.en),
                    format!("{}{}が必要ですが{}です", place.ja, e.ja, found.ja),
                ),
                span,
                (is_date && actual == "string").then(|| {
                    Text::new(
                        "write the date without quotes: date = 2021-04-01",
                        "日付は引用符なしで書きます: date = 2021-04-01",
                    )
                }),
            );
            return;
        }
        match actual {
            "string" => self.check_string(node, schema, path, span),
            "integer" => self.check_integer(node, schema, path, span),
            "object" => self.check_table(node, schema, path, span),
            "array" => {
                if let (Some(items), Some(elements)) = (schema.get("items"), node.array()) {
                    for (i, element) in elements.into_iter().enumerate() {
                        self.check(element, items, &Trail::Index(path, i), span.clone());
                    }
                }
            }
            _ => {}
        }
    }

    fn check_string(
        &mut self,
        node: Node,
        schema: &Json,
        path: &Trail<'_>,
        span: Option<Range<usize>>,
    ) {
        let Node::Value(Value::String(s)) = node else {
            return;
        };
        let min = schema.get("minLength").and_then(Json::as_u64).unwrap_or(0);
        if min > 0 && s.value().trim().is_empty() {
            let place = place(path);
            self.push(
                Code::EmptyText,
                Text::new(
                    format!("{}text is empty", place.en),
                    format!("{}テキストが空です", place.ja),
                ),
                span,
                Some(Text::new(
                    "write the text, or remove the entry",
                    "テキストを書くか、項目ごと削除してください",
                )),
            );
        }
    }

    fn check_integer(
        &mut self,
        node: Node,
        schema: &Json,
        path: &Trail<'_>,
        span: Option<Range<usize>>,
    ) {
        let Node::Value(Value::Integer(n)) = node else {
            return;
        };
        let n = *n.value();
        let min = schema.get("minimum").and_then(Json::as_i64);
        let max = schema.get("maximum").and_then(Json::as_i64);
        let too_small = min.is_some_and(|m| n < m);
        let too_big = max.is_some_and(|m| n > m);
        if too_small || too_big {
            let range = match (min, max) {
                (Some(a), Some(b)) => format!("{a}..={b}"),
                (Some(a), None) => format!(">= {a}"),
                (None, Some(b)) => format!("<= {b}"),
                (None, None) => String::new(),
            };
            let place = place(path);
            self.push(
                Code::InvalidValue,
                Text::new(
                    format!("{}{n} is out of range (allowed: {range})", place.en),
                    format!("{}{n} は範囲外です（許容範囲: {range}）", place.ja),
                ),
                span,
                None,
            );
        }
    }

    fn check_table(
        &mut self,
        node: Node,
        schema: &'s Json,
        path: &Trail<'_>,
        span: Option<Range<usize>>,
    ) {
        let Some(table) = node.table() else {
            return;
        };
        let properties = schema.get("properties").and_then(Json::as_object);
        let additional = schema.get("additionalProperties");
        for (key, item) in table.iter() {
            let Some(child) = Node::from_item(item) else {
                continue;
            };
            let key_span = table
                .key(key)
                .and_then(|k| k.span())
                .or_else(|| span.clone());
            let child_path = Trail::Key(path, key);
            let child_fallback = child.span().or_else(|| key_span.clone());
            if let Some(sub) = properties.and_then(|p| p.get(key)) {
                self.check(child, sub, &child_path, child_fallback);
            } else {
                match additional {
                    Some(Json::Bool(false)) => {
                        let known: Vec<&str> = properties
                            .map(|p| p.keys().map(String::as_str).collect())
                            .unwrap_or_default();
                        self.unknown_key(key, path, &known, key_span);
                    }
                    Some(sub @ Json::Object(_)) => {
                        self.check(child, sub, &child_path, child_fallback)
                    }
                    _ => {}
                }
            }
        }
        let required = schema.get("required").and_then(Json::as_array);
        for key in required.into_iter().flatten().filter_map(Json::as_str) {
            if !table.contains_key(key) {
                let place = place(path);
                self.push(
                    Code::MissingKey,
                    Text::new(
                        format!("{}missing required key `{key}`", place.en),
                        format!("{}必須キー `{key}` がありません", place.ja),
                    ),
                    span.clone(),
                    describe_property(properties, key).map(|d| {
                        Text::new(
                            format!("add `{key} = …`: {d}"),
                            format!("`{key} = …` を追加してください: {d}"),
                        )
                    }),
                );
            }
        }
    }

    fn unknown_key(
        &mut self,
        key: &str,
        path: &Trail<'_>,
        known: &[&str],
        span: Option<Range<usize>>,
    ) {
        let place = place(path);
        let message = Text::new(
            format!("{}unknown key `{key}`", place.en),
            format!("{}不明なキー `{key}`", place.ja),
        );
        let list = known.join(", ");
        let help = match suggest::closest(key, known.iter().copied(), 1).first() {
            Some(best) => Text::new(
                format!("did you mean `{best}`? (allowed here: {list})"),
                format!("`{best}` の誤りでは？（ここで使えるキー: {list}）"),
            ),
            None => Text::new(
                format!("allowed here: {list}"),
                format!("ここで使えるキー: {list}"),
            ),
        };
        self.push(Code::UnknownKey, message, span, Some(help));
        if let Some(p) = self.problems.last_mut() {
            p.unknown = Some((path.path(), key.to_string()));
        }
    }

    fn check_alternatives(
        &mut self,
        node: Node,
        branches: &'s [Json],
        path: &Trail<'_>,
        span: Option<Range<usize>>,
    ) {
        let mut first_failure = None;
        for branch in branches {
            let branch = self.resolve(branch);
            if branch.get("type").and_then(Json::as_str) == Some("null") {
                continue;
            }
            let mut trial = Validator {
                root: self.root,
                problems: Vec::new(),
            };
            trial.check(node, branch, path, span.clone());
            if trial.problems.is_empty() {
                return;
            }
            first_failure.get_or_insert(trial.problems);
        }
        // All branches constants (an enum with documented values): say which are allowed.
        let constants: Vec<Json> = branches
            .iter()
            .map(|b| self.resolve(b))
            .flat_map(|b| match b.get("oneOf").and_then(Json::as_array) {
                Some(inner) => inner
                    .iter()
                    .filter_map(|i| i.get("const").cloned())
                    .collect(),
                None => b.get("const").cloned().into_iter().collect::<Vec<_>>(),
            })
            .collect();
        if !constants.is_empty() {
            self.check_allowed(node, &constants, path, span);
        } else if let Some(problems) = first_failure {
            self.problems.extend(problems);
        }
    }

    fn check_allowed(
        &mut self,
        node: Node,
        allowed: &[Json],
        path: &Trail<'_>,
        span: Option<Range<usize>>,
    ) {
        let names: Vec<&str> = allowed.iter().filter_map(Json::as_str).collect();
        let value = match node {
            Node::Value(Value::String(s)) => s.value().as_str(),
            _ => "",
        };
        if names.contains(&value) {
            return;
        }
        let list = names.join(", ");
        let place = place(path);
        let shown = text::escape_control(value);
        self.push(
            Code::InvalidValue,
            Text::new(
                format!(
                    "{}`{shown}` is not allowed here (allowed: {list})",
                    place.en
                ),
                format!("{}`{shown}` は使えません（使える値: {list}）", place.ja),
            ),
            span,
            suggest::closest(value, names.iter().copied(), 1)
                .first()
                .map(|s| suggest::did_you_mean(s)),
        );
    }
}

/// Removes unknown keys from a document, so the rest of it can still be
/// read into the model and checked (a typo in one key should not hide the
/// problems elsewhere in the file).
pub fn without_unknown_keys(text: &str, problems: &[Problem]) -> Option<String> {
    let mut doc: toml_edit::DocumentMut = text.parse().ok()?;
    for (path, key) in problems.iter().filter_map(|p| p.unknown.as_ref()) {
        let mut item = doc.as_item_mut();
        for step in path.steps() {
            item = match step {
                Step::Key(name) => item.get_mut(name.as_str())?,
                Step::Index(i) => item.get_mut(*i)?,
            };
        }
        item.as_table_like_mut()?.remove(key);
    }
    Some(doc.to_string())
}

/// "in `measures.tmg[2]`: " for messages, empty at the top level.
fn place(trail: &Trail<'_>) -> Text {
    let path = trail.path();
    if path.is_root() {
        Text::same("")
    } else {
        Text::new(format!("in `{path}`: "), format!("`{path}`: "))
    }
}

fn describe_property(
    properties: Option<&serde_json::Map<String, Json>>,
    key: &str,
) -> Option<String> {
    let description = properties?.get(key)?.get("description")?.as_str()?;
    Some(description.replace('\n', " "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(section: &str) -> Vec<Problem> {
        let doc = toml_edit::Document::parse(section.to_string()).unwrap();
        validate(doc.as_table(), section_schema())
    }

    #[test]
    fn valid_section_has_no_problems() {
        let p = problems(
            "number = 1\ntitle = \"t\"\ncontents = [\"c\"]\n[[measures.tmg]]\nlabel = \"ア\"\ntext = \"x\"\nitems = [\"i\"]\n",
        );
        assert_eq!(p, vec![]);
    }

    #[test]
    fn reports_every_problem_not_just_the_first() {
        let src = "number = \"1\"\ntitel = \"t\"\n[[measures.tmg]]\nlable = \"ア\"\ntext = \"\"\n";
        let mut p = problems(src);
        p.sort_by_key(|p| p.span.clone().map(|s| s.start));
        let codes: Vec<&str> = p.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(
            codes,
            vec!["P011", "P012", "P010", "P011", "P010", "P013"],
            "{p:#?}"
        );
        let typo = &p[2];
        assert_eq!(&src[typo.span.clone().unwrap()], "titel");
        assert!(
            typo.help
                .as_ref()
                .unwrap()
                .en
                .contains("did you mean `title`?")
        );
    }

    /// Every `minLength`, `minimum` and `maximum` of a schema, as
    /// `definition.property` (`root` for the top).
    fn limits(schema: &Schema) -> Vec<String> {
        fn walk(name: &str, node: &Json, out: &mut Vec<String>) {
            let Some(props) = node.get("properties").and_then(Json::as_object) else {
                return;
            };
            for (key, sub) in props {
                let text = sub.to_string();
                for limit in ["minLength", "minimum", "maximum"] {
                    if text.contains(&format!("\"{limit}\"")) {
                        out.push(format!("{name}.{key} {limit}"));
                    }
                }
            }
        }
        let root = schema.as_value();
        let mut out = Vec::new();
        walk("root", root, &mut out);
        if let Some(defs) = root.get("$defs").and_then(Json::as_object) {
            for (name, def) in defs {
                walk(name, def, &mut out);
            }
        }
        out.sort();
        out
    }

    #[test]
    fn within_limits_checks_every_limit_of_the_schema() {
        // A new limit in the model (`#[schemars(length(min = 1))]`, a
        // range) shows up here: add it to `WithinLimits` as well, or a file
        // breaking it would be read without the schema walk's diagnostic.
        assert_eq!(
            limits(plan_schema()),
            vec![
                "Agreement.title minLength",
                "Allow.code minLength",
                "Allow.id minLength",
                "Allow.reason minLength",
                "Party.english minLength",
                "Party.name minLength",
                "Party.short minLength",
                "Previous.ended minLength",
                "Previous.fiscal_year maximum",
                "Previous.fiscal_year minimum",
                "root.default_party minLength",
                "root.fiscal_year maximum",
                "root.fiscal_year minimum",
                "root.title minLength",
            ]
        );
        assert_eq!(
            limits(section_schema()),
            vec![
                "Measure.continues minLength",
                "Measure.items minLength",
                "Measure.label minLength",
                "Measure.text minLength",
                "root.contents minLength",
                "root.number minimum",
                "root.title minLength",
            ]
        );
    }

    #[test]
    fn within_limits_refuses_what_the_walk_reports() {
        let read = |src: &str| -> (bool, usize) {
            let section: Section = toml::from_str(src).unwrap();
            (section.within_limits(), problems(src).len())
        };
        let ok = "number = 1\ntitle = \"t\"\ncontents = [\"c\"]\n[[measures.tmg]]\nlabel = \"ア\"\ntext = \"x\"\nitems = [\"i\"]\ncontinues = \"1.tmg.ア\"\n";
        assert_eq!(read(ok), (true, 0));
        for (from, to) in [
            ("number = 1", "number = 0"),
            ("title = \"t\"", "title = \" \""),
            ("[\"c\"]", "[\"\"]"),
            ("\"ア\"", "\"　\""),
            ("\"x\"", "\"\""),
            ("[\"i\"]", "[\" \"]"),
            ("\"1.tmg.ア\"", "\"\""),
        ] {
            let bad = ok.replacen(from, to, 1);
            assert_eq!(read(&bad), (false, 1), "{bad}");
        }
    }

    #[test]
    fn dates_must_be_toml_dates() {
        let doc = toml_edit::Document::parse(
            "title = \"t\"\nfiscal_year = 2021\neffective = \"2021-04-01\"\ndefault_party = \"a\"\n[agreement]\ntitle = \"a\"\ndate = 2017-11-30\n[parties.a]\nname = \"n\"\nshort = \"s\"\nenglish = \"e\"\n[settings]\nlang = \"fr\"\n".to_string(),
        )
        .unwrap();
        let p = validate(doc.as_table(), plan_schema());
        assert_eq!(p.len(), 2, "{p:#?}");
        assert_eq!(p[0].code, Code::WrongType);
        assert!(p[0].help.as_ref().unwrap().en.contains("without quotes"));
        assert_eq!(p[1].code, Code::InvalidValue);
        assert!(p[1].message.en.contains("allowed: ja, en"), "{:?}", p[1]);
    }
}
