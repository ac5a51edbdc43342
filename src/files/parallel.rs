//! Reading many files on every core: a plan of a thousand sections is a
//! thousand independent parses. Results come back in input order, so
//! diagnostics and notes read the same as with one thread.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Below this many files, starting threads costs more than it saves (the
/// shipped plan has six).
const MIN_ITEMS: usize = 32;

/// `f` applied to every item, on up to one thread per core, in order.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = cores.min(items.len());
    if threads <= 1 || items.len() < MIN_ITEMS {
        return items.iter().map(f).collect();
    }
    // Each thread takes the next item when it is free: files differ in size.
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            done.push((i, f(item)));
        }
        done
    };
    let mut results: Vec<(usize, R)> = Vec::with_capacity(items.len());
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(work)).collect();
        for handle in handles {
            match handle.join() {
                Ok(done) => results.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    results.sort_unstable_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
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
    fn few_items_and_none_work_too() {
        assert_eq!(map(&[1, 2, 3], |n| n + 1), vec![2, 3, 4]);
        assert!(map(&[] as &[u8], |n| *n).is_empty());
    }
}
