//! Who may do what on the web view: a user (name, display name, e-mail,
//! parties, role) and the rules of the three roles — a viewer reads, an
//! editor records and corrects notes on their own parties' measures (their
//! own notes only), an admin does everything.

/// A role, from least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Role {
    /// Reads the plan and its notes
    Viewer,
    /// Records and corrects notes on the measures of their own parties
    Editor,
    /// Everything, including other people's notes
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s.trim().to_ascii_lowercase().as_str() {
            "viewer" => Some(Role::Viewer),
            "editor" => Some(Role::Editor),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// A signed-in user of the web view (also the author and committer of
/// what they record).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// The login name (the accounts file's key, or the proxy's header).
    pub name: String,
    /// The name notes are recorded under (高橋).
    pub display: String,
    /// An e-mail address for commits, when the accounts file has one.
    pub email: Option<String>,
    /// The parties whose measures an editor writes on (plan.toml's keys).
    pub party: Vec<String>,
    pub role: Role,
}

impl User {
    /// Whether this user may record a note on a measure of `party`.
    pub fn may_record(&self, party: &str) -> bool {
        match self.role {
            Role::Viewer => false,
            Role::Editor => self.party.iter().any(|p| p == party),
            Role::Admin => true,
        }
    }

    /// Whether this user may amend or withdraw a note by `author` on a
    /// measure of `party`: an editor only their own notes on their own
    /// parties' measures, an admin anyone's.
    pub fn may_correct(&self, party: &str, author: &str) -> bool {
        match self.role {
            Role::Viewer => false,
            Role::Editor => self.may_record(party) && author == self.display,
            Role::Admin => true,
        }
    }

    /// Whether this user may write anything at all.
    pub fn writes(&self) -> bool {
        self.role > Role::Viewer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role, party: &[&str]) -> User {
        User {
            name: "t".into(),
            display: "高橋".into(),
            email: None,
            party: party.iter().map(|p| p.to_string()).collect(),
            role,
        }
    }

    #[test]
    fn roles_decide_who_writes_where() {
        let editor = user(Role::Editor, &["tcci"]);
        assert!(editor.may_record("tcci"));
        assert!(!editor.may_record("tmg"));
        assert!(editor.may_correct("tcci", "高橋"));
        assert!(!editor.may_correct("tcci", "山田"), "another's note");
        assert!(!editor.may_correct("tmg", "高橋"));
        let viewer = user(Role::Viewer, &["tcci"]);
        assert!(!viewer.may_record("tcci") && !viewer.writes());
        let admin = user(Role::Admin, &[]);
        assert!(admin.may_record("tmg") && admin.may_correct("tmg", "山田"));
        assert_eq!(Role::parse(" Admin "), Some(Role::Admin));
        assert_eq!(Role::parse("root"), None);
    }
}
