"""Paths the tests share. ctest sets LABELKIT_SOURCE_DIR and LABELKIT_BUILD_DIR, LABELKIT_CLI to the
CLI it built, and PYTHONPATH to the folder of the module it built."""
import os
import pathlib
import subprocess

import pytest

SOURCE_DIR = pathlib.Path(os.environ.get("LABELKIT_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))


SHARED_DIR = pathlib.Path(os.environ.get("LABELKIT_SHARED_DIR", SOURCE_DIR.parent / "shared"))


@pytest.fixture
def mturk_excerpt():
    """The MTurk batch excerpt of the shared reference samples (skipped without them): one image,
    six assignments (no WorkerId: named "line 7" .. "line 12"), one Car box each."""
    path = SHARED_DIR / "reference/platform-samples/mturk_crowd_html/batch_results_6workers_boxes_excerpt.txt"
    if not path.exists():
        pytest.skip(f"no shared samples at {SHARED_DIR}")
    return path


@pytest.fixture
def examples():
    """The example dataset, the same in examples/coco, examples/voc and examples/yolo: 4 images
    (3 train, 1 val), 6 objects, 3 categories."""
    return SOURCE_DIR / "examples"


@pytest.fixture
def cli():
    """Runs the labelkit CLI with these arguments and returns its standard output."""
    def run(*arguments):
        return subprocess.run([os.environ["LABELKIT_CLI"], *map(str, arguments)],
                              check=True, capture_output=True, text=True).stdout
    return run
