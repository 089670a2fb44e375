"""`cmake --install` puts the module into LABELKIT_PYTHON_INSTALL_DIR under the prefix, and a clean
interpreter imports it from there."""
import os
import pathlib
import subprocess
import sys
import sysconfig


def test_the_installed_module_imports_in_a_clean_interpreter(tmp_path, examples):
    build = os.environ["LABELKIT_BUILD_DIR"]
    install_dir = pathlib.Path(os.environ["LABELKIT_PYTHON_INSTALL_DIR"])
    prefix = tmp_path / "prefix"
    environment = dict(os.environ)
    if install_dir.is_absolute():
        # An absolute folder ignores --prefix: DESTDIR keeps the install inside tmp_path.
        environment["DESTDIR"] = str(tmp_path / "staging")
        site = tmp_path / "staging" / install_dir.relative_to("/")
    else:
        site = prefix / install_dir
    subprocess.run([os.environ["LABELKIT_CMAKE"], "--install", build, "--prefix", str(prefix)],
                   env=environment, check=True, capture_output=True)
    assert (site / ("labelkit" + sysconfig.get_config_var("EXT_SUFFIX"))).is_file()

    script = ("import labelkit; d = labelkit.load(r'%s');"
              "print(labelkit.__file__); print(len(d.images), len(d.annotations), d.boxes().shape)") % (examples / "coco")
    clean = {"PATH": os.environ["PATH"], "PYTHONPATH": str(site)}
    result = subprocess.run([sys.executable, "-s", "-c", script], env=clean, cwd=tmp_path,
                            check=True, capture_output=True, text=True)
    module_file, counts = result.stdout.splitlines()
    assert pathlib.Path(module_file).parent == site
    assert counts == "4 6 (6, 4)"
