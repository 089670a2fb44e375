#!/usr/bin/env python3
"""Writes examples/coco: four small greyscale PNGs with shapes drawn on them, and the COCO
instances files that describe them (boxes, polygons, a crowd RLE mask, attributes, an image
with no objects, two subsets, non-contiguous category ids). Standard library only; run from
the repository root. The VOC and YOLO copies are made from it with labelkit itself (README)."""
import json, math, struct, zlib
from pathlib import Path

W, H = 96, 64
CATEGORIES = [{"id": 1, "name": "circle", "supercategory": "shape"},
              {"id": 3, "name": "square", "supercategory": "shape"},
              {"id": 7, "name": "triangle", "supercategory": "shape"}]


def circle(cx, cy, r, n=16):
    return [(cx + r * math.cos(2 * math.pi * k / n), cy + r * math.sin(2 * math.pi * k / n)) for k in range(n)]


def inside(poly, x, y):
    hit = False
    for (x1, y1), (x2, y2) in zip(poly, poly[1:] + poly[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def mask_of(poly):  # pixel (i, j) is inside when its centre is
    return [[inside(poly, i + 0.5, j + 0.5) for i in range(W)] for j in range(H)]


def png(rows):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + bytes(rows[j]) for j in range(H))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def rle(mask):  # COCO: column-major runs, starting with background
    counts, current, run = [], 0, 0
    for i in range(W):
        for j in range(H):
            if mask[j][i] != current:
                counts.append(run)
                current, run = mask[j][i], 0
            run += 1
    counts.append(run)
    return counts


def bbox(poly):
    xs, ys = [p[0] for p in poly], [p[1] for p in poly]
    return [min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)]


def area(poly):
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(poly, poly[1:] + poly[:1]))) / 2


def rounded(poly):
    return [(round(x, 2), round(y, 2)) for x, y in poly]


# (subset, file, [(category id, polygon, kind, attributes)])
SCENES = [
    ("train", "shapes_001.png", [(3, [(10, 10), (40, 10), (40, 40), (10, 40)], "polygon", {"colour": "white"}),
                                 (1, rounded(circle(70, 30, 14)), "polygon", {})]),
    ("train", "shapes_002.png", [(7, [(20, 50), (45, 8), (70, 50)], "polygon", {}),
                                 (3, [(72, 40), (90, 40), (90, 58), (72, 58)], "box", {"occluded": True})]),
    ("train", "shapes_003.png", []),
    ("val", "shapes_004.png", [(1, rounded(circle(30, 32, 18, 24)), "rle", {}),
                               (7, [(60, 55), (75, 20), (90, 55)], "polygon", {})]),
]


def main():
    root = Path("examples/coco")
    files = {}
    for subset, name, objects in SCENES:
        pixels = [[30] * W for _ in range(H)]
        for _, poly, _, _ in objects:
            m = mask_of(poly)
            for j in range(H):
                for i in range(W):
                    if m[j][i]:
                        pixels[j][i] = 220
        (root / "images" / subset).mkdir(parents=True, exist_ok=True)
        (root / "images" / subset / name).write_bytes(png(pixels))
        doc = files.setdefault(subset, {"info": {"description": "labelkit example: shapes", "version": "1.0", "year": 2026},
                                        "licenses": [{"id": 1, "name": "CC0-1.0", "url": "https://creativecommons.org/publicdomain/zero/1.0/"}],
                                        "images": [], "annotations": [], "categories": CATEGORIES})
        image_id = 100 + len([i for s in files.values() for i in s["images"]])
        doc["images"].append({"id": image_id, "file_name": name, "width": W, "height": H, "license": 1})
        for category, poly, kind, attributes in objects:
            ann = {"id": len(doc["annotations"]) + 1 + (0 if subset == "train" else 100), "image_id": image_id,
                   "category_id": category, "bbox": bbox(poly), "area": area(poly), "iscrowd": 0}
            if kind == "polygon":
                ann["segmentation"] = [[c for p in poly for c in p]]
            elif kind == "box":
                ann["segmentation"] = []
            else:
                m = mask_of(poly)
                ann.update(segmentation={"size": [H, W], "counts": rle(m)}, iscrowd=1,
                           area=sum(map(sum, m)))
            if attributes:
                ann["attributes"] = attributes
            doc["annotations"].append(ann)
    (root / "annotations").mkdir(parents=True, exist_ok=True)
    for subset, doc in files.items():
        (root / "annotations" / f"instances_{subset}.json").write_text(json.dumps(doc, indent=1) + "\n")


main()
