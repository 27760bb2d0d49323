"""Secrets in the system keyring, or for this process only where none works; never in a file."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends.fail import Keyring as NoKeyring
from stand_in_keyring import LockedKeyring, MemoryKeyring

from app import passwords

SERVICE, KEY = "timeledger-test", "billing@smtp.example"


@pytest.fixture
def use_keyring():  # type: ignore[no-untyped-def]
    """Install a keyring backend for one test; the one before comes back, and this process forgets everything."""
    before = keyring.get_keyring()

    def use(backend):  # type: ignore[no-untyped-def]
        keyring.set_keyring(backend)
        return backend

    yield use
    keyring.set_keyring(before)
    passwords._session.clear()


def test_the_keyring_keeps_the_secret_and_no_warning_is_given(use_keyring):
    store = use_keyring(MemoryKeyring())

    assert passwords.remember(SERVICE, KEY, "hunter2") == ""

    assert store.secrets == {(SERVICE, KEY): "hunter2"}
    passwords._session.clear()  # a new process: only the keyring remembers
    assert passwords.stored(SERVICE, KEY) == "hunter2"


def test_without_a_keyring_the_secret_lasts_only_this_process_and_the_warning_says_so(use_keyring, tmp_path):
    use_keyring(NoKeyring())

    warning = passwords.remember(SERVICE, KEY, "hunter2")

    assert warning == (
        "The password is kept only until this program ends: no system keyring works here; you will be asked "
        "again next time."
    )
    assert passwords.stored(SERVICE, KEY) == "hunter2"
    passwords._session.clear()  # the process ended
    assert passwords.stored(SERVICE, KEY) is None


def test_a_keyring_that_refuses_says_why_and_the_session_still_has_it(use_keyring):
    use_keyring(LockedKeyring())

    warning = passwords.remember(SERVICE, KEY, "hunter2")

    assert warning.startswith("The password is kept only until this program ends: the system keyring refused it (")
    assert "locked" in warning
    assert passwords.stored(SERVICE, KEY) == "hunter2"


def test_forgetting_drops_it_from_the_session_and_the_keyring_and_forgetting_nothing_is_fine(use_keyring):
    store = use_keyring(MemoryKeyring())
    passwords.remember(SERVICE, KEY, "hunter2")

    passwords.forget(SERVICE, KEY)
    passwords.forget(SERVICE, KEY)
    passwords.forget(SERVICE, "never-stored")

    assert store.secrets == {}
    assert passwords.stored(SERVICE, KEY) is None


def test_secrets_of_different_services_and_keys_stay_apart(use_keyring):
    use_keyring(MemoryKeyring())
    passwords.remember("timeledger-smtp", KEY, "mail")
    passwords.remember("timeledger-sync", KEY, "sync")
    passwords.remember("timeledger-smtp", "other@smtp.example", "other")

    assert passwords.stored("timeledger-smtp", KEY) == "mail"
    assert passwords.stored("timeledger-sync", KEY) == "sync"
    assert passwords.stored("timeledger-smtp", "other@smtp.example") == "other"


def test_nothing_is_written_to_the_home_folder(use_keyring, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    use_keyring(NoKeyring())

    passwords.remember(SERVICE, KEY, "hunter2")

    assert list(tmp_path.rglob("*")) == []
