//! `report::data` is plain data: it serializes as it is, for a web view or
//! a script, with statuses and the notes mode by their stable keys.

use plan::i18n::Lang;
use plan::report::NotesMode;
use serde_json::Value;

use crate::sample::{self, FOUR_ITEMS};

#[test]
fn the_report_serializes_with_stable_keys() {
    let report = sample::report(Lang::Ja, NotesMode::All);
    let json: Value = serde_json::to_value(&report).expect("serializable");
    assert_eq!(json["lang"], "ja");
    assert_eq!(json["notes_mode"], "all");
    assert_eq!(json["as_of"], "2021-10-31");
    assert_eq!(json["generated_at"], "2021-11-01T09:30:00+09:00");
    assert_eq!(json["summary"].as_array().map(Vec::len), Some(15));
    let measure = &json["sections"][1]["parties"][0]["measures"][1];
    assert_eq!(measure["id"], FOUR_ITEMS);
    assert_eq!(measure["status"], "active");
    assert_eq!(measure["last_note"], "2021-07-01");
    assert_eq!(measure["items"][3]["status"], "planned");
    assert_eq!(measure["notes"][0]["status"], "active");
    assert_eq!(measure["notes"][1]["status"], Value::Null);
}
