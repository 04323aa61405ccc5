"""Figures from the 高岡市 plan that more than one test reproduces."""

# 取り組み4(2) DV対策関係課での相談の実施, 令和2年度: DV consultations per department.
TAKAOKA_FY2020 = {
    "納税課": 0,
    "共創まちづくり課": 1,
    "多文化共生室": 0,
    "市民課": 40,
    "社会福祉課": 10,
    "子ども・子育て課": 5,
    "高齢介護課": 31,
    "保険年金課": 0,
    "健康増進課": 8,
    "建築政策課": 1,
    "市民病院": 0,
    "学校教育課": 3,
}
