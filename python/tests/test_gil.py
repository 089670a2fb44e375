"""load() and every operation release the GIL while they work: another Python thread runs meanwhile."""
import shutil
import sys
import threading
import types

import pytest

import labelkit


def write_coco(path, count):
    images = ",".join(f'{{"id":{i},"file_name":"{i}.jpg","width":640,"height":480}}' for i in range(count // 10))
    annotations = ",".join(f'{{"id":{i},"image_id":{i // 10},"category_id":1,"bbox":[{i % 600},10,20,30],'
                           f'"segmentation":[[1,2,3,4,5,6,7,8]]}}' for i in range(count))
    path.write_text(f'{{"images":[{images}],"annotations":[{annotations}],"categories":[{{"id":1,"name":"a"}}]}}')


COUNT = 100_000

# Each works on COUNT annotations (agree: on COUNT ratings) and returns how many it read or wrote.
CALLS = {
    "load": lambda data, out: len(labelkit.load(data.coco).annotations),
    "convert": lambda data, out: labelkit.convert(data.coco, out / "c.json", to="coco")["counts"]["annotations"],
    # Every box is not the bounds of its polygon: one error each.
    "lint": lambda data, out: labelkit.lint(data.coco)["summary"]["errors"],
    "agree": lambda data, out: 2 * labelkit.agree([data.ratings])["categorical"]["items"],
    "merge": lambda data, out: labelkit.merge([data.coco, data.copy], out / "m.json", to="coco")["annotations"],
    "split": lambda data, out: sum(s["annotations"] for s in labelkit.split(data.coco, out / "s", to="coco")["subsets"]),
}


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """A COCO file of COUNT annotations, a copy of it in another folder, and a rating table of
    COUNT ratings (two annotators)."""
    folder = tmp_path_factory.mktemp("big")
    data = types.SimpleNamespace(coco=folder / "a" / "big.json", copy=folder / "b" / "big.json",
                                 ratings=folder / "ratings.csv")
    data.coco.parent.mkdir()
    data.copy.parent.mkdir()
    write_coco(data.coco, COUNT)
    shutil.copy(data.coco, data.copy)
    data.ratings.write_text("item,annotator,label\n" + "".join(f"{i // 2},{'ab'[i % 2]},{i % 3}\n" for i in range(COUNT)))
    return data


@pytest.mark.parametrize("name", CALLS)
def test_another_thread_runs_while_the_call_works(big, tmp_path, name):
    # Tenths of a second of work. The switch interval is set far longer, so that the main thread
    # only lets the other thread run while a call releases the GIL; the other thread, woken before
    # the call, runs during it only if the call releases the GIL.
    woken = threading.Event()
    ran = []
    other = threading.Thread(target=lambda: (woken.wait(), ran.append(True)))
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(100)
    try:
        other.start()
        woken.set()
        annotations = CALLS[name](big, tmp_path)
        ran_during_call = bool(ran)
    finally:
        sys.setswitchinterval(switch_interval)
        other.join()
    assert annotations == COUNT
    assert ran_during_call
