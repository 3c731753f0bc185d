//! アンケートの項目別, 評価の変化, and the notes and measure descriptions the workbook ends with.

use super::*;

/// Short item names for tables and chart axes (the list of spec/intake.md).
pub const ITEM_SHORT: [&str; 27] = [
    "住居",
    "経済的",
    "家族、パートナー等との関係",
    "18歳以下の子供の養育",
    "高齢者、障害者の介護",
    "食事",
    "自室や生活環境の整理整頓",
    "入浴、歯磨き等の清潔保持",
    "電話",
    "公共交通機関、車等の移動手段",
    "お金の管理",
    "読み書き、計算等",
    "日中の時間の過ごし方",
    "家族以外との社会的交流",
    "幻覚、妄想",
    "体の病気、副作用",
    "不安、抑うつ",
    "性に関係する問題",
    "治療や処遇についての情報",
    "病気の自己管理",
    "アルコール",
    "薬物",
    "自殺に関連する行動や自傷",
    "他者に対する暴力、威嚇行動",
    "衝動性や強迫行為、こだわり",
    "その他1",
    "その他2",
];

pub fn item_label(i: usize) -> String {
    format!("{} {}", ITEMS[i].id, ITEM_SHORT[i])
}

pub fn by_item(f: &Figures) -> Table {
    let defs: Vec<Def<Acc>> = std::iter::once(people(
        "q.persons",
        B_ANSWERS,
        "対象\n人数",
        |a: &Acc| a.q_persons,
    ))
    .chain(answers_block())
    .collect();
    let groups = f
        .items
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let g = ITEMS[i].group;
            GroupRow::flat(
                vec![
                    Cell::Text(item_label(i)),
                    Cell::Text(format!("{g} {}", domain_name(g))),
                ],
                a,
            )
        })
        .collect();
    let mut t = grouped(
        "アンケート_項目別",
        "項目別の回答（各人の最新のアンケート）",
        &["項目", "領域"],
        &defs,
        groups,
        &f.total,
        false,
    );
    let series = [("q.met_share", 0x4393C3), ("q.unmet_share", 0xD6604D)];
    t.charts.push(ChartSpec {
        title: "項目別のニーズ率（支援済み＋要支援）".to_string(),
        horizontal: true,
        series: series
            .iter()
            .filter_map(|(id, c)| Some((t.column_of(id)?, *c)))
            .collect(),
        percent_axis: true,
    });
    t
}

pub fn change(f: &Figures) -> Table {
    let groups = f
        .change
        .iter()
        .map(|(name, c)| GroupRow::flat(text(name.as_str()), c))
        .collect();
    let mut t = grouped(
        "アンケート_初回と最新",
        "初回と最新のアンケートの比較（期間内に2回以上回答した人、地域別）",
        &["地域"],
        &change_block(),
        groups,
        &f.change_total,
        true,
    );
    // One autofilter per sheet: the item table above has it.
    t.filter = false;
    t
}

/// Every table of the grouped sheets has these notes in common.
pub fn unit_notes() -> Vec<String> {
    vec![
        "ニーズの評価は、支援計画の版ごとのニーズ1件を1件と数えます（同じニーズが次の版にも載れば、次の版の評価として改めて数えます）。".into(),
        "目標達成率 = ◎ ÷ 評価済み（◎〇△×）、順調率 = （◎＋〇）÷ 評価済み、短期目標達成率 = 達成 ÷（達成＋一部達成＋未達成）。".into(),
    ]
}

/// One line of Japanese per measure, for 概要's 指標の説明 (a test keeps it complete).
pub(super) const MEASURE_DOCS: &[(&str, &str)] = &[
    ("cases", "その期間にケースマネジメントを受けていたケース（人）の数。作成番号別・評価時期別・領域別では、その行に数えた記録のあるケースの数。"),
    ("persons.evaluated", "実人員: ◎〇△×のいずれかの評価を受けたニーズが1件以上ある人の数（1人を1と数える）。"),
    ("persons.closed", "実人員: ◎（終結）の評価が1件以上ある人の数。"),
    ("persons.monitored", "実人員: その期間にモニタリングを1回以上受けた人の数。"),
    ("need.total", "延べ: 支援計画の版ごとのニーズの件数（評価済みと未評価の合計）。"),
    ("need.closed", "延べ: ◎ 終結（目標を達成して支援を終えた）と評価したニーズの件数。"),
    ("need.smooth", "延べ: 〇 円滑（支援が順調に進んでいる）と評価したニーズの件数。"),
    ("need.issues", "延べ: △ 課題あり（支援に課題がある）と評価したニーズの件数。"),
    ("need.stopped", "延べ: × 中止・困難と評価したニーズの件数。"),
    ("need.none", "延べ: 評価が空欄のニーズの件数（率の分母に含めません）。"),
    ("need.evaluated", "延べ: ◎〇△×の合計。"),
    ("need.attain", "目標達成率 = ◎ ÷ 評価済み（◎〇△×の合計）。"),
    ("need.ontrack", "順調率 = （◎＋〇）÷ 評価済み。"),
    ("mon.total", "延べ: モニタリングの回数（実施日の期間に数える）。"),
    ("goal.met", "延べ: 短期目標を「達成」としたモニタリングの回数。"),
    ("goal.partly", "延べ: 短期目標を「一部達成」としたモニタリングの回数。"),
    ("goal.notmet", "延べ: 短期目標を「未達成」としたモニタリングの回数。"),
    ("goal.blank", "延べ: 短期目標の達成が空欄のモニタリングの回数。"),
    ("goal.rate", "短期目標達成率 = 達成 ÷（達成＋一部達成＋未達成）。"),
    ("set.individual", "延べ: 個別面接で行ったモニタリングの回数。"),
    ("set.meeting", "延べ: ケア会議等で行ったモニタリングの回数。"),
    ("set.other", "延べ: その他のセッティングで行ったモニタリングの回数。"),
    ("kind.update", "延べ: 更新区分が「作成/更新」のモニタリングの回数。"),
    ("kind.minor", "延べ: 更新区分が「微修正」のモニタリングの回数。"),
    ("kind.monitoring", "延べ: 更新区分が「モニタリング（内容確認）」のモニタリングの回数。"),
    ("kind.other", "延べ: 更新区分が「その他」のモニタリングの回数。"),
    ("plan.versions", "延べ: 作成日がその期間にある支援計画の版の数。"),
    ("review.due", "延べ: 次回見直し予定時期がその期間にある版の数（予定時期までにCMが終了した版を除く）。"),
    ("review.ontime", "延べ: 予定時期までに見直した版の数（予定時期の30日前以降のモニタリング、または次の版の作成）。"),
    ("review.late", "延べ: 予定時期を過ぎてから見直した版の数。"),
    ("review.missed", "延べ: 予定時期が基準日より前で、まだ見直していない版の数。"),
    ("review.pending", "延べ: 予定時期が基準日以降で、まだ見直していない版の数。"),
    ("review.rate", "期限内実施率 = 期限内 ÷（期限内＋遅れ＋未実施）。"),
    ("crisis.cases", "実人員: 作成日がその期間にあるクライシスプランのある人の数。"),
    ("cm.ended", "CM終了日がその期間にあるケースの数。"),
    ("q.persons", "実人員: その期間にアンケートに回答した人の数（各人の最新の1枚を数える）。"),
    ("q.met", "回答が 1（支援済み）の項目の数（各人の最新のアンケート）。"),
    ("q.unmet", "回答が 2（要支援、未充足）の項目の数（各人の最新のアンケート）。"),
    ("q.needs_pp", "1人あたりニーズ数 = （1と2の回答数）÷ 回答者数。"),
    ("q.unmet_pp", "1人あたり未充足数 = 2の回答数 ÷ 回答者数。"),
    ("q.unmet_rate", "未充足率 = 2 ÷（1＋2）。"),
    ("q.answered", "回答数 = 1＋2＋0＋9（未回答を除く）。"),
    ("q.met_share", "支援済み割合 = 1 ÷ 回答数。"),
    ("q.unmet_share", "要支援割合 = 2 ÷ 回答数。"),
    ("q.noneed", "回答が 0（不要）の数。"),
    ("q.noneed_share", "不要割合 = 0 ÷ 回答数。"),
    ("q.unknown", "回答が 9（不明）の数。"),
    ("q.unknown_share", "不明割合 = 9 ÷ 回答数。"),
    ("q.unanswered", "回答が空欄の項目の数。"),
    ("q.prevalence", "ニーズ率 = （1＋2）÷ 回答数。"),
    ("chg.persons", "実人員: 期間内にアンケートに2回以上回答した人の数。"),
    ("chg.first_met", "その人たちの初回のアンケートの 1（支援済み）の数の平均。"),
    ("chg.first_unmet", "その人たちの初回のアンケートの 2（要支援）の数の平均。"),
    ("chg.last_met", "その人たちの最新のアンケートの 1（支援済み）の数の平均。"),
    ("chg.last_unmet", "その人たちの最新のアンケートの 2（要支援）の数の平均。"),
    ("chg.diff", "要支援の増減 = 最新の 2 の数 − 初回の 2 の数 の平均（負なら減った）。"),
    ("chg.fewer", "実人員: 要支援の数が初回より減った人の数。"),
    ("chg.same", "実人員: 要支援の数が初回と同じ人の数。"),
    ("chg.more", "実人員: 要支援の数が初回より増えた人の数。"),
    ("yoy.ratio", "年度比較の前年度比 = 最新の年度の値 ÷ その前の年度の値。"),
];

/// 概要's 指標の説明: every measure the report shows, by its heading, in one line each.
pub fn measure_docs(tables: &[&Table]) -> Table {
    let mut t = Table::new(
        "概要_指標の説明",
        "指標の説明（延べ = 件数・回数、実人員 = 人数。1人は何件あっても1と数えます）",
        vec![Column::label("指標"), Column::label("説明")],
    );
    let mut seen: Vec<&str> = Vec::new();
    for table in tables {
        for c in &table.columns {
            let Some(m) = c.measure else { continue };
            let key = if m.id.starts_with("yoy.") {
                if !m.id.ends_with(".ratio") {
                    continue; // each 年度's figure is the measure named in its band
                }
                "yoy.ratio"
            } else {
                m.id
            };
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let doc = MEASURE_DOCS
                .iter()
                .find(|(id, _)| *id == key)
                .map_or("", |(_, d)| d);
            let name = if key == "yoy.ratio" {
                "前年度比（年度比較）".to_string()
            } else {
                c.flat_heading()
            };
            t.rows.push(vec![Cell::Text(name), Cell::Text(doc.into())]);
        }
    }
    t
}
