#!/usr/bin/env python3
"""Collects the seed inputs of every fuzz target into OUT/<target>/ (emptied first): files of the
matching kinds from the given folders (examples/, ../shared/corpus), the hand-made seeds in
fuzz/seeds/<target>/, and for rle_fuzzer the masks of the COCO files as compressed counts.
Files are named by their SHA-1, as libFuzzer names its own."""
import fnmatch
import hashlib
import json
import os
import shutil
import sys

MAX_SEED_BYTES = 1 << 20

PATTERNS = {
    "coco_fuzzer": ["*.json"],
    "voc_fuzzer": ["*.xml"],
    "yolo_labels_fuzzer": ["*.txt"],
    "data_yaml_fuzzer": ["*.yaml", "*.yml"],
    "darknet_fuzzer": ["*.data"],
    "image_list_fuzzer": ["*.txt"],
    "ratings_csv_fuzzer": ["*.csv"],
    "ratings_jsonl_fuzzer": ["*.jsonl", "*.ndjson"],
    "lint_config_fuzzer": ["*.yaml", "*.yml"],
    "label_map_fuzzer": ["*.yaml", "*.yml"],
    "image_header_fuzzer": ["*.jpg", "*.jpeg", "*.png", "*.bmp", "*.gif", "*.webp", "*.tif", "*.tiff",
                            "*.pgm", "*.ppm", "*.pbm", "*.tga"],
    "rle_fuzzer": [],
}


def add_seed(folder, data):
    with open(os.path.join(folder, hashlib.sha1(data).hexdigest()), "wb") as out:
        out.write(data)


def files_under(folders):
    for top in folders:
        for root, _, names in os.walk(top):
            for name in sorted(names):
                path = os.path.join(root, name)
                if os.path.isfile(path) and os.path.getsize(path) <= MAX_SEED_BYTES:
                    yield path


def rle_string(counts):
    """pycocotools' rleToString."""
    out = []
    for i, x in enumerate(counts):
        if i > 2:
            x -= counts[i - 2]
        more = True
        while more:
            c = x & 0x1F
            x >>= 5
            more = x != -1 if c & 0x10 else x != 0
            if more:
                c |= 0x20
            out.append(chr(c + 48))
    return "".join(out)


def masks_of(value):
    """Every {"size": [h, w], "counts": ...} inside a JSON value, counts as a list or a string."""
    if isinstance(value, dict):
        size, counts = value.get("size"), value.get("counts")
        if isinstance(size, list) and len(size) == 2 and isinstance(counts, (list, str)):
            yield size, counts
        for child in value.values():
            yield from masks_of(child)
    elif isinstance(value, list):
        for child in value:
            yield from masks_of(child)


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: collect_seeds.py OUT FOLDER...")
    out, folders = sys.argv[1], sys.argv[2:]
    own_seeds = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seeds")
    files = list(files_under(folders))
    for target, patterns in PATTERNS.items():
        folder = os.path.join(out, target)
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        matching = [path for path in files
                    if any(fnmatch.fnmatch(os.path.basename(path).lower(), pattern) for pattern in patterns)]
        for path in matching + list(files_under([os.path.join(own_seeds, target)])):
            with open(path, "rb") as source:
                add_seed(folder, source.read())
    rle_folder = os.path.join(out, "rle_fuzzer")
    for path in files:
        if not path.endswith(".json"):
            continue
        try:
            with open(path, encoding="utf-8") as source:
                document = json.load(source)
        except (ValueError, UnicodeDecodeError):
            continue
        for (height, width), counts in masks_of(document):
            text = counts if isinstance(counts, str) else rle_string(counts)
            add_seed(rle_folder, f"{height} {width}\n{text}".encode())
    for target in PATTERNS:
        print(f"{target}: {len(os.listdir(os.path.join(out, target)))} seeds")


if __name__ == "__main__":
    main()
