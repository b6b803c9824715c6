"""The per-user cache folder: chosen by environment, optional, written atomically."""

from sumlint.user_cache import user_cache_dir, write_atomic


def test_env_names_the_folder_and_off_disables_it(tmp_path, monkeypatch):
    monkeypatch.setenv("SUMLINT_USER_CACHE_DIR", str(tmp_path / "c"))
    assert user_cache_dir() == tmp_path / "c" and (tmp_path / "c").is_dir()
    monkeypatch.setenv("SUMLINT_USER_CACHE_DIR", "off")
    assert user_cache_dir() is None


def test_xdg_cache_home_is_used_when_no_override(tmp_path, monkeypatch):
    monkeypatch.delenv("SUMLINT_USER_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert user_cache_dir() == tmp_path / "sumlint"


def test_uncreatable_folder_gives_none(tmp_path, monkeypatch):
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv("SUMLINT_USER_CACHE_DIR", str(tmp_path / "file" / "sub"))
    assert user_cache_dir() is None


def test_write_atomic_replaces_whole_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "entry.bin"
    assert write_atomic(target, b"old")
    assert write_atomic(target, b"new contents")
    assert target.read_bytes() == b"new contents"
    assert [p.name for p in tmp_path.iterdir()] == ["entry.bin"]
    assert not write_atomic(tmp_path / "missing" / "x.bin", b"data")
