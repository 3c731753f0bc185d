#!/usr/bin/env bash
# The whole test run, as CI runs it (.ci/run): formatting, lints (warnings are errors), then every
# test. Formatting first because it takes a second and a red run should say the cheap thing first.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked
