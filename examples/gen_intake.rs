//! Synthetic intake for benchmarks: the nine CSV files of spec/intake.md (UTF-8, one file per
//! sheet, named after the Japanese sheet name) for any number of fictional cases.
//!
//! ```sh
//! cargo run --release --example gen_intake -- --cases 1000 --seed 1 -o /tmp/intake
//! cargo run --release --example gen_intake -- --rows 1000000 --seed 1 -o /tmp/intake-1m
//! ```
//!
//! Options:
//! - `--cases N`          number of cases (default 1000)
//! - `--rows R`           instead of `--cases`: add cases until the ニーズ sheet has exactly R rows
//! - `--needs-per-plan K` needs per plan version: `K` or `MIN-MAX` (default 3-6; 5 with heavy)
//! - `--profile P`        `light` (default: as above) or `heavy`: cases as a busy office keeps
//!   them, every one with two plan versions each reviewed two or three times (monitoring rows),
//!   five needs per version, most in two or three sentences, longer actions and monitoring notes, and
//!   every form filled (アンケート, 補助ツール, クライシスプラン): the typesetting benchmark's
//!   realistic load (bench/run.sh `--profile heavy`)
//! - `--seed S`           PRNG seed (default 1); the same seed and options give byte-identical files
//! - `--as-of DATE`       no date after this day (default 2025-11-30, as the samples); the data
//!   passes `cmsheets check --as-of DATE` with no error and no warning
//! - `-o DIR`             output folder (created; existing CSV files of the same names are replaced)
//!
//! Every case draws from its own generator (seeded from `--seed` and its index), so the first
//! 100 cases of a 10,000-case run are the 100 cases of a 100-case run. Names, agencies and phone
//! numbers are invented (phones are `0X-0000-XXXX` / `090-0000-XXXX`, as in samples/). Texts are
//! assembled from phrase pools in the vocabulary of samples/csv: needs 20–60 characters, actions
//! 10–60, monitoring notes 50–150, with line breaks inside cells as office staff type them
//! (Alt+Enter). Dates mix the spellings the intake accepts (ISO, `2024/8/20`, 和暦, `R6.8.20`), and
//! codes mix their accepted spellings (〇/○/丸, 支援済み/1/２, イ/イ：父母 …).

use chrono::{Datelike, Days, NaiveDate};
use cmsheets::contract::codes::ITEMS;
use cmsheets::contract::sheets::Sheet;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

// ---------------------------------------------------------------------------------------------
// PRNG: splitmix64 (Steele, Lea & Flood 2014). Tiny, fast, good enough for test data.

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        debug_assert!(lo <= hi);
        lo + self.next_u64() % (hi - lo + 1)
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }
    /// Index by weights.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut r = (self.next_u64() % total as u64) as u32;
        for (i, w) in weights.iter().enumerate() {
            if r < *w {
                return i;
            }
            r -= w;
        }
        weights.len() - 1
    }
}

// ---------------------------------------------------------------------------------------------
// Phrase pools (vocabulary of samples/csv; all fictional).

const SURNAMES: &[(&str, &str)] = &[
    ("佐藤", "さとう"),
    ("鈴木", "すずき"),
    ("高橋", "たかはし"),
    ("田中", "たなか"),
    ("伊藤", "いとう"),
    ("渡辺", "わたなべ"),
    ("山本", "やまもと"),
    ("中村", "なかむら"),
    ("小林", "こばやし"),
    ("加藤", "かとう"),
    ("吉田", "よしだ"),
    ("山田", "やまだ"),
    ("佐々木", "ささき"),
    ("山口", "やまぐち"),
    ("松本", "まつもと"),
    ("井上", "いのうえ"),
    ("木村", "きむら"),
    ("林", "はやし"),
    ("斎藤", "さいとう"),
    ("清水", "しみず"),
    ("山崎", "やまざき"),
    ("森", "もり"),
    ("池田", "いけだ"),
    ("橋本", "はしもと"),
    ("阿部", "あべ"),
    ("石川", "いしかわ"),
    ("山下", "やました"),
    ("中島", "なかじま"),
    ("石井", "いしい"),
    ("小川", "おがわ"),
    ("前田", "まえだ"),
    ("岡田", "おかだ"),
    ("長谷川", "はせがわ"),
    ("藤田", "ふじた"),
    ("後藤", "ごとう"),
    ("近藤", "こんどう"),
    ("村上", "むらかみ"),
    ("遠藤", "えんどう"),
    ("青木", "あおき"),
    ("坂本", "さかもと"),
    ("春野", "はるの"),
    ("森川", "もりかわ"),
    ("浜田", "はまだ"),
    ("大塚", "おおつか"),
    ("小西", "こにし"),
    ("石原", "いしはら"),
    ("工藤", "くどう"),
    ("三浦", "みうら"),
];

const GIVEN: &[(&str, &str)] = &[
    ("健一", "けんいち"),
    ("美咲", "みさき"),
    ("翔太", "しょうた"),
    ("由美子", "ゆみこ"),
    ("正男", "まさお"),
    ("陽子", "ようこ"),
    ("大輔", "だいすけ"),
    ("直樹", "なおき"),
    ("真理", "まり"),
    ("浩二", "こうじ"),
    ("早苗", "さなえ"),
    ("蓮", "れん"),
    ("ひより", "ひより"),
    ("恵子", "けいこ"),
    ("隆", "たかし"),
    ("和子", "かずこ"),
    ("亮", "りょう"),
    ("結衣", "ゆい"),
    ("拓也", "たくや"),
    ("さくら", "さくら"),
    ("誠", "まこと"),
    ("明美", "あけみ"),
    ("悠斗", "ゆうと"),
    ("真由", "まゆ"),
    ("修", "おさむ"),
    ("千尋", "ちひろ"),
    ("達也", "たつや"),
    ("香織", "かおり"),
    ("裕子", "ゆうこ"),
    ("智也", "ともや"),
    ("信子", "のぶこ"),
    ("浩", "ひろし"),
];

/// (ID prefix, 地域, the stem used in agency names)
const REGIONS: &[(&str, &str, &str)] = &[
    ("CH", "中央保健所", "中央"),
    ("HB", "北部保健所", "北部"),
    ("NB", "南部保健所", "南部"),
    ("TB", "東部保健所", "東部"),
    ("SB", "西部保健所", "西部"),
    ("MN", "みなと市", "みなと市"),
    ("YM", "やまびこ市", "やまびこ市"),
    ("SK", "さくら市", "さくら市"),
    ("AO", "あおば市", "あおば市"),
    ("KW", "かわべ町", "かわべ町"),
    ("HN", "はなぞの町", "はなぞの町"),
    ("UM", "うみべ市", "うみべ市"),
];

const AGENCY_FORMS: &[&str] = &[
    "{r}",
    "{s}こころの病院 地域医療連携室",
    "{s}地域生活支援センター",
    "{s}相談支援センター",
    "{s}保健センター（アウトリーチチーム）",
    "{s}メンタルクリニック",
];

/// Supporter cells of the ニーズ sheet: 機関名・職種・担当者 (a line break, then a phone number).
const SUPPORTER_FORMS: &[&str] = &[
    "{s}保健所 保健師 {n}",
    "{s}こころの病院 主治医 {n}",
    "{s}こころの病院 デイケア {n}",
    "{s}こころの病院 地域医療連携室\n精神保健福祉士 {n}（CM）",
    "{s}相談支援センター\n相談支援専門員 {n}",
    "{s}訪問看護ステーション 看護師 {n}",
    "グループホームひだまり 世話人 {n}",
    "{s}地域活動支援センター\nピアサポーター {n}",
    "{s} 障害福祉課 {n}",
    "{s}メンタルクリニック {n} 医師",
    "就労継続支援B型事業所 あおぞら 職業指導員 {n}",
    "{s}社会福祉協議会 {n}",
    "地域包括支援センター ケアマネジャー {n}",
    "生活保護担当 ケースワーカー {n}",
];

const FAMILY: &[&str] = &["母", "父", "姉", "兄", "弟", "妹", "夫", "妻", "叔母", "甥"];

/// Need texts by 別紙1 item: (domain, what troubles the person, what the person wants).
const NEED_POOLS: &[(&str, &[&str], &[&str])] = &[
    (
        "A1",
        &[
            "退院後の住まいがまだ決まっていない",
            "今のアパートの更新ができるか心配",
            "家賃をためてしまい、追い出されないか心配",
        ],
        &[
            "アパートで一人暮らしをしたい",
            "グループホームで落ち着いて暮らしたい",
            "退院後の住まいを決めたい",
        ],
    ),
    (
        "A2",
        &[
            "収入が少なく、月末にお金が足りなくなる",
            "障害年金の手続きがわからず、そのままになっている",
        ],
        &["障害年金の手続きを進めたい", "生活費の見通しを立てたい"],
    ),
    (
        "A3",
        &[
            "外泊のとき母と口論になる",
            "家族に病気のことを話せず、一人で抱え込んでいる",
            "夫の帰りが遅く、相談する時間がない",
        ],
        &[
            "母とよい関係でいたい",
            "家族に自分の気持ちを伝えられるようになりたい",
        ],
    ),
    (
        "A4",
        &[
            "赤ちゃんの世話を一人で抱え込んでしまう",
            "子どもの世話がつらく、夜も休めない",
        ],
        &[
            "子どもとの時間を楽しみたい",
            "一時保育を使って自分の時間をつくりたい",
        ],
    ),
    (
        "A5",
        &[
            "母の介護で自分の通院の時間がとれない",
            "父の介護のことで頭がいっぱいになる",
        ],
        &[
            "母の介護の負担を減らしたい",
            "介護サービスを増やして、自分の通院日を確保したい",
        ],
    ),
    (
        "B1",
        &[
            "食事が不規則で、体重が減ってきた",
            "料理をする気力がなく、菓子パンばかり食べている",
        ],
        &["自分で料理を作って食べたい", "食事のリズムを保ちたい"],
    ),
    (
        "B2",
        &[
            "部屋が片付かず、物があふれている",
            "ごみを出す日がわからず、部屋にたまってしまう",
        ],
        &[
            "部屋を片付けて、友人を呼べるようにしたい",
            "週1回は部屋の掃除をしたい",
        ],
    ),
    (
        "B3",
        &[
            "入浴が面倒で、何日も入らないことがある",
            "歯みがきや着替えがおっくうになる",
        ],
        &[
            "毎日入浴できるようになりたい",
            "身だしなみを整えて外出したい",
        ],
    ),
    (
        "B4",
        &["電話に出るのがこわく、大事な連絡を逃してしまう"],
        &["困ったときに自分から電話できるようになりたい"],
    ),
    (
        "B5",
        &[
            "電車やバスに一人で乗るのが不安",
            "通院に使うバスの乗り換えがわからない",
        ],
        &[
            "バスで通所できるようになりたい",
            "一人で電車に乗って通院したい",
        ],
    ),
    (
        "B6",
        &[
            "お金をすぐに使ってしまう",
            "調子が良いときにカードで買い物をしすぎてしまう",
        ],
        &["お金を計画的に使いたい", "1週間に使うお金を決めて守りたい"],
    ),
    (
        "B7",
        &["役所の書類を読むのに時間がかかる"],
        &["書類の手続きを自分で進めたい"],
    ),
    (
        "C1",
        &[
            "昼夜逆転の生活が続いている",
            "日中することがなく、一日中横になっている",
            "仕事を休みがちで、職場に行きづらい",
        ],
        &[
            "日中の過ごし方を決めたい（デイケアに通う）",
            "就労継続支援B型の事業所に通いたい",
            "短時間勤務で職場に戻りたい",
        ],
    ),
    (
        "C2",
        &[
            "相談できる相手が近くにいない",
            "人の多い場所に行くと息苦しくなる",
        ],
        &[
            "同じ病気の経験がある人と話したい",
            "地域活動支援センターの集まりに参加したい",
        ],
    ),
    (
        "D1",
        &[
            "声が聞こえて、落ち着かないことがある",
            "テレビの声が自分のことを言っているように感じる",
        ],
        &[
            "声が聞こえたときの対処を身につけたい",
            "調子の波に早めに気づけるようになりたい",
        ],
    ),
    (
        "D2",
        &[
            "以前の薬の副作用（眠気・だるさ）がつらかった",
            "体重と血圧が気になる",
            "体のだるさが続き、横になっている時間が長い",
        ],
        &[
            "副作用について主治医に相談したい",
            "体調を記録して健康を保ちたい",
        ],
    ),
    (
        "D3",
        &[
            "夜なかなか眠れず、朝起きるのがつらい",
            "一人でいると不安が強くなる",
            "外出中に不安が強くなり、外に出られない",
        ],
        &[
            "夜は続けて5時間眠れるようになりたい",
            "不安が強いときの対処を身につけたい",
        ],
    ),
    (
        "E1",
        &["病気や薬のことがよくわからない"],
        &["病気と治療について説明を受けたい"],
    ),
    (
        "E2",
        &[
            "薬を飲み忘れることが多い",
            "通院を途中でやめてしまったことがある",
        ],
        &[
            "薬を飲み忘れないようにしたい",
            "外来に通院して治療を続けたい",
            "薬を自分で管理できるようになりたい",
        ],
    ),
    (
        "F1",
        &[
            "お酒の量が増えて、朝から飲んでしまう日がある",
            "一人でいるとつい飲んでしまう",
        ],
        &["断酒を続けたい", "断酒会に続けて参加したい"],
    ),
    (
        "F3",
        &["つらくなると自分を傷つけたくなることがある"],
        &["つらい気持ちを人に話せるようになりたい"],
    ),
    (
        "F5",
        &[
            "確認や手洗いに時間がかかり、外出が遅れる",
            "気になることが頭から離れず、何度も確かめてしまう",
        ],
        &[
            "確認の回数を少しずつ減らしたい",
            "決まった時間に家を出られるようになりたい",
        ],
    ),
];

const SELF_ACTIONS: &[&str] = &[
    "服薬カレンダーを使う",
    "眠れない日が3日続いたら世話人に伝える",
    "月1回外来に通い、薬を飲み忘れない",
    "1週間に使うお金を決めておく",
    "世話人と一緒に1週間ごとの予算を立てる",
    "デイケアに週3回通う",
    "通う曜日を月・水・金に決める",
    "地域活動支援センターのピアの集まりに行ってみる",
    "体重と血圧を毎朝記録する",
    "見学したい事業所を2か所選ぶ",
    "グループホームで家事の練習を続ける",
    "一時保育を週1回使ってみる",
    "断酒会に月2回参加する",
    "飲みたくなったら断酒会の仲間に電話する",
    "朝は10時までに起きて、カーテンを開ける",
    "眠れないときは練習した呼吸法をする",
    "困ったことをノートに書いて、面接のときに見せる",
    "母と一緒に近所のコンビニまで歩く練習をする",
    "バスの時刻表を調べて、通所の日に乗ってみる",
    "レシートを取っておき、週末に世話人と見直す",
    "調子が上がってきたと感じたら、弟と主治医に伝える",
    "週1回はごみを出す日を決めて、部屋を片付ける",
    "通院の日をカレンダーに書いておく",
    "気分の記録表をつけ、面接のときに持ってくる",
    "食事は1日3回、決まった時間にとる",
    "入浴する日を決めて、カレンダーに丸をつける",
    "年金の書類を面接の日に持ってくる",
];

const SUPPORTER_ACTIONS: &[&str] = &[
    "外来で処方を続け、飲み心地を確認する",
    "予算づくりを手伝い、レシートを一緒に確認する",
    "プログラムへの参加を支え、休んだときは電話する",
    "睡眠の様子を確認し、頓服薬を調整する",
    "月1回訪問し、体調と生活の様子を確認する",
    "見学の日程を調整し、同行する",
    "集まりに同行し、自分の経験を話す",
    "住まいの情報を集め、一緒に見に行く",
    "一時保育と産後ケア事業の利用を調整する",
    "日常生活自立支援事業の説明と利用の相談",
    "訪問時に外出の練習に同行し、不安の強さを一緒に点数にする",
    "食事の提供と、週1回の買い物の付き添い",
    "グループホームの見学と体験利用を調整する",
    "本人と家族の面談を行い、連絡方法を決める",
    "障害年金の申請書類を一緒に確認する",
    "訪問看護で服薬と体調を確認する",
    "介護サービスの利用を家族と相談する",
    "断酒会の日程を伝え、初回は同行する",
    "気分の記録表を一緒に見て、変化に早めに気づけるようにする",
    "通所の様子を確認し、CMに伝える",
    "認知行動療法を続ける（面接は2週に1回）",
    "血液検査の結果を説明し、生活の工夫を一緒に考える",
];

const ACTION_TAILS: &[&str] = &[
    "できた日は記録表に丸をつける",
    "困ったときはすぐに相談する",
    "無理のない範囲で続ける",
    "様子をCMに伝える",
    "次回の面接で一緒に振り返る",
    "必要なら回数を見直す",
];

const MON_PLACES: &[&str] = &[
    "自宅訪問。",
    "自宅訪問（母同席）。",
    "保健所で面接。",
    "グループホームを訪問。",
    "外来受診に同伴。",
    "電話で状況を確認。",
    "地域活動支援センターで面談。",
    "市役所で面接。",
    "病棟で面接。",
    "本人、家族、主治医、保健師で会議。",
    "本人、相談支援専門員、世話人、CMで会議。",
];

const MON_OBS: &[&str] = &[
    "服薬はできている。",
    "デイケアは週2回の参加にとどまる。",
    "眠れない日がときどきある。",
    "朝は10時までに起きられるようになった。",
    "断酒は続いている。",
    "家賃の支払い計画は守れている。",
    "一時保育を週1回使えている。",
    "体重と血圧は安定している。",
    "気分の波は落ち着いている。",
    "買い物の練習に一人で行けた。",
    "母との関係は落ち着いている。",
    "センターには週1回通えている。",
    "眠れない日が続き、声が聞こえることが増えた。",
    "調子が良いときにお金を使いすぎることがあった。",
    "ピアの集まりに2回参加できた。",
    "通院は1回休んだ。",
    "部屋の片付けは少しずつ進んでいる。",
];

const MON_CHANGES: &[&str] = &[
    "臨時受診で頓服薬を調整した。",
    "クライシスプランを見直すことにした。",
    "通所日を火曜と土曜に変更した（微修正）。",
    "訪問の回数を月2回から月1回に減らした。",
    "次回は主治医の意見を書面で確認する。",
    "支援の頻度を少なくしていくことで合意した。",
    "結果を主治医に伝えた。",
    "ニーズ2の具体策を微修正した。",
    "本人の希望で見学の日程を延期した。",
    "家族にも状況を伝え、連絡方法を確認した。",
];

const LONG_GOALS: &[&str] = &[
    "アパートで一人暮らしをして、好きな料理を作って暮らしたい",
    "子どもとの時間を楽しみながら、1年後には職場に戻りたい",
    "もう一度、釣りに行けるくらい元気な体に戻りたい",
    "好きなイラストの仕事をして、自分で稼いだお金でほしいものを買いたい",
    "母と一緒に、この家で穏やかに暮らしたい",
    "看護師になりたい。そのために大学に進学したい。",
    "自分のペースで働いて、友人と旅行に行きたい",
    "病気とつきあいながら、地域で安心して暮らしたい",
    "家族に頼りすぎず、自分のことは自分で決めて暮らしたい",
];

const SHORT_GOALS: &[&str] = &[
    "デイケアに週3回通い、眠れないときの対処を身につける",
    "就労継続支援B型の事業所を見学し、通う先を決める",
    "夜は続けて5時間眠れるようにする",
    "断酒会に月2回参加し、家賃の支払い計画を守る",
    "週1回、地域活動支援センターに通う",
    "クレジットカードの利用を月3万円以内にする",
    "気分の波に早めに気づき、調子が上がったときは家族と主治医に伝える",
    "退院して、グループホームでの生活を始める",
    "服薬と食事のリズムを保ち、通院を続ける",
    "一人でバスに乗って通所できるようになる",
    "部屋を片付け、週1回はごみを出せるようにする",
];

const WISHES: &[&str] = &[
    "退院したい。でも一人で暮らせるか心配。",
    "料理が好きなので、自分で作って食べたい。",
    "夜眠れず、子どもの世話がつらい。",
    "1年後には職場に戻りたい。",
    "酒をやめたいが、一人でいるとつい飲んでしまう。",
    "家賃をためてしまい、追い出されないか心配。",
    "母の介護で自分の通院の時間がとれない。",
    "調子が良いときにお金を使いすぎてしまう。",
    "人と話すのは苦手だが、友だちがほしい。",
    "昼間に外に出られるようになりたい。",
    "働いて、自分のお金で暮らしたい。",
];

const END_REASONS: &[&str] = &[
    "短期目標を達成し、ケースマネジメントなしでも主治医・家族・事業所で対応できると判断した。",
    "転居のため、転居先の保健所に引き継いだ。",
    "本人の希望により終了した。外来通院は継続する。",
    "就労継続支援B型の事業所に定着し、相談支援専門員に引き継いだ。",
];

const OTHER_KIND: &[&str] = &[
    "電話による状況確認",
    "再飲酒後の緊急訪問",
    "ピアサポーターとの振り返り",
    "書面による主治医への照会",
];
const OTHER_SETTING: &[&str] = &[
    "電話",
    "クリニック受診への同伴",
    "オンライン面談",
    "地域活動支援センターでの面談",
];
const P_OTHER_TEXT: &[&str] = &[
    "ピアサポーター",
    "担任教諭・養護教諭",
    "断酒会の世話役",
    "民生委員",
    "助産師（産後ケア事業）",
];
const PLACES_OTHER: &[&str] = &[
    "グループホーム",
    "地域活動支援センター",
    "就労継続支援B型の事業所",
    "デイケア",
];
const WHEN_HARD: &[&str] = &[
    "調子が悪いときは、まず電話で声をかけてほしい。",
    "入院が必要なときは家族にも知らせてほしい。",
    "無理に外に連れ出さないでほしい。",
    "部屋に来て話を聞いてくれるのはよい。",
    "連絡がつかないときは、家族に電話してほしい。",
    "酒を飲んでいても、見捨てずに訪問してほしい。",
];
const SERVICE_DETAIL: &[&str] = &[
    "計画相談支援、グループホームの利用調整",
    "週3回のデイケア",
    "月2回のピアの集まり",
    "退院後の訪問",
    "保健室登校の受け入れ、出席日数の確認",
    "短時間勤務の調整、産業医との面談",
    "日常生活自立支援事業（金銭管理）",
    "訪問看護（週1回）",
];
const RELATIONS: &[&str] = &[
    "イ：父母",
    "イ",
    "ロ：きょうだい",
    "ロ",
    "ハ：妻/夫",
    "ニ：それ以外の家族/親族",
    "ホ：友人等",
    "ホ",
    "ヘ：同僚",
    "ト：医療機関の職員",
    "ト",
    "チ：地域援助事業者",
    "地域援助事業者",
    "リ：行政機関の職員",
    "リ",
    "ヌ：その他",
    "ヌ",
];
const SELF_SIGNS: &[&str] = &[
    "夜中に何度も目が覚める",
    "薬を飲むのがおっくうになる",
    "たばこの本数が増える",
    "お金を一度に使ってしまう",
    "テレビの声が自分のことを言っているように感じる",
    "朝、起きられなくなる",
    "食欲がなくなる",
    "イライラして家族に強く言ってしまう",
    "飲みたい気持ちが強くなる",
    "何をするのも面倒になる",
];
const OTHERS_SIGNS: &[&str] = &[
    "部屋から出てこない",
    "食事を残す",
    "同じことを何度も聞く",
    "デイケアを休む",
    "表情が硬くなる",
    "口数が少なくなる",
    "電話に出なくなる",
    "夜遅くまで起きている",
    "身なりに構わなくなる",
];
const SELF_DOS: &[&str] = &[
    "頓服薬を飲む",
    "早めに寝る",
    "CMに電話する（平日9時～17時）",
    "病院に電話して臨時の受診をする",
    "練習した呼吸法をする",
    "家族に「調子が悪い」と伝える",
    "断酒会の仲間に電話する",
    "予定を減らして休む",
];
const OTHERS_DOS: &[&str] = &[
    "家族：無理をさせず、CMに連絡する",
    "CM：早めに訪問し、主治医と相談する",
    "主治医：必要なら臨時の受診を調整する",
    "世話人：服薬を確認し、様子をCMに伝える",
    "訪問看護：訪問の回数を増やす",
    "相談支援専門員：サービスの利用を調整する",
];
const ROLES: &[&str] = &[
    "主治医",
    "CM・訪問",
    "家族",
    "生活の見守り",
    "相談支援専門員",
    "訪問看護",
    "ピアサポーター",
    "夜間・休日の相談",
];

// ---------------------------------------------------------------------------------------------
// Helpers

fn chars(s: &str) -> usize {
    s.chars().count()
}

fn fill(form: &str, region: &str, stem: &str, name: &str) -> String {
    form.replace("{r}", region)
        .replace("{s}", stem)
        .replace("{n}", name)
}

/// Full-width digits, as some offices type them.
fn zenkaku_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap(),
            c => c,
        })
        .collect()
}

/// A date in one of the spellings the intake accepts (mostly ISO).
fn date_str(rng: &mut Rng, d: NaiveDate) -> String {
    let (y, m, day) = (d.year(), d.month(), d.day());
    let reiwa = y - 2018; // all generated dates are in 令和 (from 2021)
    match rng.weighted(&[60, 18, 12, 6, 4]) {
        0 => d.format("%Y-%m-%d").to_string(),
        1 => format!("{y}/{m}/{day}"),
        2 => format!("令和{reiwa}年{m}月{day}日"),
        3 => format!("R{reiwa}.{m}.{day}"),
        _ => format!("{y}年{m}月{day}日"),
    }
}

fn phone(rng: &mut Rng, mobile: bool) -> String {
    if mobile {
        format!("090-0000-{:04}", rng.range(1000, 9999))
    } else {
        format!("0{}-0000-{:04}", rng.range(3, 9), rng.range(1000, 9999))
    }
}

fn person(rng: &mut Rng) -> (String, String) {
    let (s, sk) = *rng.pick(SURNAMES);
    let (g, gk) = *rng.pick(GIVEN);
    (format!("{s} {g}"), format!("{sk} {gk}"))
}

/// Joins sentences (with a line break between some, as typed with Alt+Enter) until the text is
/// within `lo..=hi` characters.
fn compose(rng: &mut Rng, pools: &[&[&str]], lo: usize, hi: usize) -> String {
    // A length drawn in lo..=hi-10 (uniform), then sentences added until it is reached.
    let target = rng.range(lo as u64, hi.saturating_sub(10).max(lo) as u64) as usize;
    for _ in 0..50 {
        let mut s = String::new();
        let mut used: Vec<&str> = Vec::new();
        let mut i = 0;
        while chars(&s) < target {
            let pool = pools[i % pools.len()];
            let part = *rng.pick(pool);
            i += 1;
            if used.contains(&part) {
                if i > 40 {
                    break;
                }
                continue;
            }
            used.push(part);
            if !s.is_empty() && rng.chance(0.35) {
                s.push('\n');
            }
            s.push_str(part);
        }
        if (lo..=hi).contains(&chars(&s)) {
            return s;
        }
    }
    // Fallback: cut at the limit (not reached with the pools above).
    let mut s: String = String::new();
    for p in pools.iter().cycle().take(12) {
        s.push_str(p[0]);
    }
    s.chars().take(hi).collect()
}

/// A need of 20–60 characters from one 別紙1 item's pool.
fn need_text(rng: &mut Rng, domain_ix: usize) -> String {
    let (_, troubles, wishes) = NEED_POOLS[domain_ix];
    for _ in 0..50 {
        let t = *rng.pick(troubles);
        let w = *rng.pick(wishes);
        let s = match rng.weighted(&[50, 25, 25]) {
            0 => format!("{t}ので、{w}"),
            1 => format!("{t}。{w}"),
            _ => {
                if chars(t) >= 20 {
                    t.to_string()
                } else {
                    format!("{t}。できれば{w}")
                }
            }
        };
        if (20..=60).contains(&chars(&s)) {
            return s;
        }
    }
    format!("{}ので、{}", troubles[0], wishes[0])
}

/// Two or three need sentences of one domain (the heavy profile's 60–180 characters), none
/// repeating a clause already said: need texts of one domain share their clauses.
fn heavy_need_text(rng: &mut Rng, domain_ix: usize) -> String {
    let mut s = need_text(rng, domain_ix);
    let wanted = rng.range(1, 2);
    let mut added = 0;
    for _ in 0..20 {
        if added == wanted {
            break;
        }
        let next = need_text(rng, domain_ix);
        let repeats = next
            .split(['。', '、'])
            .map(|c| c.trim_end_matches("ので").trim_start_matches("できれば"))
            .any(|c| chars(c) >= 4 && s.contains(c));
        if !repeats {
            s.push_str(if rng.chance(0.4) { "。\n" } else { "。" });
            s.push_str(&next);
            added += 1;
        }
    }
    s
}

/// Two actions of the pool, the first with a tail (the heavy profile's longer 具体策).
fn heavy_action(rng: &mut Rng, pool: &[&str]) -> String {
    let a = *rng.pick(pool);
    let t = *rng.pick(ACTION_TAILS);
    let mut b = *rng.pick(pool);
    if b == a {
        b = pool[(pool.iter().position(|p| *p == a).unwrap_or(0) + 1) % pool.len()];
    }
    format!("{a}。{t}\n{b}")
}

fn action(rng: &mut Rng, pool: &[&str]) -> String {
    let a = *rng.pick(pool);
    if rng.chance(0.3) {
        let t = *rng.pick(ACTION_TAILS);
        format!("{a}。\n{t}")
    } else {
        a.to_string()
    }
}

// ---------------------------------------------------------------------------------------------
// Output

/// One sheet's CSV: the contract's headings, and each record's values in the contract's column
/// order (optional columns the generator leaves out at the end are written blank).
struct Out {
    w: csv::Writer<BufWriter<File>>,
    width: usize,
}

struct Sheets {
    cases: Out,
    questionnaires: Out,
    plans: Out,
    monitoring: Out,
    needs: Out,
    subtool: Out,
    supporters: Out,
    crisis: Out,
    crisis_supporters: Out,
    counts: [u64; 9],
}

/// The sheet's CSV under `dir`, named and headed as the intake contract says.
fn open(dir: &std::path::Path, sheet: Sheet) -> std::io::Result<Out> {
    let file = File::create(dir.join(format!("{}.csv", sheet.ja())))?;
    let mut w = csv::WriterBuilder::new().from_writer(BufWriter::with_capacity(1 << 20, file));
    let head: Vec<&str> = sheet.columns().iter().map(|c| c.ja.as_str()).collect();
    w.write_record(&head).map_err(std::io::Error::other)?;
    Ok(Out {
        w,
        width: head.len(),
    })
}

impl Sheets {
    fn create(dir: &std::path::Path) -> std::io::Result<Sheets> {
        Ok(Sheets {
            cases: open(dir, Sheet::Cases)?,
            questionnaires: open(dir, Sheet::Questionnaires)?,
            plans: open(dir, Sheet::Plans)?,
            monitoring: open(dir, Sheet::Monitoring)?,
            needs: open(dir, Sheet::Needs)?,
            subtool: open(dir, Sheet::Subtool)?,
            supporters: open(dir, Sheet::Supporters)?,
            crisis: open(dir, Sheet::CrisisPlans)?,
            crisis_supporters: open(dir, Sheet::CrisisSupporters)?,
            counts: [0; 9],
        })
    }

    fn flush(self) -> std::io::Result<[u64; 9]> {
        for mut w in [
            self.cases,
            self.questionnaires,
            self.plans,
            self.monitoring,
            self.needs,
            self.subtool,
            self.supporters,
            self.crisis,
            self.crisis_supporters,
        ] {
            w.w.flush()?;
        }
        Ok(self.counts)
    }
}

fn put(w: &mut Out, count: &mut u64, row: &[&str]) {
    assert!(row.len() <= w.width, "a row wider than its sheet");
    let blank = std::iter::repeat_n("", w.width - row.len());
    w.w.write_record(row.iter().copied().chain(blank))
        .expect("write CSV row");
    *count += 1;
}

// ---------------------------------------------------------------------------------------------
// One case

struct Opts {
    needs_min: u64,
    needs_max: u64,
    as_of: NaiveDate,
    heavy: bool,
}

struct Version {
    no: u32,
    created: NaiveDate,
    due: NaiveDate,
    /// (date, kind) of the review sessions held while this version is in force.
    sessions: Vec<NaiveDate>,
    /// true when the last session replaced it with the next version.
    replaced: bool,
}

/// Writes one case; `need_budget` (rows mode) caps its need rows and is decreased.
fn gen_case(ix: u64, seed: u64, o: &Opts, s: &mut Sheets, need_budget: &mut Option<u64>) {
    let mut rng = Rng::new(seed ^ ix.wrapping_mul(0xD1B5_4A32_D192_ED03));
    for _ in 0..4 {
        rng.next_u64();
    }
    let ri = rng.weighted(&[14, 10, 9, 9, 8, 10, 8, 8, 7, 6, 6, 5]);
    let (prefix, region, stem) = REGIONS[ri];
    let region_cell = if rng.chance(0.02) {
        format!("{region}　")
    } else {
        region.to_string()
    };
    let (name, kana) = person(&mut rng);
    let agency_form = *rng.pick(AGENCY_FORMS);
    let agency = fill(agency_form, region, stem, "");
    let (manager, _) = person(&mut rng);

    // Dates: case management started between 2021-04-01 and 45 days before --as-of.
    let first_day = NaiveDate::from_ymd_opt(2021, 4, 1).unwrap();
    // Heavy cases start early enough for two versions (each at most 20 + 180 + 28 days) and
    // the second one's review.
    let lead = if o.heavy { 460 } else { 45 };
    let span = (o.as_of - first_day).num_days().max(lead + 1) as u64 - lead as u64;
    let start = first_day + Days::new(rng.range(0, span));
    let id = format!("{prefix}-{}-{:06}", start.year(), ix + 1);
    let inpatient_start = rng.chance(0.3);

    // Plan versions: 1–4 wanted, as many as fit before --as-of.
    let want = 1 + rng.weighted(&[25, 30, 25, 20]) as u32;
    let want = if o.heavy { 2 } else { want };
    let mut versions: Vec<Version> = Vec::new();
    let mut created = start + Days::new(rng.range(3, 20));
    if created >= o.as_of {
        created = start;
    }
    for no in 1..=want {
        let due = created + Days::new(rng.range(60, 180));
        versions.push(Version {
            no,
            created,
            due,
            sessions: Vec::new(),
            replaced: false,
        });
        let next = due + Days::new(rng.range(0, 28));
        if no == want || next > o.as_of - Days::new(1) {
            break;
        }
        created = next;
    }
    // Rows mode: keep the case within the remaining need rows (at least one need per version).
    let mut needs_per: Vec<u64> = versions
        .iter()
        .map(|_| rng.range(o.needs_min, o.needs_max))
        .collect();
    if let Some(budget) = need_budget.as_mut() {
        let mut total = 0;
        let mut keep = 0;
        for k in needs_per.iter_mut() {
            if total >= *budget {
                break;
            }
            *k = (*k).min(*budget - total);
            total += *k;
            keep += 1;
        }
        versions.truncate(keep.max(1));
        needs_per.truncate(keep.max(1));
        *budget -= total.min(*budget);
    }
    let n_versions = versions.len();

    // Review sessions: a replaced version ends with the 作成/更新 session on the next version's
    // 作成日; before it, 0–3 sessions. The latest version has 0–3 sessions up to --as-of, and one
    // near its review date when that date has passed (no overdue review).
    for v in 0..n_versions {
        let from = versions[v].created + Days::new(7);
        let (until, replaced) = match versions.get(v + 1) {
            Some(next) => (next.created, true),
            None => (o.as_of.min(versions[v].due), false),
        };
        let mut dates = Vec::new();
        if until > from {
            let k = if o.heavy {
                rng.range(2, 3)
            } else {
                rng.range(0, 3)
            };
            let gap = (until - from).num_days() as u64;
            for _ in 0..k {
                dates.push(from + Days::new(rng.range(0, gap.saturating_sub(1))));
            }
        }
        if replaced {
            dates.push(versions[v + 1].created);
        } else if versions[v].due <= o.as_of {
            let d = versions[v].due + Days::new(rng.range(0, 14));
            dates.push(d.min(o.as_of));
        }
        dates.sort();
        dates.dedup();
        versions[v].sessions = dates;
        versions[v].replaced = replaced;
    }

    // Case end: some cases whose latest review date has passed are closed.
    let last = versions.last().unwrap();
    let last_session = last.sessions.last().copied();
    let ended = last.due <= o.as_of && rng.chance(0.5);
    let cm_end = if ended {
        Some(last_session.unwrap_or(last.due).min(o.as_of))
    } else {
        None
    };
    let end_reason = if ended {
        rng.pick(END_REASONS).to_string()
    } else {
        String::new()
    };

    // ケース
    let start_s = date_str(&mut rng, start);
    let end_s = cm_end.map(|d| date_str(&mut rng, d)).unwrap_or_default();
    put(
        &mut s.cases,
        &mut s.counts[0],
        &[
            &id,
            &name,
            &kana,
            &region_cell,
            &agency,
            &manager,
            &start_s,
            &end_s,
            &end_reason,
        ],
    );

    // アンケート: 90% of cases, 35% of those a second one later.
    if rng.chance(0.9) || o.heavy {
        let mut dates = vec![start.min(versions[0].created)];
        if rng.chance(0.35) && n_versions > 1 {
            dates.push(versions[n_versions - 1].created);
        }
        for d in dates {
            let mut row: Vec<String> = vec![
                id.clone(),
                date_str(&mut rng, d),
                compose(&mut rng, &[WISHES], 20, 90),
            ];
            for _ in ITEMS.iter().filter(|i| i.group != 'O') {
                let code = match rng.weighted(&[55, 15, 18, 5, 7]) {
                    0 => "0",
                    1 => "1",
                    2 => "2",
                    3 => "9",
                    _ => "",
                };
                let cell = match (code, rng.weighted(&[80, 8, 12])) {
                    ("", _) => String::new(),
                    (c, 1) => zenkaku_digits(c),
                    (c, 2) => match c {
                        "0" => "不要",
                        "1" => "支援済み",
                        "2" => "要支援",
                        _ => "わからない",
                    }
                    .to_string(),
                    (c, _) => c.to_string(),
                };
                row.push(cell);
            }
            let o1 = rng.chance(0.3);
            row.push(if o1 { "進路".into() } else { String::new() });
            row.push(String::new());
            row.push(if o1 { "2".into() } else { String::new() });
            row.push(String::new());
            let r: Vec<&str> = row.iter().map(|s| s.as_str()).collect();
            put(&mut s.questionnaires, &mut s.counts[1], &r);
        }
    }

    // The case's supporters (one 支援者 cell each, phone on the next line).
    let roster_n = rng.range(2, 7) as usize;
    let roster: Vec<String> = (0..roster_n)
        .map(|i| {
            if i == 0 && rng.chance(0.3) {
                format!("{}\n{}", rng.pick(FAMILY), phone(&mut rng, true))
            } else {
                let (who, _) = person(&mut rng);
                let surname = who.split(' ').next().unwrap().to_string();
                let form = *rng.pick(SUPPORTER_FORMS);
                let cell = fill(form, region, stem, &surname);
                let tel = phone(&mut rng, false);
                if cell.contains('\n') {
                    format!("{cell} {tel}")
                } else {
                    format!("{cell}\n{tel}")
                }
            }
        })
        .collect();
    let long_goal = rng.pick(LONG_GOALS).to_string();
    let mut prev_needs: Vec<(usize, String, String, String, usize, &'static str)> = Vec::new();
    let mut prev_closed: Vec<String> = Vec::new();
    let mut months_base = start;

    for (vi, v) in versions.iter().enumerate() {
        let no = v.no.to_string();
        // 支援計画
        let yes = |rng: &mut Rng| {
            if rng.chance(0.85) {
                *rng.pick(&["有", "有", "有", "○", "✔", "1"])
            } else {
                "無"
            }
        };
        let count = |rng: &mut Rng, p: f64| {
            if rng.chance(p) {
                rng.range(1, 3).to_string()
            } else {
                String::new()
            }
        };
        let p_self = yes(&mut rng);
        let p_family = count(&mut rng, 0.6);
        let p_colleague = count(&mut rng, 0.08);
        let p_friend = count(&mut rng, 0.05);
        let p_doctor = if rng.chance(0.45) { "有" } else { "無" };
        let p_hosp = count(&mut rng, 0.4);
        let p_comm = count(&mut rng, 0.5);
        let p_gov = count(&mut rng, 0.6);
        let p_other = count(&mut rng, 0.15);
        let p_other_text = if p_other.is_empty() {
            String::new()
        } else {
            rng.pick(P_OTHER_TEXT).to_string()
        };
        let created_s = date_str(&mut rng, v.created);
        let due_s = date_str(&mut rng, v.due);
        let short_goal = rng.pick(SHORT_GOALS).to_string();
        put(
            &mut s.plans,
            &mut s.counts[2],
            &[
                &id,
                &no,
                &created_s,
                &due_s,
                &long_goal,
                &short_goal,
                p_self,
                &p_family,
                &p_colleague,
                &p_friend,
                p_doctor,
                &p_hosp,
                &p_comm,
                &p_gov,
                &p_other,
                &p_other_text,
            ],
        );

        // モニタリング
        for (si, d) in v.sessions.iter().enumerate() {
            let last_of_replaced = v.replaced && si + 1 == v.sessions.len();
            let first_ever = vi == 0 && si == 0;
            let months = (d.year() - months_base.year()) * 12 + d.month() as i32
                - months_base.month() as i32;
            let months = months.max(1).to_string();
            let (timing, timing_months) = if inpatient_start {
                if first_ever {
                    ("入院中", String::new())
                } else if vi == 0 && si == 1 {
                    months_base = *d;
                    ("退院直後", String::new())
                } else {
                    ("退院ヵ月後", months)
                }
            } else if first_ever {
                ("CM導入時", String::new())
            } else {
                ("CMヵ月後", months)
            };
            let timing_months = if rng.chance(0.1) {
                zenkaku_digits(&timing_months)
            } else {
                timing_months
            };
            let (kind, kind_text) = if last_of_replaced {
                (
                    *rng.pick(&["作成/更新", "作成/更新", "作成/更新", "作成／更新"]),
                    String::new(),
                )
            } else {
                match rng.weighted(&[70, 15, 15]) {
                    0 => ("モニタリング", String::new()),
                    1 => ("微修正", String::new()),
                    _ => ("その他", rng.pick(OTHER_KIND).to_string()),
                }
            };
            let (setting, setting_text) = if last_of_replaced && rng.chance(0.7) {
                ("ケア会議等", String::new())
            } else {
                match rng.weighted(&[60, 25, 15]) {
                    0 => ("個別面接", String::new()),
                    1 => ("ケア会議等", String::new()),
                    _ => ("その他", rng.pick(OTHER_SETTING).to_string()),
                }
            };
            let place = *rng.pick(MON_PLACES);
            let (lo, hi) = if o.heavy { (150, 300) } else { (50, 150) };
            let body = compose(
                &mut rng,
                &[MON_OBS, MON_OBS, MON_CHANGES],
                lo - chars(place),
                hi - chars(place),
            );
            let notes = format!("{place}{body}");
            let met = if last_of_replaced || rng.chance(0.3) {
                *rng.pick(&["達成", "一部達成", "一部達成", "未達成"])
            } else {
                ""
            };
            let date_s = date_str(&mut rng, *d);
            put(
                &mut s.monitoring,
                &mut s.counts[3],
                &[
                    &id,
                    &no,
                    &date_s,
                    timing,
                    &timing_months,
                    kind,
                    &kind_text,
                    setting,
                    &setting_text,
                    &notes,
                    met,
                ],
            );
        }

        // ニーズ: carry the unfinished needs over, add new ones; never carry a ◎.
        let k = needs_per[vi] as usize;
        let mut needs: Vec<(usize, String, String, String, usize, &'static str)> = Vec::new();
        for n in prev_needs.iter() {
            if needs.len() < k && rng.chance(0.6) {
                needs.push(n.clone());
            }
        }
        while needs.len() < k {
            let di = rng.range(0, NEED_POOLS.len() as u64 - 1) as usize;
            let text = if o.heavy {
                heavy_need_text(&mut rng, di)
            } else {
                need_text(&mut rng, di)
            };
            // As the check compares them: line breaks do not count.
            if prev_closed
                .iter()
                .any(|c| c.replace('\n', "") == text.replace('\n', ""))
            {
                continue;
            }
            let (sa, pa) = if o.heavy {
                (
                    heavy_action(&mut rng, SELF_ACTIONS),
                    heavy_action(&mut rng, SUPPORTER_ACTIONS),
                )
            } else {
                (
                    action(&mut rng, SELF_ACTIONS),
                    action(&mut rng, SUPPORTER_ACTIONS),
                )
            };
            let who = rng.range(0, roster.len() as u64 - 1) as usize;
            let domain = if rng.chance(0.85) {
                NEED_POOLS[di].0
            } else {
                ""
            };
            needs.push((di, text, sa, pa, who, domain));
        }
        let evaluated = !v.sessions.is_empty();
        let mut closed = Vec::new();
        let mut supporters_used = std::collections::BTreeSet::new();
        for (ni, (_, text, sa, pa, who, domain)) in needs.iter().enumerate() {
            supporters_used.insert(*who);
            let eval = if evaluated && rng.chance(0.9) {
                match rng.weighted(&[15, 45, 30, 10]) {
                    0 => *rng.pick(&["◎", "◎", "二重丸"]),
                    1 => *rng.pick(&["〇", "〇", "○", "丸"]),
                    2 => *rng.pick(&["△", "△", "三角"]),
                    _ => *rng.pick(&["×", "×", "x", "✕"]),
                }
            } else {
                ""
            };
            if matches!(eval, "◎" | "二重丸") {
                closed.push(text.clone());
            }
            let domain_cell = if rng.chance(0.05) {
                zenkaku_alpha(domain)
            } else {
                domain.to_string()
            };
            put(
                &mut s.needs,
                &mut s.counts[4],
                &[
                    &id,
                    &no,
                    &(ni + 1).to_string(),
                    text,
                    sa,
                    pa,
                    &roster[*who],
                    eval,
                    &domain_cell,
                ],
            );
        }
        prev_needs = needs
            .into_iter()
            .filter(|n| !closed.contains(&n.1))
            .collect();
        prev_closed = closed;

        // 補助ツール (needed with 4 or more supporters) and 頼りにしている人.
        if supporters_used.len() >= 4 || rng.chance(0.45) || o.heavy {
            let places = match rng.range(0, 4) {
                0 => "自宅訪問",
                1 => "自宅訪問、医療機関",
                2 => "自宅訪問\n医療機関\nその他",
                3 => "職場・学校等の活動場訪問、医療機関",
                _ => "医療機関、その他",
            };
            let places_text = if places.contains("その他") {
                rng.pick(PLACES_OTHER).to_string()
            } else {
                String::new()
            };
            let freq = |rng: &mut Rng| {
                let f = format!("{}{}回", rng.pick(&["週", "月"]), rng.range(1, 3));
                if rng.chance(0.2) {
                    zenkaku_digits(&f)
                } else {
                    f
                }
            };
            let (f1, f2) = (freq(&mut rng), freq(&mut rng));
            let when_hard = compose(&mut rng, &[WHEN_HARD], 20, 80);
            let (c1, _) = person(&mut rng);
            let c1 = format!("{}（{c1}）", rng.pick(FAMILY));
            let (c2, _) = person(&mut rng);
            let c2 = format!("{}（{c2}）", rng.pick(FAMILY));
            let (t1, t2) = (phone(&mut rng, true), phone(&mut rng, true));
            let mut svc = Vec::new();
            for _ in 0..3 {
                if rng.chance(0.5) {
                    let form = *rng.pick(SUPPORTER_FORMS);
                    let org = fill(form, region, stem, "").replace('\n', " ");
                    svc.push((
                        "有".to_string(),
                        org.trim().to_string(),
                        rng.pick(SERVICE_DETAIL).to_string(),
                    ));
                } else {
                    svc.push(("無".to_string(), String::new(), String::new()));
                }
            }
            put(
                &mut s.subtool,
                &mut s.counts[5],
                &[
                    &id,
                    &no,
                    places,
                    &places_text,
                    &f1,
                    &f2,
                    &when_hard,
                    &c1,
                    &t1,
                    &c2,
                    &t2,
                    &svc[0].0,
                    &svc[0].1,
                    &svc[0].2,
                    &svc[1].0,
                    &svc[1].1,
                    &svc[1].2,
                    &svc[2].0,
                    &svc[2].1,
                    &svc[2].2,
                ],
            );
            for _ in 0..rng.range(3, 8) {
                let (who, _) = person(&mut rng);
                let rel = *rng.pick(RELATIONS);
                let extra = if rel.starts_with('リ') {
                    format!("{stem} 障害福祉課")
                } else if rel.starts_with('ヌ') {
                    rng.pick(&["ピアサポーター", "民生委員", "高校の養護教諭"])
                        .to_string()
                } else {
                    String::new()
                };
                put(
                    &mut s.supporters,
                    &mut s.counts[6],
                    &[&id, &no, &who, rel, &extra],
                );
            }
        }
    }

    // クライシスプラン and 日常的なサポーター: 75% of cases, a second version for some.
    if rng.chance(0.75) || o.heavy {
        let mut dates = vec![versions[0]
            .sessions
            .first()
            .copied()
            .unwrap_or(versions[0].created)];
        if n_versions > 1 && rng.chance(0.3) {
            dates.push(versions[n_versions - 1].created);
        }
        dates.dedup();
        for d in dates {
            for (section, pool) in [
                ("自分でわかるサイン", SELF_SIGNS),
                ("まわりの人が気づくサイン", OTHERS_SIGNS),
                ("自分がすること", SELF_DOS),
                ("まわりの人がすること", OTHERS_DOS),
            ] {
                for _ in 0..rng.range(3, 6) {
                    let ds = date_str(&mut rng, d);
                    let t = *rng.pick(pool);
                    put(&mut s.crisis, &mut s.counts[7], &[&id, &ds, section, t]);
                }
            }
            for _ in 0..rng.range(3, 6) {
                let ds = date_str(&mut rng, d);
                let who = rng.pick(&roster).replace('\n', " ");
                let who: String = who.split(" 0").next().unwrap_or(&who).to_string();
                let mobile = rng.chance(0.3);
                let tel = phone(&mut rng, mobile);
                let role = *rng.pick(ROLES);
                put(
                    &mut s.crisis_supporters,
                    &mut s.counts[8],
                    &[&id, &ds, &who, &tel, role],
                );
            }
        }
    }
}

/// 「Ｄ３」: full-width letters and digits in a code cell.
fn zenkaku_alpha(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap(),
            c => c,
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------

fn usage() -> ExitCode {
    eprintln!(
        "usage: gen_intake [--cases N | --rows R] [--needs-per-plan K|MIN-MAX] [--profile light|heavy] [--seed S] [--as-of YYYY-MM-DD] -o DIR"
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut cases: u64 = 1000;
    let mut rows: Option<u64> = None;
    let mut needs: Option<(u64, u64)> = None;
    let mut heavy = false;
    let mut seed: u64 = 1;
    let mut as_of = NaiveDate::from_ymd_opt(2025, 11, 30).unwrap();
    let mut out: Option<PathBuf> = None;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    if args.iter().any(|a| a == "-h" || a == "--help") {
        usage();
        return ExitCode::SUCCESS;
    }
    while i < args.len() {
        let val = args.get(i + 1).cloned();
        let Some(val) = val.filter(|_| args[i] != "-h" && args[i] != "--help") else {
            return usage();
        };
        let num = |v: &str| v.replace('_', "").parse::<u64>().ok();
        match args[i].as_str() {
            "--cases" | "-n" => match num(&val) {
                Some(n) => cases = n,
                None => return usage(),
            },
            "--rows" => match num(&val) {
                Some(n) if n > 0 => rows = Some(n),
                _ => return usage(),
            },
            "--needs-per-plan" => {
                let (a, b) = val.split_once('-').unwrap_or((&val, &val));
                match (num(a), num(b)) {
                    (Some(a), Some(b)) if a >= 1 && a <= b => needs = Some((a, b)),
                    _ => return usage(),
                }
            }
            "--profile" => match val.as_str() {
                "light" => heavy = false,
                "heavy" => heavy = true,
                _ => return usage(),
            },
            "--seed" => match num(&val) {
                Some(n) => seed = n,
                None => return usage(),
            },
            "--as-of" => match NaiveDate::parse_from_str(&val, "%Y-%m-%d") {
                Ok(d) if d > NaiveDate::from_ymd_opt(2021, 6, 1).unwrap() => as_of = d,
                _ => return usage(),
            },
            "-o" | "--output" => out = Some(PathBuf::from(val)),
            _ => return usage(),
        }
        i += 2;
    }
    let Some(out) = out else { return usage() };
    if let Err(e) = fs::create_dir_all(&out) {
        eprintln!("gen_intake: {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    let mut sheets = match Sheets::create(&out) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("gen_intake: {}: {e}", out.display());
            return ExitCode::FAILURE;
        }
    };
    let (needs_min, needs_max) = needs.unwrap_or(if heavy { (5, 5) } else { (3, 6) });
    let opts = Opts {
        needs_min,
        needs_max,
        as_of,
        heavy,
    };
    let mut budget = rows;
    let mut n = 0u64;
    loop {
        match budget {
            Some(0) => break,
            None if n >= cases => break,
            _ => {}
        }
        gen_case(n, seed, &opts, &mut sheets, &mut budget);
        n += 1;
    }
    let counts = match sheets.flush() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("gen_intake: {e}");
            return ExitCode::FAILURE;
        }
    };
    let names = [
        "ケース",
        "アンケート",
        "支援計画",
        "モニタリング",
        "ニーズ",
        "補助ツール",
        "頼りにしている人",
        "クライシスプラン",
        "日常的なサポーター",
    ];
    let summary: Vec<String> = names
        .iter()
        .zip(counts)
        .map(|(n, c)| format!("{n} {c}"))
        .collect();
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "gen_intake: {} に書き出しました（行数: {}）",
        out.display(),
        summary.join("、")
    );
    ExitCode::SUCCESS
}
