//! Polling several futures together on the current task, without an async runtime: how
//! the modules' contract suites race a port against itself (parallel claims, throttle
//! attempts, replacements of one version) on any adapter.

use std::future::Future;
use std::pin::Pin;
use std::task::Poll;

/// Polls every future on the current task until all are ready (like `join!` over a list)
/// and returns their outputs in the order given.
pub async fn join_all<F: Future>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output> {
    let mut futures: Vec<Pin<Box<F>>> = futures.into_iter().map(Box::pin).collect();
    let mut outputs: Vec<Option<F::Output>> = futures.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (future, output) in futures.iter_mut().zip(outputs.iter_mut()) {
            if output.is_none() {
                match future.as_mut().poll(cx) {
                    Poll::Ready(value) => *output = Some(value),
                    Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    })
    .await;
    // Every slot is filled once the poll above is ready.
    outputs.into_iter().flatten().collect()
}
