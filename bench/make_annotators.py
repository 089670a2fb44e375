#!/usr/bin/env python3
"""Five annotators' COCO files of the same images, for the `agree` benchmark.

Each annotator sees the boxes of a gen_coco.py file (first --images images) and, with a fixed
seed, moves every corner by Gaussian noise (3% of the box's side), misses 5% of the boxes,
gives 2% another class and adds a spurious box to 3% of the images. Boxes only: the
segmentation is dropped.

  make_annotators.py --source coco_5000.json --out DIR [--annotators 5] [--images 5000]
"""
import argparse
import json
import os
import random


def jitter(box, rng, width, height):
    x, y, w, h = box
    left = x + rng.gauss(0, 0.03 * w)
    top = y + rng.gauss(0, 0.03 * h)
    right = x + w + rng.gauss(0, 0.03 * w)
    bottom = y + h + rng.gauss(0, 0.03 * h)
    left, right = sorted((min(max(left, 0), width), min(max(right, 0), width)))
    top, bottom = sorted((min(max(top, 0), height), min(max(bottom, 0), height)))
    return [round(left, 2), round(top, 2), round(right - left, 2), round(bottom - top, 2)]


def annotator(source, images, categories, seed):
    rng = random.Random(seed)
    sizes = {image["id"]: (image["width"], image["height"]) for image in images}
    category_ids = [c["id"] for c in categories]
    annotations = []
    for a in source:
        if a["image_id"] not in sizes or rng.random() < 0.05:
            continue
        width, height = sizes[a["image_id"]]
        box = jitter(a["bbox"], rng, width, height)
        if box[2] <= 1 or box[3] <= 1:
            continue
        category = rng.choice(category_ids) if rng.random() < 0.02 else a["category_id"]
        annotations.append({"id": len(annotations) + 1, "image_id": a["image_id"], "category_id": category,
                            "bbox": box, "area": round(box[2] * box[3], 2), "iscrowd": 0})
    for image in images:
        if rng.random() < 0.03:
            w, h = rng.uniform(10, image["width"] / 3), rng.uniform(10, image["height"] / 3)
            x, y = rng.uniform(0, image["width"] - w), rng.uniform(0, image["height"] - h)
            annotations.append({"id": len(annotations) + 1, "image_id": image["id"],
                                "category_id": rng.choice(category_ids), "bbox": [round(x, 2), round(y, 2), round(w, 2), round(h, 2)],
                                "area": round(w * h, 2), "iscrowd": 0})
    return annotations


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--annotators", type=int, default=5)
    parser.add_argument("--images", type=int, default=5000)
    args = parser.parse_args()
    with open(args.source) as f:
        data = json.load(f)
    images = data["images"][: args.images]
    os.makedirs(args.out, exist_ok=True)
    for k in range(args.annotators):
        document = {"images": images, "categories": data["categories"],
                    "annotations": annotator(data["annotations"], images, data["categories"], seed=k + 1)}
        with open(os.path.join(args.out, f"annotator_{k + 1}.json"), "w") as f:
            json.dump(document, f)


if __name__ == "__main__":
    main()
