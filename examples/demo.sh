#!/bin/sh
# make demo: converts the bundled example (examples/coco) to YOLO and to Pascal VOC, then
# back to COCO, and shows what was written. Usage: demo.sh path/to/labelkit [output-dir]
set -eu
labelkit=$1
out=${2:-build/demo}
rm -rf "$out"
mkdir -p "$out"

step() { printf '\n== %s\n$ %s\n' "$1" "$2"; sh -c "$2"; }

step "formats labelkit knows" "$labelkit formats"
step "COCO -> YOLO (format detected, images copied)" \
  "$labelkit convert examples/coco $out/yolo --to yolo --images copy"
step "COCO -> Pascal VOC" "$labelkit convert examples/coco $out/voc --to voc --images copy"
step "YOLO -> COCO again" "$labelkit convert $out/yolo $out/coco-again --to coco"
printf '\n== what was written under %s\n' "$out"
find "$out" -type f | sort | sed 's/^/  /'
printf '\n== %s/yolo/data.yaml\n' "$out"; cat "$out/yolo/data.yaml"
printf '\n== %s/yolo/labels/train/shapes_002.txt\n' "$out"; cat "$out/yolo/labels/train/shapes_002.txt"
printf '\n== %s/voc/Annotations/shapes_002.xml\n' "$out"; cat "$out/voc/Annotations/shapes_002.xml"
