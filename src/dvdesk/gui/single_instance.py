"""One desk per user and data: a second start brings the open window to the front and ends.

Two windows on one SQLite file are two writers the counselor does not know about (an edit made in
the hidden one, a backup taken twice). The first dvdesk to start holds a lock file
(``QLockFile``, which Qt clears when the process that held it is gone: a crash does not block
the next start) from its first moment, and listens on a local socket (``QLocalServer``: a named
pipe on Windows, a socket file on Linux) once its window has painted (``listen``): QtNetwork
costs ~20 ms of CPU that the window's first paint need not wait for. A later start cannot take
the lock: it connects, asks the first to come to the front, and ends. While the first is still
building its window (not listening yet) the later one waits for it, up to ``PATIENCE_S``, and
takes the lock itself if the first ends meanwhile. When the first cannot be reached in that time
(it hangs, or waits on a dialog before its window), or does not answer (its window froze after it
opened: the socket still accepts the request, nobody reads it) the caller tells her so in Japanese
and ends all the same: never a second window on the same data.

Both are keyed on the user and the data (``instance_key``): another user of the PC, or a test's
own folder, is another desk.
"""

from __future__ import annotations

import enum
import logging
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDir, QLockFile, QObject, Signal
from PySide6.QtWidgets import QWidget

from dvdesk import paths, sha256

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer  # imported when listening or asking (see module doc)

log = logging.getLogger(__name__)

RAISE = b"raise\n"
RAISED = b"raised\n"  # the first's answer: a desk that froze after it opened reads nothing, answers nothing
CONNECT_MS = 1000  # per try; the first desk answers from its event loop
# The first listens once its window has painted: a later start waits that long for it. A start
# on a large or busy PC paints within seconds; a first start that fills the database, or one
# waiting on a dialog, may not listen in this time and the later start says so.
PATIENCE_S = 20.0
RETRY_S = 0.2


class Claim(enum.Enum):
    FIRST = "first"  # this process is the desk; it listens for later starts
    RAISED = "raised"  # another desk is open and was asked to come to the front: end quietly
    UNREACHABLE = "unreachable"  # another desk holds the lock but did not answer: say so, end
    UNGUARDED = "unguarded"  # no lock could be made (temp folder unusable): start, unguarded


# getpass.getuser()'s own order; then, as it does, the password database (pwd), without getpass
# itself (termios); getpass only where there is no pwd (Windows, where it says none is set).
_USER_VARIABLES = ("LOGNAME", "USER", "LNAME", "USERNAME")


def _user() -> str:
    for name in _USER_VARIABLES:
        if user := os.environ.get(name):
            return user
    try:
        import pwd
    except ImportError:
        import getpass

        return getpass.getuser()
    return pwd.getpwuid(os.getuid()).pw_name


def instance_key() -> str:
    """The user and the data she opens (the data folder and the database, ``DVDESK_DB``), hashed
    into a name short enough for a socket path."""
    try:
        user = _user()
    except Exception:  # no user name in the environment (a service account): the home folder
        user = str(Path.home())
    where = f"{user}\0{paths.data_dir().resolve()}\0{os.environ.get('DVDESK_DB', '')}"
    return "dvdesk-" + sha256.hexdigest(where.encode("utf-8", "surrogatepass"))[:20]


class InstanceGuard(QObject):
    """``claim()`` once at start, ``listen()`` once the window is up; the desk connects
    ``raise_requested`` to bring its window up."""

    raise_requested = Signal()

    def __init__(self, key: str, lock_folder: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.key = key
        folder = lock_folder or Path(QDir.tempPath())
        self._lock = QLockFile(str(folder / f"{key}.lock"))
        self._lock.setStaleLockTime(0)  # held for the whole session: never "stale" by age, only by a dead owner
        self._server: QLocalServer | None = None

    def claim(self) -> Claim:
        """FIRST holds the lock (call ``listen`` once the window is up); RAISED: another desk was
        asked to come to the front; UNREACHABLE: another holds the lock and did not answer within
        ``PATIENCE_S``; UNGUARDED: no lock file could be written."""
        if self._lock.tryLock(0):
            return Claim.FIRST
        if self._lock.error() != QLockFile.LockError.LockFailedError:  # could not even write the lock file
            log.warning("single-instance lock unusable (%s): starting unguarded", self._lock.error().name)
            return Claim.UNGUARDED
        deadline = time.monotonic() + PATIENCE_S
        while True:
            if self._ask_to_raise():
                log.info("another dvdesk is open on this data: asked it to come to the front")
                return Claim.RAISED
            if self._lock.tryLock(0):  # the other one ended meanwhile
                return Claim.FIRST
            if time.monotonic() >= deadline:
                break
            time.sleep(RETRY_S)  # before the event loop: nothing on screen waits for us
        log.warning("another dvdesk holds the lock but does not answer")
        return Claim.UNREACHABLE

    @property
    def listening(self) -> bool:
        return self._server is not None

    def listen(self) -> None:
        """Answer later starts from now on (the lock is ours: ``claim`` gave FIRST). Once; a
        failure is logged and the desk goes on (a later start then says it cannot reach us)."""
        if self._server is not None or not self._lock.isLocked():
            return
        from PySide6.QtNetwork import QLocalServer

        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)  # this user only
        QLocalServer.removeServer(self.key)  # a socket file left by a crash (we hold the lock: not a live one)
        if not server.listen(self.key):
            log.warning("cannot listen for later starts: %s", server.errorString())
            return
        server.newConnection.connect(self._answer)
        self._server = server

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock.isLocked():
            self._lock.unlock()

    def _answer(self) -> None:
        """A later start: read its one short request here (it was written before it connected
        away), then close. The closed sockets stay children of the server until it closes: one
        per later start, and no deferred deletion racing the guard's own end."""
        server, asked = self._server, False
        while server is not None and (socket := server.nextPendingConnection()) is not None:
            if socket.bytesAvailable() or socket.waitForReadyRead(CONNECT_MS):
                if bytes(socket.readAll().data()).startswith(RAISE):
                    asked = True
                    socket.write(RAISED)
                    # The later start closes once it has read this (a pipe closed from this end
                    # first may drop what it had not read yet, on Windows).
                    if socket.waitForBytesWritten(CONNECT_MS):
                        socket.waitForDisconnected(CONNECT_MS)
            socket.abort()
        if asked:
            self.raise_requested.emit()

    def _ask_to_raise(self) -> bool:
        from PySide6.QtNetwork import QLocalSocket

        socket = QLocalSocket()
        socket.connectToServer(self.key)  # fails at once while the first is not listening yet
        if not socket.waitForConnected(CONNECT_MS):
            return False
        socket.write(RAISE)
        # Written is not heard: a desk frozen after it opened has its socket accept and buffer the
        # request all the same. Only its answer, sent from its event loop, means it will come forward.
        heard = socket.waitForBytesWritten(CONNECT_MS) and (
            socket.bytesAvailable() or socket.waitForReadyRead(CONNECT_MS)
        )
        answer = bytes(socket.readAll().data()) if heard else b""
        socket.abort()
        return answer.startswith(RAISED)


def bring_to_front(window: QWidget) -> None:
    """The open desk, asked by a later start: restored if minimized, raised, given the focus."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


def guard_or_explain(key: str | None = None) -> tuple[InstanceGuard | None, int]:
    """The guard when this process is to be the desk; else (None, exit code), after telling her in
    Japanese when the open desk could not be brought to the front."""
    guard = InstanceGuard(key or instance_key())
    claim = guard.claim()
    if claim in (Claim.FIRST, Claim.UNGUARDED):
        return guard, 0
    if claim is Claim.RAISED:
        return None, 0
    from dvdesk.gui import error_dialogs

    error_dialogs.show_error(
        None,
        QCoreApplication.translate(
            "App",
            "dvdesk はすでに起動しています。開いている dvdesk の画面をタスクバーから選んでください。"
            "同じデータを二つの画面で同時に変更しないよう、この起動は終了します。",
        ),
        detail=QCoreApplication.translate(
            "App", "開いている画面が見つからないときは、パソコンを再起動してから dvdesk を起動してください。"
        ),
    )
    return None, 1
