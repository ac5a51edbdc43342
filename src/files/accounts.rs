//! The web view's accounts file (`plan user`, `plan serve --accounts`):
//! users with a display name, parties, a role and an Argon2id password
//! hash (a PHC string), kept outside the plan repository, never committed.
//! It is rewritten whole and atomically, mode 0600, under a lock.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::i18n::Text;
use crate::model::account::{Role, User};
use crate::source::display_path;

/// The largest accounts file read (a few thousand users fit).
const MAX_BYTES: u64 = 4 * 1024 * 1024;

/// One user as the file keeps them.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub display: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default)]
    pub party: Vec<String>,
    pub role: String,
    /// The Argon2id hash of the password (empty: no password login, as for
    /// a user known only through the proxy's header).
    #[serde(default)]
    pub password: String,
}

/// The whole file: users by login name.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accounts {
    #[serde(default)]
    pub users: BTreeMap<String, Entry>,
}

impl Accounts {
    /// The user named `name`, with their role (an entry with an unknown
    /// role is no user).
    pub fn user(&self, name: &str) -> Option<User> {
        let e = self.users.get(name)?;
        Some(User {
            name: name.to_string(),
            display: e.display.clone(),
            email: e.email.clone().filter(|m| !m.is_empty()),
            party: e.party.clone(),
            role: Role::parse(&e.role)?,
        })
    }

    /// The user whose name and password these are, or `None`; the time
    /// taken does not tell whether the name exists (a missing user is
    /// checked against a dummy hash).
    pub fn check_password(&self, name: &str, password: &str) -> Option<User> {
        match self.users.get(name).filter(|e| !e.password.is_empty()) {
            Some(e) => verify(&e.password, password).then(|| self.user(name))?,
            None => {
                let _ = verify(dummy_hash(), password);
                None
            }
        }
    }
}

/// The Argon2id PHC string of a password, with a fresh random salt.
pub fn hash(password: &str) -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| {
        Error::io(
            text!(en: "no randomness for a salt: {e}", ja: "ソルト用の乱数を得られません: {e}"),
        )
    })?;
    let salt = SaltString::encode_b64(&bytes).map_err(|e| {
        Error::io(text!(en: "cannot make a salt: {e}", ja: "ソルトを作れません: {e}"))
    })?;
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::io(text!(en: "cannot hash the password: {e}", ja: "パスワードをハッシュできません: {e}")))
}

/// Whether `password` is the one `phc` was made from (argon2 compares in
/// constant time); a malformed hash matches nothing.
pub fn verify(phc: &str, password: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| {
        argon2::Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash("no such user").unwrap_or_default())
}

/// Where the accounts file is when nothing names one: beside the user's
/// config file (`~/.config/plan/accounts.toml` on Linux).
pub fn default_path(config_dir: Option<&Path>) -> Option<PathBuf> {
    config_dir.map(|d| d.join("accounts.toml"))
}

/// Refuses an accounts file inside the plan's repository (it would be
/// committed with the plan, hashes and all).
pub fn outside_repository(path: &Path, repository: &Path) -> Result<()> {
    let absolute = absolute(path);
    let repo = std::fs::canonicalize(repository).unwrap_or_else(|_| repository.to_path_buf());
    if absolute.starts_with(&repo) {
        let shown = display_path(path).display().to_string();
        return Err(Error::usage(text!(
            en: "the accounts file {shown} is inside the plan repository: it would be committed with the plan (password hashes and all)",
            ja: "アカウントファイル {shown} が計画リポジトリの中にあります。計画と一緒にコミットされてしまいます（パスワードのハッシュも）",
        ))
        .help(Text::new(
            "keep it outside: the default (in your config directory), or --accounts FILE / PLAN_ACCOUNTS elsewhere",
            "リポジトリの外に置いてください: 既定（設定ディレクトリ）か、別の場所を --accounts FILE / PLAN_ACCOUNTS で指定",
        )));
    }
    Ok(())
}

/// The path made absolute with its existing ancestors resolved (the file
/// itself may not exist yet).
fn absolute(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut tail = Vec::new();
    let mut head = path.as_path();
    loop {
        if let Ok(real) = std::fs::canonicalize(head) {
            let mut out = real;
            for part in tail.iter().rev() {
                out.push(part);
            }
            return out;
        }
        match (head.file_name(), head.parent()) {
            (Some(name), Some(parent)) => {
                tail.push(name.to_os_string());
                head = parent;
            }
            _ => return path,
        }
    }
}

/// Reads the accounts file; a missing file is no accounts when `missing_ok`.
pub fn load(path: &Path, missing_ok: bool) -> Result<Accounts> {
    let shown = display_path(path).display().to_string();
    let bytes = match crate::files::read::read_limited(path, MAX_BYTES) {
        Ok(bytes) => bytes,
        Err(crate::files::read::ReadError::Io(e))
            if missing_ok && e.kind() == std::io::ErrorKind::NotFound =>
        {
            return Ok(Accounts::default());
        }
        Err(e) => {
            return Err(Error::usage(text!(
                en: "cannot read the accounts file {shown}: {e}",
                ja: "アカウントファイル {shown} を読めません: {e}",
            ))
            .help(Text::new(
                "create it with plan user add NAME, or name another with --accounts FILE",
                "plan user add NAME で作るか、--accounts FILE で別のファイルを指定してください",
            )));
        }
    };
    let text = String::from_utf8(bytes).map_err(|_| {
        Error::usage(text!(
            en: "{shown}: the accounts file is not UTF-8 text",
            ja: "{shown}: アカウントファイルが UTF-8 のテキストではありません",
        ))
    })?;
    let accounts: Accounts = toml::from_str(&text).map_err(|e| {
        let why = e.message().to_string();
        let at = e
            .span()
            .map(|s| {
                let before = &text[..s.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                format!(":{line}:{column}")
            })
            .unwrap_or_default();
        Error::usage(text!(
            en: "{shown}{at}: not an accounts file: {why}",
            ja: "{shown}{at}: アカウントファイルとして読めません: {why}",
        ))
    })?;
    for (name, e) in &accounts.users {
        if Role::parse(&e.role).is_none() {
            let role = crate::text::escape_control(&e.role).into_owned();
            return Err(Error::usage(text!(
                en: "{shown}: user {name} has the unknown role `{role}` (viewer, editor or admin)",
                ja: "{shown}: ユーザー {name} の役割 `{role}` は不明です（viewer、editor、admin のいずれか）",
            )));
        }
    }
    Ok(accounts)
}

/// Reads, changes and writes back the accounts file under an exclusive
/// lock (a `.lock` file beside it), so two `plan user` runs never lose
/// each other's change. The file is replaced whole, mode 0600.
pub fn update<T>(path: &Path, change: impl FnOnce(&mut Accounts) -> Result<T>) -> Result<T> {
    let fail =
        |e: std::io::Error| Error::io_on(Text::new("cannot write", "に書き込めません"), path, &e);
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.exists() {
        crate::files::atomic::private_dir(&dir).map_err(fail)?;
    }
    let mut lock_path = path.as_os_str().to_os_string();
    lock_path.push(".lock");
    let mut options = std::fs::OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let lock = options.open(&lock_path).map_err(fail)?;
    lock.lock().map_err(fail)?;
    let mut accounts = load(path, true)?;
    let out = change(&mut accounts)?;
    let text = format!(
        "# plan's web accounts (plan user add|list|remove|passwd): keep this file private, never commit it\n{}",
        toml::to_string(&accounts).map_err(|e| Error::io(
            text!(en: "cannot write the accounts: {e}", ja: "アカウントを書けません: {e}")
        ))?
    );
    crate::error::about_to_write();
    // tempfile creates the file 0600: no moment when others can read it.
    let mut tmp = tempfile::Builder::new()
        .prefix(".accounts")
        .tempfile_in(&dir)
        .map_err(fail)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o600))
            .map_err(fail)?;
    }
    tmp.write_all(text.as_bytes()).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    drop(lock);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_only_itself_and_the_hash_is_argon2id() {
        let h = hash("正しいパスワード").expect("a hash");
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify(&h, "正しいパスワード"));
        assert!(!verify(&h, "wrong"));
        assert!(!verify("not a hash", "wrong"));
        assert_ne!(h, hash("正しいパスワード").expect("a hash"), "fresh salt");
    }
}
