"""Names followed by an honorific in a referral note: 加藤さん, 花子様, ヤマダ氏 are a client's name
(no name ending is exempted), while a role or relation word with one is not (担当者さん,
相談員さん, お子さん, 課長さん, 市民課担当者さん, 皆様 …, ``ROLE_WORDS``, ``TITLES``), nor a word
that merely holds an honorific (同様, 様子, 氏名, ちゃんと, たくさん, さまざま). Used by
``domain.privacy`` on a note already normalised.
"""

from __future__ import annotations

import re

# Honorifics, and the names before them: a run of kanji / katakana / letters, or of hiragana.
_NAME = r"[\u4E00-\u9FFF\u3005\u30A1-\u30FA\u30FC]+|[A-Za-z]{2,}|[\u3041-\u3096]+"
_HONORIFIC = re.compile(rf"({_NAME})[ \u3000]?(さん|さま|様|氏|殿|ちゃん|くん|君)")  # 加藤 恵 さん
# An honorific that is part of another word: 様子, 様式, 様々, 氏名, 殿堂, ちゃんと.
_NOT_HONORIFIC_AFTER = {"様": "子式々態相性化な", "氏": "名", "殿": "堂", "ちゃん": "と", "君": "主臨"}
# Role and relation words: who the note may speak of without naming anyone.
ROLE_WORDS = (
    "担当者",
    "担当",
    "相談員",
    "支援員",
    "職員",
    "弁護士",
    "司法書士",
    "保健師",
    "看護師",
    "医師",
    "先生",
    "警察官",
    "お巡り",
    "おまわり",
    "駅員",
    "大家",
    "おおや",
    "家主",
    "管理人",
    "通訳",
    "通訳者",
    "ワーカー",
    "ケースワーカー",
    "民生委員",
    "児童委員",
    "主任",
    "相談者",
    "利用者",
    "関係者",
    "保護者",
    "本人",
    "ご本人",
    "家族",
    "ご家族",
    "お客",
    "皆",
    "みな",
    "お子",
    "おこ",
    "息子",
    "娘",
    "奥",
    "おく",
    "旦那",
    "だんな",
    "お母",
    "おかあ",
    "お父",
    "おとう",
    "お兄",
    "おにい",
    "お姉",
    "おねえ",
    "お祖母",
    "おばあ",
    "お祖父",
    "おじい",
    "おば",
    "おじ",
    "お嬢",
    "赤",
    "あか",
    "たく",
    "彼",
    "同",
    "模",
    "仕",
    "異",
    "各",
    "お医者",
    "おいしゃ",
    "ごちそう",
    "おつかれ",
    "お疲れ",
    "おかげ",
    "さまざ",
)
# Titles: a word ending in one is a post (市民課長さん), never a client's name.
TITLES = (
    "課長",
    "係長",
    "部長",
    "局長",
    "所長",
    "室長",
    "園長",
    "校長",
    "院長",
    "館長",
    "署長",
    "店長",
    "社長",
    "会長",
    "市長",
    "町長",
    "村長",
    "区長",
    "議長",
    "班長",
    "理事長",
    "委員長",
    "教頭",
)
# A role after an organisation's name (市民課担当者さん) is still a role.
_ORG_ENDINGS = (
    "課",
    "室",
    "係",
    "所",
    "署",
    "局",
    "部",
    "校",
    "園",
    "院",
    "館",
    "会",
    "社",
    "庁",
    "省",
    "センター",
    "機関",
    "病院",
    "学校",
    "窓口",
)
_PARTICLES = ("の", "を", "に", "が", "は", "と", "も", "へ", "で", "や")  # 書類をたくさん


def _is_role(name: str, honorific: str, before: str) -> bool:
    if name.endswith(TITLES):
        return True
    for role in ROLE_WORDS:
        whole = (before + name).endswith(role)
        if not whole:
            continue
        rest = name[: max(0, len(name) - len(role))]
        if not rest or rest.endswith(_ORG_ENDINGS + _PARTICLES):
            return True
    return False


def honorific_problem(text: str) -> str:
    for m in _HONORIFIC.finditer(text):
        name, honorific = m.group(1), m.group(2)
        after = text[m.end() : m.end() + 1]
        if after and after in _NOT_HONORIFIC_AFTER.get(honorific, ""):
            continue
        if honorific == "さま" and text[m.end() :].startswith("ざま"):
            continue  # さまざま
        if _is_role(name, honorific, text[: m.start(1)]):
            continue
        return f"人の名前（「{m.group(0)}」）"
    return ""
