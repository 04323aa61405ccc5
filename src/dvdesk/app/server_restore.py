"""``dvdesk server-restore``: a server backup put back without giving a referral number twice.

A referral's number (``referrals add`` prints it, ``referrals status N`` and ``queue move N`` take it)
comes from the server's sequence. ``pg_restore`` of a dump sets that sequence back to where it stood
when the dump was taken: the referrals recorded since leave the log, and the next referral takes the
number of one of them — the number a counselor holding its slip moves it by (the SQLite restore keeps
the highest number given: ``storage.referral_numbers``). The restore therefore runs as one
transaction (``psql --single-transaction``) that reads the highest number the database gave
(``PRELUDE``: its sequence, its referrals, under a lock no desk's record passes), restores, and sets
the sequence above the higher of that and the backup's (``EPILOGUE``); any failure rolls it all back.
The change counter (``meta.change_count``) goes forward the same way: a desk keeps what it read
while the counter stays the same (its search vocabulary, its local copy), and a counter set back and
counted up again to the value it had seen would leave it reading the directory of before the restore.
"""

from __future__ import annotations

from sqlalchemy import text

_CHANGES = """
    IF to_regclass('public.meta') IS NOT NULL THEN
        EXECUTE 'SELECT coalesce(max(value::bigint), 0) FROM public.meta '
                'WHERE key = ''change_count'' AND value ~ ''^[0-9]{1,18}$''' INTO n;
        c := GREATEST(c, n);
    END IF;
"""

_HIGHEST = """
    IF to_regclass('public.referrals') IS NOT NULL THEN
        EXECUTE 'SELECT coalesce(max(id), 0) FROM public.referrals' INTO n;
        g := GREATEST(g, n);
        seq := pg_get_serial_sequence('public.referrals', 'id');
        IF seq IS NOT NULL THEN
            EXECUTE format('SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM %s', seq) INTO n;
            g := GREATEST(g, n);
        END IF;
    END IF;
    IF to_regclass('public.meta') IS NOT NULL THEN
        EXECUTE 'SELECT coalesce(max(value::bigint), 0) FROM public.meta '
                'WHERE key = ''referrals.highest_id_given'' AND value ~ ''^[0-9]{1,18}$''' INTO n;
        g := GREATEST(g, n);
    END IF;
"""


def prelude(floor: int) -> str:
    """Before the restore's SQL: the highest number given so far (at least ``floor``), kept aside."""
    return f"""
CREATE TEMP TABLE dvdesk_numbers_given (n bigint, c bigint) ON COMMIT DROP;
DO $$
DECLARE g bigint := {int(floor)}; c bigint := 0; n bigint; seq text;
BEGIN
    IF to_regclass('public.referrals') IS NOT NULL THEN
        LOCK TABLE public.referrals IN SHARE ROW EXCLUSIVE MODE;  -- no desk records one in between
    END IF;
{_HIGHEST}
{_CHANGES}
    INSERT INTO dvdesk_numbers_given VALUES (g, c);
END $$;
"""


EPILOGUE = f"""
DO $$
DECLARE g bigint; c bigint; n bigint; seq text;
BEGIN
    SELECT max(t.n), max(t.c) INTO g, c FROM pg_temp.dvdesk_numbers_given t;
{_HIGHEST}
{_CHANGES}
    IF to_regclass('public.meta') IS NOT NULL THEN
        INSERT INTO public.meta (key, value) VALUES ('change_count', (c + 1)::text)
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;
    END IF;
    seq := pg_get_serial_sequence('public.referrals', 'id');
    IF seq IS NULL THEN
        RAISE EXCEPTION 'dvdesk: the backup holds no referral table';
    END IF;
    IF g > 0 THEN
        PERFORM setval(seq, g, true);
    END IF;
    RAISE NOTICE 'dvdesk-highest-given %', g;
END $$;
"""

FAILED = "DO $$ BEGIN RAISE EXCEPTION 'dvdesk: the backup could not be read whole'; END $$;\n"


def highest_given(url: str) -> int:
    """The highest referral number the server database ``url`` gave (0: none, or no dvdesk tables),
    whatever its dvdesk revision."""
    from dvdesk.app.server_backup import server_connection

    with server_connection(url) as conn:
        if conn.execute(text("SELECT to_regclass('public.referrals')")).scalar() is None:
            return 0
        found = [int(conn.execute(text("SELECT coalesce(max(id), 0) FROM referrals")).scalar_one())]
        seq = conn.execute(text("SELECT pg_get_serial_sequence('referrals', 'id')")).scalar()
        if seq is not None:
            last, called = conn.execute(text(f"SELECT last_value, is_called FROM {seq}")).one()
            found.append(int(last) if called else int(last) - 1)
        if conn.execute(text("SELECT to_regclass('public.meta')")).scalar() is not None:
            note = conn.execute(text("SELECT value FROM meta WHERE key = 'referrals.highest_id_given'")).scalar()
            if note is not None and str(note).strip().isdigit():
                found.append(int(str(note).strip()))
        return max(found)


def set_up_again(url: str) -> None:
    """After the restore: the current revision, the search vocabulary and the roles' grants
    (``server-setup`` without loading the bundle: the backup's directory is the one wanted)."""
    from dvdesk.storage import server_setup

    server_setup.prepare(url, fill=False).close()
