"""The package as an index would serve it, installed as a Jupyter user installs it.

One chain, in one fresh venv, because each step builds on the last and a venv with JupyterLab in it is the
dearest thing the suite makes:

1. ``python -m build`` on a copy of the tracked files makes an sdist and, from the sdist, a wheel (so a file the
   sdist leaves out fails the wheel build or the checks below);
2. the wheel holds every file of the package (modules, templates, type data, samples: everything egeria_nb reads
   at run time), the sdist holds what a rebuild needs, and the metadata says what an index shows;
3. ``pip install <wheel>`` alone stays within the install budget, imports from the venv, and ``egeria-nb demo``
   walks through the five integration-group calls;
4. ``pip install '<wheel>[lab]'`` runs lab 1 in that venv's own Jupyter;
5. ``pip install -r binder/requirements.txt`` (what mybinder.org does, from the repository root) then runs every
   lab. It installs on top of step 4 with the same ``lab`` extra, so what it adds to the venv is only what binder/
   itself asks for.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

import egeria_nb

REPO = Path(__file__).resolve().parent.parent

# pyproject.toml: "a plain install stays within 45 packages / 290 MB" (decimal megabytes: the stricter reading).
MAX_PACKAGES = 45
MAX_BYTES = 290 * 1000 * 1000
SUPPORTED = ("3.11", "3.12", "3.13")

# A fresh venv must not see this interpreter's environment, nor a sub-make's.
ENV_NOISE = (
    "VIRTUAL_ENV",
    "PYTHONPATH",
    "PYTHONHOME",
    "PYTHONSTARTUP",
    "PYTHONUSERBASE",
    "PIP_USER",
    "MAKEFLAGS",
    "MFLAGS",
    "MAKELEVEL",
    "MAKEOVERRIDES",
)

DIST_SIZES = """
import importlib.metadata as md, json, os
sizes = {}
for dist in md.distributions():
    total = 0
    for f in dist.files or []:
        try:
            total += os.lstat(dist.locate_file(f)).st_size
        except OSError:
            pass
    sizes[dist.metadata["Name"]] = total
print(json.dumps(sizes))
"""

DEMO_STEPS = ("POST", "POST", "GET", "DELETE", "DELETE")


def _run(cmd: list[str], *, timeout: float, what: str, **kw: object) -> subprocess.CompletedProcess[str]:
    kw.setdefault("stdin", subprocess.DEVNULL)
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kw)  # type: ignore[call-overload]
    assert done.returncode == 0, f"{what} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def _base_python() -> str:
    candidates = [getattr(sys, "_base_executable", ""), str(Path(sys.base_prefix) / "bin" / "python3")]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail(f"no base interpreter found among {candidates}")


def _tracked_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files"], cwd=REPO, check=True, capture_output=True, text=True).stdout
    return [name for name in listed.splitlines() if (REPO / name).is_file()]


def _tree_bytes(root: Path) -> int:
    """Apparent size of everything under ``root``, as `du -sb` counts it."""
    total = os.lstat(root).st_size
    for dirpath, dirs, files in os.walk(root):
        for name in dirs + files:
            total += os.lstat(os.path.join(dirpath, name)).st_size
    return total


def _check_wheel(wheel: Path, tracked: list[str]) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(info).decode())
        entry_points = archive.read(info.replace("METADATA", "entry_points.txt")).decode()
    package = {name for name in tracked if name.startswith("egeria_nb/")}
    missing = sorted(package - names)
    assert not missing, f"the wheel lacks files the package has (and may read at run time): {missing}"
    stray = sorted(n for n in names - package if not n.startswith(f"egeria_nb-{egeria_nb.__version__}.dist-info/"))
    assert not stray, f"the wheel holds files that are not the package's: {stray}"

    assert metadata["Name"] == "egeria_nb" and metadata["Version"] == egeria_nb.__version__, dict(metadata)
    assert metadata["Requires-Python"] == ">=3.11"
    assert metadata["License-Expression"] == "Apache-2.0"
    assert "LICENSE" in metadata.get_all("License-File", []), "the license text is not in the wheel's metadata"
    assert "Egeria integration daemons" in metadata["Summary"]
    assert "egeria" in metadata["Keywords"].split(",")
    classifiers = set(metadata.get_all("Classifier", []))
    for version in SUPPORTED:
        assert f"Programming Language :: Python :: {version}" in classifiers, version
    assert "Framework :: Jupyter" in classifiers
    assert metadata.get_payload().startswith("# egeria_nb"), "the README is the long description"
    extras = set(metadata.get_all("Provides-Extra", []))
    assert {"lab", "check", "test"} <= extras, extras
    assert "egeria-nb = egeria_nb.cli:main" in entry_points, entry_points


def _check_sdist(sdist: Path, tracked: list[str]) -> None:
    with tarfile.open(sdist) as archive:
        root = f"egeria_nb-{egeria_nb.__version__}/"
        names = {n.removeprefix(root) for n in archive.getnames()}
    needed = {"pyproject.toml", "README.md", "LICENSE"} | {n for n in tracked if n.startswith("egeria_nb/")}
    missing = sorted(needed - names)
    assert not missing, f"the sdist lacks {missing}"


def _labs(src: Path) -> list[str]:
    return sorted(str(p) for p in (src / "notebooks").glob("[0-9]*.ipynb"))


@pytest.mark.slow
def test_sdist_and_wheel_install_like_a_jupyter_library_and_binder_runs_every_lab(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ENV_NOISE}
    env["EGERIA_NB_HOME"] = str(tmp_path / "home")
    timings: dict[str, float] = {}

    def step(name: str, cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
        kw.setdefault("cwd", tmp_path)
        kw.setdefault("env", env)
        kw.setdefault("timeout", 900)
        t = time.monotonic()
        done = _run(cmd, what=name, **kw)
        timings[name] = time.monotonic() - t
        return done

    # 1. Build from what git tracks, as a release would (nothing from the working tree's build/ or egg-info).
    tracked = _tracked_files()
    src = tmp_path / "src"
    for name in tracked:
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, src / name)
    step("build", [sys.executable, "-m", "build", "--outdir", str(tmp_path / "dist"), str(src)])
    sdists = list((tmp_path / "dist").glob("*.tar.gz"))
    wheels = list((tmp_path / "dist").glob("*.whl"))
    assert len(sdists) == 1 and len(wheels) == 1, sorted(p.name for p in (tmp_path / "dist").iterdir())
    wheel = wheels[0]

    # 2. What is in them.
    _check_wheel(wheel, tracked)
    _check_sdist(sdists[0], tracked)

    # 3. The wheel alone: within budget, and it works from outside the source tree.
    venv = tmp_path / "venv"
    py = str(venv / "bin" / "python")
    step("venv", [_base_python(), "-m", "venv", str(venv)])
    step("pip install <wheel>", [py, "-m", "pip", "install", str(wheel)], timeout=1800)
    packages = sorted(
        p["name"] for p in json.loads(step("pip list", [py, "-m", "pip", "list", "--format=json"]).stdout)
    )
    sizes = json.loads(step("sizes", [py, "-c", DIST_SIZES]).stdout)
    total = _tree_bytes(venv)
    heaviest = ", ".join(f"{name} {size / 1e6:.1f} MB" for name, size in sorted(sizes.items(), key=lambda i: -i[1])[:8])
    figures = (
        f"{len(packages)} packages (limit {MAX_PACKAGES}), {total / 1e6:.1f} MB on disk (limit "
        f"{MAX_BYTES / 1e6:.0f} MB); pip install {timings['pip install <wheel>']:.1f} s; heaviest: {heaviest}"
    )
    print("\nplain install: " + figures)
    assert "egeria_nb" in {p.replace("-", "_").lower() for p in packages}, packages
    assert len(packages) <= MAX_PACKAGES, f"too many packages: {', '.join(packages)}\n{figures}"
    assert total <= MAX_BYTES, f"too big on disk\n{figures}"

    imported = step("import", [py, "-c", "import egeria_nb; print(egeria_nb.__version__); print(egeria_nb.__file__)"])
    version, location = imported.stdout.split()
    assert version == egeria_nb.__version__
    assert Path(location).resolve().is_relative_to(venv.resolve()), f"imported from {location}, not the fresh venv"
    demo = step("egeria-nb demo", [str(venv / "bin" / "egeria-nb"), "demo"], timeout=300)
    steps = [line.split()[1] for line in demo.stdout.splitlines() if line.startswith("== ")]
    assert tuple(steps) == DEMO_STEPS, demo.stdout
    assert "No integration groups are configured." in demo.stdout, demo.stdout

    # 4. With the lab extra, as `pip install egeria_nb[lab]` from an index: lab 1 runs in the venv's own Jupyter.
    path_env = {**env, "PATH": f"{venv / 'bin'}:{env['PATH']}"}
    # --no-compile from here on: the budget above counted the byte code; writing it for JupyterLab's hundreds of
    # modules takes time and checks nothing the labs need.
    lab_extra = f"egeria_nb[lab] @ {wheel.as_uri()}"
    step("pip install <wheel>[lab]", [py, "-m", "pip", "install", "--no-compile", lab_extra], timeout=1800)
    lab_one = _labs(src)[0]
    assert Path(lab_one).name.startswith("01-")
    step("lab 1", [str(venv / "bin" / "jupyter"), "execute", "--timeout=120", lab_one], env=path_env, cwd=src)

    # 5. What mybinder.org does: binder/ from the repository root, then every lab.
    binder = [py, "-m", "pip", "install", "--no-compile", "-r", "binder/requirements.txt"]
    step("binder", binder, cwd=src, timeout=1800)
    step("all labs", [str(venv / "bin" / "jupyter"), "execute", "--timeout=120", *_labs(src)], env=path_env, cwd=src)
    where = step("import after binder", [py, "-c", "import egeria_nb; print(egeria_nb.__file__)"], env=path_env)
    assert Path(where.stdout.strip()).resolve().is_relative_to(venv.resolve()), where.stdout
    print("timings: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items()))
