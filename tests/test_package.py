"""The package works installed: a wheel, installed (not editable) into a fresh environment, builds the book.

The fresh environment sees the dependencies of the environment running the
tests through a ``.pth`` file, so nothing is downloaded or reinstalled; only
rcreport itself comes from the wheel. The build runs from outside the
checkout, on a copy of the project's parts, with no ``PYTHONPATH``, so
neither the checkout's ``src/`` nor an editable install can stand in for the
installed package.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from rcreport.project import Project

ROOT = Path(__file__).resolve().parents[1]
# What the wheel is built from: the package's metadata and source, nothing generated
WHEEL_SOURCES = ("pyproject.toml", "README.md", "LICENSE", "src")

pytestmark = pytest.mark.build


def run(command: list[str], cwd: Path, env: dict[str, str], timeout: int = 900) -> subprocess.CompletedProcess:
    """Run a command, failing the test with its output if it fails."""
    result = subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{' '.join(map(str, command))} exited {result.returncode}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment with rcreport installed from a wheel of this checkout; returns its bin/."""
    work = tmp_path_factory.mktemp("package")
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME")}
    source = work / "source"
    source.mkdir()
    for name in WHEEL_SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns(*Project.BUILD_PRODUCTS, "*.egg-info"))
        else:
            shutil.copy2(ROOT / name, source / name)
    wheels = work / "wheels"
    # No build isolation: setuptools is already in the test environment, and nothing is fetched
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--wheel-dir", wheels, source], work, env)
    (wheel,) = wheels.glob("rcreport-*.whl")
    venv = work / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], work, env)
    python = venv / "bin" / "python"
    site_packages = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], work, env).stdout.strip())
    # The test environment's packages, after the fresh environment's own (so rcreport is the wheel's)
    dependencies = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (site_packages / "test-environment.pth").write_text("".join(f"{path}\n" for path in sorted(dependencies)), encoding="utf-8")
    run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", wheel], work, env)
    return venv / "bin"


def test_the_installed_package_is_imported_from_the_fresh_environment(installed, tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME")}
    where = run([installed / "python", "-c", "import rcreport.nlp; print(rcreport.nlp.__file__)"], tmp_path, env).stdout.strip()
    assert Path(where).is_relative_to(installed.parent), where
    assert not Path(where).is_relative_to(ROOT), where


def test_a_wheel_installed_in_a_fresh_environment_builds_the_book(installed, tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME")}
    checkout = Project(ROOT).copy_to(tmp_path / "checkout")
    result = run([installed / "rcreport", "build", "--root", checkout.root], tmp_path, env)
    assert (checkout.html_dir / "index.html").is_file(), result.stdout[-2000:]
    assert (checkout.generated_dir / "05_chronology.ipynb").is_file()
    # The chapters ran with the models of the checkout, found through --root
    assert "models_dir='models/hi'" in (checkout.generated_dir / "reproducibility.md").read_text(encoding="utf-8")


def test_a_build_without_models_names_the_folder_it_looked_in(installed, tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME")}
    missing = tmp_path / "no-models"
    result = subprocess.run([installed / "rcreport", "build", "--root", tmp_path, "--models-dir", missing], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert str(missing) in result.stderr and "--models-dir" in result.stderr, result.stderr
