"""The recovery's sentences: Japanese templates, marked for translation, with their counts and paths
as parameters. ``tr`` gives a template in the interface language (the window passes Qt's
``translate`` of the "Recovery" context; the command line keeps the Japanese)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from dvdesk.domain.translatable import N_

Tr = Callable[[str], str]
CONTEXT = "Recovery"


# What each table holds, named in a count (``{what} {n}件``) or a phrase (``読めなかった{what}``).
NAMES = {
    "referrals": N_("Recovery", "紹介記録"),
    "referral_events": N_("Recovery", "紹介の状況の変更"),
    "consultation_counts": N_("Recovery", "相談件数の記録"),
}
# Parts of a referral, named only when some could not be read (a referral without its department
# would count under no department in the report).
PARTS = {
    "referral_targets": N_("Recovery", "紹介記録の紹介先"),
    "referral_needs": N_("Recovery", "紹介記録のニーズ分類"),
}
ORPHAN_MOVES = N_("Recovery", "読めない紹介記録に付いた紹介の状況の変更")
SEPARATOR = N_("Recovery", "、")
COUNT = N_("Recovery", "{what} {n}件")
NOTHING = N_("Recovery", "記録 0件")
UNKNOWN_COUNT = N_("Recovery", "{what}（件数は分かりません）")
UNREAD = N_("Recovery", "読めなかった{what} {n}件")
UNREAD_UNKNOWN = N_("Recovery", "読めなかった{what}（件数は分かりません）")
REFUSED = N_("Recovery", "読めたが入れられなかった{what} {n}件")
STRANDED = N_("Recovery", "読めない・入れられない紹介記録に付いていた紹介の状況の変更 {n}件")

# The result (``Recovery.warning``)
UNREADABLE_FILE = N_(
    "Recovery",
    "注意: 壊れたファイルは読めなかったため、復元したデータより後に記録した紹介記録や相談件数があったかは"
    "分かりません（壊れたファイルは {path} に保管しています）",
)
CARRIED = N_("Recovery", "壊れたファイルから読めた{read} は、復元したデータに入れました。")
CARRIED_NEWER = N_(
    "Recovery",
    "壊れたファイルから読めた{read} は、復元したデータに入れました（うちバックアップより新しいもの: {newer}）。",
)
DELETED = N_("Recovery", "バックアップの後に削除された紹介記録 {n}件は、復元したデータからも除きました。")
DELETED_KEPT = N_(
    "Recovery",
    "別の PC（窓口）のファイルで上書きされていた場合は削除ではありません: "
    "それらはバックアップの写し {path} に残しています。",
)
DELETED_IN_BACKUP = N_(
    "Recovery",
    "別の PC（窓口）のファイルで上書きされていた場合は削除ではありません: それらはバックアップ {path} にあります"
    "（古いバックアップは自動で消されます。すぐに管理者に相談してください）。",
)
LOST = N_("Recovery", "注意: {lost} は、復元したデータにありません。")
SUPERSEDED = N_("Recovery", "壊れたファイルから読めた{read} は、バックアップの方が新しいため入れていません。")
FROM_BACKUP = N_(
    "Recovery",
    "読めなかった{what} {n}件 は、バックアップの時の件数のままです（その後に直した件数は分かりません）。",
)
KEPT = N_("Recovery", "壊れたファイルは {path} に保管しています。消さずに管理者に相談してください。")
LEFT_BESIDE = N_(
    "Recovery",
    "注意: データベースのファイルはありませんでしたが、書き込み途中の記録のファイル（{names}）が残っていました。"
    "バックアップより後の紹介記録や相談件数を含んでいるかもしれないため、{path} に保管しています。"
    "消さずに管理者に相談してください。",
)

# The offer (``offer_words``), before the counselor chooses
CANNOT_READ = N_("Recovery", "壊れたファイルからは紹介記録・相談件数を読み出せません。")
NOTHING_TO_READ = N_("Recovery", "壊れたファイルに、読み出す紹介記録・相談件数はありません。")
WILL_CARRY = N_("Recovery", "壊れたファイルから読める{read} は、始めるときに復元したデータへ入れます。")
UNREADABLE = N_("Recovery", "読めないもの: {bad}")


def say(tr: Tr, template: str, **args: object) -> str:
    return tr(template).format(**args)


def listed(tr: Tr, items: list[str]) -> str:
    return tr(SEPARATOR).join(items)


def counted(tr: Tr, table_word: str, n: int | None) -> str:
    """``紹介記録 3件``, or ``紹介記録（件数は分かりません）`` when n is None."""
    what = tr(table_word)
    return say(tr, UNKNOWN_COUNT, what=what) if n is None else say(tr, COUNT, what=what, n=n)


def counts(tr: Tr, c: Counter[str]) -> str:
    return listed(tr, [counted(tr, word, c[t]) for t, word in NAMES.items() if c[t]]) or tr(NOTHING)
