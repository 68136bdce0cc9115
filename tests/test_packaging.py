"""pip and conda users get the same dependencies."""

import re
import tomllib

from tests.conftest import ROOT


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = set(project["dependencies"]) | {d for extra in project["optional-dependencies"].values() for d in extra}
    conda = (ROOT / "environment.yml").read_text()
    listed = set(re.findall(r"^\s+- ([A-Za-z][\w.-]*[<>=!~][^\s#]*)\s*$", conda, flags=re.M))
    assert listed - {"python>=3.11"} == wanted
