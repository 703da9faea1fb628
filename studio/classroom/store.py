"""The class's record, kept in SQLite under STUDIO_HOME: what survives a restart of the server.

Shared: one store per process (the Workspace holds it). Rows name a learner by their owner
hash (`LearnerSession.owner`), never by the id their page holds. What it keeps:

- `sessions`: each learner seen, with the name they vote under;
- `questions`, `columns`: every question a learner asked and each column's answer with its provenance;
- `class_questions`, `votes`: the instructor's questions of the moment and the class's predictions
  (one per learner name and question: a second vote replaces the first);
- `trainings`, `evaluations`: the adapters learners trained (with their cards) and the scoreboards they ran.

Durability: WAL with synchronous=NORMAL, so a committed write is in the log file before the call
returns and survives the server being killed (only a power cut can lose the last commits); a
busy timeout lets the CLI and the server share the file. The schema moves by ordered, named
migrations, each applied in one transaction and recorded in the database itself. A damaged file
is reported in one line and never overwritten. Python's own `sqlite3` does the job: no ORM.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import StudioError

STORE_FILE = "studio.sqlite3"
BUSY_TIMEOUT_MS = 10_000

# Ordered and append-only: a released migration is never edited, a change is a new one.
MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "0001_sessions_questions_votes",
        """
        CREATE TABLE sessions (learner TEXT PRIMARY KEY, name TEXT, first_seen REAL NOT NULL, last_seen REAL NOT NULL);
        CREATE TABLE questions (
            id INTEGER PRIMARY KEY, learner TEXT NOT NULL, at REAL NOT NULL, question TEXT NOT NULL, source TEXT NOT NULL
        );
        CREATE TABLE columns (
            question INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE, position INTEGER NOT NULL,
            label TEXT NOT NULL, answer TEXT NOT NULL, provenance TEXT NOT NULL, PRIMARY KEY (question, position)
        );
        CREATE TABLE class_questions (
            id INTEGER PRIMARY KEY, at REAL NOT NULL, question TEXT NOT NULL, scenario TEXT, item TEXT,
            kind TEXT, choices TEXT NOT NULL, revealed_at REAL
        );
        CREATE TABLE votes (
            class_question INTEGER NOT NULL REFERENCES class_questions(id), name TEXT NOT NULL, shown_name TEXT NOT NULL,
            learner TEXT NOT NULL, prediction TEXT NOT NULL, at REAL NOT NULL, PRIMARY KEY (class_question, name)
        );
        CREATE TABLE trainings (
            id INTEGER PRIMARY KEY, learner TEXT NOT NULL, adapter TEXT NOT NULL, at REAL NOT NULL, outcome TEXT NOT NULL,
            card TEXT
        );
        CREATE INDEX questions_by_learner ON questions(learner);
        CREATE INDEX votes_by_learner ON votes(learner);
        """,
    ),
    (
        "0002_outcomes_and_evaluations",
        """
        ALTER TABLE class_questions ADD COLUMN outcome TEXT;
        ALTER TABLE votes ADD COLUMN changes INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE evaluations (
            id INTEGER PRIMARY KEY, learner TEXT NOT NULL, at REAL NOT NULL, scenario TEXT NOT NULL,
            experiment TEXT NOT NULL, report TEXT NOT NULL
        );
        CREATE INDEX evaluations_by_learner ON evaluations(learner);
        """,
    ),
)


class StoreError(StudioError):
    """The database cannot be used as it is (damaged, newer than this studio, unwritable)."""


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())  # SQLite's integrity report spans lines; a refusal is one


def _damaged(path: Path, exc: Exception) -> StoreError:
    return StoreError(
        f"the studio's database {path} cannot be read ({_one_line(exc)}); it was left as it is: move it aside to start a new one "
        f"(or restore a copy), or set STUDIO_HOME to another folder"
    )


class Store:
    """One SQLite file, shared by every request of the process through one connection and one lock.

    Writes are short transactions; reads see every committed write, on a connection of their
    own, so a read never waits behind a write (WAL lets readers go on while one writes).
    `Store.open` creates or upgrades the file; `applied` lists the migrations it holds.
    """

    def __init__(self, connection: sqlite3.Connection, path: Path):
        self._connection = connection
        self._pid = os.getpid()
        self.path = path
        self._lock = threading.Lock()
        self._read_connection: sqlite3.Connection | None = None
        self._read_lock = threading.Lock()

    @property
    def _guard(self) -> threading.Lock:
        """This process's lock, with its own connection: neither may cross a fork (ZeroGPU runs each
        GPU call in a forked process; a lock held at the fork would never be released there)."""
        if self._pid != os.getpid():
            self._connection = _connect(self.path, configure=True)
            self._lock = threading.Lock()
            self._read_connection, self._read_lock = None, threading.Lock()
            self._pid = os.getpid()
        return self._lock

    def _reader(self) -> sqlite3.Connection:
        """The reads' own connection (hold `_read_lock`), opened on first use in this process."""
        self._guard  # a forked process makes its own
        if self._read_connection is None:
            self._read_connection = _connect(self.path)
            self._read_connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return self._read_connection

    # -- opening and migrating -----------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, upto: str | None = None) -> "Store":
        """The store at `path`, created or upgraded to the latest migration (or to `upto`, for tests
        of an older schema). StoreError, with the file untouched, when it is not a usable database."""
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot make the folder {path.parent} for the studio's database ({exc.strerror}): set STUDIO_HOME to a writable folder") from None
        if path.is_dir():
            raise StoreError(f"the studio's database {path} is a folder: move it aside, or set STUDIO_HOME to another folder")
        unwritable = [p for p in (path, path.parent) if p.exists() and not os.access(p, os.W_OK)]
        if unwritable:  # before connecting: SQLite would open it read-only and refuse every write later
            raise _unwritable(path, f"{unwritable[0]} is read-only for this user")
        try:
            db = _connect(path)
        except sqlite3.Error as exc:
            raise _damaged(path, exc) from None
        try:
            # Read before any write: a file that is not a database fails here, before WAL touches it.
            check = db.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise sqlite3.DatabaseError(f"integrity check: {check}")
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables and "migrations" not in tables:  # another program's database: not a byte is changed
                raise StoreError(
                    f"the studio's database {path} is another program's SQLite file (tables {', '.join(sorted(tables)[:5])}); "
                    f"it was left as it is: move it aside, or set STUDIO_HOME to another folder"
                )
            _check_writable(db, path)
            _configure(db)
            store = cls(db, path)
            store._migrate(upto)
        except sqlite3.Error as exc:
            db.close()
            raise _damaged(path, exc) from None
        except StoreError:
            db.close()
            raise
        return store

    def _migrate(self, upto: str | None) -> None:
        db = self._connection
        db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at REAL NOT NULL)")
        done = [row[0] for row in db.execute("SELECT name FROM migrations ORDER BY name")]
        known = [name for name, _ in MIGRATIONS]
        newer = [name for name in done if name not in known]
        if newer:
            raise StoreError(
                f"the studio's database {self.path} was written by a newer studio (migration {newer[0]}): "
                f"upgrade the studio, or set STUDIO_HOME to another folder"
            )
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            # One transaction per migration: a failure leaves the schema as it was before it.
            db.execute("BEGIN IMMEDIATE")
            try:
                for statement in filter(str.strip, sql.split(";")):
                    db.execute(statement)
                db.execute("INSERT INTO migrations VALUES (?, ?)", (name, time.time()))
                db.execute("COMMIT")
            except BaseException:
                _roll_back(db)
                raise
            if name == upto:
                break

    @property
    def applied(self) -> list[str]:
        with self._guard:
            return [row[0] for row in self._connection.execute("SELECT name FROM migrations ORDER BY name")]

    def close(self) -> None:
        with self._guard:
            self._connection.close()
        with self._read_lock:
            if self._read_connection is not None:
                self._read_connection.close()
                self._read_connection = None

    # -- writing -------------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed when the block ends, rolled back (nothing written) when it fails."""
        with self._guard:
            db = self._connection
            try:
                db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise StoreError(f"the studio's database could not take this write ({exc}): try again") from None
            try:
                yield db
                db.execute("COMMIT")
            except sqlite3.Error as exc:
                _roll_back(db)
                if "full" in str(exc):  # SQLITE_FULL: trying again cannot help until there is room
                    raise StoreError(
                        f"the disk holding the studio's database is full ({exc}); nothing was saved: free some space, then try again"
                    ) from None
                raise StoreError(f"the studio's database could not save this ({exc}); nothing was saved: try again") from None
            except BaseException:
                _roll_back(db)
                raise

    def _write(self, statements: Iterable[tuple[str, tuple]]) -> list[int]:
        """Run the statements in one transaction; the last row id of each."""
        with self._transaction() as db:
            return [db.execute(sql, args).lastrowid for sql, args in statements]

    def _read(self, sql: str, args: tuple = ()) -> list[dict]:
        with self._read_lock:
            try:
                cursor = self._reader().execute(sql, args)
            except sqlite3.Error as exc:
                raise StoreError(f"the studio's database could not be read ({exc}): try again") from None
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]

    @staticmethod
    def _seen(db: sqlite3.Connection, learner: str, name: str | None, now: float) -> None:
        """A learner is here (with the name they vote under, when they gave one)."""
        db.execute(
            "INSERT INTO sessions VALUES (?, ?, ?, ?) ON CONFLICT(learner) DO UPDATE SET last_seen = excluded.last_seen, "
            "name = COALESCE(excluded.name, sessions.name)",
            (learner, name, now, now),
        )

    def record_question(self, learner: str, question: str, source: str, columns: list[dict]) -> int:
        """A question a learner asked and each column's answer; its id."""
        now = time.time()
        with self._transaction() as db:
            self._seen(db, learner, None, now)
            qid = db.execute("INSERT INTO questions (learner, at, question, source) VALUES (?, ?, ?, ?)", (learner, now, question, source)).lastrowid
            db.executemany(
                "INSERT INTO columns VALUES (?, ?, ?, ?, ?)",
                [(qid, i, c.get("column") or c.get("mode", ""), c.get("text", ""), json.dumps(c)) for i, c in enumerate(columns)],
            )
        return qid

    def record_training(self, learner: str, adapter: str, outcome: str, card: dict | None) -> None:
        self._write([(
            "INSERT INTO trainings (learner, adapter, at, outcome, card) VALUES (?, ?, ?, ?, ?)",
            (learner, adapter, time.time(), outcome, json.dumps(card) if card is not None else None),
        )])

    def record_evaluation(self, learner: str, scenario: str, experiment: str, report: dict) -> None:
        self._write([(
            "INSERT INTO evaluations (learner, at, scenario, experiment, report) VALUES (?, ?, ?, ?, ?)",
            (learner, time.time(), scenario, experiment, json.dumps(report)),
        )])

    # -- the class's question of the moment ----------------------------------------------------

    def open_class_question(self, question: str, scenario: str | None, item: str | None, kind: str | None, choices: list[str]) -> int:
        return self._write([(
            "INSERT INTO class_questions (at, question, scenario, item, kind, choices) VALUES (?, ?, ?, ?, ?, ?)",
            (time.time(), question, scenario, item, kind, json.dumps(choices)),
        )])[0]

    def set_outcome(self, class_question: int, outcome: dict) -> None:
        self._write([("UPDATE class_questions SET outcome = ? WHERE id = ?", (json.dumps(outcome), class_question))])

    def reveal(self, class_question: int) -> None:
        self._write([("UPDATE class_questions SET revealed_at = COALESCE(revealed_at, ?) WHERE id = ?", (time.time(), class_question))])

    def class_question(self, class_question: int | None = None) -> dict | None:
        """One class question (the latest when none is named), with its choices and outcome decoded."""
        where, args = ("WHERE id = ?", (class_question,)) if class_question is not None else ("ORDER BY id DESC LIMIT 1", ())
        rows = self._read(f"SELECT * FROM class_questions {where}", args)
        return _decoded(rows[0]) if rows else None

    def class_questions(self) -> list[dict]:
        return [_decoded(row) for row in self._read("SELECT * FROM class_questions ORDER BY id")]

    def vote(self, class_question: int, name: str, shown_name: str, learner: str, prediction: str) -> bool:
        """Record a prediction; True when it replaced one (the same name, or the same learner under
        another name: one learner counts once per question)."""
        now = time.time()
        with self._transaction() as db:
            moved = db.execute(
                "DELETE FROM votes WHERE class_question = ? AND learner = ? AND name != ?", (class_question, learner, name)
            ).rowcount
            replaced = db.execute(
                "UPDATE votes SET prediction = ?, at = ?, shown_name = ?, learner = ?, changes = changes + 1 "
                "WHERE class_question = ? AND name = ?",
                (prediction, now, shown_name, learner, class_question, name),
            ).rowcount
            if not replaced:
                db.execute(
                    "INSERT INTO votes (class_question, name, shown_name, learner, prediction, at, changes) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (class_question, name, shown_name, learner, prediction, now, 1 if moved else 0),
                )
            self._seen(db, learner, shown_name, now)
        return bool(replaced or moved)

    def votes(self, class_question: int) -> list[dict]:
        return self._read("SELECT * FROM votes WHERE class_question = ? ORDER BY at", (class_question,))

    def vote_of(self, class_question: int, learner: str) -> dict | None:
        rows = self._read("SELECT * FROM votes WHERE class_question = ? AND learner = ?", (class_question, learner))
        return rows[0] if rows else None

    # -- reading a learner's record, and the class's -------------------------------------------

    def learner_record(self, learner: str) -> dict:
        """Everything the store holds of one learner, oldest first (their lab report's content)."""
        session = self._read("SELECT * FROM sessions WHERE learner = ?", (learner,))
        questions = self._read("SELECT * FROM questions WHERE learner = ? ORDER BY id", (learner,))
        columns: dict[int, list] = {}
        for row in self._read(
            "SELECT c.question, c.provenance FROM columns c JOIN questions q ON q.id = c.question WHERE q.learner = ? "
            "ORDER BY c.question, c.position",
            (learner,),
        ):
            columns.setdefault(row["question"], []).append(json.loads(row["provenance"]))
        for question in questions:
            question["columns"] = columns.get(question["id"], [])
        votes = self._read(
            "SELECT v.*, c.question AS question, c.outcome AS outcome, c.revealed_at AS revealed_at, c.kind AS kind "
            "FROM votes v JOIN class_questions c ON c.id = v.class_question WHERE v.learner = ? ORDER BY v.class_question",
            (learner,),
        )
        for vote in votes:
            vote["outcome"] = _json(vote["outcome"])
        trainings = self._read("SELECT * FROM trainings WHERE learner = ? ORDER BY id", (learner,))
        for training in trainings:
            training["card"] = _json(training["card"])
        evaluations = self._read("SELECT * FROM evaluations WHERE learner = ? ORDER BY id", (learner,))
        for evaluation in evaluations:
            evaluation["report"] = json.loads(evaluation["report"])
        return {
            "name": session[0]["name"] if session else None,
            "questions": questions,
            "votes": votes,
            "trainings": trainings,
            "evaluations": evaluations,
        }

    def class_counts(self) -> dict:
        """How much the class did: learners, questions asked, trainings and evaluations run."""
        row = self._read(
            "SELECT (SELECT COUNT(*) FROM sessions) AS learners, (SELECT COUNT(*) FROM questions) AS questions, "
            "(SELECT COUNT(*) FROM trainings) AS trainings, (SELECT COUNT(*) FROM evaluations) AS evaluations"
        )[0]
        return dict(row)


def _connect(path: Path, configure: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), any thread; `configure`: with the store's settings."""
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
    return _configure(db) if configure else db


def _configure(db: sqlite3.Connection) -> sqlite3.Connection:
    """The store's settings on a connection (WAL is a write: only on a file known to be a database)."""
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")  # with WAL: a commit survives the process being killed
    db.execute("PRAGMA foreign_keys = ON")
    return db


def _roll_back(db: sqlite3.Connection) -> None:
    # SQLite has already rolled back some failed commits (a full disk): a second ROLLBACK would raise.
    if db.in_transaction:
        db.execute("ROLLBACK")


def _unwritable(path: Path, why: str) -> StoreError:
    return StoreError(
        f"the studio's database {path} cannot be written ({why}); it was left as it is: make it and its folder "
        f"writable by the user running the studio, or set STUDIO_HOME to another folder"
    )


def _check_writable(db: sqlite3.Connection, path: Path) -> None:
    """Refuse now a file SQLite opened read-only (permissions, a read-only file system), not at the first vote:
    a write that is rolled back shows it without changing anything."""
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("CREATE TABLE studio_write_check (x)")
        finally:
            _roll_back(db)
    except sqlite3.OperationalError as exc:
        if "readonly" in str(exc) or "read-only" in str(exc):
            raise _unwritable(path, _one_line(exc)) from None
        raise


def _decoded(row: dict) -> dict:
    row = dict(row)
    row["choices"] = json.loads(row["choices"])
    row["outcome"] = _json(row.get("outcome"))
    return row


def _json(value: str | None):
    """A JSON column's value; None where nothing was stored."""
    return json.loads(value) if value else None
