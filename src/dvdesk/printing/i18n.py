"""Headings and instructions of the client copy in the client's language.

Only the words *around* the directory facts are translated. Names of departments, services and
procedures stay in Japanese, so the client can show the paper at the window and be understood.
None of these strings may say what the paper is about (they are checked against the discreet
vocabulary in tests). やさしい日本語 gives readings in brackets because Qt's rich text has no
ruby.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Strings:
    name: str  # the language's own name, for the option list
    title: str
    title_discreet: str
    intro: str
    names_in_japanese: str  # "" for Japanese
    window: str
    phone: str
    hours: str
    about: str
    bring: str
    caution: str
    note: str
    printed: str
    page: str  # with {page} and {pages}
    date_format: str  # with {y} {m} {d} {month}
    months: tuple[str, ...] = ()
    contacts: str = "相談できるところ"  # the section of places to contact
    window_to_fill: str = "窓口（相談員が記入）"  # a department no source names: written in by hand
    nothing: str = "（この状況で必要な手続きはありません）"

    def date(self, day: dt.date) -> str:
        month = self.months[day.month - 1] if self.months else str(day.month)
        return self.date_format.format(y=day.year, m=day.month, d=day.day, month=month)


JA = Strings(
    name="日本語",
    title="手続きチェックシート",
    title_discreet="手続きのご案内",
    intro="上から順に、それぞれの窓口で手続きをしてください。終わったら □ に ✓ を付けてください。",
    names_in_japanese="",
    window="窓口", phone="電話", hours="受付時間", about="内容", bring="持ち物", caution="注意",
    note="相談員からのメモ", printed="印刷日", page="{page} / {pages} ページ",
    date_format="{y}年{m}月{d}日",
)

EASY = Strings(
    name="やさしい日本語",
    title="手続（てつづ）き チェックシート",
    title_discreet="手続（てつづ）きの ご案内（あんない）",
    intro="上（うえ）から じゅんばんに、窓口（まどぐち）で 手続（てつづ）きを します。"
          "おわったら □ に ✓ を 書（か）きます。",
    names_in_japanese="窓口（まどぐち）で この 紙（かみ）を 見（み）せてください。",
    window="窓口（まどぐち）", phone="電話（でんわ）", hours="時間（じかん）",
    about="どんな 手続（てつづ）き", bring="持（も）って いく もの",
    caution="気（き）を つけること", note="相談員（そうだんいん）から",
    printed="印刷（いんさつ）した 日（ひ）", page="{page} / {pages}",
    date_format="{y}年（ねん）{m}月（がつ）{d}日（にち）",
    contacts="相談（そうだん）できる ところ",
    window_to_fill="窓口（まどぐち）（相談員（そうだんいん）が 書（か）きます）",
    nothing="（いまは 手続（てつづ）きは ありません）",
)

EN = Strings(
    name="English",
    title="Checklist of procedures",
    title_discreet="Guide to procedures",
    intro="Go to each office below in this order and complete the procedures. "
          "Tick the box □ when a step is done.",
    names_in_japanese="The names of offices and procedures are in Japanese: "
                      "show this sheet at each window.",
    window="Window / floor", phone="Phone", hours="Opening hours", about="What it is",
    bring="What to bring", caution="Please note", note="Note from your counselor",
    printed="Printed on", page="Page {page} of {pages}",
    date_format="{d} {month} {y}",
    months=("January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December"),
    contacts="Places you can contact", window_to_fill="Office (your counselor writes it in)",
    nothing="(No procedures are needed for now.)",
)

PT = Strings(
    name="Português",
    title="Lista de procedimentos",
    title_discreet="Guia de procedimentos",
    intro="Vá a cada setor abaixo, nesta ordem, e faça os procedimentos. "
          "Marque o quadrado □ quando terminar cada etapa.",
    names_in_japanese="Os nomes dos setores e dos procedimentos estão em japonês: "
                      "mostre esta folha em cada guichê.",
    window="Guichê / andar", phone="Telefone", hours="Horário de atendimento",
    about="Do que se trata", bring="O que levar", caution="Atenção",
    note="Recado da pessoa que atendeu você", printed="Impresso em", page="Página {page} de {pages}",
    date_format="{d}/{m:02d}/{y}",
    contacts="Onde você pode entrar em contato",
    window_to_fill="Setor (a pessoa que atendeu você escreve aqui)",
    nothing="(Não há procedimentos a fazer por enquanto.)",
)

LANGUAGES: dict[str, Strings] = {"ja": JA, "easy": EASY, "en": EN, "pt": PT}


def strings(lang: str) -> Strings:
    try:
        return LANGUAGES[lang]
    except KeyError:
        raise ValueError(f"対応していない言語です: {lang}（{', '.join(LANGUAGES)}）") from None
