#!/usr/bin/env python3
"""A synthetic Label Studio JSON export for the benchmark: --tasks image tasks, each with three
annotations (annotators 1, 2 and 3) of seven rectangles, as Label Studio exports them
(percent coordinates, original_width/height, the usual annotation and task fields).
Deterministic for a given --seed.

    python3 bench/gen_label_studio.py --tasks 100000 --seed 1 --out bench/data/ls_100000.json
"""
import argparse
import json
import random

LABELS = ["Car", "Person", "Bicycle", "Dog", "Traffic light"]


def region(rng, index, width, height):
    w = rng.uniform(2, 30)
    h = rng.uniform(2, 30)
    return {
        "original_width": width,
        "original_height": height,
        "image_rotation": 0,
        "value": {
            "x": rng.uniform(0, 100 - w),
            "y": rng.uniform(0, 100 - h),
            "width": w,
            "height": h,
            "rotation": 0,
            "rectanglelabels": [rng.choice(LABELS)],
        },
        "id": "r%08x" % rng.getrandbits(32),
        "from_name": "label",
        "to_name": "image",
        "type": "rectanglelabels",
        "origin": "manual",
    }


def task(rng, task_id, annotation_ids):
    width, height = rng.choice([(640, 480), (1280, 720), (1920, 1080), (800, 600)])
    annotations = []
    for annotator in (1, 2, 3):
        annotation_id = next(annotation_ids)
        annotations.append({
            "id": annotation_id,
            "completed_by": annotator,
            "result": [region(rng, k, width, height) for k in range(7)],
            "was_cancelled": False,
            "ground_truth": False,
            "created_at": "2024-05-07T12:34:36.829143Z",
            "updated_at": "2024-05-07T16:27:17.914777Z",
            "lead_time": round(rng.uniform(5, 600), 3),
            "prediction": {},
            "result_count": 0,
            "task": task_id,
            "project": 7,
            "updated_by": annotator,
            "parent_prediction": None,
            "parent_annotation": None,
            "last_created_by": None,
        })
    return {
        "id": task_id,
        "annotations": annotations,
        "file_upload": "upload_%d.jpg" % task_id,
        "drafts": [],
        "predictions": [],
        "data": {"image": "/data/upload/7/image_%06d.jpg" % task_id},
        "meta": {},
        "created_at": "2024-05-07T12:22:30.126803Z",
        "updated_at": "2024-05-07T16:27:19.222035Z",
        "inner_id": task_id,
        "total_annotations": 3,
        "cancelled_annotations": 0,
        "total_predictions": 0,
        "project": 7,
        "updated_by": 1,
        "comment_authors": [],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=100000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    annotation_ids = iter(range(1, 10 ** 12))
    with open(args.out, "w") as out:
        out.write("[")
        for task_id in range(1, args.tasks + 1):
            out.write("\n" if task_id == 1 else ",\n")
            json.dump(task(rng, task_id, annotation_ids), out)
        out.write("\n]\n")


if __name__ == "__main__":
    main()
