//! Aggregation of evaluation outcomes and goal attainment (spec/report.md).
