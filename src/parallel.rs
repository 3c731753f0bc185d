//! Work spread over plain scoped threads taking items off a shared counter.
//!
//! Not a rayon pool: typst-pdf waits for its own background work with `rayon::yield_now`, which
//! on a rayon worker starts the next case on top of the current one's stack, so a large batch
//! nested cases until the stack overflowed and kept every suspended document alive. Here each
//! worker finishes one item before taking the next, and items start in the order given.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The number of workers for `items` items: `requested`, or one per core, and never more than
/// there are items.
pub fn threads(requested: Option<usize>, items: usize) -> usize {
    requested
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, items.max(1))
}

/// Runs `work` on every item on `threads` workers, each with its own state made by `init` (a
/// Typesetter, say). No item is started once `stop()` is true. The results come back in item
/// order; `None` for an item that was not started or that panicked. A panic costs only its
/// own item: the worker makes a fresh state and goes on with the next.
pub fn map<T: Sync, S, R: Send>(
    items: &[T],
    threads: usize,
    init: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, &T) -> R + Sync,
    stop: impl Fn() -> bool + Sync,
) -> Vec<Option<R>> {
    let next = AtomicUsize::new(0);
    let per_worker: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.max(1))
            .map(|_| {
                scope.spawn(|| {
                    let mut state = init();
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= items.len() || stop() {
                            break;
                        }
                        let item = &items[i];
                        match crate::panics::catch(|| work(&mut state, item)) {
                            Ok(r) => done.push((i, r)),
                            Err(_) => state = init(), // may be half-updated
                        }
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_default())
            .collect()
    });
    let mut results: Vec<Option<R>> = (0..items.len()).map(|_| None).collect();
    for (i, r) in per_worker.into_iter().flatten() {
        results[i] = Some(r);
    }
    results
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_in_item_order_whatever_the_threads() {
        let items: Vec<u32> = (0..100).collect();
        let out = map(
            &items,
            3,
            || 0u32,
            |seen, x| {
                *seen += 1;
                x * 2
            },
            || false,
        );
        assert_eq!(out, items.iter().map(|x| Some(x * 2)).collect::<Vec<_>>());
    }

    #[test]
    fn a_panic_loses_only_its_own_item() {
        let items: Vec<u32> = (0..20).collect();
        let out = map(
            &items,
            2,
            || (),
            |_, x| {
                assert!(*x != 7, "item 7 fails");
                *x
            },
            || false,
        );
        for (i, r) in out.iter().enumerate() {
            assert_eq!(*r, (i != 7).then_some(i as u32));
        }
    }

    #[test]
    fn stop_leaves_the_rest_unstarted() {
        let items: Vec<u32> = (0..10).collect();
        let out = map(&items, 1, || (), |_, x| *x, || true);
        assert!(out.iter().all(Option::is_none));
    }
}
