#!/usr/bin/env python3
"""Write the cmsheets sample intake (samples/csv/, samples/intake.xlsx) and the
planted-mistake set (samples/invalid/) from the Python structures below.

This file is the single source of truth for the sample data: edit the data
here and run it again, never the CSV or xlsx files.

    python3 scripts/make-samples.py            # write everything

It holds data only and re-checks none of it: cmsheets' own rules do
(tests/cli/check.rs: the samples check without a finding in every format, and
each planted mistake of samples/invalid/README.md is found at its cell with its
code, and nothing else).

All people, organisations and telephone numbers are fictional (numbers are
0X-0000-XXXX / 090-0000-XXXX).  Dates lie in 令和6–7年; nothing is after
AS_OF (2025-11-30), the date to pass as `--as-of` when checking the samples.
The output is deterministic: zip entries and document properties carry fixed
timestamps, so running the script twice gives byte-identical files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

try:
    import openpyxl
except ImportError:  # pragma: no cover - depends on the machine
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "openpyxl"])
    import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
AS_OF = dt.date(2025, 11, 30)
FIXED_TS = (2025, 11, 30, 0, 0, 0)
FIXED_ISO = "2025-11-30T00:00:00Z"
D = dt.date

# ---------------------------------------------------------------------------
# The intake contract (spec/intake.md): sheet name, key, columns (heading, key)
# ---------------------------------------------------------------------------
ITEMS = ["A1", "A2", "A3", "A4", "A5", "B1", "B2", "B3", "B4", "B5", "B6", "B7", "C1", "C2",
         "D1", "D2", "D3", "D4", "E1", "E2", "F1", "F2", "F3", "F4", "F5"]
PARTICIPANTS = [("本人", "p_self"), ("家族", "p_family"), ("同僚・上司", "p_colleague"),
                ("友人", "p_friend"), ("主治医", "p_doctor"),
                ("当該医療機関職員", "p_hospital_staff"), ("地域援助事業者", "p_community"),
                ("行政機関の職員", "p_government"), ("その他", "p_other")]

SHEETS = [
    ("ケース", "cases", [
        ("ケースID", "case_id"), ("本人氏名", "name"), ("ふりがな", "kana"), ("地域", "region"),
        ("担当機関", "agency"), ("マネジメント担当者", "manager"), ("CM開始日", "cm_start"),
        ("CM終了日", "cm_end"), ("終了理由", "end_reason")]),
    ("アンケート", "questionnaires", [
        ("ケースID", "case_id"), ("記入日", "date"),
        ("生活上の希望または困っていること", "wishes")]
        + [(i, i.lower()) for i in ITEMS]
        + [("O1内容", "o1_text"), ("O2内容", "o2_text"), ("O1", "o1"), ("O2", "o2")]),
    ("支援計画", "plans", [
        ("ケースID", "case_id"), ("作成番号", "plan_no"), ("作成日", "created"),
        ("次回見直し予定時期", "review_due"), ("私の長期目標", "long_goal"), ("短期目標", "short_goal")]
        + [("参加者 " + h, k) for h, k in PARTICIPANTS]
        + [("参加者 その他内容", "p_other_text")]),
    ("モニタリング", "monitoring", [
        ("ケースID", "case_id"), ("作成番号", "plan_no"), ("実施日", "date"), ("評価時期", "timing"),
        ("評価時期ヵ月", "timing_months"), ("更新/モニタリング", "kind"),
        ("更新/モニタリングその他", "kind_text"), ("セッティング", "setting"),
        ("セッティングその他", "setting_text"), ("具体的内容", "notes"),
        ("短期目標の達成", "short_goal_met")]),
    ("ニーズ", "needs", [
        ("ケースID", "case_id"), ("作成番号", "plan_no"), ("No", "no"), ("ニーズ/課題", "need"),
        ("何を（本人）", "self_action"), ("何を（支援者）", "supporter_action"),
        ("支援者", "supporter"), ("評価", "evaluation"), ("領域", "domain")]),
    ("補助ツール", "subtool", [
        ("ケースID", "case_id"), ("作成番号", "plan_no"), ("主な支援場所", "places"),
        ("主な支援場所その他", "places_text"), ("支援頻度", "frequency"),
        ("訪問支援の頻度", "visit_frequency"),
        ("支援者にしてほしいこと/してもよいこと", "wishes_when_hard"),
        ("連絡してもよい人1", "contact1"), ("連絡先1", "contact1_tel"),
        ("連絡してもよい人2", "contact2"), ("連絡先2", "contact2_tel"),
        ("相談支援", "consult"), ("相談支援機関", "consult_agency"), ("相談支援内容", "consult_detail"),
        ("学校/職場での支援", "school_work"), ("学校/職場での支援機関", "school_work_agency"),
        ("学校/職場での支援内容", "school_work_detail"),
        ("その他のサービス", "other_service"), ("その他のサービス機関", "other_service_agency"),
        ("その他のサービス内容", "other_service_detail")]),
    ("頼りにしている人", "supporters", [
        ("ケースID", "case_id"), ("作成番号", "plan_no"), ("氏名", "name"), ("関係性", "relation"),
        ("関係性補足", "relation_text")]),
    ("クライシスプラン", "crisis_plans", [
        ("ケースID", "case_id"), ("作成日", "created"), ("区分", "section"), ("内容", "text")]),
    ("日常的なサポーター", "crisis_supporters", [
        ("ケースID", "case_id"), ("作成日", "created"), ("名前・機関", "name"), ("連絡先", "contact"),
        ("関係・役割", "role")]),
]
SHEET_BY_KEY = {key: (name, cols) for name, key, cols in SHEETS}
DATE_KEYS = {"cases": ["cm_start", "cm_end"], "questionnaires": ["date"],
             "plans": ["created", "review_due"], "monitoring": ["date"],
             "crisis_plans": ["created"], "crisis_supporters": ["created"]}
# Number formats of the workbook's date cells: Japanese era formats on some
# sheets, yyyy/m/d on others (all are real date cells).
FMT_ERA = '[$-ja-JP]ggge"年"m"月"d"日"'
FMT_ERA411 = '[$-411]ggge"年"m"月"d"日"'
FMT_KANJI = 'yyyy"年"m"月"d"日"'
FMT_SLASH = "yyyy/m/d"
XLSX_DATE_FMT = {("cases", "cm_start"): FMT_ERA411, ("cases", "cm_end"): FMT_ERA411,
                 ("questionnaires", "date"): FMT_SLASH,
                 ("plans", "created"): FMT_ERA, ("plans", "review_due"): FMT_KANJI,
                 ("monitoring", "date"): FMT_SLASH,
                 ("crisis_plans", "created"): FMT_ERA, ("crisis_supporters", "created"): FMT_SLASH}

# ---------------------------------------------------------------------------
# Date spellings used in the CSV files (the workbook has real date cells)
# ---------------------------------------------------------------------------
FW = str.maketrans("0123456789/", "０１２３４５６７８９／")
ERAS = [(D(2019, 5, 1), "令和", "R"), (D(1989, 1, 8), "平成", "H"), (D(1926, 12, 25), "昭和", "S")]


def era_of(d):
    for start, kanji, letter in ERAS:
        if d >= start:
            return kanji, letter, d.year - start.year + 1
    raise ValueError(d)


def wareki(d):
    kanji, _, y = era_of(d)
    return f"{kanji}{'元' if y == 1 else y}年{d.month}月{d.day}日"


DATE_STYLES = {
    "iso": lambda d: d.isoformat(),
    "slash": lambda d: f"{d.year}/{d.month}/{d.day}",
    "dot": lambda d: f"{d.year}.{d.month}.{d.day}",
    "kanji": lambda d: f"{d.year}年{d.month}月{d.day}日",
    "wareki": wareki,
    "rdot": lambda d: f"{era_of(d)[1]}{era_of(d)[2]}.{d.month}.{d.day}",
    "r0slash": lambda d: f"{era_of(d)[1]}{era_of(d)[2]:02d}/{d.month:02d}/{d.day:02d}",
    "fw_wareki": lambda d: wareki(d).translate(FW),
    "fw_slash": lambda d: f"{d.year}/{d.month}/{d.day}".translate(FW),
}
# Per column: the spellings cycled through row by row.
CSV_DATE_STYLES = {
    ("cases", "cm_start"): ["wareki", "iso", "wareki", "slash", "kanji", "wareki"],
    ("cases", "cm_end"): ["wareki"],
    ("questionnaires", "date"): ["iso", "slash", "rdot", "iso", "fw_wareki", "kanji"],
    ("plans", "created"): ["iso", "iso", "r0slash", "iso", "dot", "iso", "slash"],
    ("plans", "review_due"): ["wareki", "wareki", "kanji", "wareki", "fw_slash", "wareki"],
    ("monitoring", "date"): ["slash", "slash", "iso", "slash", "rdot", "slash", "wareki"],
    ("crisis_plans", "created"): ["iso"],
    ("crisis_supporters", "created"): ["wareki", "wareki", "wareki", "rdot", "wareki"],
}


def csv_date(sheet_key, col_key, row_index, d):
    styles = CSV_DATE_STYLES.get((sheet_key, col_key), ["iso"])
    return DATE_STYLES[styles[row_index % len(styles)]](d)


# ---------------------------------------------------------------------------
# Helpers to write the data compactly
# ---------------------------------------------------------------------------
def answers(default=0, **kw):
    """Questionnaire answers A1…F5; default 0 (困っていない); kw: a1=2, b5='要支援', …"""
    out = {i.lower(): default for i in ITEMS}
    out.update(kw)
    return out


def need(no, text, self_action, supporter_action, supporter, evaluation=None, domain=None):
    return dict(no=no, need=text, self_action=self_action, supporter_action=supporter_action,
                supporter=supporter, evaluation=evaluation, domain=domain)


def mon(date, timing, months, kind, setting, notes, met=None, kind_text=None, setting_text=None):
    return dict(date=date, timing=timing, timing_months=months, kind=kind, kind_text=kind_text,
                setting=setting, setting_text=setting_text, notes=notes, short_goal_met=met)


def plan(no, created, review_due, long_goal, short_goal, participants, monitoring=(), needs=(),
         subtool=None, supporters=()):
    p = dict(plan_no=no, created=created, review_due=review_due, long_goal=long_goal,
             short_goal=short_goal)
    p.update({k: None for _, k in PARTICIPANTS})
    p["p_other_text"] = None
    p.update(participants)
    return dict(plan=p, monitoring=list(monitoring), needs=list(needs), subtool=subtool,
                supporters=list(supporters))


def tool(places, frequency, visit_frequency, wishes, contact1, tel1, contact2=None, tel2=None,
         places_text=None, consult=("無", None, None), school_work=("無", None, None),
         other=("無", None, None)):
    return dict(places=places, places_text=places_text, frequency=frequency,
                visit_frequency=visit_frequency, wishes_when_hard=wishes, contact1=contact1,
                contact1_tel=tel1, contact2=contact2, contact2_tel=tel2,
                consult=consult[0], consult_agency=consult[1], consult_detail=consult[2],
                school_work=school_work[0], school_work_agency=school_work[1],
                school_work_detail=school_work[2],
                other_service=other[0], other_service_agency=other[1], other_service_detail=other[2])


def rel(name, relation, text=None):
    return dict(name=name, relation=relation, relation_text=text)


def crisis(created, own, noticed, do_self, do_others, supporters):
    items = ([("自分でわかるサイン", t) for t in own] + [("まわりの人が気づくサイン", t) for t in noticed]
             + [("自分がすること", t) for t in do_self] + [("まわりの人がすること", t) for t in do_others])
    return dict(created=created, items=items,
                supporters=[dict(name=n, contact=c, role=r) for n, c, r in supporters])


# ===========================================================================
# Case 1: the seed's case example (８）事例紹介) — 公立高校2年生女子
# ===========================================================================
S1_CM = "みなと市保健センター アウトリーチチーム\n心理士 佐野（CM）03-0000-1201"
S1_DR = "アウトリーチチーム 精神科医 松本（主治医）\n03-0000-1202"
S1_NS = "アウトリーチチーム 看護師 川口\n03-0000-1203"
S1_TC = "県立みなと南高校 担任 西田教諭\n03-0000-2301"
S1_YG = "県立みなと南高校 養護教諭 北村\n03-0000-2302"
S1_MO = "母\n090-0000-1204"
S1_REL = [rel("春野 恵子", "イ：父母"), rel("春野 隆", "イ"), rel("春野 湊", "ロ：きょうだい"),
          rel("中島 あかり", "ホ"), rel("佐野 真理", "リ：行政機関の職員", "みなと市保健センター"),
          rel("北村 先生", "ヌ", "高校の養護教諭")]
S1_TOOL_CONTACTS = dict(contact1="母（春野 恵子）", tel1="090-0000-1204",
                        contact2="父（春野 隆）", tel2="090-0000-1205")

CASE1 = dict(
    case=dict(case_id="MN-2024-001", name="春野 ひより", kana="はるの ひより", region="みなと市",
              agency="みなと市保健センター（アウトリーチチーム）", manager="佐野 真理",
              cm_start=D(2024, 8, 5), cm_end=D(2025, 3, 31),
              end_reason="短期目標を達成し、ケースマネジメントなしでも学校・主治医・家庭で対応できると判断した。\n"
                         "外来通院と養護教諭の見守りは継続する。"),
    questionnaires=[
        dict(date=D(2024, 8, 13),
             wishes="学校に行けるようになりたい。留年は絶対に嫌。\n"
                    "将来は看護師になりたいので、大学に進学したい。\n"
                    "外に出るとトイレのことが心配で、外出できない。",
             **answers(a3="不要", b5="要支援", c1=2, c2="２",
                       d2="困っていて、まだ支援を受けていない", d3="支援済み", d4=None,
                       e1="わからない", e2=2, f5=2),
             o1_text="進路（留年しないか心配）", o1=2, o2_text=None, o2=None),
        dict(date=D(2024, 12, 17),
             wishes="3年生に進級して、看護系の大学をめざしたい。",
             **answers(b5=1, c1="１", d3="支援済み", e2=1, f5="困っているが、支援を受けている"),
             o1_text="進路", o1="支援済み", o2_text=None, o2=None),
    ],
    plans=[
        plan(1, D(2024, 8, 20), D(2024, 9, 10),
             "看護師になりたい。そのために大学に進学したい。", "学校に行けるようになる",
             dict(p_self="有", p_family=1, p_doctor="有", p_government=1),
             monitoring=[
                 mon(D(2024, 8, 29), "CM導入時", None, "モニタリング", "個別面接",
                     "自宅訪問（自室で面談）。自宅ではトイレの間隔を50分までのばせた。\n"
                     "SSRIによる眠気は軽く、内服を続けている。"),
                 mon(D(2024, 9, 10), "CMヵ月後", 1, "作成/更新", "ケア会議等",
                     "高校の相談室で本人、母、養護教諭、担任、学年主任と今後の学校での過ごし方を話し合った。\n"
                     "当面は保健室登校とし、母が車で送り迎えをする。結果を主治医に伝えた。", "一部達成"),
             ],
             needs=[
                 need(1, "授業中に尿がもれるのではないかという心配が頭から離れず、トイレに何度も行ってしまう",
                      "認知行動療法の宿題として、トイレに行く間隔を少しずつのばす練習をする。\n間隔を記録表につける",
                      "訪問による認知行動療法（夏休み中は週2回）", S1_CM, "〇", "F5"),
                 need(2, "外出中に尿がもれるのがこわくて、外に出られない",
                      "母と一緒に近所のコンビニまで歩く練習をする",
                      "訪問時に外出の練習に同行し、不安の強さを一緒に点数にする", S1_NS, "◎", "D3"),
                 need(3, "以前の薬の副作用（眠気・だるさ）がつらかったので、薬を飲むのが不安",
                      "眠気やだるさが出たら、がまんせずに伝える",
                      "往診でSSRIを処方し、副作用の有無を確認する。\n薬物療法と認知行動療法の両方について説明する",
                      S1_DR, "○", "D2"),
                 need(4, "留年は絶対に嫌だが、学校に行く自信がない",
                      "2学期の登校のしかたを先生と一緒に考える",
                      "出席日数を確認し、9月いっぱいは休んでも問題ないことを伝える。\n診断書があれば補習・追試で配慮する",
                      S1_TC, "△", "C1"),
                 need(5, "2学期は、まず保健室に登校したい",
                      "登校する日と時間を自分で決めて、養護教諭に伝える",
                      "保健室登校を受け入れる。\n他の生徒に見られない時間帯に、保健室か相談室でCMと会えるようにする",
                      S1_YG, "丸", "C1"),
                 need(6, "将来は看護師になりたい",
                      "看護の仕事について聞きたいことを書き出しておく",
                      "訪問時に看護の仕事について話し、本人の夢を応援する", S1_NS, "〇", None),
             ],
             subtool=tool("自宅訪問、職場・学校等の活動場訪問", "週2回", "週２回",
                          "無理に外に連れ出さないでほしい。\n部屋に来て話を聞いてくれるのはよい。",
                          S1_TOOL_CONTACTS["contact1"], S1_TOOL_CONTACTS["tel1"],
                          S1_TOOL_CONTACTS["contact2"], S1_TOOL_CONTACTS["tel2"],
                          school_work=("有", "県立みなと南高校（養護教諭 北村、担任 西田）",
                                       "保健室登校の受け入れ、出席日数の確認、補習・追試の配慮")),
             supporters=S1_REL),
        plan(2, D(2024, 9, 10), D(2024, 12, 17),
             "看護師になりたい。そのために大学に進学したい。",
             "保健室登校を続けながら、教室で受ける授業を少しずつ増やす",
             dict(p_self="○", p_family="１", p_doctor="無", p_other=3, p_other_text="担任教諭・養護教諭・学年主任"),
             monitoring=[
                 mon(D(2024, 10, 8), "CMヵ月後", 2, "モニタリング", "その他",
                     "2学期が始まって1か月。CM同伴で外来を受診し、往診から外来通院に切り替えた。\n"
                     "教室で受ける授業は1日2時間程度。", "一部達成", setting_text="クリニック受診への同伴"),
                 mon(D(2024, 11, 12), "CMヵ月後", "３", "微修正", "個別面接",
                     "保健室で面談（授業中の時間帯）。\n送迎を週3日から週1日に減らす（ニーズ5の具体策を微修正）。"),
                 mon(D(2024, 12, 17), "CMヵ月後", 4, "作成／更新", "ケア会議等",
                     "2学期末にはすべての授業に問題なく出席できた。\n"
                     "本人、母、担任、養護教諭と振り返り、支援の頻度を少なくしていくことで合意した。", "達成"),
             ],
             needs=[
                 need(1, "授業中にトイレのことが心配になる",
                      "学校でもトイレの間隔を50分（授業1コマ分）に保つ練習を続け、記録をつける",
                      "認知行動療法を続ける（授業中の時間帯に保健室で面談）", S1_CM, "〇", "F5"),
                 need(2, "教室で受ける授業を増やしたい",
                      "保健室から教室に行く授業を、週ごとに自分で選ぶ",
                      "時間割を本人と確認し、教室に入りやすい席や出入りの配慮をする", S1_TC, "二重丸", "C1"),
                 need(3, "保健室で安心して過ごしたい",
                      "つらいときは保健室で休み、落ち着いたら教室に戻る",
                      "保健室で過ごせる場所を確保し、様子を担任とCMに伝える", S1_YG, "◎", "C1"),
                 need(4, "外来に通院して薬を続けたい",
                      "2学期が始まって1か月後から外来に通う（初回はCMが同伴）",
                      "往診から外来通院に切り替え、処方を続ける", S1_DR, "○", "E2"),
                 need(5, "学校への行き帰りが不安",
                      "最初は母の車で登校し、慣れたらバスで登校する",
                      "車で送り迎えをする（週3日から始め、少しずつ減らす）", S1_MO, "△", "B5"),
                 need(6, "看護師になる夢について話したい",
                      "看護の仕事で知りたいことを看護師に聞く",
                      "月1回の訪問で看護の仕事について話す", S1_NS, "◯", None),
             ],
             subtool=tool("職場・学校等の活動場訪問\n医療機関", "週1回", "週1回",
                          "学校では、他の生徒に見られない時間帯に会ってほしい。",
                          S1_TOOL_CONTACTS["contact1"], S1_TOOL_CONTACTS["tel1"],
                          S1_TOOL_CONTACTS["contact2"], S1_TOOL_CONTACTS["tel2"],
                          school_work=("有", "県立みなと南高校（養護教諭 北村）",
                                       "保健室登校の受け入れ、相談室での面談場所の提供"),
                          other=("有", "みなと市保健センター アウトリーチチーム（看護師 川口）",
                                 "月1回の訪問で看護の仕事について話す")),
             supporters=S1_REL + [rel("西田 先生", "ヌ：その他", "高校の担任教諭"),
                                  rel("松本 医師", "ト：医療機関の職員")]),
        plan(3, D(2024, 12, 17), D(2025, 3, 25),
             "看護師になりたい。そのために大学に進学したい。", "3学期も教室で授業を受け、3年生に進級する",
             dict(p_self=1, p_family=1, p_doctor="無", p_other=2, p_other_text="担任教諭・養護教諭"),
             monitoring=[
                 mon(D(2025, 2, 4), "CMヵ月後", 6, "その他", "その他",
                     "母から電話。3学期は欠席なし。\nトイレの心配はときどきあるが、授業中に席を立つことはない。",
                     kind_text="電話による状況確認", setting_text="電話"),
                 mon(D(2025, 3, 25), "CMヵ月後", 7, "モニタリング", "ケア会議等",
                     "本人、母、担任、養護教諭で振り返り（主治医の意見は書面で確認）。\n"
                     "3年生への進級が決まった。外来通院と養護教諭の見守りは続け、"
                     "ケースマネジメントは3月末で終了することで合意した。", "達成"),
             ],
             needs=[
                 need(1, "トイレの心配がときどき出てくる",
                      "心配が強いときは練習した呼吸法を使い、必要なら保健室で少し休む",
                      "保健室で休めるようにし、様子を担任とCMに伝える", S1_YG, "◎", "F5"),
                 need(2, "バスで登校したい", "朝のバスで登校する。遅れそうなときは母に連絡する",
                      "バスで登校できた日を一緒に確認する", S1_TC, "〇", "B5"),
                 need(3, "外来通院と服薬を続けたい", "月1回外来に通い、薬を飲み忘れない",
                      "外来で処方を続け、減薬の時期を相談する", S1_DR, "〇", "E2"),
                 need(4, "看護系の大学に進学したい", "オープンキャンパスの日程を調べる",
                      "進路面談で看護系の大学の情報を伝える", S1_TC, "〇", "O1"),
             ]),
    ],
    crisis=[
        crisis(D(2024, 9, 10),
               ["トイレのことが頭から離れなくなる", "授業中に何度もトイレに行きたくなる", "夜なかなか眠れない",
                "朝、学校に行く準備ができない", "友だちが自分を変に思っている気がする"],
               ["休み時間のたびに保健室に来る", "部屋に閉じこもる", "口数が少なくなる", "遅刻や欠席が増える"],
               ["練習した呼吸法をする", "保健室で少し休む", "母に話す", "CMに電話する（平日9時～17時）"],
               ["養護教諭：保健室で休ませ、担任とCMに伝える", "母：無理に登校させず、CMに連絡する",
                "CM：早めに訪問し、主治医と相談する", "主治医：必要なら臨時の受診を調整する",
                "担任：授業の出欠について配慮する"],
               [("春野 恵子（母）", "090-0000-1204", "家族・送り迎え"),
                ("県立みなと南高校 北村（養護教諭）", "03-0000-2302", "学校での相談・保健室"),
                ("県立みなと南高校 西田（担任）", "03-0000-2301", "学校生活の調整"),
                ("みなと市保健センター 佐野（心理士）", "03-0000-1201", "ケースマネジメント・認知行動療法"),
                ("松本 医師", "03-0000-1202", "主治医")]),
    ],
)

# ===========================================================================
# Case 2: 退院支援 — 統合失調症、入院中から導入、グループホームへ
# ===========================================================================
S2_CM = "中央こころの病院 地域医療連携室\n精神保健福祉士 工藤（CM）03-0000-3101"
S2_DR = "中央こころの病院 主治医 野口\n03-0000-3100"
S2_SO = "中央相談支援センター\n相談支援専門員 大西 03-0000-3201"
S2_GH = "グループホームひだまり 世話人 村上\n03-0000-3301"
S2_HN = "中央保健所 保健師 三浦\n03-0000-3401"
S2_DC = "中央こころの病院 デイケア 石井\n03-0000-3102"
S2_PS = "中央地域活動支援センター\nピアサポーター 田村 03-0000-3501"
S2_REL = [rel("森川 信子", "イ：父母"), rel("森川 由紀", "ロ"), rel("野口 医師", "ト"),
          rel("大西 さん", "チ：地域援助事業者"), rel("村上 さん", "地域援助事業者"),
          rel("三浦 さん", "リ", "中央保健所")]
S2_REL2 = S2_REL + [rel("田村 さん", "ヌ：その他", "ピアサポーター"), rel("石井 さん", "医療機関の職員")]
S2_TOOL = dict(wishes="調子が悪いときは、まず電話で声をかけてほしい。\n入院が必要なときは母にも知らせてほしい。",
               contact1="母（森川 信子）", tel1="090-0000-3601", contact2="姉（森川 由紀）", tel2="080-0000-3602")
S2_CONSULT = ("有", "中央相談支援センター（大西）", "計画相談支援、グループホームの利用調整")

CASE2 = dict(
    case=dict(case_id="CH-2024-002", name="森川 健一", kana="もりかわ けんいち", region="中央保健所",
              agency="中央こころの病院 地域医療連携室", manager="工藤 亮", cm_start=D(2024, 5, 10)),
    questionnaires=[
        dict(date=D(2024, 5, 15),
             wishes="退院したい。でも一人で暮らせるか心配。\n料理が好きなので、自分で作って食べたい。",
             **answers(a1="困っていて、まだ支援を受けていない", a2="要支援",
                       a3="困っているが、支援を受けている", a4="困っていない", a5="不要",
                       b1=2, b2=9, b6=2, b7=None, c1=2, c2=2, d1=1, d2=1, d4=None, e1=2, e2=2),
             o1_text="たばこをやめたい", o1="不明", o2_text=None, o2=None),
    ],
    plans=[
        plan(1, D(2024, 5, 24), D(2024, 6, 20),
             "アパートで一人暮らしをして、好きな料理を作って暮らしたい", "退院して、グループホームでの生活を始める",
             dict(p_self="有", p_family=1, p_doctor="有", p_hospital_staff=2, p_community=2, p_government=1),
             monitoring=[
                 mon(D(2024, 6, 7), "入院中", None, "微修正", "ケア会議等",
                     "病棟で外泊の振り返り。\nグループホームの体験利用を1回追加した（微修正）。"),
                 mon(D(2024, 6, 20), "退院直後", None, "作成/更新", "ケア会議等",
                     "退院日にグループホームで会議。本人、母、主治医、病棟看護師、相談支援専門員、世話人、保健所保健師が参加。\n"
                     "お金の管理は本人が日常生活自立支援事業を希望しなかったため、世話人と予算を立てる方法に変える。", "達成"),
             ],
             needs=[
                 need(1, "退院後の住まいを決めたい", "グループホームの体験利用（2泊3日）に参加する",
                      "グループホームの見学と体験利用を調整する", S2_SO, "◎", "A1"),
                 need(2, "薬を自分で管理できるようになりたい", "病棟で1週間分の薬の自己管理を練習する",
                      "自己管理の練習を見守り、退院後の処方を1日1回にまとめる", S2_DR, "〇", "E2"),
                 need(3, "退院後の食事が心配", "グループホームの夕食づくりに週1回参加する",
                      "食事の提供と、買い物の練習の付き添い", S2_GH, "△", "B1"),
                 need(4, "外泊のとき母と口論になる", "外泊の前に、話し合う時間を決めておく",
                      "本人と母の面談を行い、退院後の連絡方法を決める", S2_CM, "〇", "A3"),
                 need(5, "お金をすぐに使ってしまう", "1週間に使うお金を決めておく",
                      "日常生活自立支援事業の説明と利用の相談", S2_HN, "×", "B6"),
             ],
             subtool=tool("医療機関、その他", "週1回", None, S2_TOOL["wishes"], S2_TOOL["contact1"],
                          S2_TOOL["tel1"], S2_TOOL["contact2"], S2_TOOL["tel2"],
                          places_text="グループホームでの体験利用", consult=S2_CONSULT,
                          other=("有", "中央保健所（保健師 三浦）", "退院後の訪問")),
             supporters=S2_REL),
        plan(2, D(2024, 6, 20), D(2024, 12, 20),
             "アパートで一人暮らしをして、好きな料理を作って暮らしたい",
             "グループホームで服薬と食事のリズムを保ち、デイケアに週3回通う",
             dict(p_self="有", p_family=1, p_doctor="有", p_hospital_staff=1, p_community=2, p_government=1),
             monitoring=[
                 mon(D(2024, 7, 22), "退院ヵ月後", 1, "モニタリング", "個別面接",
                     "グループホームを訪問。服薬はできている。\nデイケアは週1回の参加にとどまる。"),
                 mon(D(2024, 9, 24), "退院ヵ月後", 3, "その他", "その他",
                     "ピアサポーター同席で振り返り。ピアの集まりに2回参加できた。",
                     kind_text="ピアサポーターとの振り返り", setting_text="地域活動支援センターでの面談"),
                 mon(D(2024, 12, 20), "退院ヵ月後", 6, "作成/更新", "ケア会議等",
                     "デイケアは週2回。冬になって眠れない日がある。\n母との関係は落ち着き、月1回の食事が続いている（終結）。",
                     "一部達成"),
             ],
             needs=[
                 need(1, "薬を飲み忘れないようにしたい", "服薬カレンダーを使う",
                      "外来で処方を続け、飲み心地を確認する", S2_DR, "〇", "E2"),
                 need(2, "食事のリズムを保ちたい", "朝食と夕食はグループホームで食べる",
                      "食事の提供と、週1回の買い物の付き添い", S2_GH, "〇", "B1"),
                 need(3, "日中の過ごし方を決めたい（デイケアに通う）", "デイケアに週3回通う",
                      "デイケアのプログラムを一緒に選ぶ", S2_DC, "△", "C1"),
                 need(4, "母とよい関係でいたい", "月1回、母と外で食事をする",
                      "母との連絡の橋渡しをする", S2_CM, "◎", "A3"),
                 need(5, "お金を計画的に使いたい", "世話人と一緒に1週間ごとの予算を立てる",
                      "予算づくりを手伝い、レシートを一緒に確認する", S2_GH, "△", "B6"),
                 need(6, "同じ病気の経験がある人と話したい", "地域活動支援センターのピアの集まりに行ってみる",
                      "集まりに同行し、自分の経験を話す", S2_PS, "〇", "C2"),
             ],
             subtool=tool("自宅訪問\n医療機関\nその他", "週１回", "月２回", S2_TOOL["wishes"],
                          S2_TOOL["contact1"], S2_TOOL["tel1"], S2_TOOL["contact2"], S2_TOOL["tel2"],
                          places_text="地域活動支援センター", consult=S2_CONSULT,
                          other=("有", "中央こころの病院 デイケア（石井）", "週3回のデイケア")),
             supporters=S2_REL2),
        plan(3, D(2024, 12, 20), D(2025, 6, 20),
             "アパートで一人暮らしをして、好きな料理を作って暮らしたい",
             "デイケアに週3回通い、眠れないときの対処を身につける",
             dict(p_self="○", p_family=0, p_doctor="有", p_hospital_staff=1, p_community=2,
                  p_government=1, p_other=1, p_other_text="ピアサポーター"),
             monitoring=[
                 mon(D(2025, 3, 19), "退院ヵ月後", 9, "モニタリング", "個別面接",
                     "眠れない日が続き、声が聞こえることが増えた。\n臨時受診で頓服薬を調整。クライシスプランを見直すことにした。",
                     "未達成"),
                 mon(D(2025, 6, 20), "退院ヵ月後", 12, "作成/更新", "ケア会議等",
                     "睡眠は改善し、デイケアに週3回通えている。\nピアの集まりには自分で通えるようになった（終結）。", "達成"),
             ],
             needs=[
                 need(1, "薬を飲み忘れないようにしたい", "服薬カレンダーを使う",
                      "外来で処方を続け、飲み心地を確認する", S2_DR, "〇", "E2"),
                 need(2, "デイケアに週3回通いたい", "通う曜日を月・水・金に決める",
                      "プログラムへの参加を支え、休んだときは電話する", S2_DC, "〇", "C1"),
                 need(3, "お金を計画的に使いたい", "世話人と一緒に1週間ごとの予算を立てる",
                      "予算づくりを手伝い、レシートを一緒に確認する", S2_GH, "丸", "B6"),
                 need(4, "冬になると眠れず、声が聞こえることがある", "眠れない日が3日続いたら世話人に伝える",
                      "睡眠の様子を確認し、頓服薬を調整する", S2_DR, "△", "D1"),
                 need(5, "ピアの集まりに続けて参加したい", "月2回の集まりに自分で行く",
                      "集まりで声をかけ、感想を聞く", S2_PS, "◎", "C2"),
                 need(6, "体重と血圧が気になる", "体重と血圧を毎朝記録する",
                      "月1回訪問し、体調と生活の様子を確認する", S2_HN, "〇", "D2"),
             ],
             subtool=tool("自宅訪問、医療機関", "月2回", "月1回", S2_TOOL["wishes"], S2_TOOL["contact1"],
                          S2_TOOL["tel1"], S2_TOOL["contact2"], S2_TOOL["tel2"], consult=S2_CONSULT,
                          other=("有", "中央地域活動支援センター（ピアサポーター 田村）", "月2回のピアの集まり")),
             supporters=S2_REL2),
        plan(4, D(2025, 6, 20), D(2025, 12, 19),
             "アパートで一人暮らしをして、好きな料理を作って暮らしたい",
             "就労継続支援B型の事業所を見学し、通う先を決める",
             dict(p_self="有", p_doctor="無", p_community=2, p_government=1),
             monitoring=[
                 mon(D(2025, 9, 18), "退院ヵ月後", 15, "モニタリング", "個別面接",
                     "B型事業所を1か所見学した。もう1か所は体調不良で延期。\n睡眠は保てている。", "一部達成"),
             ],
             needs=[
                 need(1, "薬を飲み忘れないようにしたい", "服薬カレンダーを使う",
                      "外来で処方を続け、飲み心地を確認する", S2_DR, "○", "E2"),
                 need(2, "就労継続支援B型の事業所を見学したい", "見学したい事業所を2か所選ぶ",
                      "見学の日程を調整し、同行する", S2_SO, "△", "C1"),
                 need(3, "お金を計画的に使いたい", "1週間ごとの予算を自分で立て、世話人に見せる",
                      "予算を確認し、困ったときに相談にのる", S2_GH, "〇", "B6"),
                 need(4, "眠れないときの対処を続けたい", "眠れない日は早めに世話人に伝え、頓服薬を使う",
                      "訪問で睡眠の様子を確認する", S2_HN, "〇", "D1"),
                 need(5, "いずれアパートで一人暮らしをしたい", "グループホームで家事の練習を続ける",
                      "住まいの情報を集め、一緒に見に行く", S2_SO, None, "A1"),
             ],
             subtool=tool("その他", "月1回", "月1回", S2_TOOL["wishes"], S2_TOOL["contact1"],
                          S2_TOOL["tel1"], S2_TOOL["contact2"], S2_TOOL["tel2"],
                          places_text="グループホーム、就労継続支援B型の事業所", consult=S2_CONSULT),
             supporters=S2_REL2),
    ],
    crisis=[
        crisis(D(2024, 6, 20),
               ["夜中に何度も目が覚める", "テレビの声が自分のことを言っているように感じる",
                "薬を飲むのがおっくうになる", "たばこの本数が増える", "お金を一度に使ってしまう"],
               ["部屋から出てこない", "食事を残す", "同じことを何度も聞く", "デイケアを休む", "表情が硬くなる"],
               ["世話人に「調子が悪い」と伝える", "頓服薬を飲む", "早めに寝る", "デイケアの担当に電話する",
                "病院に電話して臨時の受診をする"],
               ["世話人：話を聞き、CMに連絡する", "CM：主治医と相談し、受診を調整する",
                "母：電話で声をかける（責めない）", "保健師：訪問して様子を確認する",
                "主治医：頓服薬や入院の必要性を判断する"],
               [("グループホームひだまり 村上（世話人）", "03-0000-3301", "生活の見守り"),
                ("中央こころの病院 工藤（精神保健福祉士）", "03-0000-3101", "CM・受診の調整"),
                ("中央こころの病院 野口 医師", "03-0000-3100", "主治医"),
                ("中央保健所 三浦（保健師）", "03-0000-3401", "訪問・相談"),
                ("森川 信子（母）", "090-0000-3601", "家族")]),
        crisis(D(2025, 6, 20),
               ["冬になると眠れなくなる", "夜中に何度も目が覚める", "テレビの声が自分のことを言っているように感じる",
                "薬を飲むのがおっくうになる", "たばこの本数が増える"],
               ["部屋から出てこない", "食事を残す", "デイケアを休む", "表情が硬くなる"],
               ["世話人に「調子が悪い」と伝える", "頓服薬を飲む", "眠れない日が3日続いたら受診する",
                "ピアサポーターの田村さんに話す", "病院に電話して臨時の受診をする"],
               ["世話人：話を聞き、CMに連絡する", "CM：主治医と相談し、受診を調整する",
                "母：電話で声をかける（責めない）", "保健師：訪問して睡眠と食事の様子を確認する",
                "主治医：頓服薬や入院の必要性を判断する"],
               [("グループホームひだまり 村上（世話人）", "03-0000-3301", "生活の見守り"),
                ("中央こころの病院 工藤（精神保健福祉士）", "03-0000-3101", "CM・受診の調整"),
                ("中央こころの病院 野口 医師", "03-0000-3100", "主治医"),
                ("中央相談支援センター 大西", "03-0000-3201", "相談支援専門員"),
                ("中央地域活動支援センター 田村", "03-0000-3501", "ピアサポーター"),
                ("森川 信子（母）", "090-0000-3601", "家族")]),
    ],
)

# ===========================================================================
# Case 3: 産後うつ — 育児と復職
# ===========================================================================
S3_CM = "中央保健所 保健師 三浦（CM）\n03-0000-3401"
S3_DR = "中央メンタルクリニック 小川 医師\n03-0000-4101"
S3_KC = "中央市こども家庭センター 相談員 堀\n03-0000-4201"
S3_HB = "夫（浜田 翔太）\n090-0000-4301"
S3_NS = "みどり保育園 園長 坂本\n03-0000-4401"
S3_BS = "株式会社中央フーズ 総務課長 近藤\n03-0000-4501"
S3_REL = [rel("浜田 翔太", "ハ：妻/夫"), rel("石田 和子", "イ"), rel("石田 真由", "きょうだい"),
          rel("野村 さやか", "ホ：友人等"), rel("近藤 課長", "ヘ：同僚"),
          rel("三浦 さん", "リ", "中央保健所"), rel("堀 さん", "リ：行政機関の職員", "中央市こども家庭センター")]
S3_TOOL = dict(wishes="連絡がつかないときは、夫に電話してほしい。\n子どもの前では病気の話をしないでほしい。",
               contact1="夫（浜田 翔太）", tel1="090-0000-4301", contact2="実母（石田 和子）", tel2="090-0000-4302")

CASE3 = dict(
    case=dict(case_id="CH-2025-003", name="浜田 美咲", kana="はまだ みさき", region="中央保健所",
              agency="中央保健所", manager="三浦 早苗", cm_start=D(2025, 1, 14)),
    questionnaires=[
        dict(date=D(2025, 1, 20),
             wishes="夜眠れず、子どもの世話がつらい。\n1年後には職場に戻りたい。",
             **answers(a3="１", a4="２", b1=2, b2="２", c1=9, c2=2, d3="２", e1=2, f3=1),
             o1_text="職場復帰", o1=2, o2_text="夫の帰りが遅い", o2="わからない"),
    ],
    plans=[
        plan(1, D(2025, 1, 28), D(2025, 4, 22),
             "子どもとの時間を楽しみながら、1年後には職場に戻りたい", "夜は続けて5時間眠れるようにする",
             dict(p_self="有", p_family=1, p_doctor="無", p_government=2, p_other=1,
                  p_other_text="助産師（産後ケア事業）"),
             monitoring=[
                 mon(D(2025, 2, 25), "CMヵ月後", 1, "モニタリング", "その他",
                     "夫が夜間の授乳を交代するようになった。\n睡眠は4時間程度。",
                     setting_text="家庭訪問（乳児健診の後）"),
                 mon(D(2025, 3, 11), "CMヵ月後", 2, "微修正", "個別面接",
                     "一時保育を週1回から週2回に変更した（ニーズ2の具体策を微修正）。"),
                 mon(D(2025, 4, 22), "ＣＭヵ月後", 3, "作成/更新", "ケア会議等",
                     "本人、夫、保健師、こども家庭センター、職場の上司（オンライン）で会議。\n"
                     "5時間続けて眠れる日が増えた。家事の分担は定着した（終結）。4月から保育園の慣らし保育。", "達成"),
             ],
             needs=[
                 need(1, "夜眠れず、朝起きるのがつらい", "夜の授乳は夫と交代し、寝る前にスマートフォンを見ない",
                      "睡眠の状態を確認し、授乳中でも使える薬を検討する", S3_DR, "〇", "D3"),
                 need(2, "赤ちゃんの世話を一人で抱え込んでしまう", "一時保育を週1回使ってみる",
                      "一時保育と産後ケア事業の利用を調整する", S3_KC, "〇", "A4"),
                 need(3, "家事が手につかない", "できない家事は夫に頼む",
                      "夜間の授乳を交代し、週末の家事を分担する", S3_HB, "二重丸", "B2"),
                 need(4, "気持ちを話せる人がいない", "保健師の訪問のときに、困っていることを話す",
                      "2週に1回家庭訪問し、話を聴く", S3_CM, "△", "C2"),
             ],
             subtool=tool("自宅訪問、医療機関", "月2回", "月２回", S3_TOOL["wishes"], S3_TOOL["contact1"],
                          S3_TOOL["tel1"], S3_TOOL["contact2"], S3_TOOL["tel2"],
                          school_work=("有", "株式会社中央フーズ（総務課長 近藤）", "育児休業中の連絡窓口、復職時期の相談"),
                          other=("有", "中央市こども家庭センター（堀）", "一時保育・産後ケア事業の利用調整")),
             supporters=S3_REL),
        plan(2, D(2025, 4, 22), D(2025, 7, 29),
             "子どもとの時間を楽しみながら、1年後には職場に戻りたい",
             "保育園の慣らし保育を終え、職場の上司と復職の時期を相談する",
             dict(p_self="○", p_family=1, p_colleague=1, p_doctor="✔", p_government=1),
             monitoring=[
                 mon(D(2025, 6, 10), "CMヵ月後", 5, "モニタリング", "個別面接",
                     "保健所で面接。慣らし保育が終わり、子どもは保育園に慣れてきた。\n"
                     "主治医から、8月からの短時間勤務は可能との意見。"),
                 mon(D(2025, 7, 29), "CMヵ月後", 6, "作成/更新", "ケア会議等",
                     "本人、夫、上司、保健師で会議。8月から短時間勤務で復職することに決まった。", "一部達成"),
             ],
             needs=[
                 need(1, "夜眠れず、朝起きるのがつらい", "寝る時間を23時に決める",
                      "睡眠の状態を確認し、薬を調整する", S3_DR, "〇", "D3"),
                 need(2, "保育園に慣れるまでの送り迎えが不安", "慣らし保育の予定を夫と共有する",
                      "慣らし保育の様子を毎日伝える", S3_NS, "◎", "A4"),
                 need(3, "復職の時期を決めたい", "主治医の意見を聞いてから、上司と面談する",
                      "短時間勤務の制度を説明し、面談の日を決める", S3_BS, "〇", "C1"),
                 need(4, "気持ちを話せる人がいない", "保健所での面接のときに、困っていることを話す",
                      "月1回面接し、話を聴く", S3_CM, "△", "C2"),
             ],
             subtool=tool("職場・学校等の活動場訪問,その他", "月1回", None, S3_TOOL["wishes"], S3_TOOL["contact1"],
                          S3_TOOL["tel1"], S3_TOOL["contact2"], S3_TOOL["tel2"], places_text="保健所での面接",
                          school_work=("有", "株式会社中央フーズ（総務課長 近藤）", "短時間勤務制度の利用、復職面談"),
                          other=("有", "みどり保育園（園長 坂本）", "慣らし保育")),
             supporters=S3_REL),
        plan(3, D(2025, 7, 29), D(2025, 12, 26),
             "子どもとの時間を楽しみながら、1年後には職場に戻りたい",
             "短時間勤務で復職し、週1回は自分のための時間をとる",
             dict(p_self=1, p_family=1, p_colleague=1, p_doctor="無", p_government=1),
             monitoring=[
                 mon(D(2025, 10, 14), "CMヵ月後", 9, "モニタリング", "個別面接",
                     "復職して2か月。疲れはあるが勤務は続いている。\n土曜の自分の時間はまだとれていない。", "未達成"),
             ],
             needs=[
                 need(1, "眠れない日が続いたら早めに相談したい", "眠れない日が3日続いたら受診する",
                      "受診時に睡眠と気分を確認する", S3_DR, "〇", "D3"),
                 need(2, "短時間勤務に慣れたい", "1日6時間の勤務から始める",
                      "業務量を調整し、月1回面談する", S3_BS, "△", "C1"),
                 need(3, "自分のための時間がほしい", "土曜の午前は夫に子どもを見てもらい、好きなことをする",
                      "土曜の午前に子どもの世話をする", S3_HB, None, "O2"),
             ]),
    ],
    crisis=[
        crisis(D(2025, 4, 22),
               ["夜、赤ちゃんが寝ても眠れない", "涙が止まらなくなる", "何もかも自分のせいだと思う"],
               ["表情が暗く、口数が減る", "家事や育児の手が止まる", "食事をとらない"],
               ["夫に「しんどい」と伝える", "保健師に電話する", "一時保育を使って休む"],
               ["夫：仕事を早めに切り上げ、育児を代わる", "保健師：訪問し、主治医と相談する",
                "実母：子どもを預かる", "主治医：受診日を早める"],
               [("浜田 翔太（夫）", "090-0000-4301", "家族"),
                ("石田 和子（実母）", "090-0000-4302", "家族・子どもの預かり"),
                ("中央保健所 三浦（保健師）", "03-0000-3401", "CM・訪問"),
                ("中央メンタルクリニック 小川 医師", "03-0000-4101", "主治医"),
                ("中央市こども家庭センター 堀", "03-0000-4201", "子育ての相談")]),
    ],
)

# ===========================================================================
# Case 4: アルコール — 一人暮らしの高齢男性、生活保護
# ===========================================================================
S4_AL = "北部病院 アルコール外来 藤田 医師\n04-0000-5101"
S4_CW = "北部市 生活福祉課 ケースワーカー 森\n04-0000-5201"
S4_CM = "北部保健所 精神保健福祉士 安田（CM）\n04-0000-5301"
S4_DS = "北部断酒会 世話役 佐藤\n090-0000-5401"
S4_VN = "北部訪問看護ステーション 看護師 今井\n04-0000-5501"
S4_REL = [rel("大塚 修", "ニ：それ以外の家族/親族"), rel("大塚 和夫", "ロ"), rel("佐藤 さん", "ホ"),
          rel("木下 さん", "ヘ", None), rel("森 さん", "リ", "北部市 生活福祉課"),
          rel("藤田 医師", "ト：医療機関の職員")]
S4_REL2 = S4_REL + [rel("今井 さん", "ト")]

CASE4 = dict(
    case=dict(case_id="HB-2024-004", name="大塚 正男", kana="おおつか まさお", region="北部保健所",
              agency="北部保健所", manager="安田 浩二", cm_start=D(2024, 10, 1)),
    questionnaires=[
        dict(date=D(2024, 10, 8),
             wishes="酒をやめたいが、一人でいるとつい飲んでしまう。\n家賃をためてしまい、追い出されないか心配。",
             **answers(default="困っていない",
                       a1="困っていて、まだ支援を受けていない", a2="困っていて、まだ支援を受けていない",
                       b1="困っていて、まだ支援を受けていない", b2="わからない", b6="要支援",
                       c1="要支援", c2="わからない", d2="困っているが、支援を受けている", e2=9, f1=2),
             o1_text=None, o1=None, o2_text=None, o2=None),
    ],
    plans=[
        plan(1, D(2024, 10, 15), D(2025, 1, 14),
             "もう一度、釣りに行けるくらい元気な体に戻りたい", "アルコール外来を受診し、断酒会に1回参加してみる",
             dict(p_self="有", p_family=1, p_doctor="無", p_government=2),
             monitoring=[
                 mon(D(2024, 11, 12), "CMヵ月後", 1, "モニタリング", "個別面接",
                     "自宅訪問。アルコール外来は初診を済ませた。\n断酒会には1回参加したが、2回目は行かなかった。",
                     "一部達成"),
                 mon(D(2025, 1, 14), "CMヵ月後", 3, "作成/更新", "ケア会議等",
                     "保健所で会議（本人、甥、ケースワーカー、断酒会の世話役）。\n"
                     "飲酒量は減ったが断酒には至らない。家賃の支払い計画は守れている。", "一部達成"),
             ],
             needs=[
                 need(1, "酒をやめたいが、やめられない", "アルコール外来を受診する",
                      "専門外来で診察し、治療方法を説明する", S4_AL, "△", "F1"),
                 need(2, "家賃を滞納していて、住まいを失わないか心配", "家賃の支払い計画を大家さんと話し合う",
                      "家賃扶助の手続きと、大家さんとの調整", S4_CW, "〇", "A1"),
                 need(3, "食事をとらずに飲んでしまう", "配食サービスを試してみる",
                      "配食サービスの利用を調整する", S4_CM, "×", "B1"),
                 need(4, "話し相手がいない", "断酒会の例会に1回参加する",
                      "例会の案内と、初回の同行", S4_DS, "三角", "C2"),
             ],
             subtool=tool("自宅訪問、医療機関", "週1回", "週1回", "酒を飲んでいても、見捨てずに訪問してほしい。",
                          "甥（大塚 修）", "090-0000-5601",
                          other=("有", "北部市 生活福祉課（森）", "生活保護（家賃扶助）")),
             supporters=S4_REL),
        plan(2, D(2025, 1, 14), D(2025, 5, 13),
             "もう一度、釣りに行けるくらい元気な体に戻りたい", "断酒会に月2回参加し、家賃の支払い計画を守る",
             dict(p_self="有", p_family=1, p_doctor="無", p_government=2, p_other=1, p_other_text="断酒会の世話役"),
             monitoring=[
                 mon(D(2025, 3, 4), "CMヵ月後", 5, "その他", "個別面接",
                     "再飲酒があり、甥から連絡を受けて自宅を緊急訪問。\n"
                     "アルコール外来に連絡し、翌日受診した。クライシスプランを作成した。", "未達成",
                     kind_text="再飲酒後の緊急訪問"),
                 mon(D(2025, 5, 13), "CMヵ月後", 7, "作成/更新", "ケア会議等",
                     "再飲酒の後、断酒2か月。断酒会には月2回参加できている。\n家賃の滞納は解消した（終結）。",
                     "一部達成"),
             ],
             needs=[
                 need(1, "断酒を続けたい", "抗酒薬を毎朝飲む",
                      "外来で抗酒薬を処方し、2週に1回診察する", S4_AL, "バツ", "F1"),
                 need(2, "家賃の支払い計画を守りたい", "保護費が出たらすぐに家賃を払う",
                      "支払いの状況を確認する", S4_CW, "◎", "A1"),
                 need(3, "食事をとらずに飲んでしまう", "配食サービスを週3回使う",
                      "訪問看護で食事と体調を確認する", S4_VN, "〇", "B1"),
                 need(4, "話し相手がいない", "断酒会に月2回参加する",
                      "例会で声をかけ、体験を話す", S4_DS, "○", "C2"),
             ],
             subtool=tool("自宅訪問\n医療機関\nその他", "週２回", "週1回", "酒を飲んでいても、見捨てずに訪問してほしい。",
                          "甥（大塚 修）", "090-0000-5601", "弟（大塚 和夫）", "080-0000-5602",
                          places_text="断酒会の例会場",
                          other=("有", "北部訪問看護ステーション（今井）", "週1回の訪問看護（食事・体調の確認）")),
             supporters=S4_REL2),
        plan(3, D(2025, 5, 13), D(2025, 11, 11),
             "もう一度、釣りに行けるくらい元気な体に戻りたい", "断酒を続け、肝臓の数値を良くする",
             dict(p_self="有", p_family=0, p_doctor="有", p_hospital_staff=1, p_government=1),
             monitoring=[
                 mon(D(2025, 8, 5), "CMヵ月後", 10, "モニタリング", "個別面接", "断酒5か月。肝臓の数値は改善傾向。"),
                 mon(D(2025, 11, 11), "CMヵ月後", 13, "作成/更新", "ケア会議等",
                     "断酒8か月。釣り仲間の木下さんと会う約束ができた。", "一部達成"),
             ],
             needs=[
                 need(1, "断酒を続けたい（飲んだら隠さずに伝える）", "抗酒薬を毎朝飲み、飲んだときは正直に話す",
                      "2週に1回診察し、飲酒の有無を責めずに確認する", S4_AL, "△", "F1"),
                 need(2, "肝臓の数値が悪い", "月1回血液検査を受ける",
                      "検査の結果を説明し、必要なら内科に紹介する", S4_AL, "〇", "D2"),
                 need(3, "食事をとらずに飲んでしまう", "配食サービスを週3回使う",
                      "訪問看護で食事と体調を確認する", S4_VN, "〇", "B1"),
                 need(4, "断酒会に通い続けたい", "断酒会に月2回参加する",
                      "例会で声をかけ、体験を話す", S4_DS, "〇", "C2"),
             ],
             supporters=S4_REL2),
        plan(4, D(2025, 11, 11), D(2026, 2, 10),
             "もう一度、釣りに行けるくらい元気な体に戻りたい", "断酒を続け、月1回は釣りに出かける",
             dict(p_self="有", p_doctor="無", p_government=1, p_other=1, p_other_text="断酒会の世話役"),
             needs=[
                 need(1, "断酒を続けたい", "抗酒薬を毎朝飲む", "2週に1回診察する", S4_AL, None, "F1"),
                 need(2, "月1回は釣りに出かけたい", "釣り仲間の木下さんと日程を決める", None, None, None, "C1"),
                 need(3, "食事をきちんととりたい", "配食サービスを週3回使う",
                      "訪問看護で食事と体調を確認する", S4_VN, None, "B1"),
                 need(4, "断酒会に通い続けたい", "断酒会に月2回参加する",
                      "例会で声をかけ、体験を話す", S4_DS, None, "C2"),
             ]),
    ],
    crisis=[
        crisis(D(2025, 3, 4),
               ["イライラして眠れない", "酒屋の前を通りたくなる", "保護費が出た日にそわそわする",
                "体がだるく、食事をとらない", "断酒会に行くのがおっくうになる", "一人で部屋にこもる"],
               ["電話に出なくなる", "部屋に空き缶が増える", "顔色が悪い"],
               ["断酒会の佐藤さんに電話する", "抗酒薬を飲む", "お金は必要な分だけ持ち歩く",
                "飲んでしまったら隠さずに甥か保健所に伝える", "アルコール外来を受診する"],
               ["甥：電話に出ないときは保健所に連絡する", "訪問看護：体調を確認し、主治医に伝える",
                "保健所（CM）：訪問し、受診を調整する", "主治医：入院が必要か判断する", "断酒会：例会に誘う"],
               [("大塚 修（甥）", "090-0000-5601", "家族・緊急連絡先"),
                ("北部断酒会 佐藤", "090-0000-5401", "断酒の仲間"),
                ("北部保健所 安田", "04-0000-5301", "CM"),
                ("北部訪問看護ステーション 今井", "04-0000-5501", "訪問看護"),
                ("北部病院 藤田 医師", "04-0000-5101", "主治医"),
                ("北部保健所 夜間・休日精神科救急相談", "04-0000-5999", "夜間・休日の相談")]),
    ],
)

# ===========================================================================
# Case 5: ひきこもり・対人不安の若者 — アンケートもクライシスプランもないケース
# ===========================================================================
S5_CM = "北部地域生活支援センター\n相談支援専門員 平井（CM）04-0000-6101"
S5_MO = "母（小西 典子）\n090-0000-6201"
S5_CT = "北部地域活動支援センター 職員 青山\n04-0000-6301"
S5_REL = [rel("小西 典子", "イ：父母"), rel("小西 浩", "父母"), rel("小西 大輝", "ニ"),
          rel("ハル（ゲーム仲間）", "友人等"), rel("平井 さん", "チ"), rel("青山 さん", "地域援助事業者")]

CASE5 = dict(
    case=dict(case_id="HB-2025-005", name="小西 蓮", kana="こにし れん", region="北部保健所",
              agency="北部地域生活支援センター", manager="平井 陽子", cm_start=D(2025, 6, 2)),
    questionnaires=[],
    plans=[
        plan(1, D(2025, 6, 16), D(2025, 8, 25),
             "好きなイラストの仕事をして、自分で稼いだお金でほしいものを買いたい",
             "週1回、地域活動支援センターに通う",
             dict(p_self="１", p_family=2, p_doctor="無", p_community=1),
             monitoring=[
                 mon(D(2025, 6, 30), "CM導入時", None, "モニタリング", "個別面接",
                     "自宅訪問（母同席）。昼夜逆転は少し改善した。"),
                 mon(D(2025, 7, 14), "CMヵ月後", 1, "モニタリング", "その他",
                     "初めてセンターに来所。個室で30分話せた。",
                     setting_text="地域活動支援センターの個室"),
                 mon(D(2025, 8, 25), "CMヵ月後", 3, "作成/更新", "個別面接",
                     "センターには週1回通えている。\n朝は10時までに起きられるようになった（終結）。", "達成"),
             ],
             needs=[
                 need(1, "昼夜逆転していて、朝起きられない", "朝10時までに起きて、カーテンを開ける",
                      "朝に声をかけ、起きられた日をカレンダーにつける", S5_MO, "◎", "C1"),
                 need(2, "人と話すのがこわい", "センターの個室で職員と話す時間をつくる",
                      "最初は個室で会い、少しずつ活動に誘う", S5_CT, "〇", "C2"),
                 need(3, "父と口をきかない状態が続いている", "父あての手紙を書いてみる（出すかは自分で決める）",
                      "本人と父の間をつなぎ、家族面談を提案する", S5_CM, "△", "A3"),
             ],
             supporters=S5_REL),
        plan(2, D(2025, 8, 25), D(2026, 1, 26),
             "好きなイラストの仕事をして、自分で稼いだお金でほしいものを買いたい",
             "週2回センターに通い、イラスト講座に参加する",
             dict(p_self="有", p_family=1, p_community=1),
             monitoring=[
                 mon(D(2025, 10, 20), "CMヵ月後", 4, "微修正", "個別面接",
                     "講座の曜日が変わったため、通所日を火曜と土曜に変更した（微修正）。", "一部達成"),
             ],
             needs=[
                 need(1, "センターに週2回通いたい", "火曜と土曜に通う",
                      "通所の日に声をかけ、活動を一緒に選ぶ", S5_CT, "〇", "C2"),
                 need(2, "イラスト講座に参加したい", "講座の申し込みをする",
                      "講座の情報を調べ、見学に同行する", S5_CM, "△", None),
                 need(3, "父と口をきかない状態が続いている", "父あての手紙を書いてみる（出すかは自分で決める）",
                      "本人と父の間をつなぎ、家族面談を提案する", S5_CM, None, "A3"),
                 need(4, "お小遣いの使い方を決めたい", "ほしいものリストをつくる",
                      "リストを一緒に見て、使い方を話し合う", S5_MO, "x", "B6"),
             ],
             supporters=S5_REL),
    ],
    crisis=[],
)

# ===========================================================================
# Case 6: 双極性障害 — 母の介護と金銭管理
# ===========================================================================
S6_CM = "みなと市 障害福祉課 岡（CM）\n03-0000-7101"
S6_DR = "みなと心療内科 井上 医師\n03-0000-7201"
S6_KM = "みなと居宅介護支援事業所\nケアマネジャー 小林 03-0000-7301"
S6_SK = "みなと市社会福祉協議会 専門員 原\n03-0000-7401"
S6_BR = "弟（石原 隆之）\n090-0000-7501"
S6_REL = [rel("石原 千代", "イ"), rel("石原 隆之", "ロ：きょうだい"), rel("田中 正子", "ヌ：その他", "民生委員"),
          rel("小林 さん", "チ"), rel("岡 さん", "リ", "みなと市 障害福祉課"), rel("井上 医師", "ト")]
S6_TOOL = dict(wishes="調子が上がっているときは、お金のことを言われるとイライラするので、落ち着いた声で話してほしい。",
               contact1="弟（石原 隆之）", tel1="090-0000-7501", contact2="民生委員（田中 正子）", tel2="03-0000-7601")

CASE6 = dict(
    case=dict(case_id="MN-2025-006", name="石原 由美子", kana="いしはら ゆみこ", region="みなと市　",
              agency="みなと市 障害福祉課", manager="岡 直樹", cm_start=D(2025, 2, 3)),
    questionnaires=[
        dict(date=D(2025, 2, 10),
             wishes="母の介護で自分の通院の時間がとれない。\n調子が良いときにお金を使いすぎてしまう。",
             **answers(a2="要支援", a5="要支援", b6=2, d3="支援済み", e2="１", f5=9),
             o1_text="母の認知症の進み具合が心配", o1="２", o2_text=None, o2=None),
    ],
    plans=[
        plan(1, D(2025, 2, 17), D(2025, 5, 19),
             "母と一緒に、この家で穏やかに暮らしたい", "母のデイサービスを週2回に増やし、自分の通院日を確保する",
             dict(p_self="有", p_family=0, p_doctor="無", p_community=1, p_government=1, p_other=1,
                  p_other_text="民生委員"),
             monitoring=[
                 mon(D(2025, 3, 17), "CMヵ月後", 1, "モニタリング", "個別面接",
                     "市役所で面接。母のデイサービスは3月から週2回になった。\n通院は1回休んだ。"),
                 mon(D(2025, 5, 19), "CMヵ月後", 3, "作成/更新", "ケア会議等",
                     "地域包括支援センターで会議（本人、ケアマネジャー、民生委員、社会福祉協議会、CM）。\n"
                     "母のデイサービス週2回が定着した（終結）。", "達成"),
             ],
             needs=[
                 need(1, "母の介護で自分の時間がない", "ケアマネジャーに困っていることを伝える",
                      "母のデイサービスを週2回に増やす調整をする", S6_KM, "◎", "A5"),
                 need(2, "通院を続けられない", "通院日を第2・第4水曜に決める",
                      "通院日に診察し、処方を調整する", S6_DR, "△", "E2"),
                 need(3, "お金を使いすぎてしまう", "クレジットカードを弟に預ける",
                      "日常生活自立支援事業について説明する", S6_SK, "バツ", "B6"),
                 need(4, "生活費が足りない", "障害年金の書類をそろえる",
                      "障害年金の申請を手伝う", S6_CM, "〇", "A2"),
             ],
             subtool=tool("自宅訪問、その他", "月2回", "月1回", S6_TOOL["wishes"], S6_TOOL["contact1"],
                          S6_TOOL["tel1"], S6_TOOL["contact2"], S6_TOOL["tel2"], places_text="市役所での面接",
                          consult=("有", "みなと市 障害福祉課（岡）", "障害年金の申請の支援"),
                          other=("有", "みなと居宅介護支援事業所（小林）", "母の介護サービスの調整")),
             supporters=S6_REL),
        plan(2, D(2025, 5, 19), D(2025, 8, 18),
             "母と一緒に、この家で穏やかに暮らしたい", "クレジットカードの利用を月3万円以内にする",
             dict(p_self="有", p_family=1, p_doctor="無", p_community=1, p_government=1),
             monitoring=[
                 mon(D(2025, 6, 23), "CMヵ月後", 4, "モニタリング", "その他",
                     "電話で状況を確認。障害年金の申請書を提出した。", setting_text="電話"),
                 mon(D(2025, 8, 18), "CMヵ月後", 6, "作成/更新", "ケア会議等",
                     "7月に気分が高ぶり、カードで30万円の買い物をした。\n主治医が薬を調整した。クライシスプランを作成した。",
                     "未達成"),
             ],
             needs=[
                 need(1, "通院を続けたい", "第2・第4水曜に通院する",
                      "通院日に診察し、処方を調整する", S6_DR, "〇", "E2"),
                 need(2, "お金を使いすぎてしまう", "カードは弟に預け、必要なときだけ使う",
                      "日常生活自立支援事業の契約を進める", S6_SK, "△", "B6"),
                 need(3, "生活費が足りない", "障害年金の申請書を5月中に出す",
                      "障害年金の申請を手伝う", S6_CM, "〇", "A2"),
                 need(4, "気分が高ぶると眠らずに動き回る", "睡眠時間を記録する",
                      "記録を見て、薬を調整する", S6_DR, "✕", "Ｄ３"),
             ]),
        plan(3, D(2025, 8, 18), D(2025, 12, 15),
             "母と一緒に、この家で穏やかに暮らしたい",
             "気分の波に早めに気づき、調子が上がったときは弟と主治医に伝える",
             dict(p_self="有", p_family=1, p_doctor="有", p_community=1, p_government=1),
             needs=[
                 need(1, "気分の波に早めに気づきたい", "睡眠時間と買い物の金額を手帳に書く",
                      "受診のたびに手帳を一緒に見る", S6_DR, None, "D3"),
                 need(2, "お金を使いすぎてしまう", "日常生活自立支援事業で、生活費を週1回受け取る",
                      "生活費の受け渡しと、支払いの確認", S6_SK, None, "B6"),
                 need(3, "障害年金の結果が出るまでの生活費が心配", "家計簿をつける",
                      "年金の審査の状況を確認し、必要なら貸付の相談につなぐ", S6_CM, None, "A2"),
                 need(4, "調子が上がったときに止めてほしい", "弟に「調子が上がっている」と言われたら受け入れる",
                      "週1回電話で様子を聞き、気づいたことを伝える", S6_BR, None, "F5"),
             ],
             subtool=tool("自宅訪問、医療機関", "週1回", "月２回", S6_TOOL["wishes"], S6_TOOL["contact1"],
                          S6_TOOL["tel1"], S6_TOOL["contact2"], S6_TOOL["tel2"],
                          consult=("有", "みなと市 障害福祉課（岡）", "障害年金の審査状況の確認"),
                          other=("有", "みなと市社会福祉協議会（原）", "日常生活自立支援事業（生活費の受け渡し）")),
             supporters=S6_REL),
    ],
    crisis=[
        crisis(D(2025, 8, 18),
               ["眠らなくても平気になる", "次々に買いたいものが浮かぶ", "話が止まらなくなる",
                "夜中にネットショッピングをする", "イライラして母に強く当たる"],
               ["声が大きく、早口になる", "電話やメールが増える", "宅配便が増える", "身なりが派手になる",
                "母の世話が雑になる"],
               ["眠れなくても横になる", "クレジットカードを弟に預ける", "主治医に臨時の受診を頼む",
                "頓服薬を飲む", "大きな買い物は3日待つ"],
               ["弟：落ち着いた声で「少し休もう」と伝える", "ケアマネジャー：母のショートステイを調整する",
                "CM：主治医と連絡をとる", "主治医：受診と薬の調整", "社会福祉協議会：生活費の受け渡しを増やす"],
               [("石原 隆之（弟）", "090-0000-7501", "家族"),
                ("みなと心療内科 井上 医師", "03-0000-7201", "主治医"),
                ("みなと市 障害福祉課 岡", "03-0000-7101", "CM"),
                ("みなと居宅介護支援事業所 小林", "03-0000-7301", "母のケアマネジャー"),
                ("みなと市社会福祉協議会 原", "03-0000-7401", "日常生活自立支援事業")]),
    ],
)

CASES = [CASE1, CASE2, CASE3, CASE4, CASE5, CASE6]


# ---------------------------------------------------------------------------
# Flatten the case structures into the nine sheets
# ---------------------------------------------------------------------------
def flatten(cases):
    t = {key: [] for _, key, _ in SHEETS}
    for c in cases:
        cid = c["case"]["case_id"]
        t["cases"].append(dict(c["case"]))
        for q in c["questionnaires"]:
            t["questionnaires"].append(dict(case_id=cid, **q))
        for p in c["plans"]:
            no = p["plan"]["plan_no"]
            t["plans"].append(dict(case_id=cid, **p["plan"]))
            for m in p["monitoring"]:
                t["monitoring"].append(dict(case_id=cid, plan_no=no, **m))
            for n in p["needs"]:
                t["needs"].append(dict(case_id=cid, plan_no=no, **n))
            if p["subtool"]:
                t["subtool"].append(dict(case_id=cid, plan_no=no, **p["subtool"]))
            for s in p["supporters"]:
                t["supporters"].append(dict(case_id=cid, plan_no=no, **s))
        for cp in c["crisis"]:
            for section, text in cp["items"]:
                t["crisis_plans"].append(dict(case_id=cid, created=cp["created"], section=section, text=text))
            for s in cp["supporters"]:
                t["crisis_supporters"].append(dict(case_id=cid, created=cp["created"], **s))
    return t


# ---------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------
def cell_text(sheet_key, col_key, row_index, v, iso_dates=False):
    if v is None:
        return ""
    if isinstance(v, dt.date):
        return v.isoformat() if iso_dates else csv_date(sheet_key, col_key, row_index, v)
    return str(v)


def write_csvs(tables, outdir, extra_columns=None, overrides=None, iso_dates=False):
    """One UTF-8 CSV per sheet, LF line ends, named after the Japanese sheet name.

    overrides: {(sheet_key, row_index, col_key): raw text} written instead of the value.
    extra_columns: {sheet_key: [(heading, {row_index: text})]} unknown columns appended.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    for name, key, cols in SHEETS:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        extras = (extra_columns or {}).get(key, [])
        w.writerow([h for h, _ in cols] + [h for h, _ in extras])
        for i, row in enumerate(tables[key]):
            out = []
            for _, k in cols:
                ov = (overrides or {}).get((key, i, k))
                out.append(ov if ov is not None else cell_text(key, k, i, row.get(k), iso_dates))
            out += [vals.get(i, "") for _, vals in extras]
            w.writerow(out)
        (outdir / f"{name}.csv").write_bytes(buf.getvalue().encode("utf-8"))


CTRL_PLACEHOLDER = "\ue000CTRL\ue000"  # replaced by _x0007_ in the xlsx (openpyxl refuses control chars)


def write_xlsx(tables, path, extra_columns=None, overrides=None):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "cmsheets scripts/make-samples.py"
    wb.properties.title = "ケースマネジメント インテーク（見本）"
    head_font = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    for name, key, cols in SHEETS:
        ws = wb.create_sheet(name)
        extras = (extra_columns or {}).get(key, [])
        headings = [h for h, _ in cols] + [h for h, _ in extras]
        ws.append(headings)
        for c in ws[1]:
            c.font = head_font
            c.fill = head_fill
            c.alignment = Alignment(vertical="center", wrap_text=True)
        for i, row in enumerate(tables[key]):
            values = []
            for _, k in cols:
                ov = (overrides or {}).get((key, i, k))
                v = ov if ov is not None else row.get(k)
                if isinstance(v, str) and any(ord(ch) < 0x20 and ch not in "\t\n" for ch in v):
                    v = re.sub(r"[\x00-\x08\x0b-\x1f]", CTRL_PLACEHOLDER, v)
                values.append(v)
            values += [vals.get(i) for _, vals in extras]
            ws.append(values)
            r = ws.max_row
            for j, (_, k) in enumerate(cols, start=1):
                c = ws.cell(row=r, column=j)
                if isinstance(c.value, (dt.date, dt.datetime)):
                    c.number_format = XLSX_DATE_FMT.get((key, k), FMT_SLASH)
                elif isinstance(c.value, str) and "\n" in c.value:
                    c.alignment = Alignment(wrap_text=True, vertical="top")
        for j, h in enumerate(headings, start=1):
            k = (cols[j - 1][1] if j <= len(cols) else "")
            width = 14
            if k in ("case_id",):
                width = 14
            elif k in DATE_KEYS.get(key, []):
                width = 18
            elif k in ("name", "manager", "agency", "region", "kana", "supporter", "contact1", "contact2",
                       "wishes_when_hard", "consult_agency", "school_work_agency", "other_service_agency",
                       "places", "places_text", "p_other_text", "kind_text", "setting_text", "role", "contact",
                       "relation", "relation_text", "section"):
                width = 24
            elif k in ("need", "self_action", "supporter_action", "notes", "wishes", "long_goal", "short_goal",
                       "end_reason", "text", "consult_detail", "school_work_detail", "other_service_detail"):
                width = 40
            elif len(h) <= 3:
                width = 6
            ws.column_dimensions[get_column_letter(j)].width = width
        ws.freeze_panes = "A2"
    tmp = io.BytesIO()
    wb.save(tmp)
    normalize_zip(tmp.getvalue(), path)


def normalize_zip(data, path):
    """Rewrite a zip with fixed timestamps and fixed document dates (deterministic output);
    turn the control-character placeholder into the OOXML escape _x0007_."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                              lambda m: m.group(1) + FIXED_ISO.encode() + m.group(3), body)
            if info.filename.endswith(".xml"):
                body = body.replace(CTRL_PLACEHOLDER.encode("utf-8"), b"_x0007_")
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_TS)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, body)
    Path(path).write_bytes(out.getvalue())


# ===========================================================================
# The planted-mistake set (samples/invalid/)
# ===========================================================================
IV_SUP = ["北部病院 アルコール外来 見本医師\n04-0000-9101", "北部市 生活福祉課 見本ケースワーカー\n04-0000-9201",
          "北部断酒会 見本世話役\n090-0000-9301", "北部訪問看護ステーション 見本看護師\n04-0000-9401"]


def invalid_cases():
    """Four small cases; otherwise valid, so each planted mistake is the only finding in its cell."""
    iv1 = dict(
        case=dict(case_id="IV-001", name="見本 一郎", kana="みほん いちろう", region="北部保健所",
                  agency="北部保健所", manager="見本 担当一", cm_start=D(2024, 10, 1)),
        questionnaires=[dict(date=D(2024, 10, 8), wishes="酒の量を減らしたい。",
                             **answers(a1=2, f1=2), o1_text=None, o1=2, o2_text=None, o2=None)],
        plans=[
            plan(1, D(2024, 10, 15), D(2025, 1, 14), "元気な体に戻りたい", "アルコール外来を受診する",
                 dict(p_self="有", p_family=1, p_government=1),
                 monitoring=[
                     mon(D(2024, 11, 12), "CMヵ月後", 1, "モニタリング", "個別面接", "外来を初診。"),
                     mon(D(2025, 1, 14), "CMヵ月後", 3, "作成/更新", "ケア会議等", "次の計画を作成。", "一部達成")],
                 needs=[
                     need(1, "酒の量を減らしたい", "外来を受診する", "診察する", IV_SUP[0], "〇", "F1"),
                     need(2, "家賃の滞納を解消したい", "支払い計画を立てる", "家賃扶助の手続き", IV_SUP[1], "◎", "A1"),
                     need(3, "日中の過ごし方を決めたい", "断酒会に行く", "例会の案内", IV_SUP[2], "△", "C1")],
                 subtool=tool("自宅訪問", "週1回", "週1回", "訪問してほしい。", "甥", "090-0000-9501"),
                 supporters=[rel("見本 修", "ニ"), rel("見本 医師", "ト")]),
            plan(2, D(2025, 1, 14), D(2025, 5, 13), "元気な体に戻りたい", "断酒会に月2回参加する",
                 dict(p_self="有", p_family=1, p_government=1),
                 monitoring=[
                     mon(D(2025, 1, 10), "CMヵ月後", 3, "モニタリング", "個別面接", "電話で様子を確認。"),
                     mon(D(2025, 3, 4), "退院前", None, "モニタリング", "個別面接", "自宅を訪問。"),
                     mon(D(2025, 3, 25), "CMヵ月後", 6, "モニタリング", "個別面接", "外来に同行。"),
                     mon(D(2025, 5, 13), "CMヵ月後", None, "作成/更新", "ケア会議等", "次の計画を作成。", "一部達成")],
                 needs=[
                     need(1, "酒の量を減らしたい", "抗酒薬を飲む", "診察する", IV_SUP[0], "△", "F1"),
                     need(2, "家賃の滞納を解消したい", "支払い計画を守る", "支払いの確認", IV_SUP[1], "〇", "A1"),
                     need(2, "日中の過ごし方を決めたい", "断酒会に行く", "例会の案内", IV_SUP[2], "〇", "C1")]),
            plan(3, D(2025, 5, 13), D(2026, 2, 27), "元気な体に戻りたい", "断酒を続ける",
                 dict(p_self="有", p_government=1),
                 monitoring=[mon(D(2025, 8, 19), "CMヵ月後", 10, "モニタリング", "個別面接", "断酒を続けている。")],
                 needs=[
                     need(1, "断酒を続けたい", "抗酒薬を飲む", "診察する", IV_SUP[0], "〇", "F1"),
                     need(2, "生活費をやりくりしたい", "家計簿をつける", "保護費の相談", IV_SUP[1], "〇", "A2"),
                     need(3, "話し相手がほしい", "断酒会に行く", "例会で声をかける", IV_SUP[2], "〇", "C2"),
                     need(4, "食事をとりたい", "配食サービスを使う", "体調の確認", IV_SUP[3], "△", "B1")]),
        ],
        crisis=[crisis(D(2025, 1, 14), ["眠れない"], ["電話に出ない"], ["断酒会に電話する"], ["甥：保健所に連絡する"],
                       [("見本 修（甥）", "090-0000-9501", "家族")])],
    )
    iv2 = dict(
        case=dict(case_id="IV-002", name="見本 二葉", kana="みほん ふたば", region="中央保健所",
                  agency="中央保健所", manager="見本 担当二", cm_start=D(2025, 3, 1), cm_end=D(2025, 2, 14),
                  end_reason="転居のため"),
        questionnaires=[dict(date=D(2025, 3, 5), wishes="眠れるようになりたい。", **answers(d3=2),
                             o1_text=None, o1=None, o2_text=None, o2=None)],
        plans=[
            plan(1, D(2025, 3, 10), D(2025, 3, 10), "ぐっすり眠りたい", "夜12時までに寝る",
                 dict(p_self="有"),
                 monitoring=[mon(D(2025, 5, 12), "CMヵ月後", 2, "作成/更新", "個別面接", "次の計画を作成。", "達成")],
                 needs=[need(1, "眠れない", "寝る前にスマートフォンを見ない", "睡眠の状態を確認する",
                             "中央メンタルクリニック 見本医師\n03-0000-9601", "〇", "D3")]),
            plan(2, D(2031, 4, 1), D(2031, 10, 1), "ぐっすり眠りたい", "朝7時に起きる",
                 dict(p_self="有"),
                 needs=[need(1, "朝起きられない", "目覚ましを2つ使う", "睡眠の状態を確認する",
                             "中央メンタルクリニック 見本医師\n03-0000-9601", None, "D3")]),
        ],
        crisis=[],
    )
    iv3 = dict(
        case=dict(case_id="IV-003", name="\uE000岡 三奈", kana="よしおか みな", region="みなと市",
                  agency="みなと市 障害福祉課", manager="見本 担当三", cm_start=D(2025, 3, 17)),
        questionnaires=[],
        plans=[
            plan(1, D(2025, 4, 1), D(2025, 6, 30), "母と穏やかに暮らしたい", "通院日を決める",
                 dict(p_self="有", p_community=1),
                 monitoring=[
                     mon(D(2025, 5, 20), "CMヵ月後", 1, "モニタリング", "個別面接", "電話で様子を確認。\x07通院は続いている。"),
                     mon(D(2025, 6, 30), "CMヵ月後", 3, "作成/更新", "ケア会議等", "次の計画を作成。", "一部達成")],
                 needs=[need(1, "通院を続けたい", "通院日を決める", "診察する",
                             "みなと心療内科 見本医師\n03-0000-9701", "〇", "E2")]),
            plan(2, D(2025, 6, 30), D(2025, 9, 30), "母と穏やかに暮らしたい", "週1回は外出する",
                 dict(p_self="有", p_community=1),
                 needs=[need(1, "外に出るのがおっくう", "週1回買い物に行く", "外出に同行する",
                             "みなと市 障害福祉課 見本\n03-0000-9801", "△", "C1")]),
        ],
        crisis=[],
    )
    return [iv1, iv2, iv3]


def find_row(rows, **kw):
    hits = [i for i, r in enumerate(rows) if all(r.get(k) == v for k, v in kw.items())]
    if len(hits) != 1:
        raise SystemExit(f"find_row {kw}: {len(hits)} hits")
    return hits[0]


def build_invalid():
    t = flatten(invalid_cases())
    overrides = {}
    mistakes = []  # (sheet_key, row_index, col_key, severity, what)

    def plant(sheet, idx, col, severity, what, value=None):
        if value is not None:
            overrides[(sheet, idx, col)] = value
        mistakes.append((sheet, idx, col, severity, what))

    # --- rows added to the tables ------------------------------------------------
    t["cases"].append(dict(t["cases"][0]))  # duplicate ケースID
    plant("cases", len(t["cases"]) - 1, "case_id", "エラー", "ケースID IV-001 が2行目と重複している（ケースIDの重複）")
    t["questionnaires"].append(dict(t["questionnaires"][1], case_id="IV-009", date=D(2025, 1, 20)))
    plant("questionnaires", len(t["questionnaires"]) - 1, "case_id", "エラー",
          "ケースID IV-009 は ケース シートにない（未登録のケースID）")
    dup = dict(t["plans"][find_row(t["plans"], case_id="IV-001", plan_no=2)])
    t["plans"].append(dup)
    plant("plans", len(t["plans"]) - 1, "plan_no", "エラー",
          "IV-001 の作成番号 2 が2回ある（ケースIDと作成番号の組の重複）")
    t["needs"].append(need(1, "眠れない", "早く寝る", "相談にのる", "中央保健所 見本\n03-0000-9901", None, "D3")
                      | dict(case_id="IV-002", plan_no=3))
    plant("needs", len(t["needs"]) - 1, "plan_no", "エラー", "IV-002 に作成番号 3 の支援計画がない（存在しない版へのニーズ）")
    t["monitoring"].append(mon(D(2025, 9, 16), "CMヵ月後", 11, "モニタリング", "個別面接", "訪問。")
                           | dict(case_id="IV-001", plan_no=4))
    plant("monitoring", len(t["monitoring"]) - 1, "plan_no", "エラー",
          "IV-001 に作成番号 4 の支援計画がない（存在しない版へのモニタリング）")

    # --- values changed in place ---------------------------------------------------
    i = find_row(t["cases"], case_id="IV-002")
    plant("cases", i, "cm_end", "エラー", "CM終了日 2025-02-14 が CM開始日 2025-03-01 より前")
    i = find_row(t["cases"], case_id="IV-003")
    plant("cases", i, "name", "エラー",
          "本人氏名に U+E000（外字エディタで作った私用領域の文字）: 埋め込みフォントのどれにもない文字（外字）")
    i = find_row(t["questionnaires"], case_id="IV-001")
    plant("questionnaires", i, "o1", "警告", "O1 に回答があるが O1内容 が空（参考: 仕様にある警告）")
    i = find_row(t["questionnaires"], case_id="IV-002")
    t["questionnaires"][i]["date"] = "平成32年1月15日"
    plant("questionnaires", i, "date", "エラー", "記入日 平成32年1月15日: 平成は31年（2019-04-30）までで、元号の範囲外")
    i = find_row(t["plans"], case_id="IV-001", plan_no=1)
    t["plans"][i]["p_family"] = "数名"
    plant("plans", i, "p_family", "エラー", "参加者 家族 が「数名」: 人数（整数）でない")
    i = find_row(t["plans"], case_id="IV-002", plan_no=1)
    plant("plans", i, "review_due", "エラー", "次回見直し予定時期 2025-03-10 が 作成日 2025-03-10 の後でない")
    i = find_row(t["plans"], case_id="IV-002", plan_no=2)
    plant("plans", i, "created", "エラー", "作成日 2031-04-01 が未来（--as-of 2025-11-30 でも今日でも）")
    i = find_row(t["plans"], case_id="IV-003", plan_no=1)
    t["plans"][i]["short_goal"] = None
    plant("plans", i, "short_goal", "エラー", "短期目標（必須）が空")
    i = find_row(t["plans"], case_id="IV-003", plan_no=2)
    plant("plans", i, "review_due", "警告",
          "次回見直し予定時期 2025-09-30 を過ぎても、この版（最新）にモニタリングも次の版もない（見直しの遅れ）")
    i = find_row(t["monitoring"], case_id="IV-001", plan_no=2, date=D(2025, 1, 10))
    plant("monitoring", i, "date", "エラー", "実施日 2025-01-10 が 作成番号 2 の作成日 2025-01-14 より前")
    i = find_row(t["monitoring"], case_id="IV-001", plan_no=2, date=D(2025, 3, 4))
    plant("monitoring", i, "timing", "エラー", "評価時期「退院前」は選択肢にない（入院中/退院直後/退院ヵ月後/CM導入時/CMヵ月後）")
    i = find_row(t["monitoring"], case_id="IV-001", plan_no=2, date=D(2025, 3, 25))
    t["monitoring"][i]["date"] = "3月末ごろ"
    plant("monitoring", i, "date", "エラー", "実施日「3月末ごろ」は日付として読めない")
    i = find_row(t["monitoring"], case_id="IV-001", plan_no=2, date=D(2025, 5, 13))
    plant("monitoring", i, "timing_months", "エラー",
          "評価時期 CMヵ月後 なのに 評価時期ヵ月 が空（参考: 仕様で必須とされる値）")
    i = find_row(t["monitoring"], case_id="IV-003", plan_no=1, date=D(2025, 5, 20))
    plant("monitoring", i, "notes", "エラー", "具体的内容に制御文字 U+0007（BEL）がある（xlsx では _x0007_）")
    i = find_row(t["needs"], case_id="IV-001", plan_no=2, need="家賃の滞納を解消したい")
    plant("needs", i, "need", "警告",
          "作成番号 1 で「◎」（終結）のニーズ「家賃の滞納を解消したい」が作成番号 2 に再び載っている（同じ文言・同じ領域 A1）")
    i = find_row(t["needs"], case_id="IV-001", plan_no=2, need="日中の過ごし方を決めたい")
    plant("needs", i, "no", "エラー", "IV-001 作成番号 2 で No 2 が2回ある（No の重複）")
    i = find_row(t["needs"], case_id="IV-001", plan_no=3, no=4)
    plant("needs", i, "supporter", "警告",
          "IV-001 作成番号 3 のニーズの支援者が4者（この行で4者目）なのに 補助ツール の行がない")
    i = find_row(t["needs"], case_id="IV-003", plan_no=2)
    plant("needs", i, "evaluation", "警告", "評価「△」があるのに、IV-003 作成番号 2 にモニタリングの行がない")

    extra = {"cases": [("備考", {0: "見本データ（この列は様式にない）"})]}
    mistakes.append(("cases", -1, "備考", "警告", "見出し「備考」は様式にない列（無視される）"))
    return t, overrides, extra, mistakes


def cell_ref(sheet_key, idx, col_key, extra):
    name, cols = SHEET_BY_KEY[sheet_key]
    keys = [k for _, k in cols] + [h for h, _ in extra.get(sheet_key, [])]
    col = keys.index(col_key) + 1
    row = idx + 2 if idx >= 0 else 1
    return name, f"{get_column_letter(col)}{row}", row, col


def write_invalid_readme(mistakes, extra, path):
    lines = [
        "# 誤りを仕込んだインテーク（samples/invalid/）",
        "",
        "`cmsheets check` の動作確認用です。`intake.xlsx` と `csv/` は同じ内容で、下の表の誤りを1つずつ、",
        "決まったセルに仕込んでいます。それ以外は有効なデータです（ケース IV-001〜IV-003 の3件と、",
        "重複行・未登録ケースIDの行）。`--as-of 2025-11-30` で確認してください（今日の日付で実行すると、",
        "IV-001 作成番号 3 の見直し予定 2026-02-27 などが後日「見直しの遅れ」になります）。",
        "",
        "位置は `シート › セル`（xlsx）と `ファイル:行:列`（CSV、見出しが1行目）です。",
        "作成: `python3 scripts/make-samples.py`（手で編集しないこと）。",
        "",
        "| シート › セル | CSV | 重大度 | 何が誤りか |",
        "|---|---|---|---|",
    ]
    order = {k: i for i, (_, k, _) in enumerate(SHEETS)}
    for sheet, idx, col, sev, what in sorted(mistakes, key=lambda m: (order[m[0]], m[1], m[2])):
        name, ref, row, colno = cell_ref(sheet, idx, col, extra)
        lines.append(f"| {name} › {ref} | {name}.csv:{row}:{colno} | {sev} | {what} |")
    lines += [
        "",
        "同じ一覧を `sheet › cell : what is wrong` の形で:",
        "",
    ]
    for sheet, idx, col, sev, what in sorted(mistakes, key=lambda m: (order[m[0]], m[1], m[2])):
        name, ref, _, _ = cell_ref(sheet, idx, col, extra)
        lines.append(f"- {name} › {ref} : {what}（{sev}）")
    lines += [
        "",
        "## English",
        "",
        "A small intake (cases IV-001…IV-003 plus a duplicate case row and a questionnaire for the",
        "unregistered IV-009) with one planted mistake per validation rule of spec/intake.md, each in",
        "the cell listed above; everything else is valid. Check with `--as-of 2025-11-30`.",
        "Notes for tests:",
        "",
        "- The control character is a raw U+0007 in the CSV and the OOXML escape `_x0007_` in the",
        "  workbook's inline string for that cell (XML cannot hold U+0007; calamine unescapes it).",
        "- U+E000 (private use, where Windows' 外字エディタ puts its characters) is in no embedded font (BIZ UD明朝/ゴシック, IPAmj明朝); the same name has no other problem.",
        "- The ◎-reappears warning is on the later version's row (ニーズ/課題 cell); the ◎ itself is",
        "  on IV-001 作成番号 1 No 2 (same text, same 領域 A1).",
        "- The four-supporters warning concerns IV-001 作成番号 3 as a whole (ニーズ rows No 1–4, 支援者",
        "  column); the cell listed is the fourth distinct supporter.",
        "- The overdue warning concerns IV-003 作成番号 2 (latest version, 次回見直し予定時期 2025-09-30, no",
        "  monitoring row at all; it is also the version with the evaluated need and no monitoring).",
        "- The duplicated rows (ケース, 支援計画) are exact copies of the first occurrence, so only the",
        "  duplicate is wrong; the monitoring row for the missing 作成番号 4 and the needs row for the",
        "  missing IV-002 作成番号 3 are otherwise valid.",
        "- Two extra findings beyond the brief's list are planted (O1 answered without O1内容, and",
        "  CMヵ月後 without 評価時期ヵ月); they are marked 参考 and may be dropped by a test that does not",
        "  implement them.",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------
# samples/README.md
# ---------------------------------------------------------------------------
README = """# 見本データ（samples/）

架空の6ケースからなるケースマネジメントのインテークです。人物・機関・電話番号はすべて架空です
（電話番号は 0X-0000-XXXX / 090-0000-XXXX の形）。日付は令和6年4月〜令和7年11月（2024-04〜2025-11）の
範囲にあり、`--as-of 2025-11-30` で点検するとエラーも警告も出ない想定です（今日の日付で点検すると、
次回見直し予定時期を過ぎた最新版が「見直しの遅れ」の警告になります）。

- `intake.xlsx` — 1シート1表のワークブック（シート名は様式どおり、日付は Excel の日付セル、見出し行は固定）。
  日付の表示形式は、ケース・支援計画・クライシスプランが和暦（`[$-411]ggge"年"m"月"d"日"` など）、
  その他が `yyyy/m/d` です。
- `csv/` — 同じ内容の UTF-8 CSV（シートごとに1ファイル、ファイル名はシート名）。日付は
  `2024-08-20`、`2024/8/20`、`令和6年8月20日`、`R6.8.20`、`R06/08/20`、全角数字などを混ぜています。
- `invalid/` — 誤りを1つずつ仕込んだ小さなインテークと、その一覧（`invalid/README.md`）。
- `地域区分.csv` — 集計レポートの地域区分（地域 → 保健所 → 圏域）。`cmsheets report samples/intake.xlsx
  --areas samples/地域区分.csv` で、地域別が 圏域 → 保健所 → 地域 の小計つきになります。ケースのない
  「きた町」はゼロの行として載ります。
- `json/` — 別の担当が管理（このスクリプトでは書きません）。

作成: `python3 scripts/make-samples.py`（データの元はこのスクリプトの中にあり、CSV や xlsx を手で
編集しないこと）。表記のゆれ（〇/○/◯/二重丸/丸/三角/バツ/x/✕、支援済み/要支援/不要/不明/1/２、
イ：父母/イ/父母、有/無/○/✔/1/１、全角数字、前後の全角空白）を意図して混ぜています。値の意味は
すべて有効です。

## ケース

| ケースID | 地域 | 概要 | 版 | 主に確かめること |
|---|---|---|---|---|
| MN-2024-001 | みなと市 | 資料の事例（８）事例紹介）。公立高校2年の女子、尿もれの不安（強迫性障害の疑い）。CM は保健センター アウトリーチチームの心理士。保健室登校から教室へ。短期目標「学校に行けるようになる」、長期目標「看護師になりたい」 | 1〜3 | 支援者5〜6者と補助ツール、◎のニーズを次の版で削除、CM導入時/CMヵ月後、セッティング・更新/モニタリングの「その他」、アンケート2回、CM終了日と終了理由（支援の終了） |
| CH-2024-002 | 中央保健所 | 統合失調症の男性。入院中に導入し、グループホームへ退院、デイケア、就労継続支援B型の見学へ | 1〜4 | 評価時期 入院中/退院直後/退院ヵ月後（1〜15か月）、補助ツール4行、頼りにしている人 イ〜ヌ（リ・ヌは補足つき）、クライシスプラン2版（最新は2025-06-20） |
| CH-2025-003 | 中央保健所 | 産後うつの女性。育児の支援と復職 | 1〜3 | 参加者 同僚・上司、主治医 ✔、ハ（妻/夫）・ヘ（同僚）、学校/職場での支援、領域 O2、アンケートの O2、クライシスプランの項目が5つ未満（空行で印刷） |
| HB-2024-004 | 北部保健所 | アルコール依存の一人暮らしの男性。生活保護、断酒会、再飲酒と緊急訪問 | 1〜4 | 評価 ×/バツ/三角、更新/モニタリング「その他（再飲酒後の緊急訪問）」、アンケートの回答を見出しの文言で記入、最新版は未評価、サイン6項目・サポーター6行 |
| HB-2025-005 | 北部保健所 | ひきこもり・対人不安の若者。地域活動支援センターへの通所 | 1〜2 | アンケートもクライシスプランもないケース、補助ツールなし（支援者3者以下）、評価 x（半角） |
| MN-2025-006 | みなと市 | 双極性障害の女性。母の介護と金銭管理 | 1〜3 | A5・B6、評価 ✕、領域 全角「Ｄ３」、地域の後ろに全角空白、モニタリングのない最新版（評価は空欄）と補助ツール |

## English

Six fictional cases (all names, organisations and phone numbers invented), three regions
(中央保健所, 北部保健所, みなと市), dates 2024-04…2025-11. Check with `--as-of 2025-11-30`: no errors
and no warnings are expected; with today's date the latest versions whose review date has passed give
"overdue review" warnings. `intake.xlsx` holds real date cells (Japanese era formats on ケース, 支援計画
and クライシスプラン, `yyyy/m/d` elsewhere); `csv/` holds the same data as UTF-8 CSV with a mix of date
spellings. Spelling variants of codes are deliberate and all valid. `MN-2024-001` is the seed's case
example. `invalid/` has one planted mistake per validation rule (see its README). `地域区分.csv` nests
the regions into 保健所 and 圏域 for `report --areas`. Regenerate with
`python3 scripts/make-samples.py`; `samples/json/` is maintained separately.
"""


# 地域 → 保健所 → 圏域, in the order the report prints them; きた町 has no case (a zero row).
AREAS = [
    ("中央保健所", "中央保健所", "中央圏域"),
    ("みなと市", "中央保健所", "中央圏域"),
    ("北部保健所", "北部保健所", "北部圏域"),
    ("きた町", "北部保健所", "北部圏域"),
]


def write_areas(path):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(["地域", "保健所", "圏域"])
        w.writerows(AREAS)


def main():
    tables = flatten(CASES)
    inv_tables, overrides, extra, mistakes = build_invalid()
    counts = {key: len(rows) for key, rows in tables.items()}
    write_csvs(tables, SAMPLES / "csv")
    write_xlsx(tables, SAMPLES / "intake.xlsx")
    (SAMPLES / "README.md").write_text(README, encoding="utf-8")
    write_areas(SAMPLES / "地域区分.csv")
    inv = SAMPLES / "invalid"
    write_csvs(inv_tables, inv / "csv", extra_columns=extra, overrides=overrides_csv(inv_tables, overrides),
               iso_dates=True)
    write_xlsx(inv_tables, inv / "intake.xlsx", extra_columns=extra, overrides=overrides)
    write_invalid_readme(mistakes, extra, inv / "README.md")
    print("wrote samples/csv, samples/intake.xlsx, samples/README.md, samples/invalid/;", counts)


def overrides_csv(tables, overrides):
    return {k: (v if isinstance(v, str) else cell_text(k[0], k[2], k[1], v)) for k, v in overrides.items()}


if __name__ == "__main__":
    main()
