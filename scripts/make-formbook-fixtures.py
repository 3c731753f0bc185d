#!/usr/bin/env python3
"""Writes 様式ブック typed the way offices type their own forms (tests/fixtures/formbook/), with
openpyxl: layouts that are not cmsheets' own (shifted rows and columns, other merges, boxes ticked
in the text, marks in cells of their own, full-width digits, 〇/○/1, Excel's copy names, dates
typed across 年・月・日). scripts/make-formbook-fixtures.sh calls this, then LibreOffice."""
import sys
from datetime import date
from openpyxl import Workbook

out = sys.argv[1]


def put(ws, ref, value, merge=None):
    ws[ref] = value
    if merge:
        ws.merge_cells(f"{ref}:{merge}")


def office_a(path):
    wb = Workbook()
    q = wb.active
    q.title = "アンケート"
    put(q, "B2", "支援ニーズに関するアンケート", "K2")
    put(q, "B4", "ケース番号"); put(q, "C4", "OF-001")
    put(q, "E4", "市町村"); put(q, "F4", "みなと市")
    put(q, "H4", "担当機関"); put(q, "I4", "みなと保健所", "K4")
    put(q, "B5", "マネジメント担当者"); put(q, "C5", "佐藤 一郎")
    # 記入日 typed in the paper's blanks, full-width digits.
    for ref, v in zip(["B6", "C6", "D6", "E6", "F6", "G6", "H6"], ["記入日：", "令和6", "年", "９", "月", "２", "日"]):
        put(q, ref, v)
    put(q, "B7", "氏名："); put(q, "C7", "山田 花子", "F7")
    put(q, "B8", "生活上の希望または困っていることは何ですか")
    put(q, "B9", "一人暮らしを続けたい", "K10")
    put(q, "B11", "下の A1 から O2 までの項目について、左の選択肢からあてはまる内容を選び、〇をつけてください")
    for col, h in zip("HIJK", ["困っているが、支援を受けている", "困っていて、まだ支援を受けていない", "困っていない", "わからない"]):
        put(q, f"{col}12", h)
    items = [("A1", "住居のことで悩んでいる・困っている", "I", "○"),
             ("A2", "経済的に悩んでいる・困っている", "H", "〇"),
             ("A3", "家族、パートナー等との関係で悩んでいる・困っている", "J", "1"),
             ("B1", "食事のこと（料理、外食、食事の購入など）ことで悩んでいる・困っている", "K", "◯"),
             ("O1", "その他 1 （ 電話のこと ）で悩んでいる・困っている", "J", "〇")]
    for i, (code, text, col, mark) in enumerate(items):
        r = 13 + i
        put(q, f"B{r}", code); put(q, f"C{r}", text, f"G{r}"); put(q, f"{col}{r}", mark)

    for name, no, created, due, needs, mon in [
        ("支援計画シート", "１", date(2024, 9, 2), "R6.12.2", [("1", "仕事を探す", "ハローワークに行く", "同行する", "就労支援センター", "〇"), ("2", "服薬を続ける", "毎日飲む", "確認する", "みなとクリニック", "")], True),
        ("支援計画シート (2)", "２", date(2024, 12, 2), "令和7年3月1日", [("1", "仕事を探す", "面接を受ける", "練習する", "就労支援センター", "△")], False),
    ]:
        p = wb.create_sheet(name)
        put(p, "B2", "支援計画シート", "L2")
        put(p, "B4", "ケース番号"); put(p, "C4", "OF-001")
        put(p, "B6", "作成日："); p["C6"] = created; p["C6"].number_format = "yyyy/m/d"
        put(p, "E6", "次回見直し予定時期："); put(p, "F6", due)
        put(p, "B7", "本人氏名"); put(p, "C7", "山田 花子")
        put(p, "E7", "マネジメント担当者"); put(p, "F7", "佐藤 一郎")
        put(p, "B9", "私の長期目標（本人の希望を「～したい」という表現で記述することが推奨される）", "L9")
        put(p, "B10", "仕事に就きたい", "L10")
        put(p, "B12", "今回の支援計画における短期目標", "L12")
        put(p, "B13", "週３回デイケアに通う", "L13")
        put(p, "B15", "モニタリング（初回は不要）")
        put(p, "B16", "実施日＆評価時期", "C16"); put(p, "D16", "更新/モニタリング")
        put(p, "E16", "セッティング"); put(p, "F16", "具体的内容、場所、特記、前回の評価内容など", "L16")
        if mon:
            put(p, "B17", "2024/10/1")
            put(p, "C17", "□ 入院中\n□ 退院直後\n□ 退院　ヵ月後\n□ CM導入時\n■ CM　１　ヵ月後")
            put(p, "D17", "□ 作成/更新 □ 微修正\n☑ モニタリング（内容の確認）\n□ その他（　）")
            # The tick in a cell of its own, before the option.
            put(p, "E17", "✓"); put(p, "F17", "自宅で面接した", "L17")
            put(p, "E18", "個別面接")
        put(p, "B20", "参加者と外部機関の参加状況")
        put(p, "B21", "■ 本人　■ 家族（ ２ 名）　□ 同僚・上司（　名）　□ 友人（　名）　■ 主治医　□ 当該医療機関職員（　名）")
        put(p, "B22", "□ 地域援助事業者（　名）　■ 行政機関の職員（ 1 名）　□ その他（　）（　名）")
        put(p, "B23", "CM = ケースマネジメント")
        put(p, "B24", "ニーズ/課題への対応")
        put(p, "B25", "No"); put(p, "C25", "ニーズ/課題"); put(p, "D25", "具 体 策", "F25"); put(p, "G25", "評価*")
        put(p, "D26", "何を（本人）"); put(p, "E26", "何を（支援者）"); put(p, "F26", "支援者（機関名・担当者名・連絡先）")
        for i, n in enumerate(needs):
            for col, v in zip("BCDEFG", n):
                if v:
                    put(p, f"{col}{27 + i}", v)
        put(p, "B30", "3")
        put(p, "B32", "* 支援計画見直し（モニタリング）時に、本人と一緒に評価：終結「◎」、円滑に取り組みができている「〇」、取り組み中だが課題がある「△」、取り組み中止/取り組み困難等「×」", "L32")
        put(p, "I33", f"作成番号：{no}")

    c = wb.create_sheet("クライシスプラン")
    put(c, "B2", "クライシスプラン", "H2")
    put(c, "B4", "ケースID"); put(c, "C4", "OF-001")
    put(c, "B5", "作成日："); put(c, "C5", "2024年9月2日")
    put(c, "B7", "日常的なサポーター（援助者・支援者）や相談先：")
    put(c, "B8", "名前・機関", "C8"); put(c, "D8", "連絡先"); put(c, "E8", "関係・役割", "F8")
    put(c, "B9", "母", "C9"); put(c, "D9", "090-0000-0000"); put(c, "E9", "家族", "F9")
    put(c, "B11", "調子が悪くなってきたサイン：")
    put(c, "B12", "自分でわかるサイン", "D12"); put(c, "E12", "まわりの人が気づくサイン", "G12")
    put(c, "B13", "・眠れない", "D13"); put(c, "E13", "・口数が減る", "G13")
    put(c, "B14", "・食欲がない", "D14")
    put(c, "B16", "サインに気づいたときにすること：")
    put(c, "B17", "自分がすること", "D17"); put(c, "E17", "まわりの人がすること", "G17")
    put(c, "B18", "・早めに休む", "D18"); put(c, "E18", "・声をかける", "G18")
    wb.create_sheet("メモ")["A1"] = "事務所のメモ（読み込まれない）"
    wb.save(path)


def office_errors(path):
    """The mistakes only forms have: two answers in a row, an unreadable mark, a required label
    missing, two plan sheets with the same 作成番号."""
    wb = Workbook()
    q = wb.active
    q.title = "アンケート"
    put(q, "A1", "支援ニーズに関するアンケート")
    put(q, "A2", "ケースID"); put(q, "B2", "ER-001")
    put(q, "C2", "地域"); put(q, "D2", "北区")
    put(q, "E2", "マネジメント担当者"); put(q, "F2", "鈴木")
    put(q, "A3", "記入日："); put(q, "B3", "2024/9/2")
    put(q, "A4", "氏名："); put(q, "B4", "田中 太郎")
    for col, h in zip("CDEF", ["困っているが、支援を受けている", "困っていて、まだ支援を受けていない", "困っていない", "わからない"]):
        put(q, f"{col}5", h)
    put(q, "A6", "A1"); put(q, "B6", "住居のことで悩んでいる・困っている"); put(q, "C6", "〇"); put(q, "D6", "〇")
    put(q, "A7", "A2"); put(q, "B7", "経済的に悩んでいる・困っている"); put(q, "E7", "△")
    for name in ["支援計画シート", "支援計画シート (2)"]:
        p = wb.create_sheet(name)
        put(p, "A1", "支援計画シート")
        put(p, "A2", "ケースID"); put(p, "B2", "ER-001")
        put(p, "A3", "作成日："); put(p, "B3", "2024/9/2")
        # 次回見直し予定時期 left off the sheet altogether.
        put(p, "A5", "私の長期目標"); put(p, "A6", "家で過ごしたい")
        put(p, "A7", "今回の支援計画における短期目標"); put(p, "A8", "散歩する")
        put(p, "A10", "作成番号：1")
    wb.save(path)


office_a(f"{out}/office-a.xlsx")
office_errors(f"{out}/office-errors.xlsx")
