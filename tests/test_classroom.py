"""Workshop mode: the store, predict-then-reveal through gradio_client (each Client one learner),
the instructor's token, lab reports, and votes that survive the server being killed."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from studio.classroom.rounds import Classroom, clean_name
from studio.errors import StudioError
from studio.classroom.store import MIGRATIONS, STORE_FILE, Store, StoreError

from conftest import INSTRUCTOR_TOKEN as TOKEN
from conftest import SAMPLE_DOCS

# -- the store ------------------------------------------------------------------------------------


def test_a_database_of_the_previous_schema_opens_upgraded_with_its_votes(tmp_path):
    path = tmp_path / STORE_FILE
    old = Store.open(path, upto=MIGRATIONS[0][0])  # what the first release of the store wrote
    assert old.applied == [MIGRATIONS[0][0]]
    question = old._write([(
        "INSERT INTO class_questions (at, question, scenario, item, kind, choices) VALUES (1, 'Pro plan?', NULL, NULL, NULL, '[\"base\", \"rag\", \"knowledge\", \"skill\"]')",
        (),
    )])[0]
    old._write([("INSERT INTO votes VALUES (?, 'ana', 'Ana', 'L1', 'rag', 2)", (question,))])
    old.close()
    with pytest.raises(sqlite3.OperationalError):  # the old schema has no evaluations table
        sqlite3.connect(path).execute("SELECT * FROM evaluations")

    store = Store.open(path)
    assert store.applied == [name for name, _ in MIGRATIONS]
    assert [(v["shown_name"], v["prediction"], v["changes"]) for v in store.votes(question)] == [("Ana", "rag", 0)]
    store.record_evaluation("L1", "lumenfold-handbook", "scoreboard", {"scoreboard": []})  # the new table works
    assert store.learner_record("L1")["evaluations"][0]["scenario"] == "lumenfold-handbook"


def test_a_damaged_database_is_one_clear_line_and_is_not_overwritten(tmp_path):
    path = tmp_path / STORE_FILE
    path.write_bytes(b"this was a database before a disk went bad " * 200)
    before = path.read_bytes()
    with pytest.raises(StoreError) as failure:
        Store.open(path)
    message = str(failure.value)
    assert "\n" not in message and str(path) in message and "move it aside" in message
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [STORE_FILE]  # no WAL or journal beside it


def test_a_database_from_a_newer_studio_is_refused(tmp_path):
    path = tmp_path / STORE_FILE
    Store.open(path).close()
    sqlite3.connect(path, isolation_level=None).execute("INSERT INTO migrations VALUES ('0099_from_the_future', 0)")
    with pytest.raises(StoreError, match="newer studio"):
        Store.open(path)


def test_another_programs_database_is_refused_and_left_byte_for_byte(tmp_path):
    path = tmp_path / STORE_FILE
    sqlite3.connect(path).execute("CREATE TABLE sessions (id INTEGER, cookie TEXT)").connection.commit()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="another program's SQLite file \\(tables sessions\\); it was left as it is"):
        Store.open(path)
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == [STORE_FILE]


def test_a_corrupted_page_is_one_line(tmp_path):
    path = tmp_path / STORE_FILE
    store = Store.open(path)
    store._write([("INSERT INTO sessions VALUES (?, 'x', 0, 0)", (f"L{n}",)) for n in range(2000)])
    store.close()
    data = bytearray(path.read_bytes())
    data[8192 : 8192 + 64] = bytes(range(64))
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError) as failure:
        Store.open(path)
    assert "\n" not in str(failure.value) and "left as it is" in str(failure.value)


@pytest.mark.skipif(
    os.geteuid() != 0 or not Path("/usr/bin/setpriv").exists() or not Path("/usr/bin/python3").exists(),
    reason="needs root to run the check as another user (setpriv) with the system python",
)
def test_a_database_this_user_cannot_write_is_refused_at_start(tmp_path):
    """A file owned by someone else: SQLite would open it read-only and every vote would fail later."""
    import shutil
    import tempfile

    home = Path(tempfile.mkdtemp(prefix="studio-readonly-"))
    try:
        Store.open(home / STORE_FILE).close()
        os.chmod(home, 0o777)
        os.chmod(home / STORE_FILE, 0o644)  # root's file; the studio runs as nobody
        repo = Path(__file__).resolve().parents[1]
        probe = (
            "import sys; sys.path.insert(0, sys.argv[1]); from studio.classroom.store import Store, StoreError\n"
            "try:\n    Store.open(sys.argv[2]); print('opened')\nexcept StoreError as e:\n    print(e)"
        )
        run = subprocess.run(
            ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c", probe, str(repo), str(home / STORE_FILE)],
            capture_output=True, text=True, timeout=60,
        )
        if "Permission denied" in run.stderr or "No module named" in run.stderr:
            pytest.skip(f"the other user cannot read the project here: {run.stderr.strip().splitlines()[-1]}")
        assert "cannot be written" in run.stdout and "is read-only for this user" in run.stdout, run.stdout + run.stderr
        assert sorted(p.name for p in home.iterdir()) == [STORE_FILE]  # no WAL or shared-memory file made
    finally:
        shutil.rmtree(home, ignore_errors=True)


def test_a_full_disk_is_one_clear_line_and_the_store_works_once_there_is_room(tmp_path):
    store = Store.open(tmp_path / STORE_FILE)
    question = store.open_class_question("Which plan has SSO?", None, None, None, ["base", "rag"])
    pages = store._connection.execute("PRAGMA page_count").fetchone()[0]
    store._connection.execute(f"PRAGMA max_page_count = {pages}")  # the file may not grow: SQLite's "disk is full"
    with pytest.raises(StoreError, match="the disk holding the studio's database is full .*free some space, then try again"):
        store._write([("INSERT INTO sessions VALUES (?, ?, 0, 0)", (f"L{n}", "x" * 2000)) for n in range(200)])
    store._connection.execute("PRAGMA max_page_count = 1073741823")
    assert store.vote(question, "ana", "Ana", "L1", "rag") is False and len(store.votes(question)) == 1


def test_a_read_does_not_wait_behind_a_write_stuck_on_anothers_lock(tmp_path):
    store = Store.open(tmp_path / STORE_FILE)
    question = store.open_class_question("Which plan has SSO?", None, None, None, ["base", "rag"])
    other = sqlite3.connect(tmp_path / STORE_FILE, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another process holds the write lock
    voted = threading.Thread(target=store.vote, args=(question, "ana", "Ana", "L1", "rag"))
    voted.start()
    deadline = time.time() + 10
    while not store._lock.locked() and time.time() < deadline:  # the vote holds the store's write side, waiting
        time.sleep(0.01)
    started = time.perf_counter()
    assert store.votes(question) == [] and store.class_counts()["learners"] == 0
    assert time.perf_counter() - started < 2 and voted.is_alive()
    other.execute("COMMIT")
    voted.join(15)
    assert [v["name"] for v in store.votes(question)] == ["ana"]


# -- votes ----------------------------------------------------------------------------------------


def test_before_any_question_the_tally_is_empty_and_votes_wait(tmp_path):
    room = Classroom(Store.open(tmp_path / STORE_FILE))
    assert (room.tally()["question_id"], room.tally()["votes"], room.tally()["choices"]) == (None, 0, [])
    with pytest.raises(StudioError, match="no class question is open yet"):
        room.vote("L1", "Ana", "rag")


@pytest.fixture
def classroom(tmp_path):
    room = Classroom(Store.open(tmp_path / STORE_FILE))
    room.open("How much is the Pro plan?", ("base", "rag"))
    return room


def test_one_learner_counts_once_per_question(classroom):
    assert classroom.vote("L1", "Ana", "rag")[2] is False
    assert classroom.vote("L1", " ana ", "BASE")[1:] == ("base", True)  # the same name, case and spaces folded
    assert classroom.vote("L1", "Ana P.", "skill")[2] is True  # renamed: the vote moves
    tally = classroom.tally()
    assert tally["votes"] == 1 and {r["choice"]: r["votes"] for r in tally["choices"]}["skill"] == 1


def test_a_name_voting_from_another_page_cannot_be_overwritten(classroom):
    classroom.vote("L1", "Ana", "rag")
    with pytest.raises(StudioError, match="already voting from another page"):
        classroom.vote("L2", "ana", "base")
    assert [v["prediction"] for v in classroom.store.votes(classroom.current().id)] == ["rag"]


@pytest.mark.parametrize("look_alike", ["\u0410na", "\uff21\uff4e\uff41", "\u0391\u039d\u0391", " ANA "])
def test_a_look_alike_of_a_claimed_name_is_that_name(classroom, look_alike):
    classroom.vote("L1", "Ana", "rag")  # Cyrillic A, full-width letters, Greek capitals, case and spaces
    with pytest.raises(StudioError, match="already voting from another page"):
        classroom.vote("L2", look_alike, "base")
    assert [(v["learner"], v["prediction"]) for v in classroom.store.votes(classroom.current().id)] == [("L1", "rag")]


def test_after_a_restart_a_name_still_belongs_to_whoever_voted_under_it(classroom):
    classroom.vote("L1", "Ana Real", "rag")
    restarted = Classroom(classroom.store)  # a new server process: no claims in memory
    with pytest.raises(StudioError, match="already voting from another page"):
        restarted.vote("L2", "Ana Real", "base")
    assert restarted.store.vote_of(restarted.current().id, "L1")["prediction"] == "rag"


def test_claimed_names_are_bounded_and_a_forgotten_claim_still_holds_for_the_current_question(tmp_path):
    room = Classroom(Store.open(tmp_path / STORE_FILE), max_claims=3)
    room.open("How much is the Pro plan?", ("base", "rag"))
    for n in range(10):  # a long-running server: many learners, many names
        room.vote(f"L{n}", f"Name {n}", "rag")
    assert len(room._claims) == 3 and len(room._name_of) == 3
    # "Name 0" was forgotten from memory, yet it voted on this question: it is still L0's.
    with pytest.raises(StudioError, match="already voting from another page"):
        room.vote("intruder", "Name 0", "base")
    room.open("Which plan has SSO?", ("base", "rag"))
    assert room.vote("L0", "Name 0", "base")[1] == "base"  # still L0's on the next question
    assert room.vote("newcomer", "Name 1", "base")[1] == "base"  # forgotten and idle on the new question: free again
    assert len(room._claims) == 3


def test_a_name_freed_and_taken_again_stays_two_learners_in_the_summary(classroom):
    classroom.vote("F", "Frida", "rag")
    classroom.open("Which plan has SSO?", ("base", "rag"))
    classroom.vote("F", "Fred", "base")  # F renames: "Frida" is free again
    classroom.vote("G", "Frida", "rag")
    _, voters = classroom.history()
    assert sorted((v["name"], v["votes"]) for v in voters) == [("Fred", 2), ("Frida", 1)]


@pytest.mark.parametrize("name", ["", "   ", "x" * 41, "bad\x00name", None, 7])
def test_a_name_that_is_not_a_name_is_refused(name):
    with pytest.raises(StudioError):
        clean_name(name)


def test_predictions_are_the_questions_choices_and_close_at_the_reveal(classroom):
    with pytest.raises(StudioError, match="not a choice for this question: predict one of base, rag, knowledge, skill"):
        classroom.vote("L1", "Ana", "lora")
    classroom.vote("L1", "Ana", "knowledge")
    classroom.reveal()
    with pytest.raises(StudioError, match="predictions are closed"):
        classroom.vote("L2", "Bo", "rag")


# -- through the app: each Client is one learner ----------------------------------------------------


def client(url):
    from gradio_client import Client

    return Client(url, verbose=False)


def test_without_the_instructor_token_the_class_controls_are_refused(class_app):
    from gradio_client.exceptions import AppError

    learner = client(class_app[0])
    for endpoint, args in (("/set_question", ("What is the refund window?", "")), ("/set_question", ("Sneaky?", "guess-1234")),
                           ("/tally", ("",)), ("/tally", ("wrong-token",)), ("/reveal", ("nope-nope",)), ("/class_report", ("",))):
        with pytest.raises(AppError, match="not the instructor token"):
            learner.predict(*args, api_name=endpoint)
    assert class_app[1].classroom.current() is None or class_app[1].classroom.current().question != "Sneaky?"


def test_25_learners_voting_at_once_make_a_tally_of_25(class_app):
    url = class_app[0]
    teacher = client(url)
    opened = teacher.predict("How much is the Pro plan?", TOKEN, "", "base,rag", api_name="/set_question")
    assert opened["votes"] == 0 and [r["choice"] for r in opened["choices"]] == ["base", "rag", "knowledge", "skill"]
    learners = [client(url) for _ in range(25)]
    replies, failures = [], []

    def vote(number, learner):
        try:
            replies.append(learner.predict(f"learner {number}", "rag" if number % 3 else "knowledge", api_name="/vote"))
        except Exception as exc:  # counted below: every vote must be acknowledged
            failures.append(exc)

    threads = [threading.Thread(target=vote, args=(n, c)) for n, c in enumerate(learners)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures and len(replies) == 25 and all(r.startswith("Recorded") for r in replies)
    tally = teacher.predict(TOKEN, api_name="/tally")
    assert tally["votes"] == 25
    assert {r["choice"]: r["votes"] for r in tally["choices"]} == {"base": 0, "rag": 16, "knowledge": 9, "skill": 0}

    # A learner's second vote replaces the first; another learner cannot take their name.
    assert learners[1].predict("learner 1", "base", api_name="/vote").startswith("Changed")
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="already voting from another page"):
        learners[2].predict("learner 1", "skill", api_name="/vote")
    tally = teacher.predict(TOKEN, api_name="/tally")
    assert tally["votes"] == 25 and {r["choice"]: r["votes"] for r in tally["choices"]}["base"] == 1

    # Hidden until the reveal: a learner's round has no answers, then has them.
    view = learners[1].predict(api_name="/round")
    assert view["your_prediction"] == "base" and not view["revealed"] and "columns" not in view
    teacher.predict(TOKEN, api_name="/reveal")
    view = learners[1].predict(api_name="/round")
    assert view["revealed"] and [c["column"] for c in view["columns"]] == ["base", "rag"]
    assert view["columns"][1]["retrieved"] and view["came_true"] is None  # a free question has no checks


def test_a_scenario_item_is_checked_and_the_kind_prediction_scored(class_app):
    url = class_app[0]
    teacher, right, wrong = client(url), client(url), client(url)
    opened = teacher.predict("1", TOKEN, "lumenfold-handbook", "base,rag", api_name="/set_question")
    item = class_app[1].classroom.current()
    assert item.scenario == "lumenfold-handbook" and item.kind == "knowledge" and opened["item"] == item.item
    right.predict("Right Kim", "knowledge", api_name="/vote")
    wrong.predict("Wrong Lee", "skill", api_name="/vote")
    tally = teacher.predict(TOKEN, api_name="/reveal")
    rows = {r["choice"]: r for r in tally["choices"]}
    assert rows["knowledge"]["came_true"] is True and rows["skill"]["came_true"] is False
    assert all(isinstance(rows[c]["came_true"], bool) for c in ("base", "rag"))  # every column was checked
    assert right.predict(api_name="/round")["came_true"] is True
    assert wrong.predict(api_name="/round")["came_true"] is False
    from studio.lesson.scenarios import load_scenario

    expected = load_scenario("lumenfold-handbook").items[0].reference
    assert right.predict(api_name="/round")["expected"] == expected  # the reveal shows the right answer too
    nxt = teacher.predict(TOKEN, api_name="/next_question")
    assert nxt["question_id"] == tally["question_id"] + 1 and nxt["item"] != item.item and nxt["votes"] == 0


def test_a_lab_report_holds_the_learners_own_session_and_nobody_elses(class_app, tmp_path):
    from gradio_client import handle_file

    from studio.prepare.tiny import triage_examples

    url = class_app[0]
    ana, bo, teacher = client(url), client(url), client(url)
    teacher.predict("Which plan has SSO?", TOKEN, "", "base,rag", api_name="/set_question")
    ana.predict("Ana <script>alert(1)</script>", "rag", api_name="/vote")
    ana.predict("What does the <b>Pro</b> plan cost?", ["base", "rag"], 3, 8, api_name="/compare")
    from studio.lesson.scenarios import load_scenario

    item = load_scenario("lumenfold-handbook").items[1]
    ana.predict(item.question, ["base"], 3, 8, "lumenfold-handbook", api_name="/compare")
    bo.predict("Bo's private question about parking", ["base"], 3, 8, api_name="/compare")
    teacher.predict(TOKEN, api_name="/reveal")
    ana.predict("lumenfold-handbook", ["base", "rag"], "scoreboard", 2, 8, api_name="/evaluate")
    examples = tmp_path / "ana-examples.jsonl"
    examples.write_text("".join(json.dumps(r) + "\n" for r in triage_examples(20, seed=2)), encoding="utf-8")
    ana.predict(handle_file(str(examples)), None, "ana-report-adapter", False, 4, 8, 5e-3, 1, 2, 4, 256, api_name="/train")

    markdown_file, html_file = ana.predict(api_name="/report")
    assert Path(markdown_file).name.startswith("lab-report-Ana-script-alert-1")
    markdown = Path(markdown_file).read_text(encoding="utf-8")
    page = Path(html_file).read_text(encoding="utf-8")
    assert "Which plan has SSO?" in markdown and "| rag |" in markdown  # the prediction, against the reveal
    assert "What does the" in markdown and "**base**" in markdown and "**rag**" in markdown and "passage(s)" in markdown
    assert "parking" not in markdown and "parking" not in page
    from studio.classroom.report import text

    asked = markdown.split(text(item.question))[1]  # a scenario's question: its expected answer, and the column's mark
    assert f"Expected answer: {text(item.reference)}" in asked and ("**base** ✅ right" in asked or "**base** ❌ wrong" in asked)
    model_folder = Path(class_app[1].config.model.model)
    assert str(model_folder) not in markdown and f"model {model_folder.name}" in markdown  # a name, not the server's folder
    assert "<script>" not in page and "&lt;script&gt;" in page  # a name or a question is text, never markup
    assert page.startswith("<!doctype html>")
    scoreboards = markdown.split("## Scoreboards")[1].split("## Adapters trained")
    assert "lumenfold-handbook: scoreboard" in scoreboards[0] and "| rag | retrieved passages |" in scoreboards[0]
    assert page.count("<svg") == 1 and "lumenfold-handbook (scoreboard): right answers" in page  # its chart, inline
    assert "### Adapter ana-report-adapter" in scoreboards[1] and "trainable parameters" in scoreboards[1]
    assert "times smaller than the base model" in scoreboards[1] and "2 steps" in scoreboards[1]

    summary_md, summary_html = teacher.predict(TOKEN, api_name="/class_report")
    summary = Path(summary_md).read_text(encoding="utf-8")
    assert "Which plan has SSO?" in summary and "Ana" in summary and "<script>" not in Path(summary_html).read_text(encoding="utf-8")


# -- a server killed mid-class ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(tiny_model, embedder_dir, home: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "STUDIO_INSTRUCTOR_TOKEN": TOKEN, "STUDIO_HOME": str(home), "HF_HUB_OFFLINE": "1"}
    command = [sys.executable, "-m", "studio.cli", "serve", "--model", str(tiny_model), "--embedder", embedder_dir,
               "--docs", str(SAMPLE_DOCS), "--port", str(port), "--max-new-tokens", "8"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            if server.poll() is not None:
                raise AssertionError("the server exited at start-up")
            time.sleep(0.5)
    server.kill()
    raise AssertionError("the server did not start within 120 s")


@pytest.mark.slow
def test_every_acknowledged_vote_survives_kill_9(tiny_model, embedder_dir, tmp_path):
    home, port = tmp_path / "home", free_port()
    server = start_server(tiny_model, embedder_dir, home, port)
    try:
        url = f"http://127.0.0.1:{port}/"
        client(url).predict("How much is the Pro plan?", TOKEN, "", "base,rag", api_name="/set_question")
        acknowledged = []

        def vote(number):
            acknowledged.append(client(url).predict(f"voter {number}", "rag", api_name="/vote"))

        threads = [threading.Thread(target=vote, args=(n,)) for n in range(25)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(acknowledged) == 25
    finally:
        server.send_signal(signal.SIGKILL)  # no shutdown, no flush: what was acknowledged must be on disk
        server.wait()

    server = start_server(tiny_model, embedder_dir, home, port)
    try:
        teacher = client(url)
        assert teacher.predict(TOKEN, api_name="/tally")["votes"] == 25
        # After the restart a name still belongs to whoever voted under it: another page cannot take
        # over voter 3's vote (a browser page keeps its learner key, so voter 3 is still voter 3).
        from gradio_client.exceptions import AppError

        with pytest.raises(AppError, match="already voting from another page"):
            client(url).predict("voter 3", "base", api_name="/vote")
        assert client(url).predict("voter 26", "base", api_name="/vote").startswith("Recorded")
        tally = teacher.predict(TOKEN, api_name="/tally")
        assert tally["votes"] == 26 and {r["choice"]: r["votes"] for r in tally["choices"]}["base"] == 1
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait()


def test_a_server_started_without_a_token_has_its_class_controls_off(served_app):
    from gradio_client.exceptions import AppError

    learner = client(served_app[0].local_url)
    with pytest.raises(AppError, match="controls are off on this server: start it with STUDIO_INSTRUCTOR_TOKEN set"):
        learner.predict("What is the refund window?", "any-token-at-all", api_name="/set_question")
    with pytest.raises(AppError, match="no class question is open yet"):
        learner.predict("Ana", "rag", api_name="/vote")


def test_serve_stops_at_start_with_one_line_on_a_damaged_store(tiny_model, embedder_dir, tmp_path, monkeypatch, capsys):
    from studio.cli import main

    home = tmp_path / "home"
    home.mkdir()
    (home / STORE_FILE).write_bytes(b"\x00garbage" * 500)
    monkeypatch.setenv("STUDIO_HOME", str(home))
    code = main(["serve", "--model", str(tiny_model), "--embedder", embedder_dir, "--docs", str(SAMPLE_DOCS), "--port", str(free_port())])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1 and err.startswith("studio: error: the studio's database")
    assert (home / STORE_FILE).read_bytes() == b"\x00garbage" * 500


def test_on_zerogpu_each_gpu_handler_asks_for_its_own_estimate(tiny_model, tiny_adapter, embedder_dir, tmp_path, monkeypatch):
    """With `spaces` present, every model handler is wrapped with a duration worked out from its own arguments."""
    import types

    durations = {}

    def GPU(fn=None, duration=None):  # the spaces package's decorator, recording what each handler asks for
        def wrap(f):
            durations[getattr(f, "__name__", repr(f))] = duration
            return f

        return wrap(fn) if fn is not None else wrap

    monkeypatch.setitem(sys.modules, "spaces", types.SimpleNamespace(GPU=GPU))
    monkeypatch.setenv("SPACES_ZERO_GPU", "true")
    from studio.config import load_config
    from studio.ui.app import build_app
    from studio.classroom.workspace import Workspace

    config = load_config({"model": str(tiny_model), "embedder": embedder_dir, "home": str(tmp_path / "h")}, env={})
    build_app(Workspace(config, docs=SAMPLE_DOCS, adapter=tiny_adapter))
    assert set(durations) == {"on_compare", "on_train", "on_evaluate", "class_answers"}
    assert durations["on_compare"]("q", ["base"], 3, 128, "my documents") == 16  # 10 s + 128 tokens at 20/s
    assert durations["on_compare"]("q", ["base"], 3, 1024, "my documents") == 61
    short = durations["on_train"](None, "triage-json", "a", False, 8, 16, 2e-4, 1, 10, 8, 512)
    long = durations["on_train"](None, "triage-json", "a", False, 8, 16, 2e-4, 1, 0, 8, 1024)  # epochs of 420 examples
    assert 30 <= short < long <= 300
    few = durations["on_evaluate"]("lumenfold-handbook", ["base"], "scoreboard", 2, 128)
    every = durations["on_evaluate"]("lumenfold-handbook", ["base"], "scoreboard", 0, 128)
    assert few == 36 and every > few


@pytest.mark.parametrize(
    "endpoint, args, fragment",
    [
        ("/vote", ("x" * 5000, "rag"), "over 40: shorten it"),
        ("/vote", ("Ana", "x" * 5000), "is not a choice for this question"),
        ("/vote", ("Ana", ""), "is not a choice for this question"),
        ("/set_question", ("", TOKEN), "the class question is empty"),
        ("/set_question", ("q" * 5000, TOKEN), "the class question is 5,000 characters, over this server's limit of 4,000"),
        ("/set_question", ("1", TOKEN, "../../etc"), "no scenario '../../etc': use one of"),
        ("/set_question", ("What?", TOKEN, "", "base,rag:../x"), "names an adapter, but rag runs without one"),
        ("/set_question", ("What?", TOKEN, "", "lora:../../outside"), "cannot be answered: column lora:../../outside"),
        ("/set_question", ("999", TOKEN, "lumenfold-handbook"), "has no item '999'"),
    ],
)
def test_hostile_class_requests_are_one_line_and_change_nothing(class_app, endpoint, args, fragment):
    from gradio_client.exceptions import AppError

    teacher = client(class_app[0])
    teacher.predict("Is the refund window 30 days?", TOKEN, "", "base,rag", api_name="/set_question")
    before = teacher.predict(TOKEN, api_name="/tally")
    with pytest.raises(AppError) as refused:
        teacher.predict(*args, api_name=endpoint)
    message = str(refused.value)
    assert fragment in message and "Traceback" not in message and "/tmp" not in message
    after = teacher.predict(TOKEN, api_name="/tally")
    assert (after["question_id"], after["votes"]) == (before["question_id"], before["votes"])


def test_the_class_question_and_an_evaluation_run_between_a_learners_training_steps(class_app, tmp_path):
    """One gate to the model: a long training holds it, yet the instructor's question, an evaluation
    item and a Compare are answered between its steps, and a waiting Compare says what holds it."""
    from test_learners import start_training

    url = class_app[0]
    trainer, teacher, bo = client(url), client(url), client(url)
    training = start_training(trainer, tmp_path, "a-long-run", 5000)
    try:
        opened = teacher.predict("What does the Pro plan cost?", TOKEN, "", "base,rag", api_name="/set_question")
        assert "What does the Pro plan cost?" in str(opened) and not training.done()
        scoreboard = bo.predict("lumenfold-handbook", ["base"], "scoreboard", 1, 8, api_name="/evaluate")
        assert [row[0] for row in scoreboard[0]["data"]] == ["base"] and not training.done()
        asked = bo.submit("Are you there?", ["base"], 1, 8, api_name="/compare")
        while not asked.done():
            time.sleep(0.05)
        statuses = [str(update[0]) for update in asked.outputs()]
        assert statuses[0] == "Waiting: training adapter a-long-run holds the model; your question runs at its next step…"
        assert statuses[-1] == "Done." and not training.done()
    finally:
        trainer.predict(api_name="/cancel_training")
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="training cancelled at step"):
        training.result()


@pytest.mark.slow
def test_one_learners_big_upload_holds_up_nobody_else(class_app, tmp_path):
    """Indexing a learner's upload takes no lock the class needs: while it embeds, a classmate's
    vote, round, tally, search and compare are answered, each long before the upload is indexed."""
    from gradio_client import handle_file

    url = class_app[0]
    uploader, ana, teacher = client(url), client(url), client(url)
    teacher.predict("Which plan has SSO?", TOKEN, "", "base,rag", api_name="/set_question")
    sentences = [f"Depot {n} stores crate {n * 7 % 1000} of the northern archive under shelf {n % 97}." for n in range(6000)]
    big = tmp_path / "big-archive.md"
    big.write_text("# Archive\n\n" + "\n\n".join(" ".join(sentences[i : i + 6]) for i in range(0, len(sentences), 6)), encoding="utf-8")
    upload = uploader.submit([handle_file(str(big))], api_name="/add_documents")
    started = time.time()
    while not class_app[1].indexing() and time.time() - started < 30:
        time.sleep(0.02)
    assert class_app[1].indexing(), "the upload never started indexing"
    answered = [
        ana.predict("Ana", "rag", api_name="/vote"),
        ana.predict(api_name="/round"),
        teacher.predict(TOKEN, api_name="/tally"),
        ana.predict("How much is Pro?", 2, api_name="/search"),
        ana.predict("How much is Pro?", ["base"], 1, 8, api_name="/compare")[0],
    ]
    assert not upload.done(), "the classmate's calls only returned once the upload was indexed"
    assert answered[0].startswith("Recorded: you predict") and answered[-1] == "Done."
    status, table, _ = upload.result()
    assert "1 added" in status and any(row[0] == "big-archive.md" for row in table["data"])
