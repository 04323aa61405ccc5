"""A place's phone numbers each carry their own hours on the printout: a department's hours
printed beside a service's own number (a line open at any hour) told her when it was "closed"."""

import re

from dvdesk.domain import checklist as cl
from dvdesk.domain.directory_views import ContactView, OrganizationView, SourceView
from dvdesk.domain.disclosure import Audience, checklist_for
from dvdesk.domain.record_kinds import Confidentiality
from dvdesk.printing.checklist_html import build_checklist


def contact(phone: str, hours: str) -> ContactView:
    return ContactView("", phone, "", "", hours, "", "", Confidentiality.PUBLIC)


def department(*contacts: ContactView) -> cl.Department:
    org = OrganizationView(
        1, "test.dept", "テスト課", "", "municipal", "高岡市", "", "", "", Confidentiality.PUBLIC, "",
        contacts, SourceView("テスト", "", None, ""),
    )  # fmt: skip
    return cl.Department("test.dept", "テスト課", organization=org)


def places_line(item: cl.ChecklistItem) -> str:
    checklist = cl.Checklist("162027", "高岡市", contacts=(cl.ContactGroup("safety", "安全", (item,)),))
    html = build_checklist(checklist_for(checklist, Audience.CLIENT)).html
    return re.sub(r"<[^>]+>", "", html.split("電話:", 1)[1].split("</p>", 1)[0])


def service(phone: str, hours: str, dept: cl.Department) -> cl.ChecklistItem:
    return cl.ChecklistItem(
        kind=cl.ItemKind.SERVICE, key="s", name="夜間の電話相談", department=dept, phone=phone, hours=hours
    )


def test_the_departments_hours_follow_its_own_number_not_the_services():
    dept = department(contact("0766-00-2222", "平日 8:30〜17:15"))
    line = places_line(service("0120-000-111", "", dept))
    assert line.strip() == "0120-000-111、0766-00-2222（受付時間: 平日 8:30〜17:15）"


def test_each_number_with_its_own_hours():
    dept = department(contact("0766-00-2222", "平日 8:30〜17:15"))
    line = places_line(service("0120-000-111", "24時間", dept))
    assert line.strip() == "0120-000-111（受付時間: 24時間）、0766-00-2222（受付時間: 平日 8:30〜17:15）"


def test_one_number_keeps_the_plain_form_and_the_same_number_takes_the_departments_hours():
    dept = department(contact("0766-00-2222", "平日 8:30〜17:15"))
    assert places_line(service("0766-00-2222", "", dept)).strip() == "0766-00-2222　受付時間: 平日 8:30〜17:15"
    assert places_line(service("", "", dept)).strip() == "0766-00-2222　受付時間: 平日 8:30〜17:15"
    assert places_line(service("0120-000-111", "24時間", department())).strip() == "0120-000-111　受付時間: 24時間"


def labelled(label: str, phone: str, hours: str) -> ContactView:
    return ContactView(label, phone, "", "", hours, "", "", Confidentiality.PUBLIC)


def test_a_window_without_a_number_keeps_its_hours_to_itself_beside_the_services_own_number():
    # found by hx-try15: a shelter service's own number printed as 「電話: 0766-20-1234　受付時間: 月〜水・金
    # 9:30〜16:30」, the hours of the centre's 相談室 (which has no number on record) read as the line's
    dept = department(labelled("相談室", "", "月〜水・金 9:30〜16:30"))
    line = places_line(service("0766-20-1234", "", dept))
    assert line.strip() == "0766-20-1234　相談室（受付時間: 月〜水・金 9:30〜16:30）"
    unnamed = places_line(service("0766-20-1234", "", department(contact("", "平日 8:30〜17:15"))))
    assert unnamed.strip() == "0766-20-1234　窓口（受付時間: 平日 8:30〜17:15）"


def test_a_window_without_a_number_still_gives_its_hours_when_the_service_has_no_number():
    dept = department(labelled("相談室", "", "月〜水・金 9:30〜16:30"))
    html = build_checklist(
        checklist_for(
            cl.Checklist("162027", "高岡市", contacts=(cl.ContactGroup("safety", "安全", (service("", "", dept),)),)),
            Audience.CLIENT,
        )
    ).html
    assert "受付時間:</b> 月〜水・金 9:30〜16:30" in html


def test_the_same_number_written_another_way_is_one_number_with_the_departments_hours():
    # found by hx-try15: the form stores a number as typed (０７６６－２０－１２２２, (0766)20-1222), the
    # sheet import as 0766-20-1222: one line printed twice, the service's copy without its hours
    for written in ("０７６６－２０－１２２２", "(0766)20-1222", "0766201222"):
        dept = department(contact(written, "平日 8:30〜17:15"))
        assert places_line(service("0766-20-1222", "", dept)).strip() == "0766-20-1222　受付時間: 平日 8:30〜17:15"


def test_a_number_written_in_full_width_is_the_same_line_for_the_desk():
    from dvdesk.domain.directory_views import phone_key

    assert phone_key("０７６６－２０－１２２２") == phone_key("0766-20-1222") == phone_key("(0766)20-1222")
    assert phone_key("＃８００８") == phone_key("#8008")
