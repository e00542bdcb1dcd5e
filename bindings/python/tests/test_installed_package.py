"""The package as users get it: the source distribution holds what the build
needs, and `pip install .` into a fresh virtual environment gives a working
`oracle` module, imported from outside the source tree.

The install test builds the C++ library and the module from scratch (a few
minutes on two cores) and needs the package index or pip's cache for the
build requirements and pyarrow; set ORACLE_TEST_INSTALL=0 to skip it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import textwrap

import pytest

from conftest import REPO_ROOT

SMOKE_TEST = textwrap.dedent("""
    import json, pathlib, sys
    import oracle
    engine = oracle.Engine()
    seg = engine.segment("07 07 12 34 56", "CI")
    try:
        engine.segment("not a number")
    except oracle.NotANumberError as e:
        code = e.code
    table = engine.segment_many(["0707123456", "junk"], region="CI")
    package = pathlib.Path(oracle.__file__).parent
    print(json.dumps({
        "file": str(package),
        "typed": (package / "py.typed").exists()
                 and (package / "_oracle.pyi").exists(),
        "version": oracle.__version__,
        "segment": seg.to_dict(),
        "code": code,
        "errors": table.column("error").to_pylist(),
    }))
""")


def build_sdist(out_dir):
    """Builds the source distribution with the project's build backend."""
    scikit_build_core = pytest.importorskip("scikit_build_core.build")
    cwd = os.getcwd()
    os.chdir(REPO_ROOT)
    try:
        name = scikit_build_core.build_sdist(str(out_dir))
    finally:
        os.chdir(cwd)
    return out_dir / name


def test_sdist_has_what_the_build_needs(tmp_path):
    sdist = build_sdist(tmp_path)
    with tarfile.open(sdist) as tar:
        names = {name.split("/", 1)[1] for name in tar.getnames()
                 if "/" in name}
    for needed in ("pyproject.toml", "CMakeLists.txt", "README.md",
                   "data/metadata.bin", "include/oracle/engine.h",
                   "src/CMakeLists.txt", "src/engine/embedded_blob.S",
                   "cmake/oracleConfig.cmake.in",
                   "bindings/python/CMakeLists.txt",
                   "bindings/python/src/module.cc",
                   "bindings/python/oracle/__init__.py",
                   "bindings/python/oracle/_oracle.pyi",
                   "bindings/python/oracle/py.typed"):
        assert needed in names, needed
    for name in names:
        top = name.split("/", 1)[0]
        assert not top.startswith((".venv", "build", ".git")), name
        assert top not in ("tests", "bench", "tools", "examples"), name
        assert "__pycache__" not in name, name


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("ORACLE_TEST_INSTALL") == "0",
                    reason="ORACLE_TEST_INSTALL=0")
def test_pip_install_into_fresh_venv(tmp_path, engine):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--disable-pip-version-check",
         "."], cwd=REPO_ROOT, env=env, capture_output=True, text=True,
        timeout=3600, check=False)
    assert install.returncode == 0, (install.stdout[-3000:]
                                     + install.stderr[-3000:])

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    run = subprocess.run([str(python), "-c", SMOKE_TEST], cwd=outside,
                         env=env, capture_output=True, text=True,
                         check=False)
    assert run.returncode == 0, run.stderr
    import json
    result = json.loads(run.stdout)
    assert result["file"].startswith(str(venv))
    assert result["typed"]
    assert result["segment"] == engine.segment("07 07 12 34 56",
                                               "CI").to_dict()
    assert result["code"] == "NOT_A_NUMBER"
    assert result["errors"] == [None, "NOT_A_NUMBER"]
