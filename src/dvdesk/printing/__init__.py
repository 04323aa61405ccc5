"""Printouts as HTML, without Qt: the checklist (client and staff copy) and the referral slip.

Every builder here takes a ``disclosure.Printable`` — what ``disclosure.checklist_for`` made —
so nothing can be printed without passing the one client-copy filter. Drawing the HTML on a
printer or into a PDF is ``dvdesk.printing.qt_render``, the one module here that imports Qt.
"""
