"""`timeledger invoice send` and `timeledger org smtp-password` end to end: the real command in a subprocess, a real
SMTP server on 127.0.0.1 in the test, the password in a keyring (a stand-in backend: test machines have none)
or, where none works, given on stdin; failures exit 3 (refused) or 4 (unreachable) with a sentence and leave
the database exactly as it was."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli import ROOT, TIMEOUT_S, Cli, Result, assert_refused, fingerprint, run_in_one_process
from mail_server import PASSWORD, USER, Mailbox, free_port, smtp_server

pytestmark = pytest.mark.slow

TESTS = Path(__file__).resolve().parents[1]


def run(cli: Cli, *args: str, stdin: str = "", env: dict[str, str] | None = None) -> Result:
    """The CLI with something typed into its stdin."""
    done = subprocess.run(
        [sys.executable, "-m", "app.cli.main", "--db", str(cli.db), *args],
        cwd=ROOT,
        env=env or cli.env,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT_S,
    )
    return Result(tuple(args), done.returncode, done.stdout, done.stderr)


def setup(cli: Cli, *argvs: list[str]) -> str:
    result = run_in_one_process([["--db", str(cli.db), *argv] for argv in argvs], env=cli.env)
    assert result.returncode == 0, result
    return result.stdout


def issued(cli: Cli) -> str:
    """A finalised 119.00 EUR invoice to Globex; its number."""
    ref = cli.json("invoice", "new", "--client", "Globex")["reference"].removeprefix("draft ")
    setup(
        cli,
        ["invoice", "line", "add", ref, "--description", "Workshop", "--quantity", "1", "--unit-price", "100",
         "--tax-rate", "19"],
    )  # fmt: skip
    return cli.json("invoice", "finalise", ref)["number"]


def mail_settings(cli: Cli, port: int, *more: str) -> None:
    cli.ok("org", "set", "smtp_host=127.0.0.1", f"smtp_port={port}", "smtp_security=none",
           "smtp_sender=billing@acme.example", *more)  # fmt: skip


def with_keyring(cli: Cli, tmp_path: Path) -> dict[str, str]:
    """The CLI's environment with a keyring that works (secrets in a JSON file the test can read)."""
    return {
        **cli.env,
        "PYTHON_KEYRING_BACKEND": "stand_in_keyring.FileKeyring",
        "PYTHONPATH": str(TESTS),
        "STAND_IN_KEYRING_FILE": str(tmp_path / "keyring.json"),
    }


def test_an_invoice_is_sent_with_its_pdf_and_the_sending_is_recorded(cli: Cli):
    number = issued(cli)
    with smtp_server() as server:
        mail_settings(cli, server.port)
        result = cli.ok("invoice", "send", number)

    assert result.stdout == f"Sent invoice {number} to ap@globex.example with Invoice {number}.pdf.\n"
    [received] = server.mailbox.messages
    assert received.rcpt_tos == ["ap@globex.example"]
    assert received.message["Subject"] == f"Invoice {number} from Acme"
    [pdf] = list(received.message.iter_attachments())
    assert pdf.get_filename() == f"Invoice {number}.pdf"
    assert pdf.get_content().startswith(b"%PDF-")


def test_json_says_when_and_to_whom_and_to_overrides_the_billing_email(cli: Cli):
    number = issued(cli)
    with smtp_server() as server:
        mail_settings(cli, server.port)
        sent = cli.json("invoice", "send", number, "--to", "boss@globex.example", "--to", "ap@globex.example")

    assert sent["sent_to"] == ["boss@globex.example", "ap@globex.example"]
    assert sent["attachments"] == [f"Invoice {number}.pdf"]
    assert sent["sent_at"].endswith("+00:00")
    assert server.mailbox.messages[0].rcpt_tos == ["boss@globex.example", "ap@globex.example"]
    shown = cli.json("invoice", "show", number)
    assert (shown["sent_at"], shown["sent_to"]) == (sent["sent_at"], sent["sent_to"])
    assert "Sent by email on" in cli.ok("invoice", "show", number).stdout


def test_the_password_is_stored_in_the_keyring_and_used_for_the_login(cli: Cli, tmp_path: Path):
    number = issued(cli)
    env = with_keyring(cli, tmp_path)
    with smtp_server(login=True) as server:
        mail_settings(cli, server.port, f"smtp_user={USER}")
        stored = run(cli, "org", "smtp-password", "--password-stdin", stdin=PASSWORD + "\n", env=env)
        assert stored.returncode == 0, stored
        assert stored.stdout == f"Stored the password of {USER} on 127.0.0.1 in the system keyring.\n"
        assert stored.stderr == ""
        sent = run(cli, "invoice", "send", number, env=env)

    assert sent.returncode == 0, sent
    assert json.loads((tmp_path / "keyring.json").read_text()) == {f"timeledger-smtp {USER}@127.0.0.1": PASSWORD}
    assert PASSWORD.encode() not in cli.db.read_bytes()
    assert server.mailbox.logins == [(USER, True)]
    forgot = run(cli, "org", "smtp-password", "--forget", env=env)
    assert forgot.stdout == f"Forgot the password of {USER} on 127.0.0.1.\n"
    assert json.loads((tmp_path / "keyring.json").read_text()) == {}


def test_without_a_keyring_the_password_is_said_to_last_only_this_command_and_stdin_gives_it(cli: Cli):
    number = issued(cli)
    with smtp_server(login=True) as server:
        mail_settings(cli, server.port, f"smtp_user={USER}")
        stored = run(cli, "org", "smtp-password", "--password-stdin", stdin=PASSWORD + "\n")
        not_stored = run(cli, "invoice", "send", number)
        sent = run(cli, "invoice", "send", number, "--password-stdin", stdin=PASSWORD + "\n")

    assert stored.returncode == 0, stored
    assert stored.stderr == (
        "warning: The password is kept only until this program ends: no system keyring works here; you will be "
        "asked again next time. Meanwhile, give it to each `timeledger invoice send` with --password-stdin.\n"
    )
    assert_refused(not_stored)
    assert not_stored.error_lines == [
        f"error: No password is stored for {USER} on the mail server 127.0.0.1; set it with "
        "`timeledger org smtp-password` or in Settings."
    ]
    assert sent.returncode == 0, sent
    assert [m.login for m in server.mailbox.messages] == [USER]


def test_a_refused_login_exits_3_with_a_sentence_and_changes_nothing(cli: Cli):
    number = issued(cli)
    with smtp_server(login=True) as server:
        mail_settings(cli, server.port, f"smtp_user={USER}")
        before = fingerprint(cli.db)
        result = run(cli, "invoice", "send", number, "--password-stdin", stdin="wrong\n")

    assert_refused(result)
    assert result.error_lines[0].startswith(f"error: The mail server refused the login of {USER} (535 ")
    assert fingerprint(cli.db) == before
    assert server.mailbox.messages == []


def test_a_server_refusing_the_message_exits_3_and_changes_nothing(cli: Cli):
    number = issued(cli)
    with smtp_server(mailbox=Mailbox(refuse_data="552 5.3.4 Message too big for this system")) as server:
        mail_settings(cli, server.port)
        before = fingerprint(cli.db)
        result = cli("invoice", "send", number)

    assert_refused(result)
    assert result.error_lines == [
        "error: The mail server refused the message (552 5.3.4 Message too big for this system)."
    ]
    assert fingerprint(cli.db) == before


def test_nothing_listening_exits_4_with_a_sentence_and_changes_nothing(cli: Cli):
    number = issued(cli)
    port = free_port()
    mail_settings(cli, port)
    before = fingerprint(cli.db)

    result = cli("invoice", "send", number)

    assert result.returncode == 4, result
    assert result.error_lines == [
        f"error: Nothing answers at 127.0.0.1:{port}: no mail server listens on that port; check the host and the port."
    ]
    assert fingerprint(cli.db) == before


def test_a_draft_bad_addresses_and_no_mail_server_are_refused_together(cli: Cli):
    draft = cli.json("invoice", "new", "--client", "Globex")["reference"].removeprefix("draft ")
    number = issued(cli)
    before = fingerprint(cli.db)

    refused_draft = cli("invoice", "send", draft)
    refused = cli("invoice", "send", number, "--to", "nobody", "--to", "a@b.example;also-wrong")

    assert_refused(refused_draft)
    assert "is a draft; finalise it before sending it" in refused_draft.stderr
    assert_refused(refused, problems=4)
    assert refused.error_lines[:2] == [
        "error: No mail server is set: give its host name (smtp_host) in the organisation's mail settings.",
        "error: No sender address is set: give the address invoices come from (smtp_sender) in the organisation's "
        "mail settings.",
    ]
    assert refused.error_lines[2:] == [
        "error: Email 'nobody' is not a valid address.",
        "error: Email 'also-wrong' is not a valid address.",
    ]
    assert fingerprint(cli.db) == before


def test_smtp_password_needs_a_login_set_first(cli: Cli):
    result = run(cli, "org", "smtp-password", "--password-stdin", stdin="x\n")

    assert_refused(result)
    assert result.error_lines == [
        "error: Set the mail server and its login first: `timeledger org set smtp_host=HOST smtp_user=USER`."
    ]
