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


def office_b(path, stray=False):
    """An office that retyped the seed's forms from the PDF: sheets named its own way and found by
    the title under a 「様式第N号」 line (spaced 「支　援　計　画　シ　ー　ト」 too), the
    questionnaire's answer columns left of the item text, O1 typed across three cells and O2
    inside its brackets, 頼りにしている人 as the seed prints it (three slots to a row, the
    relationship inside 「関係性（ ）」), the legend's リ filled once, boxes ticked inline."""
    wb = Workbook()
    q = wb.active
    q.title = "ニーズ調査"
    put(q, "A1", "様式第1号")
    put(q, "B2", "支援ニーズに関するアンケート", "J2")
    put(q, "B3", "ケースID"); put(q, "C3", "OB-002")
    put(q, "E3", "地域"); put(q, "F3", "東町")
    put(q, "B4", "記入日："); q["C4"] = date(2024, 10, 1); q["C4"].number_format = "yyyy/m/d"
    put(q, "E4", "氏名："); put(q, "F4", "髙橋 次郎", "H4")
    put(q, "B5", "生活上の希望または困っていることは何ですか", "J5")
    put(q, "B6", "働きたい。", "J7")
    put(q, "B8", "下の A1 から O2 までの項目について、左の選択肢からあてはまる内容を選び、〇をつけてください", "J8")
    for col, h in zip("BCDE", ["困っているが、\n支援を受けている", "困っていて、\nまだ支援を\n受けていない", "困っていない", "わからない"]):
        put(q, f"{col}9", h)
    items = [("A1", "住居のことで悩んでいる・困っている", "C"),
             ("A2", "経済的に悩んでいる・困っている", "B"),
             ("C1", "適切な日中の時間の過ごし方（仕事や学校のことを含む）で悩んでいる・困っている", "C"),
             ("D3", "不安、抑うつ、悩みごと等で悩んでいる・困っている", "D")]
    r = 10
    for code, text, col in items:
        put(q, f"F{r}", code); put(q, f"G{r}", text, f"J{r}"); put(q, f"{col}{r}", "〇")
        r += 1
    # O1 across three cells, O2 inside its brackets in one cell.
    put(q, f"F{r}", "O1"); put(q, f"G{r}", "その他 1 （"); put(q, f"H{r}", "スマホの使い方"); put(q, f"I{r}", "）で悩んでいる・困っている", f"J{r}")
    put(q, f"C{r}", "〇")
    r += 1
    put(q, f"F{r}", "O2"); put(q, f"G{r}", "その他 2 （ 近所づきあい ）で悩んでいる・困っている", f"J{r}")
    put(q, f"D{r}", "〇")

    p = wb.create_sheet("計画（令和6年10月）")
    put(p, "A1", "様式第2号")
    put(p, "B2", "支　援　計　画　シ　ー　ト", "L2")
    put(p, "B3", "ケースID"); put(p, "C3", "OB-002")
    put(p, "E3", "地域"); put(p, "F3", "東町")
    put(p, "H3", "担当機関"); put(p, "I3", "東町保健センター", "L3")
    put(p, "B4", "作成日："); put(p, "C4", "令和6年10月1日")
    put(p, "E4", "次回見直し予定時期："); put(p, "F4", "令和7年1月31日")
    put(p, "B5", "本人氏名"); put(p, "C5", "髙橋 次郎")
    put(p, "E5", "マネジメント担当者"); put(p, "F5", "伊藤 三郎")
    put(p, "B7", "私の長期目標（本人の希望を「～したい」という表現で記述することが推奨される）", "L7")
    put(p, "B8", "自分で稼いだお金で暮らしたい", "L8")
    put(p, "B9", "今回の支援計画における短期目標", "L9")
    put(p, "B10", "就労継続支援事業所の見学に行く", "L10")
    put(p, "B12", "モニタリング（初回は不要）")
    put(p, "B13", "実施日＆評価時期", "C13"); put(p, "D13", "更新/モニタリング", "E13")
    put(p, "F13", "セッティング"); put(p, "G13", "具体的内容、場所、特記、前回の評価内容など", "L13")
    put(p, "B14", "令和7年1月10日")
    put(p, "C14", "□ 入院中\n□ 退院直後\n□ 退院　　ヵ月後\n□ CM 導入時\n■ CM　２　ヵ月後")
    put(p, "D14", "□ 作成/更新 □ 微修正\n■ モニタリング（内容の確認）\n□ その他（　　）", "E14")
    put(p, "F14", "□ 個別面接\n■ ケア会議等\n□ その他（　　）")
    put(p, "G14", "見学は済んだ。通所の曜日を相談した。", "L14")
    # A second pre-printed block, left blank (初回は不要).
    put(p, "B15", "　　年　　月　　日")
    put(p, "C15", "□ 入院中\n□ 退院直後\n□ 退院　　ヵ月後\n□ CM 導入時\n□ CM　　ヵ月後")
    put(p, "D15", "□ 作成/更新 □ 微修正\n□ モニタリング（内容の確認）\n□ その他（　　）", "E15")
    put(p, "F15", "□ 個別面接\n□ ケア会議等\n□ その他（　　）")
    put(p, "B17", "参加者と外部機関の参加状況")
    put(p, "B18", "■ 本人　　□ 家族（　　名）　　□ 同僚・上司（　　名）　　□ 友人（　　名）　　■ 主治医□ 当該医療機関職員 （　　名）", "L18")
    put(p, "B19", "■ 地域援助事業者 （ １ 名）　　□ 行政機関の職員（　　名）　　□ その他（　　　　）（　　名）", "L19")
    put(p, "B20", "CM = ケースマネジメント")
    put(p, "B22", "ニーズ/課題への対応")
    put(p, "B23", "No"); put(p, "C23", "ニーズ/課題"); put(p, "D23", "具 体 策", "H23"); put(p, "I23", "評価*")
    put(p, "D24", "何を（本人）"); put(p, "E24", "何を（支援者）"); put(p, "F24", "支援者（機関名・担当者名・連絡先）", "H24")
    needs = [("1", "働く場所を見つける", "見学に行く", "見学先を探す", "東町相談支援センター 田中 03-0000-0000", "〇"),
             ("2", "生活リズムを整える", "朝9時に起きる", "通所の声かけ", "就労継続支援B型 みどり", "△")]
    for i, n in enumerate(needs):
        rr = 25 + i
        for col, v in zip("BCDEF", n[:5]):
            put(p, f"{col}{rr}", v, f"H{rr}" if col == "F" else None)
        put(p, f"I{rr}", n[5])
    for i in range(2, 4):
        put(p, f"B{25 + i}", str(i + 1))
    put(p, "B30", "* 支援計画見直し（モニタリング）時に、本人と一緒に評価：終結「◎」、円滑に取り組みができている「〇」、取り組み中だが課題がある「△」、取り組み中止/取り組み困難等「×」", "L30")
    put(p, "I31", "作成番号："); put(p, "J31", "1")

    s = wb.create_sheet("補助")
    put(s, "A1", "様式第3号")
    put(s, "B2", "支援計画シート（追加項目：補助ツール）", "L2")
    put(s, "B3", "ケースID"); put(s, "C3", "OB-002")
    put(s, "B5", "私が頼りにしている人、\n私を応援してくれる人", "B6")
    # The seed's slots: 氏名 [name] 関係性（ kana ）, three to a row.
    row5 = [("C", "氏名"), ("D", "髙橋 一郎"), ("E", "関係性（ イ ）"),
            ("F", "氏名"), ("G", "山本 さくら"), ("H", "関係性（ホ：友人等）"),
            ("I", "氏名"), ("J", "市の保健師"), ("K", "関係性（ リ ）")]
    for col, v in row5:
        put(s, f"{col}5", v)
    row6 = [("C", "氏名"), ("D", "東町相談支援センター"), ("E", "関係性（ チ ）"), ("F", "氏名"),
            ("H", "関係性（　）"), ("I", "氏名"), ("K", "関係性（　）")]
    for col, v in row6:
        put(s, f"{col}6", v)
    put(s, "B7", "関係性の選択肢", "B8")
    put(s, "C7", "イ：父母　ロ：きょうだい　ハ：妻/夫　ニ：それ以外の家族/親族　ホ：友人等　ヘ：同僚", "L7")
    put(s, "C8", "ト：医療機関の職員　チ：地域援助事業者　リ：行政機関の職員（ 東町役場 ）　ヌ：その他（　　　）", "L8")
    put(s, "B10", "主な支援場所と頻度", "B11")
    put(s, "C10", "主な支援場所：")
    put(s, "D10", "■ 自宅訪問　□ 職場・学校等の活動場訪問　■ 医療機関　□ その他（　　　）", "L10")
    put(s, "C11", "支援頻度：")
    put(s, "D11", "□ 週 ＿＿ 回 or ■ 月 ２ 回", "F11")
    put(s, "G11", "訪問支援の頻度：")
    put(s, "H11", "□ 週 ＿＿ 回 or ■ 月 １ 回", "J11")
    put(s, "B13", "支援を受けることが難しくなった場合・・・", "B15")
    put(s, "C13", "支援者にしてほしいこと/してもよいこと：")
    put(s, "D13", "家に来て声をかけてほしい", "L13")
    put(s, "C14", "連絡してもよい人 1："); put(s, "D14", "兄"); put(s, "G14", "連絡先："); put(s, "H14", "090-1111-2222")
    put(s, "C15", "連絡してもよい人 2："); put(s, "G15", "連絡先：")
    put(s, "B17", "その他のサービス"); put(s, "E17", "機関名（担当者名）", "G17"); put(s, "H17", "具体的な内容および特記", "L17")
    put(s, "B18", "相談支援"); put(s, "C18", "■ 有 □ 無", "D18"); put(s, "E18", "東町相談支援センター（田中）", "G18"); put(s, "H18", "月1回の面談", "L18")
    put(s, "B19", "学校/職場での支援"); put(s, "C19", "□ 有 ■ 無", "D19")
    put(s, "B20", "その他"); put(s, "C20", "□ 有 □ 無", "D20")
    if stray:
        # Entries typed where the form has no field: each must be reported (W510), never dropped.
        put(q, "L4", "電話で聞き取り")
        put(p, "M20", "要再確認")
        put(s, "E3", "旧番号 123")
        # And the name typed with 高 instead of 髙 on the plan: W507, naming both cells.
        put(p, "C5", "高橋 次郎")
    wb.save(path)


def office_c(path):
    """An office whose forms keep every mark in a cell of its own, just before the option: the
    monitoring blocks (評価時期, 更新/モニタリング, セッティング, with the headings over the option
    columns only), the participants, the services' 有/無, the frequency; options typed as words
    where the office dropped the boxes; 頼りにしている人 as a table 氏名｜関係性 with the
    legend's label as the relationship; a second monitoring block pre-printed and left empty."""
    wb = Workbook()
    p = wb.active
    p.title = "支援計画シート"
    put(p, "B1", "支援計画シート", "M1")
    put(p, "B2", "ケース番号"); put(p, "C2", "OC-003")
    put(p, "E2", "保健所・市町村"); put(p, "F2", "西町")
    put(p, "B3", "作成日"); put(p, "C3", "2024/11/5")
    put(p, "E3", "次回見直し予定時期"); put(p, "F3", "2025/2/28")
    put(p, "B4", "本人氏名"); put(p, "C4", "中村 美咲")
    put(p, "E4", "マネジメント担当者"); put(p, "F4", "小林 四郎")
    put(p, "B6", "私の長期目標"); put(p, "C6", "一人で買い物に行けるようになりたい", "M6")
    put(p, "B7", "短期目標"); put(p, "C7", "週1回スーパーに行く", "M7")
    put(p, "B9", "モニタリング（初回は不要）")
    # Headings over the option columns; each group's marks in the column before it.
    put(p, "B10", "実施日＆評価時期", "C10")
    put(p, "E10", "更新/モニタリング")
    put(p, "G10", "セッティング")
    put(p, "H10", "具体的内容、場所、特記、前回の評価内容など", "M10")
    timing = ["入院中", "退院直後", "退院（　）ヵ月後", "CM導入時", "CM（　）ヵ月後"]
    kinds = ["作成/更新", "微修正", "モニタリング（内容の確認）", "その他（　　）", None]
    settings = ["個別面接", "ケア会議等", "その他（　　）", None, None]
    for block, start in enumerate([11, 17]):
        put(p, f"B{start}", "2025/2/10" if block == 0 else None)
        for i in range(5):
            r = start + 1 + i
            t = timing[i]
            if block == 0 and i == 4:
                t = "CM（ 2 ）ヵ月後"
            put(p, f"C{r}", t)
            if kinds[i]:
                put(p, f"E{r}", kinds[i])
            if settings[i]:
                put(p, f"G{r}", settings[i])
        if block == 0:
            put(p, f"B{start + 5}", "✔")   # before CM（2）ヵ月後
            put(p, f"D{start + 3}", "✔")   # before モニタリング（内容の確認）
            put(p, f"F{start + 1}", "●")   # before 個別面接
            put(p, f"H{start + 1}", "通院は続いている。買い物は母と一緒に行けた。", f"M{start + 1}")
    put(p, "B23", "参加者と外部機関の参加状況")
    cells = [("B", "✔"), ("C", "本人"), ("E", "家族（ 1 名）"), ("D", "レ"), ("F", "同僚・上司（　名）"),
             ("H", "友人（　名）"), ("J", "✔"), ("K", "主治医")]
    for col, v in cells:
        put(p, f"{col}24", v)
    put(p, "C25", "当該医療機関職員（　名）"); put(p, "E25", "地域援助事業者（　名）")
    put(p, "G25", "行政機関の職員（　名）"); put(p, "I25", "その他（　　）（　名）")
    put(p, "B26", "CM = ケースマネジメント")
    put(p, "B27", "ニーズ/課題への対応")
    put(p, "B28", "No"); put(p, "C28", "ニーズ/課題"); put(p, "D28", "何を（本人）"); put(p, "F28", "何を（支援者）")
    put(p, "H28", "支援者（機関名・担当者名・連絡先）", "J28"); put(p, "K28", "評価")
    put(p, "B29", "1"); put(p, "C29", "買い物に行く"); put(p, "D29", "リストを作る", "E29"); put(p, "F29", "同行する", "G29")
    put(p, "H29", "西町ヘルパーステーション", "J29"); put(p, "K29", "〇")
    put(p, "B30", "2"); put(p, "C30", "通院を続ける"); put(p, "D30", "予約の日に行く", "E30"); put(p, "F30", "予約を確認する", "G30")
    put(p, "H30", "西町クリニック", "J30"); put(p, "K30", "◎")
    put(p, "B32", "* 支援計画見直し（モニタリング）時に、本人と一緒に評価：終結「◎」、円滑に取り組みができている「〇」、取り組み中だが課題がある「△」、取り組み中止/取り組み困難等「×」", "M32")
    put(p, "J33", "作成番号"); put(p, "K33", "１")

    s = wb.create_sheet("補助ツール")
    put(s, "B1", "支援計画シート（追加項目：補助ツール）", "M1")
    put(s, "B2", "ケース番号"); put(s, "C2", "OC-003")
    put(s, "B4", "私が頼りにしている人、私を応援してくれる人", "M4")
    put(s, "B5", "氏名", "D5"); put(s, "E5", "関係性", "G5")
    put(s, "B6", "中村 陽子", "D6"); put(s, "E6", "ニ：それ以外の家族/親族", "G6")
    put(s, "B7", "西町ヘルパーステーション", "D7"); put(s, "E7", "チ", "G7")
    put(s, "B9", "関係性の選択肢")
    put(s, "C9", "イ：父母 ロ：きょうだい ハ：妻/夫 ニ：それ以外の家族/親族 ホ：友人等 ヘ：同僚 ト：医療機関の職員 チ：地域援助事業者 リ：行政機関の職員（ ） ヌ：その他（ ）", "M9")
    put(s, "B11", "主な支援場所")
    put(s, "C11", "✔"); put(s, "D11", "自宅訪問"); put(s, "F11", "職場・学校等の活動場訪問"); put(s, "H11", "✔"); put(s, "I11", "医療機関"); put(s, "K11", "その他（　）")
    put(s, "B12", "支援頻度")
    put(s, "C12", "✔"); put(s, "D12", "週"); put(s, "E12", "1"); put(s, "F12", "回"); put(s, "G12", "or"); put(s, "I12", "月"); put(s, "K12", "回")
    put(s, "B13", "訪問支援の頻度")
    put(s, "D13", "週"); put(s, "F13", "回"); put(s, "G13", "or"); put(s, "H13", "✔"); put(s, "I13", "月"); put(s, "J13", "2"); put(s, "K13", "回")
    put(s, "B15", "支援を受けることが難しくなった場合・・・")
    put(s, "B16", "支援者にしてほしいこと/してもよいこと"); put(s, "E16", "電話で様子を聞いてほしい", "M16")
    put(s, "B17", "連絡してもよい人1"); put(s, "E17", "母"); put(s, "H17", "連絡先"); put(s, "I17", "090-3333-4444")
    put(s, "B19", "その他のサービス"); put(s, "F19", "機関名（担当者名）", "H19"); put(s, "I19", "具体的な内容および特記", "M19")
    put(s, "B20", "相談支援"); put(s, "C20", "✔"); put(s, "D20", "有"); put(s, "E20", "無"); put(s, "F20", "西町相談室（佐藤）", "H20"); put(s, "I20", "計画相談", "M20")
    put(s, "B21", "学校/職場での支援"); put(s, "D21", "有"); put(s, "E21", "無")
    put(s, "B22", "その他"); put(s, "D22", "有")

    c = wb.create_sheet("クライシスプラン")
    put(c, "B1", "クライシスプラン", "H1")
    put(c, "B2", "ケース番号"); put(c, "C2", "OC-003")
    put(c, "B3", "作成日"); put(c, "C3", "R6.11.5")
    put(c, "B5", "日常的なサポーター（援助者・支援者）や相談先")
    put(c, "B6", "名前・機関", "C6"); put(c, "D6", "連絡先", "E6"); put(c, "F6", "関係・役割", "H6")
    put(c, "B7", "中村 陽子", "C7"); put(c, "D7", "090-3333-4444", "E7"); put(c, "F7", "母", "H7")
    put(c, "B9", "調子が悪くなってきたサイン")
    put(c, "B10", "自分でわかるサイン", "D10"); put(c, "E10", "まわりの人が気づくサイン", "H10")
    put(c, "B11", "・夜中に目が覚める", "D11"); put(c, "E11", "・部屋から出てこない", "H11")
    put(c, "B13", "サインに気づいたときにすること")
    put(c, "B14", "自分がすること", "D14"); put(c, "E14", "まわりの人がすること", "H14")
    put(c, "B15", "・頓服を飲む", "D15"); put(c, "E15", "・クリニックに電話する", "H15")
    wb.save(path)


office_a(f"{out}/office-a.xlsx")
office_errors(f"{out}/office-errors.xlsx")
office_b(f"{out}/office-b.xlsx")
office_b(f"{out}/office-b-stray.xlsx", stray=True)
office_c(f"{out}/office-c.xlsx")
