#!/usr/bin/env python3
"""Writes examples/annotators: six 320x240 pictures of coloured shapes and three annotators'
COCO files of them, with deliberate differences, for `agree`, `merge`, `draw --compare` and
`report`. Standard library only; run from the repository root. The same every run.

- alice: every shape, its box within 1 px of the truth.
- bob: boxes 4 px right and 3 px down; misses the smallest shape of each picture.
- chen: boxes within 2 px; calls every triangle a square; adds a circle that is not there on
  scene_02 and scene_05.
"""
import json, math, random, struct, zlib
from pathlib import Path

W, H = 320, 240
OUT = Path("examples/annotators")
CATEGORIES = [{"id": 1, "name": "circle", "supercategory": "shape"},
              {"id": 2, "name": "square", "supercategory": "shape"},
              {"id": 3, "name": "triangle", "supercategory": "shape"}]
COLOURS = {"circle": (230, 160, 40), "square": (70, 150, 220), "triangle": (120, 200, 90)}


def png(rows):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + bytes(row) for row in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def contains(kind, box, x, y):
    bx, by, bw, bh = box
    if kind == "square":
        return bx <= x < bx + bw and by <= y < by + bh
    if kind == "circle":
        return (x - bx - bw / 2) ** 2 + (y - by - bh / 2) ** 2 <= (bw / 2) ** 2
    # triangle: apex at the top middle, base at the bottom
    if not by <= y < by + bh:
        return False
    half = (y - by) / bh * bw / 2
    return abs(x - bx - bw / 2) <= half


def scene(rng):
    shapes = []
    while len(shapes) < rng.randint(3, 5):
        kind = rng.choice(["circle", "square", "triangle"])
        side = rng.randint(24, 90)
        box = [rng.randint(4, W - side - 4), rng.randint(4, H - side - 4), side, side]
        if all(box[0] + side < b[0] or b[0] + b[2] < box[0] or box[1] + side < b[1] or b[1] + b[3] < box[1]
               for _, b in shapes):
            shapes.append((kind, box))
    return shapes


def picture(shapes):
    rows = []
    for y in range(H):
        row = bytearray()
        for x in range(W):
            colour = (40 + y // 8, 44 + y // 8, 52 + x // 10)
            for kind, box in shapes:
                if contains(kind, box, x + 0.5, y + 0.5):
                    colour = COLOURS[kind]
            row += bytes(colour)
        rows.append(row)
    return png(rows)


def jitter(rng, box, most):
    return [box[0] + rng.randint(-most, most), box[1] + rng.randint(-most, most),
            box[2] + rng.randint(-most, most), box[3] + rng.randint(-most, most)]


def annotators(scenes, rng):
    alice, bob, chen = [], [], []
    for image, shapes in enumerate(scenes):
        smallest = min(range(len(shapes)), key=lambda k: shapes[k][1][2])
        for k, (kind, box) in enumerate(shapes):
            alice.append((image, kind, jitter(rng, box, 1)))
            if k != smallest:
                bob.append((image, kind, [box[0] + 4, box[1] + 3, box[2], box[3]]))
            chen.append((image, "square" if kind == "triangle" else kind, jitter(rng, box, 2)))
        if image in (1, 4):
            chen.append((image, "circle", [W - 60, H - 50, 30, 30]))
    return {"alice": alice, "bob": bob, "chen": chen}


def coco(objects, names):
    ids = {c["name"]: c["id"] for c in CATEGORIES}
    return {"images": [{"id": i + 1, "file_name": name, "width": W, "height": H} for i, name in enumerate(names)],
            "annotations": [{"id": n + 1, "image_id": image + 1, "category_id": ids[kind], "bbox": box,
                             "area": box[2] * box[3], "iscrowd": 0} for n, (image, kind, box) in enumerate(objects)],
            "categories": CATEGORIES}


def main():
    rng = random.Random(16)
    scenes = [scene(rng) for _ in range(6)]
    names = [f"scene_{i + 1:02d}.png" for i in range(len(scenes))]
    (OUT / "images").mkdir(parents=True, exist_ok=True)
    for name, shapes in zip(names, scenes):
        (OUT / "images" / name).write_bytes(picture(shapes))
    for annotator, objects in annotators(scenes, rng).items():
        (OUT / f"{annotator}.json").write_text(json.dumps(coco(objects, names), indent=1) + "\n")


main()
