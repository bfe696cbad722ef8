//! Ordered parallel work over a stream: items are taken from the input a batch at a time, worked
//! on by a thread pool, and handed out in input order. A consumer that stops pulling stops the
//! reading, and memory holds at most one batch of inputs and results.

use std::collections::VecDeque;

use rayon::prelude::*;

use crate::error::{Error, Result};

/// Items handed to the worker threads at a time: enough to keep them busy, few enough that memory
/// stays small whatever the size of the input.
pub const BATCH: usize = 256;

/// The most threads a pool is given: 4 per core. More only cost memory and switching (and a
/// number such as 100000 would exhaust the system's threads).
pub fn max_jobs() -> usize {
    4 * std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// A thread pool of `jobs` threads (`None` or 0: one per core), at most [`max_jobs`].
pub fn pool(jobs: Option<usize>) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0).min(max_jobs()))
        .build()
        .map_err(|e| Error::Threads(e.to_string()))
}

/// `f` applied to every item of `input` on `pool`, results in input order.
pub fn ordered_map<I, F, T>(
    input: I,
    pool: rayon::ThreadPool,
    f: F,
) -> OrderedMap<I::IntoIter, F, T>
where
    I: IntoIterator,
    I::Item: Send,
    F: Fn(I::Item) -> T + Sync,
    T: Send,
{
    OrderedMap {
        input: input.into_iter(),
        pool,
        f,
        ready: VecDeque::new(),
    }
}

/// The iterator of [`ordered_map`].
pub struct OrderedMap<I, F, T> {
    input: I,
    pool: rayon::ThreadPool,
    f: F,
    ready: VecDeque<T>,
}

impl<I, F, T> Iterator for OrderedMap<I, F, T>
where
    I: Iterator,
    I::Item: Send,
    F: Fn(I::Item) -> T + Sync,
    T: Send,
{
    type Item = T;

    fn next(&mut self) -> Option<T> {
        if self.ready.is_empty() {
            let batch: Vec<I::Item> = self.input.by_ref().take(BATCH).collect();
            if batch.is_empty() {
                return None;
            }
            let f = &self.f;
            let out: Vec<T> = self.pool.install(|| batch.into_par_iter().map(f).collect());
            self.ready.extend(out);
        }
        self.ready.pop_front()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_input_order_and_reads_lazily() {
        let read = std::sync::atomic::AtomicUsize::new(0);
        let input = (0..10_000).inspect(|_| {
            read.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        });
        let mut out = ordered_map(input, pool(Some(3)).unwrap(), |x: i32| x * 2);
        assert_eq!(out.next(), Some(0));
        // Only the first batch was read.
        assert_eq!(read.load(std::sync::atomic::Ordering::Relaxed), BATCH);
        let rest: Vec<i32> = out.collect();
        assert_eq!(rest.len(), 9_999);
        assert!(rest.windows(2).all(|w| w[1] == w[0] + 2));
    }
}
