"""A department name becomes a path only as one safe component, inside the folder it belongs to."""

import pytest

from budgetlib.paths import MAX_BYTES, inside, safe_component

HOSTILE = ["../../../../outside/pwn办公室", "/etc/cron.d/x办公室", "..\\..\\windows\\x办公室", "..", ".", "",
           ".bashrc", "a\x00b", "a\nb", "a\u202eb", "CON", "nul.txt", "a" * 400, "中" * 200, "x/", " ../x "]


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_name_becomes_one_harmless_component(name):
    component = safe_component(name)
    assert component and "/" not in component and "\\" not in component and ".." not in component
    assert not component.startswith((".", " ")) and component not in (".", "..")
    assert all(ord(char) >= 0x20 and char not in "\u202e\x7f" for char in component)
    assert len(component.encode("utf-8")) <= MAX_BYTES


def test_ordinary_names_are_kept_as_printed():
    for name in ("重庆市南岸区人民政府办公室", "江苏省委办公厅", "{pm[run_uuid]}办公室", "上海市普陀区(本级)"):
        assert safe_component(name) == name


def test_different_names_never_share_a_folder():
    names = ["a/b", "a_b", "a\\b", "a:b", "a..b", "a" * 400, "a" * 401, ".a", "a"]
    assert len({safe_component(name) for name in names}) == len(names)


def test_a_link_planted_inside_cannot_lead_out(tmp_path):
    root = tmp_path / "reports"
    root.mkdir()
    (root / "trap").symlink_to(tmp_path)
    assert inside(root, "部门", 2025) == root / "部门" / "2025"
    with pytest.raises(ValueError, match="outside"):
        inside(root, "trap")
