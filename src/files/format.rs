//! The canonical layout of plan files (`plan fmt`), applied with toml_edit so
//! comments survive:
//!
//! - keys in the order the model declares them (`number`, `title`, `contents`,
//!   `measures`; `label`, `text`, `items`), unknown keys after them;
//! - `key = value` with one space each side of `=`;
//! - arrays of strings one element per line, indented two spaces, with a
//!   trailing comma;
//! - one blank line before each table header, none doubled anywhere;
//! - LF line endings, no trailing whitespace, one final newline, no BOM.

use serde_json::Value as Json;

use crate::files::schema::resolve;
use toml_edit::{Array, DocumentMut, Item, RawString, Table, Value};

/// Which kind of plan file a text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Plan,
    Section,
}

impl FileKind {
    fn schema(self) -> Json {
        let schema = match self {
            FileKind::Plan => crate::files::schema::plan_schema(),
            FileKind::Section => crate::files::schema::section_schema(),
        };
        schema.as_value().clone()
    }
}

/// The text in canonical layout, or the parser's error.
pub fn format(text: &str, kind: FileKind) -> Result<String, toml_edit::TomlError> {
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n");
    let mut doc: DocumentMut = text.parse()?;
    let schema = kind.schema();
    let root = doc.as_table_mut();
    // The comment at the top of the file stays at the top, whichever key
    // sorting moves first.
    let header = root.iter_mut().next().map(|(mut k, _)| {
        let decor = k.leaf_decor_mut();
        let header = decor
            .prefix()
            .and_then(RawString::as_str)
            .unwrap_or("")
            .to_string();
        decor.set_prefix("");
        header
    });
    format_table(root, &schema, &schema, true);
    if let Some((mut k, _)) = root.iter_mut().next() {
        let decor = k.leaf_decor_mut();
        let own = decor
            .prefix()
            .and_then(RawString::as_str)
            .unwrap_or("")
            .to_string();
        let raw = header.unwrap_or_default();
        let header = comments_of(&raw, false, "");
        let blank_after = raw.trim_end_matches([' ', '\t']).ends_with("\n\n");
        let separator = if blank_after && !header.is_empty() {
            "\n"
        } else {
            ""
        };
        decor.set_prefix(format!(
            "{header}{separator}{}",
            own.trim_start_matches('\n')
        ));
    }
    let rendered = doc.to_string();
    Ok(tidy(&rendered))
}

/// The schema of a property of a table (declared, or the map's values).
fn property<'s>(root: &'s Json, schema: &'s Json, key: &str) -> Option<&'s Json> {
    let schema = resolve(root, schema);
    schema
        .get("properties")
        .and_then(|p| p.get(key))
        .or_else(|| schema.get("additionalProperties").filter(|a| a.is_object()))
        .map(|s| resolve(root, s))
}

fn format_table(table: &mut Table, schema: &Json, root: &Json, is_root: bool) {
    let order: Vec<String> = resolve(root, schema)
        .get("properties")
        .and_then(Json::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    let rank = |k: &str| order.iter().position(|o| o == k).unwrap_or(order.len());
    table.sort_values_by(|k1, _, k2, _| rank(k1.get()).cmp(&rank(k2.get())));

    let mut first_value = true;
    let keys: Vec<String> = table.iter().map(|(k, _)| k.to_string()).collect();
    for key in keys {
        let sub = property(root, schema, &key);
        let is_value = matches!(table.get(&key), Some(Item::Value(_)));
        if is_value && let Some(mut k) = table.key_mut(&key) {
            let decor = k.leaf_decor_mut();
            let prefix = comments_prefix(decor.prefix(), !(is_root && first_value) && is_value, "");
            decor.set_prefix(prefix);
            decor.set_suffix(" ");
        }
        if is_value {
            first_value = false;
        }
        match table.get_mut(&key) {
            Some(Item::Value(value)) => format_value(value),
            Some(Item::Table(t)) => {
                header_spacing(t);
                if let Some(sub) = sub {
                    format_table(t, sub, root, false);
                }
            }
            Some(Item::ArrayOfTables(tables)) => {
                let items = sub.and_then(|s| s.get("items")).map(|i| resolve(root, i));
                for t in tables.iter_mut() {
                    header_spacing(t);
                    if let Some(items) = items {
                        format_table(t, items, root, false);
                    }
                }
            }
            _ => {}
        }
    }
}

/// One blank line before a table header, keeping comments attached to it.
fn header_spacing(table: &mut Table) {
    if table.is_implicit() {
        return;
    }
    let decor = table.decor_mut();
    let prefix = comments_prefix(decor.prefix(), true, "");
    decor.set_prefix(format!("\n{prefix}"));
}

fn format_value(value: &mut Value) {
    let decor = value.decor_mut();
    let suffix = decor
        .suffix()
        .and_then(RawString::as_str)
        .map(str::trim)
        .filter(|s| s.starts_with('#'))
        .map(|c| format!(" {c}"))
        .unwrap_or_default();
    decor.set_prefix(" ");
    decor.set_suffix(suffix);
    if let Value::Array(array) = value
        && array.iter().all(Value::is_str)
    {
        multiline(array);
    }
}

/// One string per line, indented two spaces, trailing comma; comments between
/// elements kept.
fn multiline(array: &mut Array) {
    if array.is_empty() {
        array.set_trailing(
            comments_prefix(Some(array.trailing()), false, "  ")
                .trim_end()
                .to_string(),
        );
        array.set_trailing_comma(false);
        return;
    }
    for element in array.iter_mut() {
        let decor = element.decor_mut();
        let comments = comments_prefix(decor.prefix(), false, "  ");
        decor.set_prefix(format!("\n{comments}  "));
        decor.set_suffix("");
    }
    let trailing = comments_prefix(Some(array.trailing()), false, "  ");
    array.set_trailing(format!("\n{trailing}"));
    array.set_trailing_comma(true);
}

/// The comment lines of a decor prefix, each on its own line with `indent`,
/// optionally after one blank line when the original had a blank line.
fn comments_prefix(raw: Option<&RawString>, keep_blank: bool, indent: &str) -> String {
    comments_of(
        raw.and_then(RawString::as_str).unwrap_or(""),
        keep_blank,
        indent,
    )
}

fn comments_of(raw: &str, keep_blank: bool, indent: &str) -> String {
    let mut out = String::new();
    for line in raw
        .split('\n')
        .map(str::trim)
        .filter(|l| l.starts_with('#'))
    {
        out.push_str(indent);
        out.push_str(line);
        out.push('\n');
    }
    let had_blank = raw.trim_start_matches([' ', '\t']).starts_with('\n') || raw.contains("\n\n");
    if keep_blank && had_blank {
        format!("\n{out}")
    } else {
        out
    }
}

/// Line-level tidying: no trailing blanks, no doubled blank lines, one final
/// newline. Skipped for files with multi-line strings, whose lines are data.
fn tidy(text: &str) -> String {
    if text.contains("\"\"\"") || text.contains("'''") {
        return text.to_string();
    }
    let mut out = String::new();
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 || out.is_empty() {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_files_are_canonical() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("plan");
        let plan = std::fs::read_to_string(dir.join("plan.toml")).unwrap();
        assert_eq!(format(&plan, FileKind::Plan).unwrap(), plan);
        for path in crate::files::load::section_paths(&dir).unwrap() {
            let text = std::fs::read_to_string(&path).unwrap();
            assert_eq!(
                format(&text, FileKind::Section).unwrap(),
                text,
                "{}",
                path.display()
            );
        }
    }

    #[test]
    fn messy_section_is_laid_out_and_keeps_comments() {
        let messy = "# head\r\ntitle=\"t\"   # why\nnumber   = 1\ncontents = [\"a\",   # first\n \"b\"]\n\n\n\n# tmg\n[[measures.tmg]]\ntext = \"x\"\nlabel = \"ア\"\nitems=[ \"i\" ]\n[[measures.tmg]]\nlabel = \"イ\"\ntext = \"y\"   \n";
        let expected = "# head\nnumber = 1\ntitle = \"t\" # why\ncontents = [\n  \"a\",\n  # first\n  \"b\",\n]\n\n# tmg\n[[measures.tmg]]\nlabel = \"ア\"\ntext = \"x\"\nitems = [\n  \"i\",\n]\n\n[[measures.tmg]]\nlabel = \"イ\"\ntext = \"y\"\n";
        let formatted = format(messy, FileKind::Section).unwrap();
        assert_eq!(formatted, expected);
        assert_eq!(
            format(&formatted, FileKind::Section).unwrap(),
            formatted,
            "idempotent"
        );
    }
}
