"""Sdist downloads for training data: PyPI's JSON API (sha256 checked, nothing run), pip as the fallback."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile

from clairvoyant.training import sdists


def _tarball(tmp_path) -> bytes:
    src = tmp_path / "pkg-1.0"
    src.mkdir()
    (src / "pkg.py").write_text("def shout(word):\n    return word.upper()\n")
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as t:
        t.add(src, arcname="pkg-1.0")
    return buf.getvalue()


def _fake_pypi(monkeypatch, files: dict[str, bytes]):
    """urlopen answering from `files` (URL -> body); any other URL is unreachable."""
    def urlopen(url, timeout=None):
        if url not in files:
            raise sdists.urllib.error.URLError("unreachable")
        return io.BytesIO(files[url])
    monkeypatch.setattr(sdists.urllib.request, "urlopen", urlopen)


def test_json_api_download_is_checked_and_unpacked(tmp_path, monkeypatch):
    body = _tarball(tmp_path)
    answer = {"urls": [{"packagetype": "bdist_wheel", "url": "https://files/pkg.whl", "filename": "pkg.whl"},
                       {"packagetype": "sdist", "url": "https://files/pkg-1.0.tar.gz", "filename": "pkg-1.0.tar.gz",
                        "size": len(body), "digests": {"sha256": hashlib.sha256(body).hexdigest()}}]}  # fmt: skip
    _fake_pypi(monkeypatch, {sdists.PYPI_JSON.format(name="pkg"): json.dumps(answer).encode(),
                             "https://files/pkg-1.0.tar.gz": body})  # fmt: skip
    tree = sdists.fetch_sdist("pkg", tmp_path / "out" / "pkg")
    assert tree is not None and (tree / "pkg.py").read_text().startswith("def shout")
    assert [p.name for p in (tmp_path / "out" / "pkg").iterdir()] == ["pkg-1.0"], "the archive is removed"


def test_a_relative_file_url_is_resolved_against_the_api(tmp_path, monkeypatch):
    body = _tarball(tmp_path)
    api = sdists.PYPI_JSON.format(name="pkg")
    answer = {"urls": [{"packagetype": "sdist", "url": "../../packages/pkg-1.0.tar.gz", "filename": "pkg-1.0.tar.gz",
                        "digests": {"sha256": hashlib.sha256(body).hexdigest()}}]}  # fmt: skip
    _fake_pypi(monkeypatch, {api: json.dumps(answer).encode(),
                             sdists.urllib.parse.urljoin(api, "../../packages/pkg-1.0.tar.gz"): body})  # fmt: skip
    monkeypatch.setattr(sdists, "_download_with_pip", lambda *a: None)
    assert sdists.fetch_sdist("pkg", tmp_path / "out") is not None


def test_a_tampered_download_is_dropped(tmp_path, monkeypatch, capsys):
    body = _tarball(tmp_path)
    answer = {"urls": [{"packagetype": "sdist", "url": "https://files/pkg-1.0.tar.gz", "filename": "pkg-1.0.tar.gz",
                        "size": len(body), "digests": {"sha256": "0" * 64}}]}  # fmt: skip
    _fake_pypi(monkeypatch, {sdists.PYPI_JSON.format(name="pkg"): json.dumps(answer).encode(),
                             "https://files/pkg-1.0.tar.gz": body})  # fmt: skip
    monkeypatch.setattr(sdists, "_download_with_pip", lambda *a: None)
    assert sdists.fetch_sdist("pkg", tmp_path / "out") is None
    assert "sha256 mismatch" in capsys.readouterr().err


def test_pip_is_the_fallback_when_the_api_is_unreachable(tmp_path, monkeypatch):
    _fake_pypi(monkeypatch, {})
    body = _tarball(tmp_path)

    def pip(name, dest, timeout_s):
        (dest / "pkg-1.0.tar.gz").write_bytes(body)
        return dest / "pkg-1.0.tar.gz"

    monkeypatch.setattr(sdists, "_download_with_pip", pip)
    assert (sdists.fetch_sdist("pkg", tmp_path / "out") / "pkg.py").exists()


def test_no_sdist_means_none():
    assert sdists.sdist_entry({"urls": [{"packagetype": "bdist_wheel"}]}) is None
    assert sdists.sdist_entry({"urls": [{"packagetype": "sdist", "yanked": True}]}) is None
