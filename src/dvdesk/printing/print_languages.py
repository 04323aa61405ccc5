"""Headings and instructions of the client copy in the client's language.

These are the words *around* the directory facts; the facts themselves (procedures, services,
department names) are translated per record in ``dvdesk.domain.translations``, and the Japanese
name of each department and procedure is printed beside the translation so the client can show
the paper at the window. None of these strings may say what the paper is about (they are checked
against the discreet vocabulary in tests). やさしい日本語 gives readings in brackets because Qt's
rich text has no ruby. ``fonts`` is the font stack of the language (the bundled fonts, see
``dvdesk.gui.fonts``); Japanese names are always drawn with BIZ UDPGothic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# The bundled print fonts (resources/fonts), by family; every family a language's ``fonts`` names.
FONT_FILES: dict[str, tuple[str, ...]] = {
    "BIZ UDPGothic": ("BIZUDPGothic-Regular.ttf", "BIZUDPGothic-Bold.ttf"),
    "Noto Sans CJK SC": ("NotoSansSC-Regular-subset.otf",),  # GB 2312 and the shipped Chinese
    "Noto Sans": ("NotoSans-Regular-subset.ttf", "NotoSans-Bold-subset.ttf"),  # Latin + Vietnamese
}


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
    japanese_name: str = ""  # label of the Japanese name beside a translated one
    untranslated: str = ""  # said on an item with no (valid) translation, above its Japanese
    untranslated_short: str = ""  # the same, on a line of the contacts section
    # Under a department heading with no translation on record: its Japanese name is all she has.
    department_untranslated: str = ""
    # Before Japanese no record translates (a department's contact lines, an address), inline.
    japanese_only: str = ""
    # Hours the plans write in a plain shape, said in her language (printing.foreign_text).
    days: tuple[str, ...] = ()  # Monday first
    weekdays: str = ""  # 平日
    every_day: str = ""  # 毎日
    day_and_night: str = ""  # 24時間
    holidays: str = ""  # 祝日 (土日祝)
    new_year: str = ""  # 年末年始
    closed: str = "{}"  # （…を除く）: what is closed, in brackets after the hours
    weeks_of_month: str = "{weeks} {day}"  # 第2・第4土曜
    ordinals: tuple[str, ...] = ()  # 第1 … 第5
    ordinals_feminine: tuple[str, ...] = ()  # the same before Monday … Friday, where the language says so
    and_word: str = ""  # 第2・第4
    list_word: str = ", "  # between the things a note says are closed (祝日・年末年始)
    address: str = "所在地"
    fonts: tuple[str, ...] = ("BIZ UDPGothic",)
    contacts: str = "相談できるところ"  # the section of places to contact
    window_to_fill: str = "窓口（相談員が記入）"  # a department no source names: written in by hand
    # Over the lines she typed with no office (checklist.OTHER_DEPARTMENT): no name to show anywhere.
    other_department: str = "その他の窓口"
    nothing: str = "（この状況で必要な手続きはありません）"
    # The municipality has no procedure on record: the list is not "nothing needed" (never say so).
    not_on_record: str = "（この市区町村の手続きは、まだ登録されていません。必要な手続きは相談員に確かめてください）"
    # Some procedures the situation calls for are missing from the directory; names none of them
    # (the discreet copy prints it too).
    safety_not_on_record: str = (
        "（この状況に関係する手続きの一部は、この市区町村ではまだ登録されていません。相談員に確かめてください）"
    )
    # A chosen need with no place to contact on record (under its heading), and the same said once
    # on a discreet copy, which names no need.
    no_places: str = "（相談できるところは、まだ登録されていません。相談員に確かめてください）"
    no_places_discreet: str = "（相談できるところの一部は、まだ登録されていません。相談員に確かめてください）"

    def date(self, day: dt.date) -> str:
        month = self.months[day.month - 1] if self.months else str(day.month)
        return self.date_format.format(y=day.year, m=day.month, d=day.day, month=month)


JA = Strings(
    name="日本語",
    title="手続きチェックシート",
    title_discreet="手続きのご案内",
    intro="上から順に、それぞれの窓口で手続きをしてください。終わったら □ に ✓ を付けてください。",
    names_in_japanese="",
    window="窓口",
    phone="電話",
    hours="受付時間",
    about="内容",
    bring="持ち物",
    caution="注意",
    note="相談員からのメモ",
    printed="印刷日",
    page="{page} / {pages} ページ",
    date_format="{y}年{m}月{d}日",
)

EASY = Strings(
    name="やさしい日本語",
    title="手続（てつづ）き チェックシート",
    title_discreet="手続（てつづ）きの ご案内（あんない）",
    intro="上（うえ）から じゅんばんに、窓口（まどぐち）で 手続（てつづ）きを します。"
    "おわったら □ に ✓ を 書（か）きます。",
    names_in_japanese="窓口（まどぐち）で この 紙（かみ）を 見（み）せてください。",
    window="窓口（まどぐち）",
    phone="電話（でんわ）",
    hours="時間（じかん）",
    about="どんな 手続（てつづ）き",
    bring="持（も）って いく もの",
    caution="気（き）を つけること",
    note="相談員（そうだんいん）から",
    printed="印刷（いんさつ）した 日（ひ）",
    page="{page} / {pages}",
    date_format="{y}年（ねん）{m}月（がつ）{d}日（にち）",
    japanese_name="窓口（まどぐち）での 名前（なまえ）",
    japanese_only="ふつうの 日本語（にほんご）",  # the whole copy is Japanese: this text is not the easy kind
    days=("月（げつ）", "火（か）", "水（すい）", "木（もく）", "金（きん）", "土（ど）", "日（にち）"),
    weekdays="平日（へいじつ）",
    every_day="毎日（まいにち）",
    day_and_night="24時間（じかん）",
    holidays="祝日（しゅくじつ）",
    new_year="年末年始（ねんまつねんし）",
    closed="{}は 休（やす）み",
    list_word="、",
    weeks_of_month="毎月（まいつき） {weeks}の {day}",
    ordinals=("1回目（かいめ）", "2回目（かいめ）", "3回目（かいめ）", "4回目（かいめ）", "5回目（かいめ）"),
    and_word="と ",
    untranslated_short="やさしい 日本語（にほんご）は まだ ありません",
    department_untranslated="この 窓口（まどぐち）の 名前（なまえ）は 日本語（にほんご）だけです。"
    "この 名前（なまえ）を 窓口（まどぐち）で 見（み）せて ください。",
    untranslated="これは まだ やさしい 日本語（にほんご）に なって いません。"
    "下（した）の 文（ぶん）を 窓口（まどぐち）で 見（み）せて ください。",
    address="場所（ばしょ）",
    contacts="相談（そうだん）できる ところ",
    window_to_fill="窓口（まどぐち）（相談員（そうだんいん）が 書（か）きます）",
    other_department="ほかの 窓口（まどぐち）",
    nothing="（いまは 手続（てつづ）きは ありません）",
    not_on_record="（この 市（し）の 手続（てつづ）きは まだ 書（か）いて いません。"
    "どの 手続（てつづ）きが いるか 相談員（そうだんいん）に 聞（き）いて ください）",
    safety_not_on_record="（この 市（し）の 手続（てつづ）きで、まだ 書（か）いて いない ものが あります。"
    "相談員（そうだんいん）に 聞（き）いて ください）",
    no_places="（相談（そうだん）できる ところは まだ 書（か）いて いません。"
    "相談員（そうだんいん）に 聞（き）いて ください）",
    no_places_discreet="（相談（そうだん）できる ところで、まだ 書（か）いて いない ものが あります。"
    "相談員（そうだんいん）に 聞（き）いて ください）",
)

EN = Strings(
    name="English",
    title="Checklist of procedures",
    title_discreet="Guide to procedures",
    intro="Go to each office below in this order and complete the procedures. Tick the box □ when a step is done.",
    names_in_japanese="The names of offices and procedures are in Japanese: show this sheet at each window.",
    window="Window / floor",
    phone="Phone",
    hours="Opening hours",
    about="What it is",
    bring="What to bring",
    caution="Please note",
    note="Note from your counselor",
    printed="Printed on",
    page="Page {page} of {pages}",
    date_format="{d} {month} {y}",
    months=(
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    japanese_name="In Japanese (show this at the window)",
    japanese_only="Only in Japanese",
    days=("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    weekdays="Weekdays",
    every_day="every day",
    day_and_night="24 hours a day",
    holidays="public holidays",
    new_year="New Year holidays",
    closed="except {}",
    weeks_of_month="{weeks} {day} of the month",
    ordinals=("1st", "2nd", "3rd", "4th", "5th"),
    and_word=" and ",
    untranslated_short="Not translated yet: in Japanese",
    department_untranslated="The name of this office is only in Japanese: show this name at the reception.",
    untranslated="This item has not been translated into English yet. "
    "The Japanese text is below: show it at the window.",
    address="Address",
    contacts="Places you can contact",
    window_to_fill="Office (your counselor writes it in)",
    other_department="Other offices",
    nothing="(No procedures are needed for now.)",
    not_on_record="(The procedures of this municipality are not on record yet. "
    "Ask your counselor which ones you need to do.)",
    safety_not_on_record="(Some procedures for your situation are not on record for this municipality yet. "
    "Ask your counselor about them.)",
    no_places="(No place to contact is on record for this yet. Ask your counselor.)",
    no_places_discreet="(Some places to contact are not on record yet. Ask your counselor.)",
)

PT = Strings(
    name="Português",
    title="Lista de procedimentos",
    title_discreet="Guia de procedimentos",
    intro="Vá a cada setor abaixo, nesta ordem, e faça os procedimentos. "
    "Marque o quadrado □ quando terminar cada etapa.",
    names_in_japanese="Os nomes dos setores e dos procedimentos estão em japonês: mostre esta folha em cada guichê.",
    window="Guichê / andar",
    phone="Telefone",
    hours="Horário de atendimento",
    about="Do que se trata",
    bring="O que levar",
    caution="Atenção",
    note="Recado da pessoa que atendeu você",
    printed="Impresso em",
    page="Página {page} de {pages}",
    date_format="{d}/{m:02d}/{y}",
    japanese_name="Em japonês (mostre no guichê)",
    japanese_only="Só em japonês",
    days=("seg", "ter", "qua", "qui", "sex", "sáb", "dom"),
    weekdays="Dias úteis",
    every_day="todos os dias",
    day_and_night="24 horas por dia",
    holidays="feriados",
    new_year="feriados de fim e início de ano",
    closed="exceto {}",
    weeks_of_month="{weeks} {day} do mês",
    ordinals=("1º", "2º", "3º", "4º", "5º"),
    ordinals_feminine=("1ª", "2ª", "3ª", "4ª", "5ª"),
    and_word=" e ",
    untranslated_short="Ainda não traduzido: em japonês",
    department_untranslated="O nome deste setor está só em japonês: mostre este nome na recepção.",
    untranslated="Este item ainda não foi traduzido para o português. "
    "O texto em japonês está abaixo: mostre-o no guichê.",
    address="Endereço",
    contacts="Onde você pode entrar em contato",
    window_to_fill="Setor (a pessoa que atendeu você escreve aqui)",
    other_department="Outros setores",
    nothing="(Não há procedimentos a fazer por enquanto.)",
    not_on_record="(Os procedimentos deste município ainda não estão registrados. "
    "Pergunte à pessoa que atendeu você quais são necessários.)",
    safety_not_on_record="(Alguns procedimentos para a sua situação ainda não estão registrados neste município. "
    "Pergunte à pessoa que atendeu você.)",
    no_places="(Ainda não há um local de contato registrado para isto. Pergunte à pessoa que atendeu você.)",
    no_places_discreet="(Alguns locais de contato ainda não estão registrados. Pergunte à pessoa que atendeu você.)",
)

ZH = Strings(
    name="中文（简体）",
    title="手续清单",
    title_discreet="手续指南",
    intro="请按照从上到下的顺序，到下面各个窗口办理手续。每办完一项，请在 □ 里打 ✓。",
    names_in_japanese="窗口和手续的日文名称写在旁边：请在各个窗口出示这张纸。",
    window="窗口／楼层",
    phone="电话",
    hours="受理时间",
    about="内容",
    bring="需要携带的物品",
    caution="注意事项",
    note="咨询员的留言",
    printed="打印日期",
    page="第 {page} 页，共 {pages} 页",
    date_format="{y}年{m}月{d}日",
    japanese_name="日文名称（请在窗口出示）",
    japanese_only="仅有日文",
    days=("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
    weekdays="工作日",
    every_day="每天",
    day_and_night="24小时",
    holidays="节假日",
    new_year="年末年初",
    closed="{}除外",
    list_word="、",
    weeks_of_month="每月{weeks}个{day}",
    ordinals=("第1", "第2", "第3", "第4", "第5"),
    and_word="、",
    untranslated_short="尚未翻译：日文原文",
    department_untranslated="这个窗口的名称只有日文：请在接待处出示这个名称。",
    untranslated="此项目尚未翻译成中文。下面是日文原文，请在窗口出示。",
    address="地址",
    contacts="可以咨询的地方",
    window_to_fill="窗口（由咨询员填写）",
    other_department="其他窗口",
    nothing="（目前没有需要办理的手续。）",
    not_on_record="（该市（区、町、村）的手续尚未登记。需要办理哪些手续，请向咨询员确认。）",
    safety_not_on_record="（与您的情况有关的手续中，有一部分在该市（区、町、村）尚未登记。请向咨询员确认。）",
    no_places="（可咨询的地方尚未登记。请向咨询员确认。）",
    no_places_discreet="（部分可咨询的地方尚未登记。请向咨询员确认。）",
    fonts=("Noto Sans CJK SC", "BIZ UDPGothic"),
)

VI = Strings(
    name="Tiếng Việt",
    title="Danh sách các thủ tục",
    title_discreet="Hướng dẫn thủ tục",
    intro="Hãy lần lượt đến từng quầy dưới đây, theo thứ tự từ trên xuống, để làm thủ tục. "
    "Làm xong bước nào thì đánh dấu ✓ vào ô □ của bước đó.",
    names_in_japanese="Tên quầy và tên thủ tục bằng tiếng Nhật được ghi bên cạnh: "
    "hãy đưa tờ giấy này cho nhân viên ở mỗi quầy xem.",
    window="Quầy / tầng",
    phone="Điện thoại",
    hours="Giờ tiếp nhận",
    about="Nội dung",
    bring="Cần mang theo",
    caution="Lưu ý",
    note="Lời nhắn của nhân viên tư vấn",
    printed="Ngày in",
    page="Trang {page}/{pages}",
    date_format="ngày {d} tháng {m} năm {y}",
    japanese_name="Tên bằng tiếng Nhật (đưa cho nhân viên ở quầy xem)",
    japanese_only="Chỉ có tiếng Nhật",
    days=("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"),
    weekdays="Ngày thường",
    every_day="hằng ngày",
    day_and_night="24 giờ",
    holidays="ngày lễ",
    new_year="kỳ nghỉ cuối năm và đầu năm mới",
    closed="trừ {}",
    weeks_of_month="{day} tuần thứ {weeks} của tháng",
    ordinals=("1", "2", "3", "4", "5"),
    and_word=" và ",
    untranslated_short="Chưa được dịch: tiếng Nhật",
    department_untranslated="Tên của quầy này chỉ có bằng tiếng Nhật: "
    "hãy đưa tên này cho nhân viên ở quầy tiếp nhận xem.",
    untranslated="Mục này chưa được dịch sang tiếng Việt. Nội dung bằng tiếng Nhật ở bên dưới: "
    "hãy đưa cho nhân viên ở quầy xem.",
    address="Địa chỉ",
    contacts="Những nơi bạn có thể liên hệ",
    window_to_fill="Quầy (nhân viên tư vấn sẽ ghi vào)",
    other_department="Các quầy khác",
    nothing="(Hiện tại không có thủ tục nào cần làm.)",
    not_on_record="(Các thủ tục của địa phương này chưa được ghi vào danh sách. "
    "Hãy hỏi nhân viên tư vấn những thủ tục bạn cần làm.)",
    safety_not_on_record="(Một số thủ tục liên quan đến trường hợp của bạn chưa được ghi vào danh sách "
    "của địa phương này. Hãy hỏi nhân viên tư vấn.)",
    no_places="(Chưa có nơi liên hệ nào được ghi vào danh sách cho mục này. Hãy hỏi nhân viên tư vấn.)",
    no_places_discreet="(Một số nơi liên hệ chưa được ghi vào danh sách. Hãy hỏi nhân viên tư vấn.)",
    fonts=("Noto Sans", "BIZ UDPGothic"),
)

LANGUAGES: dict[str, Strings] = {"ja": JA, "easy": EASY, "en": EN, "pt": PT, "zh": ZH, "vi": VI}


def strings(lang: str) -> Strings:
    try:
        return LANGUAGES[lang]
    except KeyError:
        raise ValueError(f"対応していない言語です: {lang}（{', '.join(LANGUAGES)}）") from None
