//! Every measure the report shows, declared once in blocks (ケース, ニーズの評価, 短期目標…):
//! heading, how it is counted, and which tables show it.

use super::*;

/// Row equations: these measures add up to that one, wherever a table shows them all.
pub(super) const SUMS: &[(&[&str], &str)] = &[
    (
        &[
            "need.closed",
            "need.smooth",
            "need.issues",
            "need.stopped",
            "need.none",
        ],
        "need.total",
    ),
    (
        &["need.closed", "need.smooth", "need.issues", "need.stopped"],
        "need.evaluated",
    ),
    (&["need.evaluated", "need.none"], "need.total"),
    (
        &["goal.met", "goal.partly", "goal.notmet", "goal.blank"],
        "mon.total",
    ),
    (&["set.individual", "set.meeting", "set.other"], "mon.total"),
    (
        &["kind.update", "kind.minor", "kind.monitoring", "kind.other"],
        "mon.total",
    ),
    (
        &[
            "review.ontime",
            "review.late",
            "review.missed",
            "review.pending",
        ],
        "review.due",
    ),
    (&["q.met", "q.unmet", "q.noneed", "q.unknown"], "q.answered"),
    (&["chg.fewer", "chg.same", "chg.more"], "chg.persons"),
];

pub(super) const B_CASES: &str = "ケース";
pub(super) const B_NEEDS: &str = "支援計画のニーズの評価（◎〇△×）";
pub(super) const B_GOALS: &str = "短期目標の達成（モニタリング）";
pub(super) const B_SESSIONS: &str = "モニタリングの内訳";
pub(super) const B_PLANS: &str = "支援計画の作成と見直し";
pub(super) const B_OTHERS: &str = "クライシスプラン・終了";
pub(super) const B_QUEST: &str = "アンケート（別紙1）";
pub(super) const B_ANSWERS: &str = "アンケート（別紙1）の回答";

pub(super) fn cases_block() -> Vec<Def<Acc>> {
    vec![people("cases", B_CASES, "ケース数", |a| a.cases)]
}

pub(super) const B_PERSONS: &str = "実人員";

pub(super) fn persons_block() -> Vec<Def<Acc>> {
    vec![
        people(
            "persons.evaluated",
            B_PERSONS,
            "評価を\n受けた人",
            |a| a.evaluated_persons.n,
        ),
        people("persons.closed", B_PERSONS, "◎の\nあった人", |a| {
            a.closed_persons.n
        }),
        people(
            "persons.monitored",
            B_PERSONS,
            "モニタリングを\n受けた人",
            |a| a.monitored_persons.n,
        ),
    ]
}

pub(super) fn needs_block() -> Vec<Def<Acc>> {
    vec![
        count("need.total", B_NEEDS, "ニーズ数", |a| {
            a.needs.iter().sum()
        }),
        count("need.closed", B_NEEDS, "◎\n終結", |a| a.needs[0]),
        count("need.smooth", B_NEEDS, "〇\n円滑", |a| a.needs[1]),
        count("need.issues", B_NEEDS, "△\n課題あり", |a| a.needs[2]),
        count("need.stopped", B_NEEDS, "×\n中止・困難", |a| {
            a.needs[3]
        }),
        count("need.none", B_NEEDS, "未評価", |a| a.needs[UNEVALUATED]),
        count("need.evaluated", B_NEEDS, "評価済み", evaluated),
        rate(
            "need.attain",
            B_NEEDS,
            "目標\n達成率",
            &["need.closed", "need.evaluated"],
            |a| (a.needs[0], evaluated(a)),
        ),
        rate(
            "need.ontrack",
            B_NEEDS,
            "順調率",
            &["need.closed", "need.smooth", "need.evaluated"],
            |a| (a.needs[0] + a.needs[1], evaluated(a)),
        ),
    ]
}

pub(super) fn evaluated(a: &Acc) -> u64 {
    a.needs[..UNEVALUATED].iter().sum()
}

pub(super) fn goals_block() -> Vec<Def<Acc>> {
    vec![
        count("mon.total", B_GOALS, "モニタリング\n回数", |a| {
            a.monitorings
        }),
        count("goal.met", B_GOALS, "短期目標\n達成", |a| a.goals[0]),
        count("goal.partly", B_GOALS, "短期目標\n一部達成", |a| {
            a.goals[1]
        }),
        count("goal.notmet", B_GOALS, "短期目標\n未達成", |a| {
            a.goals[2]
        }),
        count("goal.blank", B_GOALS, "短期目標\n未記入", |a| {
            a.goals[3]
        }),
        rate(
            "goal.rate",
            B_GOALS,
            "短期目標\n達成率",
            &["goal.met", "goal.partly", "goal.notmet"],
            |a| (a.goals[0], a.goals[..3].iter().sum()),
        ),
    ]
}

pub(super) fn sessions_block() -> Vec<Def<Acc>> {
    vec![
        count("set.individual", B_SESSIONS, "個別面接", |a| {
            a.settings[0]
        }),
        count("set.meeting", B_SESSIONS, "ケア会議等", |a| {
            a.settings[1]
        }),
        count(
            "set.other",
            B_SESSIONS,
            "その他の\nセッティング",
            |a| a.settings[2],
        ),
        count("kind.update", B_SESSIONS, "作成/更新", |a| a.kinds[0]),
        count("kind.minor", B_SESSIONS, "微修正", |a| a.kinds[1]),
        count(
            "kind.monitoring",
            B_SESSIONS,
            "モニタリング\n（内容確認）",
            |a| a.kinds[2],
        ),
        count(
            "kind.other",
            B_SESSIONS,
            "その他の\n更新区分",
            |a| a.kinds[3],
        ),
    ]
}

pub(super) fn plans_block() -> Vec<Def<Acc>> {
    vec![
        count("plan.versions", B_PLANS, "計画の\n作成数", |a| {
            a.plans
        }),
        count("review.due", B_PLANS, "見直し\n予定", |a| {
            a.reviews.iter().sum()
        }),
        count("review.ontime", B_PLANS, "期限内に\n見直し", |a| {
            a.reviews[0]
        }),
        count("review.late", B_PLANS, "遅れて\n見直し", |a| {
            a.reviews[1]
        }),
        count(
            "review.missed",
            B_PLANS,
            "未実施\n（期限超過）",
            |a| a.reviews[2],
        ),
        count("review.pending", B_PLANS, "期限前", |a| a.reviews[3]),
        rate(
            "review.rate",
            B_PLANS,
            "期限内\n実施率",
            &["review.ontime", "review.late", "review.missed"],
            |a| (a.reviews[0], a.reviews[..3].iter().sum()),
        ),
    ]
}

pub(super) fn others_block() -> Vec<Def<Acc>> {
    vec![
        people(
            "crisis.cases",
            B_OTHERS,
            "クライシス\nプラン作成",
            |a| a.crisis_cases,
        ),
        count("cm.ended", B_OTHERS, "CM終了", |a| a.ended),
    ]
}

pub(super) fn quest_block() -> Vec<Def<Acc>> {
    vec![
        people("q.persons", B_QUEST, "回答者数", |a| a.q_persons),
        count("q.met", B_QUEST, "支援済み\nニーズ数", |a| {
            a.answers[0]
        }),
        count("q.unmet", B_QUEST, "未充足\nニーズ数", |a| {
            a.answers[1]
        }),
        mean(
            "q.needs_pp",
            B_QUEST,
            "1人あたり\nニーズ数",
            &["q.met", "q.unmet", "q.persons"],
            true,
            |a| ((a.answers[0] + a.answers[1]) as i64, a.q_persons),
        ),
        mean(
            "q.unmet_pp",
            B_QUEST,
            "1人あたり\n未充足数",
            &["q.unmet", "q.persons"],
            true,
            |a| (a.answers[1] as i64, a.q_persons),
        ),
        rate(
            "q.unmet_rate",
            B_QUEST,
            "未充足率",
            &["q.met", "q.unmet"],
            |a| (a.answers[1], a.answers[0] + a.answers[1]),
        ),
    ]
}

pub(super) fn answered(a: &Acc) -> u64 {
    a.answers[..UNANSWERED].iter().sum()
}

pub(super) fn answers_block() -> Vec<Def<Acc>> {
    const B: &str = B_ANSWERS;
    vec![
        count("q.answered", B, "回答数", answered),
        count("q.met", B, "1\n支援済み", |a| a.answers[0]),
        rate(
            "q.met_share",
            B,
            "支援済み\n割合",
            &["q.met", "q.answered"],
            |a| (a.answers[0], answered(a)),
        ),
        count("q.unmet", B, "2\n要支援", |a| a.answers[1]),
        rate(
            "q.unmet_share",
            B,
            "要支援\n割合",
            &["q.unmet", "q.answered"],
            |a| (a.answers[1], answered(a)),
        ),
        count("q.noneed", B, "0\n不要", |a| a.answers[2]),
        rate(
            "q.noneed_share",
            B,
            "不要\n割合",
            &["q.noneed", "q.answered"],
            |a| (a.answers[2], answered(a)),
        ),
        count("q.unknown", B, "9\n不明", |a| a.answers[3]),
        rate(
            "q.unknown_share",
            B,
            "不明\n割合",
            &["q.unknown", "q.answered"],
            |a| (a.answers[3], answered(a)),
        ),
        count("q.unanswered", B, "未回答", |a| a.answers[UNANSWERED]),
        rate(
            "q.prevalence",
            B,
            "ニーズ率",
            &["q.met", "q.unmet", "q.answered"],
            |a| (a.answers[0] + a.answers[1], answered(a)),
        ),
        rate(
            "q.unmet_rate",
            B,
            "未充足率",
            &["q.met", "q.unmet"],
            |a| (a.answers[1], a.answers[0] + a.answers[1]),
        ),
    ]
}

pub(super) fn change_block() -> Vec<Def<Change>> {
    const P: &str = "2回以上回答した人";
    const M: &str = "1人あたりニーズ数（平均）";
    const D: &str = "要支援（未充足）ニーズ数の変化";
    let n = |c: &Change| c.persons;
    vec![
        people("chg.persons", P, "人数", n),
        mean(
            "chg.first_met",
            M,
            "初回\n支援済み",
            &["chg.persons"],
            true,
            |c| (c.first_met as i64, c.persons),
        ),
        mean(
            "chg.first_unmet",
            M,
            "初回\n要支援",
            &["chg.persons"],
            true,
            |c| (c.first_unmet as i64, c.persons),
        ),
        mean(
            "chg.last_met",
            M,
            "最新\n支援済み",
            &["chg.persons"],
            true,
            |c| (c.last_met as i64, c.persons),
        ),
        mean(
            "chg.last_unmet",
            M,
            "最新\n要支援",
            &["chg.persons"],
            true,
            |c| (c.last_unmet as i64, c.persons),
        ),
        mean(
            "chg.diff",
            M,
            "要支援の\n増減",
            &["chg.persons", "chg.first_unmet", "chg.last_unmet"],
            false,
            |c| (c.last_unmet as i64 - c.first_unmet as i64, c.persons),
        ),
        count("chg.fewer", D, "減った人", |c| c.fewer),
        count("chg.same", D, "変わらない人", |c| c.same),
        count("chg.more", D, "増えた人", |c| c.more),
    ]
}

pub(super) fn blocks(parts: Vec<Vec<Def<Acc>>>) -> Vec<Def<Acc>> {
    parts.into_iter().flatten().collect()
}

pub(super) fn full_blocks() -> Vec<Def<Acc>> {
    blocks(vec![
        cases_block(),
        persons_block(),
        needs_block(),
        goals_block(),
        sessions_block(),
        plans_block(),
        others_block(),
        quest_block(),
    ])
}

/// What a grouping's first sheet shows: who was supported and how the needs and goals went.
pub(super) fn outcome_blocks() -> Vec<Def<Acc>> {
    blocks(vec![
        cases_block(),
        persons_block(),
        needs_block(),
        goals_block(),
    ])
}

/// What its second sheet (…_計画と見直し) shows: how the work was done. Split from the first so
/// that each prints one A4 page wide in a readable size (39 columns would print at 4 pt).
pub(super) fn process_blocks() -> Vec<Def<Acc>> {
    blocks(vec![
        sessions_block(),
        plans_block(),
        others_block(),
        quest_block(),
    ])
}
