"""What `-f` names: a file, a folder, a glob; each plan once."""

from __future__ import annotations

from pathlib import Path

import pytest

from screenkit.errors import InputError
from screenkit.usecases.locate import expand


def plans(tmp_path: Path, *names: str) -> None:
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")


def test_a_file_is_itself_even_when_it_does_not_exist_yet(tmp_path):
    assert expand([tmp_path / "new.toml"]) == [tmp_path / "new.toml"]


def test_a_folder_is_its_plan_else_its_groups_plans_else_its_toml_files(tmp_path):
    plans(tmp_path, "one/screenkit.toml", "net/b/screenkit.toml", "net/a/screenkit.toml",
          "flat/x.toml", "flat/y.toml", "flat/notes.txt")  # fmt: skip
    assert expand([tmp_path / "one"]) == [tmp_path / "one/screenkit.toml"]
    assert expand([tmp_path / "net"]) == [tmp_path / "net/a/screenkit.toml",
                                          tmp_path / "net/b/screenkit.toml"]  # fmt: skip
    assert expand([tmp_path / "flat"]) == [tmp_path / "flat/x.toml", tmp_path / "flat/y.toml"]
    (tmp_path / "empty").mkdir()
    # the plan it would hold: `init` makes it there, and any other command says there is none
    assert expand([tmp_path / "empty"]) == [tmp_path / "empty/screenkit.toml"]


def test_a_glob_in_name_order_and_each_plan_once(tmp_path):
    plans(tmp_path, "g/b/screenkit.toml", "g/a/screenkit.toml")
    found = expand([tmp_path / "g/*/screenkit.toml", tmp_path / "g/a/screenkit.toml"])
    assert found == [tmp_path / "g/a/screenkit.toml", tmp_path / "g/b/screenkit.toml"]
    with pytest.raises(InputError, match="no file matches"):
        expand([tmp_path / "g/*/plan.toml"])


def test_a_region_folder_holds_its_groups_and_none_is_left_out(tmp_path):
    """groups/north/{leeds,york} beside groups/south: `-f groups` listed south alone, exit 0."""
    plans(tmp_path, "groups/north/leeds/screenkit.toml", "groups/north/york/screenkit.toml",
          "groups/south/screenkit.toml", "groups/.git/x/screenkit.toml")  # fmt: skip
    assert expand([tmp_path / "groups"]) == [
        tmp_path / "groups/north/leeds/screenkit.toml",
        tmp_path / "groups/north/york/screenkit.toml",
        tmp_path / "groups/south/screenkit.toml",
    ]
