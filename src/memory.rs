//! What the allocator is told between the stages of a run.

/// Gives memory freed in bulk (a file's bytes, the checks' indexes, a batch's records) back to
/// the system at once instead of after the allocator's delay, so the next stage starts low and a
/// batch's peak is one stage's, not two stages' together.
pub fn release_freed() {
    // SAFETY: mi_collect only returns free pages of mimalloc's own heaps to the system; it is a
    // no-op for memory of any other allocator.
    unsafe { libmimalloc_sys::mi_collect(true) };
}

/// Leaves `value` for the end of the process to reclaim. Freeing a large intake record by record
/// is about 4 % of a `check` run, all of it on one core after the work is done, for memory the
/// system takes back at once when the process exits. Only for what a command holds until it
/// returns its exit status to `main`.
pub fn leave_to_exit<T>(value: T) {
    std::mem::forget(value);
}
