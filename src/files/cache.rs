//! The plan as last read, its model and its notes, kept in the user's cache
//! directory so that the commands that read the whole plan (`plan list`,
//! `plan status`) skip parsing it again when no file has changed.
//!
//! The cache is trusted the way git trusts its index: by each file's
//! metadata. It names every file it was read from with its size, inode,
//! mode and modification and change times; a run lists the plan again and
//! uses the cache only when every file is still the same. A change time
//! cannot be set back by anyone, and a plan is kept only when none of its
//! files changed in the last [`SETTLE`] (a file written twice within the
//! clock's granularity could otherwise look unchanged). The binary that
//! wrote it, the plan's zone and the files' checksum must match too.
//! Anything else (an error, a plan with a problem, a cache that does not
//! read) falls back to reading the files, so the cache never changes what
//! a command says; `PLAN_NO_CACHE=1` turns it off.

use std::borrow::Cow;
use std::hash::BuildHasher;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::files::notes::{Notebook, Stored};
use crate::model::date::Zone;
use crate::model::plan::{Plan, PlanInfo, Section, SectionFile};
use crate::source::{SourceFile, display_path_from, string_from_utf8};

/// The file starts with this; another layout gets another number.
const MAGIC: &[u8] = b"plan cache 1\n";

/// A plan with a file changed more recently than this is not kept: a
/// second change within the time stamps' granularity would go unseen.
const SETTLE: Duration = Duration::from_secs(2);

/// A cache file larger than this is not read (a plan of 200,000 notes
/// keeps about 80 MiB).
const MAX_BYTES: u64 = 4 << 30;

/// The cache of one plan directory, with its files as they are now.
pub struct Cache {
    /// The cache file.
    file: PathBuf,
    /// The plan directory, as the command was given it.
    dir: PathBuf,
    key: Key,
    /// When `key` was taken.
    taken: SystemTime,
}

/// What must be the same for the cache to be used.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Key {
    /// The binary that wrote it (a build with another layout never reads it).
    exe: Stamp,
    /// The zone each note's day was found in.
    zone: String,
    /// The plan directory, resolved.
    dir: PathBuf,
    /// Every file read, by its path in the plan directory.
    files: Vec<(String, Stamp)>,
}

/// A file's metadata, as far as a change shows in it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
struct Stamp {
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
    inode: u64,
    device: u64,
    mode: u32,
}

/// What is kept: the plan's files as read and parsed, and the notes.
#[derive(Serialize, Deserialize)]
struct Payload<'a> {
    info: Cow<'a, PlanInfo>,
    /// plan.toml, then each section file in the plan's order.
    #[serde(borrow)]
    texts: Vec<Text<'a>>,
    sections: Vec<Cow<'a, Section>>,
    notes: Stored,
}

/// A plan file's name in the plan directory and its text.
#[derive(Serialize, Deserialize)]
struct Text<'a> {
    #[serde(borrow)]
    name: Cow<'a, str>,
    #[serde(borrow, with = "serde_bytes")]
    text: Cow<'a, [u8]>,
    bom: bool,
}

impl<'a> Text<'a> {
    fn of(source: &'a SourceFile) -> Option<Text<'a>> {
        Some(Text {
            name: Cow::Borrowed(source.path.file_name()?.to_str()?),
            text: Cow::Borrowed(source.text.as_bytes()),
            bom: source.bom,
        })
    }
}

impl Cache {
    /// The cache of the plan in `dir`, with its files' metadata taken now;
    /// `None` when there is none to use (turned off, no cache directory, a
    /// file that is not a plain file, a zone that is the machine's).
    pub fn open(dir: &Path, zone: Zone) -> Option<Cache> {
        if std::env::var_os("PLAN_NO_CACHE").is_some_and(|v| !v.is_empty()) {
            return None;
        }
        Cache::in_dir(&cache_dir()?, dir, zone)
    }

    /// The cache of the plan in `dir`, kept in `cache_dir`.
    fn in_dir(cache_dir: &Path, dir: &Path, zone: Zone) -> Option<Cache> {
        let Zone::Named(_) = zone else { return None };
        let taken = SystemTime::now();
        let resolved = dir.canonicalize().ok()?;
        let name = format!(
            "{:016x}.plan-cache",
            checksum(resolved.as_os_str().as_encoded_bytes())
        );
        let key = Key {
            exe: Stamp::of(&std::env::current_exe().ok()?)?,
            zone: zone.to_string(),
            files: fingerprint(dir)?,
            dir: resolved,
        };
        Some(Cache {
            file: cache_dir.join(name),
            dir: dir.to_path_buf(),
            key,
            taken,
        })
    }

    /// The plan and notes kept, when the files are still those they were
    /// read from.
    pub fn load(&self) -> Option<(Plan, Notebook)> {
        let file = std::fs::File::open(&self.file).ok()?;
        let meta = file.metadata().ok()?;
        if meta.len() > MAX_BYTES || !own(&meta) {
            return None;
        }
        // SAFETY: a cache file is never written in place: it is written
        // whole under another name and renamed over the old one, so the
        // file mapped here keeps its bytes while it is read. Mapped with
        // its pages filled in one call (a page fault each would cost more
        // than the whole decoding).
        let bytes = unsafe { memmap2::MmapOptions::new().populate().map(&file) }.ok()?;
        let body = bytes.strip_prefix(MAGIC)?;
        let (body, sum) = body.split_at_checked(body.len().checked_sub(8)?)?;
        if checksum(body) != u64::from_le_bytes(sum.try_into().ok()?) {
            return None;
        }
        let (len, body) = body.split_at_checked(4)?;
        let len = u32::from_le_bytes(len.try_into().ok()?) as usize;
        let (key, payload) = body.split_at_checked(len)?;
        if rmp_serde::from_slice::<Key>(key).ok()? != self.key {
            return None;
        }
        let payload: Payload = rmp_serde::from_slice(payload).ok()?;
        self.rebuild(payload)
    }

    /// The plan and notes from what was kept.
    fn rebuild(&self, payload: Payload) -> Option<(Plan, Notebook)> {
        let cwd = std::env::current_dir().ok();
        let mut texts = payload.texts.into_iter().map(|t| {
            let text = string_from_utf8(t.text.into_owned()).ok()?;
            let path = display_path_from(cwd.as_deref(), &self.dir.join(&*t.name));
            let mut source = SourceFile::new(path, text);
            source.bom = t.bom;
            Some(source)
        });
        let info_source = texts.next()??;
        let sections = payload
            .sections
            .into_iter()
            .map(|section| {
                Some(SectionFile {
                    source: texts.next()??,
                    section: section.into_owned(),
                })
            })
            .collect::<Option<Vec<_>>>()?;
        if texts.next().is_some() {
            return None;
        }
        let plan = Plan::new(
            self.dir.clone(),
            payload.info.into_owned(),
            info_source,
            sections,
        );
        let book = Notebook::from_stored(payload.notes, &plan)?;
        Some((plan, book))
    }

    /// Keeps the plan and notes, read while the files were as `open`
    /// found them, when they can be trusted later: no file changed while
    /// they were read or in the [`SETTLE`] before, and nothing was
    /// reported. A cache that cannot be written is simply not kept.
    pub fn save(self, plan: &Plan, book: &Notebook) {
        let Some(settled) = self.taken.checked_sub(SETTLE) else {
            return;
        };
        let settled = stamp_time(settled);
        if self
            .key
            .files
            .iter()
            .any(|(_, s)| s.modified >= settled || s.changed >= settled)
        {
            return;
        }
        let Some(notes) = book.stored() else { return };
        if fingerprint(&self.dir).as_ref() != Some(&self.key.files) {
            return;
        }
        let Some(bytes) = self.encode(plan, notes) else {
            return;
        };
        let Some(parent) = self.file.parent() else {
            return;
        };
        let written = crate::files::atomic::private_dir(parent)
            .and_then(|()| tempfile::NamedTempFile::new_in(parent))
            .and_then(|mut temp| {
                temp.write_all(&bytes)?;
                temp.persist(&self.file).map_err(|e| e.error)?;
                Ok(())
            });
        drop(written);
    }

    fn encode(&self, plan: &Plan, notes: Stored) -> Option<Vec<u8>> {
        let texts = std::iter::once(&plan.info_source)
            .chain(plan.sections.iter().map(|s| &s.source))
            .map(Text::of)
            .collect::<Option<Vec<_>>>()?;
        let payload = Payload {
            info: Cow::Borrowed(&plan.info),
            texts,
            sections: plan
                .sections
                .iter()
                .map(|s| Cow::Borrowed(&s.section))
                .collect(),
            notes,
        };
        let key = rmp_serde::to_vec_named(&self.key).ok()?;
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&u32::try_from(key.len()).ok()?.to_le_bytes());
        bytes.extend_from_slice(&key);
        rmp_serde::encode::write_named(&mut bytes, &payload).ok()?;
        let sum = checksum(&bytes[MAGIC.len()..]);
        bytes.extend_from_slice(&sum.to_le_bytes());
        Some(bytes)
    }
}

/// Whether a cache file is this user's own and no one else may write it:
/// in a shared `PLAN_CACHE_DIR`, a file another user put there could say
/// anything about the plan.
#[cfg(unix)]
fn own(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    meta.uid() == me && meta.mode() & 0o022 == 0
}

#[cfg(not(unix))]
fn own(_: &std::fs::Metadata) -> bool {
    false
}

/// `PLAN_CACHE_DIR`, else the platform's cache directory's `plan/`
/// (`$XDG_CACHE_HOME/plan`, `~/.cache/plan`).
fn cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("PLAN_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    use etcetera::BaseStrategy;
    Some(
        etcetera::choose_base_strategy()
            .ok()?
            .cache_dir()
            .join("plan"),
    )
}

/// Every file a whole plan is read from, with its metadata; `None` when
/// one is not a plain file (a link is read by other rules) or a directory
/// cannot be listed.
fn fingerprint(dir: &Path) -> Option<Vec<(String, Stamp)>> {
    let mut paths = vec![dir.join(crate::files::load::PLAN_FILE)];
    paths.extend(crate::files::load::section_paths(dir).ok()?);
    paths.extend(crate::files::store::notes_files(dir, None).ok()?);
    paths
        .iter()
        .map(|path| {
            let name = path.strip_prefix(dir).ok()?.to_str()?.to_string();
            Some((name, Stamp::of_file(path)?))
        })
        .collect()
}

impl Stamp {
    /// A plain file's stamp (not following a link).
    fn of_file(path: &Path) -> Option<Stamp> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        meta.file_type().is_file().then(|| Stamp::from(&meta))?
    }

    /// The stamp of what `path` leads to.
    fn of(path: &Path) -> Option<Stamp> {
        Stamp::from(&std::fs::metadata(path).ok()?)
    }

    #[cfg(unix)]
    fn from(meta: &std::fs::Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            len: meta.size(),
            modified: (meta.mtime(), meta.mtime_nsec()),
            changed: (meta.ctime(), meta.ctime_nsec()),
            inode: meta.ino(),
            device: meta.dev(),
            mode: meta.mode(),
        })
    }

    /// Elsewhere a change time is not to be had: no cache.
    #[cfg(not(unix))]
    fn from(_: &std::fs::Metadata) -> Option<Stamp> {
        None
    }
}

/// A time as a stamp holds it: seconds and nanoseconds since 1970.
fn stamp_time(time: SystemTime) -> (i64, i64) {
    match time.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => (d.as_secs() as i64, i64::from(d.subsec_nanos())),
        Err(_) => (i64::MIN, 0),
    }
}

/// The cache's checksum (and its file's name): a fast hash with a fixed
/// seed, to catch a file torn or damaged on disk.
fn checksum(bytes: &[u8]) -> u64 {
    foldhash::fast::FixedState::with_seed(0x706c_616e_6361_6368).hash_one(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("plan")
    }

    #[test]
    fn a_kept_plan_reads_back_as_it_was_read() {
        let cache_dir = tempfile::tempdir().unwrap();
        let zone = Zone::named("Asia/Tokyo").unwrap();
        let dir = shipped();
        let plan = crate::files::load::load(&dir).unwrap();
        let now = zone.now();
        let book = Notebook::read(&plan, zone, now, Default::default());
        let cache = Cache::in_dir(cache_dir.path(), &dir, zone).unwrap();
        assert!(cache.load().is_none());
        let bytes = cache.encode(&plan, book.stored().unwrap()).unwrap();
        std::fs::write(&cache.file, bytes).unwrap();
        let (kept, kept_book) = cache.load().expect("the cache is read");
        assert_eq!(format!("{:?}", kept.info), format!("{:?}", plan.info));
        assert_eq!(
            format!("{:?}", kept.sections),
            format!("{:?}", plan.sections)
        );
        assert_eq!(format!("{:?}", kept_book), format!("{:?}", book));
    }
}
