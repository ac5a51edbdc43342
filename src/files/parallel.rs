//! Work on every core: a plan of a thousand sections is a thousand
//! independent parses, and a year's table 20,000 rows to escape and
//! measure. Results come back in input order, so diagnostics, notes and
//! tables read the same as with one thread.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Below this many files, starting threads costs more than it saves (the
/// shipped plan has six).
const MIN_ITEMS: usize = 32;

/// `f` applied to every item, on up to one thread per core, in order.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let mut results = Vec::with_capacity(items.len());
    for_each(items, f, |r| results.push(r));
    results
}

/// `f` applied to every item, for many small items (a table's rows): a
/// thread takes `slice` of them at a time, as one item is too little work
/// to hand over; each adds its results to the vector, in input order.
pub fn flat_map_slices<'a, T: Sync, R: Send>(
    items: &'a [T],
    slice: usize,
    f: impl Fn(&'a T, &mut Vec<R>) + Sync,
) -> Vec<R> {
    let slices: Vec<&'a [T]> = items.chunks(slice).collect();
    let parts = map(&slices, |slice| {
        let mut out = Vec::with_capacity(slice.len());
        for item in slice.iter() {
            f(item, &mut out);
        }
        out
    });
    parts.into_iter().flatten().collect()
}

/// `f` applied to every item on up to one thread per core, each result
/// handed to `each` in input order as soon as those before it are: the
/// results are not all held at once, and what a result owns is freed while
/// the threads still work (so they reuse its memory for the next ones).
pub fn for_each<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> R + Sync,
    mut each: impl FnMut(R),
) {
    // Asked only when there is work to share: the answer reads the
    // cgroup's CPU limits, a dozen system calls (as many as `plan show`
    // makes to read its files), and is kept for the next call.
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    let threads = if items.len() < MIN_ITEMS {
        1
    } else {
        let cores =
            CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
        (*cores).min(items.len())
    };
    if threads <= 1 {
        for item in items {
            each(f(item));
        }
        return;
    }
    // Each thread takes the next item when it is free: files differ in size.
    let next = AtomicUsize::new(0);
    let (done, results) = std::sync::mpsc::channel::<(usize, R)>();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let (done, next, f) = (done.clone(), &next, &f);
                scope.spawn(move || {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        if done.send((i, f(item))).is_err() {
                            break;
                        }
                    }
                })
            })
            .collect();
        drop(done);
        // The results that came before their turn.
        let mut early = BTreeMap::new();
        let mut due = 0;
        for (i, result) in results {
            early.insert(i, result);
            while let Some(result) = early.remove(&due) {
                each(result);
                due += 1;
            }
        }
        for handle in handles {
            if let Err(panic) = handle.join() {
                std::panic::resume_unwind(panic);
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_input_order_on_many_threads() {
        let items: Vec<u64> = (0..10_000).collect();
        let squares = map(&items, |n| {
            // Uneven work, so threads finish out of order.
            if n % 97 == 0 {
                std::thread::yield_now();
            }
            n * n
        });
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
    }

    #[test]
    fn each_result_is_handed_over_in_order_before_the_last_is_done() {
        let items: Vec<u64> = (0..1_000).collect();
        let mut seen = Vec::new();
        for_each(
            &items,
            |n| {
                if n % 31 == 0 {
                    std::thread::yield_now();
                }
                *n
            },
            |n| seen.push(n),
        );
        assert_eq!(seen, items);
    }

    #[test]
    fn slices_of_items_give_each_item_s_results_in_order() {
        // Enough slices for threads; an item adds none, one or two results.
        let items: Vec<u32> = (0..5_000).collect();
        let expected: Vec<u32> = items
            .iter()
            .flat_map(|&n| std::iter::repeat_n(n, (n % 3) as usize))
            .collect();
        for slice in [1, 7, 64, 10_000] {
            let out = flat_map_slices(&items, slice, |&n, out| {
                out.extend(std::iter::repeat_n(n, (n % 3) as usize))
            });
            assert_eq!(out, expected, "slices of {slice}");
        }
        assert!(flat_map_slices(&[] as &[u8], 4, |n, out| out.push(*n)).is_empty());
    }

    #[test]
    fn few_items_and_none_work_too() {
        assert_eq!(map(&[1, 2, 3], |n| n + 1), vec![2, 3, 4]);
        assert!(map(&[] as &[u8], |n| *n).is_empty());
    }
}
