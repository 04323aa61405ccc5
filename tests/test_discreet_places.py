"""The discreet copy lists a place once, whatever its services are called — but never at the cost
of a number: two lines of one department without discreet wording both print as 「…のご案内」,
and when they differ in phone or hours each is kept (a counselor's tryout lost the second one)."""

from dvdesk.domain import checklist as cl
from dvdesk.domain.disclosure import Audience, checklist_for
from dvdesk.printing.checklist_html import build_checklist

DEPT = cl.Department("test.dept", "テスト課")


def service(key, name, phone, hours="", discreet_name=""):
    return cl.ChecklistItem(
        kind=cl.ItemKind.SERVICE,
        key=key,
        name=name,
        department=DEPT,
        discreet_name=discreet_name,
        phone=phone,
        hours=hours,
    )


def places(*groups):
    return cl.Checklist("162027", "高岡市", contacts=tuple(cl.ContactGroup(k, k, tuple(s)) for k, s in groups))


def test_two_lines_of_one_department_with_different_numbers_both_reach_the_discreet_copy():
    checklist = places(
        ("safety", [service("a", "夜間の電話相談", "0766-00-1111", "夜間")]),
        ("money", [service("b", "生活費の相談", "0766-00-2222", "平日")]),
    )
    printable = checklist_for(checklist, Audience.CLIENT, discreet=True)
    shown = [(i.name, i.phone, i.hours) for g in printable.checklist.contacts for i in g.services]
    assert shown == [("テスト課のご案内", "0766-00-1111", "夜間"), ("テスト課のご案内", "0766-00-2222", "平日")]
    html = build_checklist(printable).html
    assert "0766-00-1111" in html and "0766-00-2222" in html and "夜間" in html and "平日" in html


def test_the_same_place_under_several_needs_or_a_line_that_adds_nothing_is_listed_once():
    same = service("a", "相談室", "0766-00-1111", "平日")
    checklist = places(("safety", [same]), ("money", [same, service("c", "別の窓口", "", "")]))
    printable = checklist_for(checklist, Audience.CLIENT, discreet=True)
    shown = [(i.name, i.phone) for g in printable.checklist.contacts for i in g.services]
    assert shown == [("テスト課のご案内", "0766-00-1111")]  # the line without a number adds nothing


def test_both_lines_reach_the_pdf(qapp, tmp_path):
    from checklist_support import pdf_text
    from dvdesk.printing.qt_render import write_pdf

    checklist = places(
        ("safety", [service("a", "夜間の電話相談", "0766-00-1111", "夜間")]),
        ("money", [service("b", "生活費の相談", "0766-00-2222", "平日")]),
    )
    path = tmp_path / "discreet.pdf"
    write_pdf(path, build_checklist(checklist_for(checklist, Audience.CLIENT, discreet=True)))
    text = pdf_text(path)
    assert "0766-00-1111" in text and "0766-00-2222" in text
    assert "夜間の電話相談" not in text and "生活費の相談" not in text  # still discreet
