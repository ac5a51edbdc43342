//! Corrections: which notes are in force once amendments and retractions
//! are applied. Corrections are notes themselves (append-only lines), so
//! two clones can each correct a note and git's union merge keeps both; the
//! rules below give the same answer whatever order the lines arrive in:
//!
//! - the versions of a note are the note and every amendment of it (and of
//!   its amendments); a version that was amended is never in force, and of
//!   the others (two clones amending one note: a fork) the one recorded
//!   last is, by its key's recording time, then by the whole key — never by
//!   the order of lines, which a merge may change; `plan check` warns about
//!   the fork with both keys;
//! - a retraction of any version withdraws the whole note; retracting a
//!   retraction cancels it (the note is back);
//! - a correction whose target does not exist changes nothing (an
//!   amendment then stands as a note of its own), and `plan check` says so.

use foldhash::{HashMap, HashSet};

/// What a note line corrects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Amends,
    Retracts,
}

/// A note line as far as corrections are concerned.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    pub key: &'a str,
    pub correction: Option<(Kind, &'a str)>,
}

/// Where a line stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// In force: the latest version of a note that is not withdrawn.
    Current,
    /// An older version; `by` is the version in force.
    Superseded { by: usize },
    /// Withdrawn; `by` is the retraction.
    Retracted { by: usize },
    /// A retraction (in force or cancelled).
    Retraction,
}

/// Something `plan check` reports about a correction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// No note has the key it names.
    MissingTarget { line: usize },
    /// Its amendments lead back to itself.
    Cycle { line: usize },
    /// It amends a retraction (retract the retraction instead).
    AmendsRetraction { line: usize },
    /// Two versions of one note both stand (two clones amended the same
    /// version): `line` is one that is not in force, `kept` the one that is.
    Fork { line: usize, kept: usize },
}

/// The state of every line, with the line each correction targets.
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    pub states: Vec<State>,
    pub targets: Vec<Option<usize>>,
    pub problems: Vec<Problem>,
}

/// Resolves the corrections among `records`.
pub fn resolve(records: &[Record]) -> Resolution {
    resolve_by(records.len(), |i| records[i])
}

/// [`resolve`] of `n` records, each made by `record` when it is needed:
/// a year of notes is not copied into records first.
pub fn resolve_by<'a>(n: usize, record: impl Fn(usize) -> Record<'a>) -> Resolution {
    let mut out = Resolution {
        states: vec![State::Current; n],
        targets: vec![None; n],
        problems: Vec::new(),
    };
    // The corrections, in one pass: every later pass but one goes over
    // them alone, not over a year of notes.
    let corrections: Vec<(usize, Kind, &str)> = (0..n)
        .filter_map(|i| record(i).correction.map(|(kind, target)| (i, kind, target)))
        .collect();
    if corrections.is_empty() {
        return out;
    }
    let wanted: HashSet<&str> = corrections.iter().map(|&(_, _, k)| k).collect();
    // Only the keys corrections name are looked up.
    let mut by_key: HashMap<&str, usize> = HashMap::default();
    for i in 0..n {
        let key = record(i).key;
        if wanted.contains(key) {
            by_key.entry(key).or_insert(i);
        }
    }
    for &(i, kind, target) in &corrections {
        if kind == Kind::Retracts {
            out.states[i] = State::Retraction;
        }
        match by_key.get(target) {
            Some(&t) if t != i => {
                let target_is_retraction =
                    matches!(record(t).correction, Some((Kind::Retracts, _)));
                if kind == Kind::Amends && target_is_retraction {
                    out.problems.push(Problem::AmendsRetraction { line: i });
                } else {
                    out.targets[i] = Some(t);
                }
            }
            Some(_) => out.problems.push(Problem::Cycle { line: i }),
            None => out.problems.push(Problem::MissingTarget { line: i }),
        }
    }
    // Most notes neither correct nor are corrected: each is its own
    // original and stays current, with no work below.
    let mut involved = vec![false; n];
    for &(i, _, _) in &corrections {
        involved[i] = true;
        if let Some(t) = out.targets[i] {
            involved[t] = true;
        }
    }
    // The original of each version, following amendments back.
    let mut root = vec![usize::MAX; n];
    for i in 0..n {
        if !involved[i] {
            root[i] = i;
            continue;
        }
        if out.states[i] == State::Retraction {
            continue;
        }
        let mut path = vec![i];
        let mut at = i;
        let found = loop {
            if root[at] != usize::MAX {
                break Some(root[at]);
            }
            match (record(at).correction, out.targets[at]) {
                (Some((Kind::Amends, _)), Some(t)) => {
                    if path.contains(&t) {
                        break None;
                    }
                    path.push(t);
                    at = t;
                }
                _ => break Some(at),
            }
        };
        match found {
            Some(r) => {
                for p in path {
                    root[p] = r;
                }
            }
            None => {
                // A cycle: each line stands alone.
                for &p in &path {
                    if !out.problems.contains(&Problem::Cycle { line: p }) {
                        out.problems.push(Problem::Cycle { line: p });
                    }
                    out.targets[p] = None;
                    root[p] = p;
                }
            }
        }
    }
    // Which retractions are in force: those not cancelled by one in force.
    let mut retracted_by: HashMap<usize, Vec<usize>> = HashMap::default();
    for (i, t) in out.targets.iter().enumerate() {
        if let (State::Retraction, Some(t)) = (out.states[i], t) {
            retracted_by.entry(*t).or_default().push(i);
        }
    }
    let mut in_force: HashMap<usize, bool> = HashMap::default();
    for i in 0..n {
        if out.states[i] == State::Retraction {
            retraction_in_force(i, &retracted_by, &mut in_force, 0);
        }
    }
    // Versions of each note, and the retraction (if any) that withdraws it.
    let mut versions: HashMap<usize, Vec<usize>> = HashMap::default();
    for (i, &r) in root.iter().enumerate() {
        if r != usize::MAX && involved[i] {
            versions.entry(r).or_default().push(i);
        }
    }
    let mut withdrawn: HashMap<usize, usize> = HashMap::default();
    for (&retraction, &force) in &in_force {
        if !force {
            continue;
        }
        if let Some(t) = out.targets[retraction]
            && root[t] != usize::MAX
        {
            let latest = withdrawn.entry(root[t]).or_insert(retraction);
            let rank = |l: usize| rank(&record(l));
            if rank(retraction) > rank(*latest) {
                *latest = retraction;
            }
        }
    }
    for (r, lines) in versions {
        if let Some(&by) = withdrawn.get(&r) {
            for l in lines {
                out.states[l] = State::Retracted { by };
            }
            continue;
        }
        // A version that is amended is never in force; of the others (two
        // clones amending one note), the one recorded last by key.
        let amended: HashSet<usize> = lines
            .iter()
            .filter(|&&l| matches!(record(l).correction, Some((Kind::Amends, _))))
            .filter_map(|&l| out.targets[l])
            .collect();
        let leaves: Vec<usize> = lines
            .iter()
            .copied()
            .filter(|l| !amended.contains(l))
            .collect();
        let latest = leaves
            .iter()
            .copied()
            .max_by(|&a, &b| rank(&record(a)).cmp(&rank(&record(b))).then(a.cmp(&b)))
            .unwrap_or(r);
        for &l in &leaves {
            if l != latest {
                out.problems.push(Problem::Fork {
                    line: l,
                    kept: latest,
                });
            }
        }
        for l in lines {
            out.states[l] = if l == latest {
                State::Current
            } else {
                State::Superseded { by: latest }
            };
        }
    }
    out
}

/// How two versions (or two retractions) of one note are ordered, the
/// greater in force: the recording time in the key, then the key itself.
/// Both are the same on every clone, whatever order a merge left the lines in.
fn rank<'a>(record: &Record<'a>) -> (&'a str, &'a str) {
    (crate::model::progress::recorded(record.key), record.key)
}

/// Whether a retraction is in force: not itself withdrawn by a retraction
/// in force. Deep chains (hand-made) stop counting after 64 steps.
fn retraction_in_force(
    i: usize,
    retracted_by: &HashMap<usize, Vec<usize>>,
    memo: &mut HashMap<usize, bool>,
    depth: usize,
) -> bool {
    if let Some(&known) = memo.get(&i) {
        return known;
    }
    if depth > 64 {
        return true;
    }
    let cancelled = retracted_by.get(&i).is_some_and(|by| {
        by.iter()
            .any(|&j| j != i && retraction_in_force(j, retracted_by, memo, depth + 1))
    });
    memo.insert(i, !cancelled);
    !cancelled
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(key: &'static str) -> Record<'static> {
        Record {
            key,
            correction: None,
        }
    }

    fn amends(key: &'static str, target: &'static str) -> Record<'static> {
        Record {
            key,
            correction: Some((Kind::Amends, target)),
        }
    }

    fn retracts(key: &'static str, target: &'static str) -> Record<'static> {
        Record {
            key,
            correction: Some((Kind::Retracts, target)),
        }
    }

    #[test]
    fn without_corrections_every_note_is_in_force() {
        let r = resolve(&[note("a"), note("b")]);
        assert_eq!(r.states, vec![State::Current, State::Current]);
        assert!(r.problems.is_empty());
    }

    #[test]
    fn the_latest_amendment_is_in_force_whatever_the_order() {
        let lines = [amends("3", "2"), note("1"), amends("2", "1")];
        let r = resolve(&lines);
        assert_eq!(
            r.states,
            vec![
                State::Current,
                State::Superseded { by: 0 },
                State::Superseded { by: 0 }
            ]
        );
        // Two clones amending the same note: the later key wins.
        let r = resolve(&[note("1"), amends("3", "1"), amends("2", "1")]);
        assert_eq!(r.states[1], State::Current);
        assert_eq!(r.states[2], State::Superseded { by: 1 });
        // An amendment wins over what it amends, whatever the keys say
        // (two corrections recorded within one second).
        let r = resolve(&[note("b"), amends("a", "b")]);
        assert_eq!(r.states, vec![State::Superseded { by: 1 }, State::Current]);
    }

    #[test]
    fn a_fork_resolves_to_the_same_version_whatever_the_order_of_lines() {
        // Two clones amend one note within the same second: after a union
        // merge the lines may come in either order; the greater key wins.
        let a = [note("1"), amends("9-b", "1"), amends("9-a", "1")];
        let b = [note("1"), amends("9-a", "1"), amends("9-b", "1")];
        let ra = resolve(&a);
        let rb = resolve(&b);
        assert_eq!(ra.states[1], State::Current);
        assert_eq!(rb.states[2], State::Current);
        assert_eq!(ra.problems, vec![Problem::Fork { line: 2, kept: 1 }]);
        assert_eq!(rb.problems, vec![Problem::Fork { line: 1, kept: 2 }]);
        // A straight chain is no fork.
        let r = resolve(&[note("1"), amends("2", "1"), amends("3", "2")]);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
    }

    #[test]
    fn retracting_any_version_withdraws_the_note_and_a_retraction_can_be_undone() {
        let r = resolve(&[note("1"), amends("2", "1"), retracts("3", "1")]);
        assert_eq!(r.states[0], State::Retracted { by: 2 });
        assert_eq!(r.states[1], State::Retracted { by: 2 });
        assert_eq!(r.states[2], State::Retraction);
        // One clone amends, the other retracts the original: withdrawn.
        let r = resolve(&[retracts("3", "1"), amends("2", "1"), note("1")]);
        assert_eq!(r.states[1], State::Retracted { by: 0 });
        // Retracting the retraction brings the note back.
        let r = resolve(&[note("1"), retracts("2", "1"), retracts("3", "2")]);
        assert_eq!(r.states[0], State::Current);
    }

    #[test]
    fn dangling_and_circular_corrections_are_problems_that_change_nothing() {
        let r = resolve(&[note("1"), amends("2", "nope"), retracts("3", "nope")]);
        assert_eq!(r.states[0], State::Current);
        assert_eq!(
            r.states[1],
            State::Current,
            "an amendment without target stands alone"
        );
        assert_eq!(r.problems.len(), 2);
        let r = resolve(&[amends("1", "2"), amends("2", "1")]);
        assert_eq!(r.states, vec![State::Current, State::Current]);
        assert!(r.problems.contains(&Problem::Cycle { line: 0 }));
        let r = resolve(&[amends("1", "1")]);
        assert_eq!(r.problems, vec![Problem::Cycle { line: 0 }]);
        let r = resolve(&[note("1"), retracts("2", "1"), amends("3", "2")]);
        assert!(r.problems.contains(&Problem::AmendsRetraction { line: 2 }));
    }
}
