"""load() releases the GIL while it reads: another Python thread runs meanwhile."""
import sys
import threading

import labelkit


def write_coco(path, count):
    images = ",".join(f'{{"id":{i},"file_name":"{i}.jpg","width":640,"height":480}}' for i in range(count // 10))
    annotations = ",".join(f'{{"id":{i},"image_id":{i // 10},"category_id":1,"bbox":[{i % 600},10,20,30],'
                           f'"segmentation":[[1,2,3,4,5,6,7,8]]}}' for i in range(count))
    path.write_text(f'{{"images":[{images}],"annotations":[{annotations}],"categories":[{{"id":1,"name":"a"}}]}}')


def test_another_thread_runs_while_load_reads(tmp_path):
    # About 0.1 s of reading. The switch interval is set far longer, so that the main thread only
    # lets the other thread run while a call releases the GIL; the other thread, woken before the
    # call, runs during it only if load releases the GIL.
    count = 100_000
    path = tmp_path / "big.json"
    write_coco(path, count)
    woken = threading.Event()
    ran = []
    other = threading.Thread(target=lambda: (woken.wait(), ran.append(True)))
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(100)
    try:
        other.start()
        woken.set()
        dataset = labelkit.load(path)
        ran_during_load = bool(ran)
    finally:
        sys.setswitchinterval(switch_interval)
        other.join()
    assert len(dataset.annotations) == count
    assert ran_during_load
