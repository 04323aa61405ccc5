"""What the counselor typed, as the index understands it: each word normalized like the indexed
text (``domain.japanese``), widened through the synonym groups — also inside a compound
(障害者 finds 障がい者) — and turned into an FTS5 MATCH expression of bigram phrases (or a
one-character prefix). ``found_in`` says the same thing about one field's text, so a ranking
done in Python agrees with the index's match.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence

from dvdesk.domain import japanese
from dvdesk.domain.search_synonyms import MAX_SPELLINGS as MAX_SPELLINGS
from dvdesk.domain.search_synonyms import SYNONYMS_SQL as SYNONYMS_SQL
from dvdesk.domain.search_synonyms import SynonymTable as SynonymTable
from dvdesk.domain.search_verbs import place_verb_phrases, verb_stems
from dvdesk.domain.search_when import said_when, said_when_inside


def placed_terms(
    word: str, terms_longest_first: Iterable[str], raw: str = ""
) -> tuple[list[tuple[int, str]], list[bool]]:
    """Each term where it lies in ``word``, longest first, and only where no longer term already
    lies (生活保護 is one term, not 保護 as well): the (start, term) pairs, and which characters
    of ``word`` they cover. With ``raw`` (the word before katakana was folded, same length), a term
    written in hiragana is not placed where it goes on from a verb (投げ|つけられる is no つけられる)."""
    covered = [False] * len(word)
    placed: list[tuple[int, str]] = []
    for term in terms_longest_first:
        start = word.find(term)
        while start >= 0:
            end = start + len(term)
            if not any(covered[start:end]) and not (raw and _goes_on(raw, start, end)):
                covered[start:end] = [True] * len(term)
                placed.append((start, term))
            start = word.find(term, start + 1)
    return placed, covered


def _goes_on(raw: str, start: int, end: int) -> bool:
    """The hiragana ``raw[start:end]`` continues a verb's kana (投げ|つけられる; not after a
    particle, nor after a kanji: 一時ほご is 一時保護 typed half unconverted)."""
    if start < 2 or not _HIRAGANA_WORD.fullmatch(raw[start:end]):
        return False
    before = raw[start - 1]
    return bool(_HIRAGANA.match(before)) and before not in _PARTICLES and japanese.is_kanji(raw[start - 2])


# A typed phrase (what a client says: 住所を知られたくない, 子どもを連れて逃げたい) is reduced to the
# words the directory can hold: the vocabulary's terms inside it, else its nouns. Scripts are read
# before katakana is folded to hiragana (a katakana word is a noun; hiragana after a kanji is an
# ending or a particle).
# Runs of kanji (``japanese.KANJI_CLASS``), of two katakana or more, of two letters or digits or
# more: compiled at the first phrase typed or in the window's pause after its first paint
# (``prepare``, ``gui.app``), not while it starts (the kanji class alone costs ``re`` ~0.8 ms).
_CONTENT_RUN = japanese.KANJI_CLASS + r"+|[\u30a1-\u30faー]{2,}|[a-z0-9]{2,}"
content_run = functools.cache(lambda: re.compile(_CONTENT_RUN))
prepare = content_run  # what gui.app calls once the window has painted
_HIRAGANA = re.compile(r"[\u3041-\u3096]")
_HIRAGANA_WORD = re.compile(r"[\u3041-\u3096ー]+")
# Hiragana that follows a noun (a particle), not a verb's or adjective's ending.
_PARTICLES = frozenset("をがにへではとものや")
# Endings and particles are short (られたくない, てほしい): a longer run of hiragana is not one.
_LONGEST_ENDING = 12  # につきまとわれている: a particle, a verb and its ending
# After a term: who acted (彼氏に殴られた), where from (夫から逃げたい), who she speaks of (彼氏が怖い)
# or who comes along (子どもを連れて逃げたい, 子どもと一緒に逃げたい). Not a bare と: it also marks
# whom she wants to talk to (弁護士と話したい: 弁護士 is the need), and ところ begins with it.
_WHO = ("を連れて", "をつれて", "と一緒に", "といっしょに", "に", "から", "が")
# A bare と after a child is who comes along too (子どもと逃げたい searched 子ども AND 逃げたい: no DV相談＋
# in its first five, session 16); a child is no one she asks to talk to.
_COMPANIONS = ("子ども", "子供", "こども", "息子", "娘")


def _comes_along(norm: str, start: int, term: str) -> bool:
    """``term`` at ``start`` is followed by a mark of who comes along (を連れて, と一緒に; と after a child)."""
    end = start + len(term)
    return norm.startswith(_WHO[:4], end) or (term in _COMPANIONS and norm.startswith("と", end))


_AFTER_NOUN = re.compile(r"(?<=[^\W\u3041-\u3096_])([\u3041-\u3096]+)")


def phrase_words(word: str, synonyms: SynonymTable) -> list[str]:
    """The words a typed phrase stands for (normalized), or ``[word]`` if it is not a phrase.

    A phrase is a word with hiragana after a kanji, katakana or letter that is not itself a term
    of the vocabulary: 住所を知られたくない → 住所; 子どもを連れて逃げたい → 子ども, 逃げたい;
    勝手に離婚届 → 離婚届 (with a term found, other nouns are left out: they would have to be in
    the same record too). A verb whose stem begins a term stands for that term's group
    (預けたい → 預け先). Every word kept lies inside the phrase or is a term, so a record holding the
    whole phrase still matches: reducing only widens, never loses a match.
    """
    raw = unicodedata.normalize("NFKC", word).casefold()
    norm = japanese.normalize(raw)
    if norm in synonyms.expansions:
        return [norm]
    if CHILD_ABUSE in synonyms.expansions and _child_harmed(norm):
        return [CHILD_ABUSE]  # 子どもが叩かれている: the child-abuse line, not what names 子ども and DV
    if cut := said_when(
        norm, synonyms.terms_longest_first(), synonyms.expansions
    ):  # 昨夜逃げてきた: 逃げてきた (search_when)
        return phrase_words((raw if len(raw) == len(norm) else norm)[cut:], synonyms)
    if inside := said_when_inside(norm, synonyms.terms_longest_first(), synonyms.expansions):
        return phrase_words(_without(raw if len(raw) == len(norm) else norm, inside), synonyms)  # 夫に昨日殴られた
    if not _is_phrase(raw):
        # Typed all in hiragana (けがをした): a phrase when it holds a term, reduced to its terms.
        if not _HIRAGANA_WORD.fullmatch(raw) or len(raw) < 3:
            return [norm]
        held = [t for t in synonyms.terms_longest_first() if t in norm and _HIRAGANA_WORD.fullmatch(t)]
        if not held:
            return [norm]
    found, covered = placed_terms(norm, synonyms.terms_longest_first(), raw if len(raw) == len(norm) else "")
    place_verb_phrases(norm, synonyms._derived("verbs", lambda: verb_stems(synonyms.expansions)), found, covered)
    found = _without_markers(found, norm)
    who = {s for s, t in found if norm.startswith(_WHO, s + len(t)) or _comes_along(norm, s, t)}  # _context_terms
    nouns: list[tuple[int, str]] = []
    stems: list[tuple[int, str]] = []
    for match in content_run().finditer(raw):
        start, end = match.span()
        if any(covered[start:end]):
            continue
        after = raw[end : end + 1]
        if japanese.is_kanji(match.group()) and _HIRAGANA.match(after) and after not in _PARTICLES:
            # A verb or adjective: 預けたい, 知られたくない, 怒鳴られて. Its stem (the kanji and the
            # first kana) begins a term: that term's group (預け → 預け先; 怒鳴ら → 怒鳴られる, a
            # verb term in another form). Two kanji or more without one: a noun (相談したい → 相談).
            group_term = synonyms.term_starting(norm[start : end + 1])
            verb = group_term is not None and (len(match.group()) == 1 or _HIRAGANA.match(group_term[-1]))
            if verb and group_term:
                stems.append((start, group_term))
                continue
            if len(match.group()) == 1:
                continue
        nouns.append((start, norm[start:end]))
    # A verb read through its stem is an act too: who comes along is then context (子どもを連れて逃げてきた).
    along = {start for start, term in found if stems and _comes_along(norm, start, term)}
    found = [(i, t) for i, t in _context_terms(found, who) if i not in along]
    kept = sorted(found + stems) if found or stems else nouns
    return [w for _, w in kept] or [norm]


CHILD_ABUSE = "虐待"

# An interpreter types English sentences (I was hit by my husband, he beats me). A word is matched
# inside the records' words (bigrams), so he, me, to found "Someone to go with you" (同行支援's need
# label) and put it first; my boyfriend hits me found the dating-DV leaflets (boyfriend AND hits).
# Left out of a sentence that has another word; typed alone a word is searched, and a term of the
# vocabulary always is (boyfriend alone: dating DV; help: a safety word).
ENGLISH_FUNCTION_WORDS = frozenset(
    "i me my mine myself you your he him his she her hers we us our they them their it its "
    "a an the to of in on at by for from with into about and or but so if than then "
    "is am are was were be been being do does did done have has had having "
    "can could will would shall should may might must not no don t s ll ve re m d "
    "this that these those there here where what when who whom which why how "
    "please want wants wanted need needs needed like get got go going just very really some any".split()
)
# Who he is, left out next to another word as in a Japanese phrase (彼氏に殴られた searches 殴られた):
# what he does is what she needs help with.
ENGLISH_PARTNER_WORDS = frozenset("husband husbands boyfriend partner ex wife girlfriend spouse".split())


def searched_words(text: str, synonyms: SynonymTable) -> list[str]:
    """The words what was typed is searched as (normalized): each typed word, or the words its phrase
    stands for (``phrase_words``); English function words left out when another word remains."""
    words = [w for typed in synonyms.split_words(text, True) for w in phrase_words(typed, synonyms)]
    words = [w for w in words if not _function_word(w, synonyms)] or words
    return [w for w in words if w not in ENGLISH_PARTNER_WORDS] or words


def _function_word(word: str, synonyms: SynonymTable) -> bool:
    return word in ENGLISH_FUNCTION_WORDS and word not in synonyms.expansions


# A child (が, は, を, も) to whom an act of violence is done, a few characters on: 子どもが叩かれている,
# 夫が子どもを叩く, 息子が父親に蹴られた, 子供が暴力を受けている. Not a child who comes along or
# watches (子どもを連れて, 子どもの前で: の), nor one who acts (子どもに叩かれた: に), nor one before
# whom it happens (子どもが見ている前で殴られた: 前), nor a child of whom something else is said first
# (子どもは無事だが夫に殴られた: another が or は between).
@functools.cache  # compiled at the first search, not at the start (tests/test_start_not_before_search.py)
def _child_harmed_pattern() -> re.Pattern[str]:
    return re.compile(
        "(?:子ども|子供|こども|息子|娘|児童)[がはをも]([^。、がは]{0,8}?)"
        "(?:殴|叩|蹴|たたか|たたい|たたく|なぐ|暴力|虐待|首を絞|突き飛ば)"
    )


def _child_harmed(norm: str) -> bool:
    found = _child_harmed_pattern().search(norm)
    return found is not None and "前" not in found.group(1) and not found.group(1).startswith("連れ")


def _without(text: str, span: tuple[int, int]) -> str:
    """``text`` without ``span`` (a time word inside it: 家を今朝出てきた → 家を出てきた)."""
    return text[: span[0]] + text[span[1] :]


def _without_markers(found: list[tuple[int, str]], norm: str) -> list[tuple[int, str]]:
    """The terms but one inside the words that mark who comes along (子どもと一緒に逃げたい: 一緒に is
    no request to be accompanied, 同行)."""
    marks = {
        i
        for s, t in found
        for m in _WHO[:4]
        if norm.startswith(m, s + len(t))
        for i in range(s + len(t), s + len(t) + len(m))
    }
    return [(s, t) for s, t in found if s not in marks]


def _context_terms(found: list[tuple[int, str]], who: set[int]) -> list[tuple[int, str]]:
    """A term marked by に or から names who acts or where she comes from (彼氏に殴られた,
    夫から逃げたい): context, like a plain noun, when the phrase also holds a term that is a verb or
    an adjective (ending in hiragana: 殴られた, 逃げたい, 怖い) — what happened is what she needs.
    Kept both, 彼氏 AND 殴られた found only a card that names both (dating DV is prevention)."""
    acts = any(i not in who and _is_act(t) for i, t in found)
    return [(i, t) for i, t in found if i not in who] if acts else found


# How a verb or an adjective ends (逃げる, 逃げたい, 殴られた, 怖い, 連れて); a noun written in kana
# ends otherwise (子ども, けが, ひきこもり), and is no act: 子どもが心配 keeps 子ども.
_ACT_ENDINGS = frozenset("いうくぐすずつぬぶむるたてだ")


def _is_act(term: str) -> bool:
    return term[-1] in _ACT_ENDINGS


def _is_phrase(raw: str) -> bool:
    """Hiragana after a kanji, katakana or letter that ends the word (an ending: 逃げたい) or holds
    a particle other than の. Not a phrase: a compound with okurigana (子育て支援課) or a noun
    phrase joined by の (生活保護の申請, 戸籍の附票), which names one thing as a whole."""
    runs = list(_AFTER_NOUN.finditer(raw))
    if any(len(m.group(1)) > _LONGEST_ENDING for m in runs):
        return False  # not an ending: text it does not understand (a page pasted by mistake)
    return any(m.end() == len(raw) or set(m.group(1)) & _PARTICLES - {"の"} for m in runs)


def typed_words(text_query: str, synonyms: SynonymTable) -> list[list[list[str]]]:
    """For each typed word (a phrase: each word it stands for), its options (itself, then its
    synonyms), each as its word runs. Kept per table (a keystroke asks several times): read only."""
    known: dict[str, list[list[list[str]]]] = synonyms._derived("typed", dict)
    if text_query not in known:
        if len(known) > 4096:
            known.clear()
        words = []
        for word in searched_words(text_query, synonyms):
            word = synonyms.ties.get(word, word)  # じゅうみんひょう is searched as 住民票 (then its group)
            own = japanese.word_runs(word)
            if own:
                alternatives = (japanese.word_runs(alt) for alt in synonyms.spellings(word))
                words.append([own, *(runs for runs in alternatives if runs)])
        known[text_query] = words
    return known[text_query]


def words_expression(words: list[list[list[str]]]) -> str | None:
    """Every word must match, through any of its options; an option matches when all its runs do."""
    # Kept: one keystroke asks for the same words' expression a few dozen times (each lookup).
    return _expression(tuple(tuple(tuple(runs) for runs in options) for options in words))


@functools.lru_cache(maxsize=1024)
def _expression(words: tuple[tuple[tuple[str, ...], ...], ...]) -> str | None:
    clauses = []
    for options in words:
        exprs = []
        for runs in needed_options(options):
            parts = [japanese.phrase_for(run) for run in runs]
            exprs.append(parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")")
        clauses.append(exprs[0] if len(exprs) == 1 else "(" + " OR ".join(exprs) + ")")
    return " AND ".join(clauses) if clauses else None


def needed_options(options: Sequence[Sequence[str]]) -> list[Sequence[str]]:
    """``options`` (each a word's runs, all of which must match) without those another one already
    finds: an option matches a record when each of its runs lies inside one of the record's word
    runs (a phrase of consecutive bigrams, a one-character prefix), so an option every run of which
    holds all the runs of another (法律相談, 無料法律相談 beside 法律; legal advice beside legal) never
    matches a record the other does not. The OR finds the same records with fewer phrases: each
    phrase reads its tokens' whole doclists (相談 in a dozen of 法律相談's 25 options), whatever
    the other phrases found. Kept in their order; of two that find the same, the first."""
    kept: list[tuple[int, Sequence[str]]] = []
    for n, option in enumerate(options):
        if any(_covers(other, option) for _, other in kept):
            continue
        kept = [(i, other) for i, other in kept if not _covers(option, other)]
        kept.append((n, option))
    return [option for _, option in sorted(kept, key=lambda pair: pair[0])]


def _covers(wider: Sequence[str], narrower: Sequence[str]) -> bool:
    """Whether every record ``narrower`` matches is matched by ``wider``: each of its runs lies in one of narrower's."""
    return all(any(run in other for other in narrower) for run in wider)


def match_expression(text_query: str, synonyms: SynonymTable) -> str | None:
    """The FTS5 MATCH expression for what was typed, or None if nothing searchable was typed."""
    return words_expression(typed_words(text_query, synonyms))


def found_in(field: str, words: list[list[list[str]]]) -> bool:
    """What the index's phrase match means, checked on one field's text: every word has an
    option whose runs all lie inside the field's word runs."""
    field_runs = japanese.word_runs(field)
    return all(any(all(any(run in f for f in field_runs) for run in option) for option in options) for options in words)


# The fallback (issue 14.1): a sentence a client says may hold no word the vocabulary knows
# (夫が酒を飲むと暴れる), and all its nouns together (夫 AND 酒) are in no record. Its content words
# are then searched one by one (app.desk_search), each with the ranking's rules, and said on screen.
MAX_FALLBACK_WORDS = 4  # each is one search: a keystroke stays within its budget
# Kanji that stand for no need on their own: the verbs and nouns of any sentence (言われた → 言 would
# find 言語; 思う, 何 …). A one-kanji word is searched as a prefix (暴 finds 暴力), so one of these
# would only add noise. A term of the vocabulary is always kept.
_GENERIC = frozenset("言思行来見出入私人事物何時方今日度手取切感")
_GENERIC_WORDS = frozenset({"自分", "全部", "毎回", "今日", "何度", "本当", "毎日"})
# Who a client means by "he" at a DV desk: a spouse (also without marriage, and a former one) or a
# partner she lives with — the persons of 配偶者暴力防止法 (第1条, 第28条の2). A sentence about what
# one of them does (an act: a verb) that the vocabulary does not know speaks of DV: the need word
# DV is searched first (its lines first: safety), and said on screen like every word searched.
PARTNER_WORDS = (
    *("元夫", "夫", "主人", "旦那", "だんな", "彼氏", "元彼", "彼"),
    *("恋人", "交際相手", "相手", "配偶者", "パートナー", "ぱーとなー"),
)
DV_WORD = "DV"
# The forms of DV as the Cabinet Office's gender-equality bureau lists them (身体的: 物を投げつける,
# 突き飛ばす, 首を絞める, 髪を引っ張る; 精神的: 大声でどなる, 無視する, 電話や手紙を細かく監視する, 物を
# 壊す; 経済的: 仕事を辞めさせる; 性的: 性行為や中絶を強要する, 避妊に協力しない), as the stems a
# sentence holds: no record says them, so a sentence holding one is searched as DV (on screen too).
DV_ACTS = (
    *("投げつけ", "突き飛ば", "絞め", "引っ張", "暴れ", "大声", "無視", "監視"),
    *("壊さ", "壊す", "壊れ", "辞めさせ", "強要", "避妊"),
)


def fallback_words(text: str, synonyms: SynonymTable) -> list[str]:
    """The content words of what was typed, as typed (in its order, at most ``MAX_FALLBACK_WORDS``):
    the vocabulary's terms inside it, a verb through the term its stem begins (預けたい → 預け先) or
    else its kanji (暴れる → 暴, searched as a prefix), the nouns (kanji, katakana or letter runs;
    particles, endings and everyday kanji left out); first DV when it says what a partner does, and
    DV alone when it names only him.
    Empty when there is nothing to search apart from what the words themselves searched."""
    found: list[str] = []
    acts = False
    for typed in synonyms.split_words(text, True):
        words, act = _content_words(typed, synonyms)
        found += words
        acts = acts or act
    partners = {japanese.normalize(p) for p in PARTNER_WORDS}
    norm = japanese.normalize(text)
    if (acts and any(p in norm for p in partners)) or any(japanese.normalize(a) in norm for a in DV_ACTS):
        # What he does is what she needs help with: the partner is context (like _context_terms).
        found = [DV_WORD] + [w for w in found if japanese.normalize(w) not in partners]
    elif found and all(japanese.normalize(w) in partners for w in found):
        # Nothing but who he is (夫, 元夫, 旦那 typed alone): at this desk she speaks of him.
        found = [DV_WORD]
    found = [w for w in found if w not in ENGLISH_PARTNER_WORDS] or found  # my husband hits me: hits
    words = list(dict.fromkeys(w for w in found if w.strip()))[:MAX_FALLBACK_WORDS]
    searched = set(searched_words(text, synonyms))
    return [] if len(words) <= 1 and {japanese.normalize(w) for w in words} <= searched else words


def searches_only_partner(text: str, synonyms: SynonymTable) -> bool:
    """Whether every word the phrase searches names who he is (相手から逃れたい searches 相手 alone):
    what that finds is his (相手方の健康保険 …), not what she asks for; her content words lead then
    (``app.desk_search``). On the query sets it changes this one kind of sentence only."""
    searched = set(searched_words(text, synonyms))
    return bool(searched) and searched <= {japanese.normalize(p) for p in PARTNER_WORDS}


def _content_words(word: str, synonyms: SynonymTable) -> tuple[list[str], bool]:
    """The content words of one typed word (as typed), and whether it holds an act (a verb)."""
    raw = unicodedata.normalize("NFKC", word).casefold()
    norm = japanese.normalize(raw)
    terms = synonyms.terms_longest_first()
    if norm in synonyms.expansions:
        name = synonyms.ties.get(norm, norm)
        if not synonyms.spellings_only(name):
            return [raw], _is_act(norm)
        # A name known only with its own spellings (保険年金課 = ほけんねんきんか), typed either way: its
        # words are searched, as before it had a reading (where no department bears it, it found nothing).
        terms = [t for t in terms if t != name and t not in synonyms.alternatives(name)]
    elif cut := said_when(norm, terms, synonyms.expansions):
        return _content_words((raw if len(raw) == len(norm) else norm)[cut:], synonyms)
    elif inside := said_when_inside(norm, terms, synonyms.expansions):
        return _content_words(_without(raw if len(raw) == len(norm) else norm, inside), synonyms)
    if any(len(m.group(1)) > _LONGEST_ENDING for m in _AFTER_NOUN.finditer(raw)):
        return [], False  # text it does not understand (a page pasted by mistake): as _is_phrase
    placed, covered = placed_terms(norm, terms, raw if len(raw) == len(norm) else "")
    place_verb_phrases(norm, synonyms._derived("verbs", lambda: verb_stems(synonyms.expansions)), placed, covered)
    placed = _without_markers(placed, norm)
    words = [(i, raw[i : i + len(t)] if norm.startswith(t, i) else t) for i, t in placed]  # 家を出てきた: 家を出たい
    # A name known only with its own spellings inside a sentence (保険年金課に行きたい): the name, then its
    # words, as when it is typed alone (where no department bears it, the name alone found nothing).
    words += [(i, w) for i, t in words if _name_only(t, synonyms) for w in _content_words(t, synonyms)[0]]
    acts = any(_is_act(term) for _, term in placed)
    for match in content_run().finditer(raw):
        start, end = match.span()
        run = match.group()
        if any(covered[start:end]):
            continue
        after = raw[end : end + 1]
        if japanese.is_kanji(run) and _HIRAGANA.match(after) and after not in _PARTICLES:
            acts = True
            term = synonyms.term_starting(norm[start : end + 1])  # 預け → 預け先, 怒鳴ら → 怒鳴られる
            if term is not None:
                words.append((start, term))
                continue
        if (len(run) == 1 and run in _GENERIC) or run in _GENERIC_WORDS or _function_word(run, synonyms):
            continue
        words.append((start, run))
    return [w for _, w in sorted(words, key=lambda w: w[0])], acts


def _name_only(typed: str, synonyms: SynonymTable) -> bool:
    """Whether ``typed`` is a name known only with its own spellings, or one of them (ほけんねんきんか)."""
    norm = japanese.normalize(typed)
    return norm in synonyms.expansions and synonyms.spellings_only(synonyms.ties.get(norm, norm))
