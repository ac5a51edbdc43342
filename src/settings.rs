//! Settings and where each comes from: flags, then environment variables,
//! then `[settings]` in `plan.toml`, then built-in defaults.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::date::DateStyle;
use crate::i18n::Lang;

/// `[settings]` in `plan.toml`: defaults for everyone who uses the plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileSettings {
    /// UI language (`ja` or `en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
    /// How dates are shown (`iso` or `wareki`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_style: Option<DateStyle>,
    /// Author recorded on notes when neither `--author` nor `PLAN_AUTHOR` is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
}

impl FileSettings {
    pub fn is_empty(&self) -> bool {
        *self == FileSettings::default()
    }
}
