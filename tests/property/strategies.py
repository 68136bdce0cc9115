"""What budget documents are made of, as Hypothesis strategies: printed amounts (exact, in every form templates
print them), subject codes, header words, table titles, and lines of the text form, mixed with junk."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from budgetlib.catalogue import CATALOGUE

# Up to 15 significant digits (what a float holds exactly), up to 4 decimals (元 → 万元 adds 4 more places).
DECIMALS = st.decimals(min_value=Decimal("-99999999999.9999"), max_value=Decimal("99999999999.9999"), places=4,
                       allow_nan=False, allow_infinity=False)
PRINTED_PLACES = st.integers(min_value=0, max_value=4)
FULL_WIDTH = str.maketrans("0123456789,.-()", "０１２３４５６７８９，．－（）")


@st.composite
def printed_amounts(draw) -> tuple[str, Decimal]:
    """(the text as a template prints it, the exact value): thousands separators (spaced or not), a negative in
    parentheses or with a minus, full-width digits, surrounding spaces."""
    places = draw(PRINTED_PLACES)
    value = draw(DECIMALS).quantize(Decimal(1).scaleb(-places))
    magnitude = f"{abs(value):,.{places}f}" if draw(st.booleans()) else f"{abs(value):.{places}f}"
    if draw(st.booleans()):
        magnitude = magnitude.replace(",", ", ")
    text = (f"({magnitude})" if draw(st.booleans()) else f"-{magnitude}") if value < 0 else magnitude
    if draw(st.booleans()):
        text = text.translate(FULL_WIDTH)
    return " " * draw(st.integers(0, 2)) + text + " " * draw(st.integers(0, 2)), value


JUNK = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
WORDS = st.sampled_from(["合计", "总计", "小计", "收入合计", "支出合计", "本年收入合计", "一般公共服务支出",
                         "行政运行", "基本支出", "项目支出", "人员经费", "公用经费", "预算数", "决算数", "科目编码",
                         "科目名称", "类", "款", "项", "金额", "其中：", "注：本表无数据", "-", "—", "/", "N/A",
                         "8O.67", "0)", "(5", "", " ", "项目", "收入", "支出", "政府采购", "三公", "≥", "%", "是", "否",
                         "指标名称", "指标权重", "指标值"])
CODES = st.one_of(st.from_regex(r"\A\d{3}(\d{2}){0,2}\Z"), st.from_regex(r"\A\d{1,9}\Z"), st.sampled_from(["A", "B"]))
CELLS = st.one_of(WORDS, CODES, printed_amounts().map(lambda pair: pair[0]), JUNK,
                  st.text(alphabet="0123456789.,-()", max_size=30), st.just("9" * 400))
TITLES = st.one_of(st.sampled_from([f"2025年{kind.title.strip('^$').replace('.*', '')}表" for kind in CATALOGUE]),
                   st.sampled_from(["2025年部门收支总表", "2025年一般公共预算支出表", "2025年“三公”经费支出表",
                                    "2025年部门整体绩效目标表", "2025年项目绩效目标表", "2025年政府采购预算表"]),
                   JUNK.map(lambda text: f"2025年{text}表"))
ROWS = st.lists(CELLS, min_size=1, max_size=9)


@st.composite
def text_documents(draw) -> str:
    """A document in the text form: narrative lines, 表N labels, titles, unit and organisation lines, grid rows."""
    lines = []
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(st.sampled_from(["narrative", "label", "title", "unit", "org", "row", "row", "row", "blank",
                                     "junk"]))
        if kind == "narrative":
            lines.append(draw(st.sampled_from(["重庆市某区人民政府办公室", "2025年部门预算情况说明",
                                               "2025年收入预算1,234.56万元，支出预算1,234.56万元。",
                                               "“三公”经费预算75.65万元，比上年减少1.00万元，下降1.3%。"])))
        elif kind == "label":
            lines.append(draw(st.sampled_from(["表一", "表十一", "表 3"])))
        elif kind == "title":
            lines.append(draw(TITLES))
        elif kind == "unit":
            lines.append(draw(st.sampled_from(["单位：万元", "单位：元", "单位:千元", "编制单位：某某局 单位：万元"])))
        elif kind == "org":
            lines.append("编制单位：" + draw(JUNK))
        elif kind == "row":
            lines.append("\t".join(draw(ROWS)))
        elif kind == "junk":
            lines.append(draw(JUNK))
        else:
            lines.append("")
    return "\n".join(lines)
