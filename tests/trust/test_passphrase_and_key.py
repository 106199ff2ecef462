"""One passphrase story (issue 19): `passphrase change` re-seals the signing key with the store, so a
package can be built right after; an interrupted change leaves the re-sealed key beside it, taken up."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausedesk.cli import run
from clausedesk.db import keyring
from clausedesk.paths import Paths
from clausedesk.sync import keys, setup

FAST = "16"  # scrypt cost for tests (the hidden --scrypt-n option)
NEW = "une toute nouvelle phrase de passe"


def cli(capsys: pytest.CaptureFixture[str], paths: Paths, *args: str) -> tuple[int, str, str]:
    code = run(["--data-dir", str(paths.root), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def facilitator(capsys: pytest.CaptureFixture[str], demo_paths: Paths, tmp_path: Path) -> tuple[Paths, Paths]:
    """A facilitator (the demonstration store) with its key, trusting a coordinator, with the referential."""
    coord = Paths(tmp_path / "coordinateur")
    coord_pub, fac_pub, ref = tmp_path / "coordinateur.pub", tmp_path / "alice.pub", tmp_path / "ref.cdref"
    for paths, args in (
        (coord, ["coordinator", "init", "--scrypt-n", FAST]),
        (coord, ["coordinator", "export-public", "-o", str(coord_pub)]),
        (coord, ["coordinator", "publish-referential", "-o", str(ref)]),
        (demo_paths, ["keys", "init", "--scrypt-n", FAST]),
        (demo_paths, ["keys", "export-public", "-o", str(fac_pub)]),
        (demo_paths, ["keys", "trust-coordinator", str(coord_pub)]),
        (demo_paths, ["import-referential", str(ref)]),
        (coord, ["coordinator", "enroll", str(fac_pub), "--name", "Alice Martin"]),
    ):
        code, _, err = cli(capsys, paths, *args)
        assert code == 0, err
    return demo_paths, coord


def test_a_package_is_built_right_after_a_passphrase_change(
    capsys: pytest.CaptureFixture[str],
    facilitator: tuple[Paths, Paths],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fac, coord = facilitator
    old = keyring.passphrase()
    monkeypatch.setenv("CLAUSEDESK_NEW_PASSPHRASE", NEW)
    code, out, err = cli(capsys, fac, "passphrase", "change")
    assert code == 0, err
    assert "clé de signature" in out
    monkeypatch.setenv("CLAUSEDESK_PASSPHRASE", NEW)
    target = tmp_path / "paquet.cdpkg"
    code, out, err = cli(capsys, fac, "package", "--month", "2026-09", "-o", str(target))
    assert code == 0, err
    assert target.exists() and not (fac.keys / keys.STAGED_FILE).exists()
    with pytest.raises(Exception, match="Phrase de passe incorrecte"):
        setup.unlock(fac, old.encode("utf-8"))  # the old passphrase opens nothing any more
    monkeypatch.setenv("CLAUSEDESK_PASSPHRASE", old)  # the coordinator's folder keeps its own
    code, out, err = cli(capsys, coord, "coordinator", "import", str(target), "--json")
    assert code == 0, err
    assert '"merged"' in out


def test_a_change_interrupted_after_the_store_is_taken_up_by_the_key(
    facilitator: tuple[Paths, Paths],
) -> None:
    fac, _ = facilitator
    old = keyring.passphrase().encode("utf-8")
    before = (fac.keys / keys.IDENTITY_FILE).read_bytes()
    assert keys.reseal(fac.keys, old, NEW.encode("utf-8"))  # step one done, then the process died
    assert (fac.keys / keys.IDENTITY_FILE).read_bytes() == before
    assert setup.unlock(fac, old).key_id  # before the store's swap: the old passphrase still works
    identity = setup.unlock(fac, NEW.encode("utf-8"))  # after it: the new one opens the re-sealed key
    assert identity.key_id == keys.read_public_bundle(fac.keys / keys.PUBLIC_FILE).key_id
    assert not (fac.keys / keys.STAGED_FILE).exists()
    assert setup.unlock(fac, NEW.encode("utf-8")).key_id == identity.key_id


def test_a_key_that_does_not_open_stops_the_change_before_anything_changes(
    capsys: pytest.CaptureFixture[str], facilitator: tuple[Paths, Paths], monkeypatch: pytest.MonkeyPatch
) -> None:
    fac, _ = facilitator
    other = "une autre phrase pour la clé"
    identity = setup.unlock(fac, keyring.passphrase().encode("utf-8"))
    (fac.keys / keys.IDENTITY_FILE).unlink()
    keys.write_atomic(fac.keys / keys.IDENTITY_FILE, keys._seal(identity, other.encode(), 16), private=True)
    store_before = fac.store.read_bytes()
    backups_before = sorted(fac.backups.iterdir())
    monkeypatch.setenv("CLAUSEDESK_NEW_PASSPHRASE", NEW)
    code, _, err = cli(capsys, fac, "passphrase", "change")
    assert code == 1 and "clé de signature" in err and "n'a pas été changée" in err
    assert fac.store.read_bytes() == store_before
    assert not (fac.keys / keys.STAGED_FILE).exists()
    assert sorted(fac.backups.iterdir()) == backups_before
