"""labelkit.formats(): the registry as `labelkit formats --json` lists it."""
import json

import labelkit


def test_formats_is_what_the_cli_lists(cli):
    assert labelkit.formats() == json.loads(cli("formats", "--json"))


def test_formats_lists_what_each_format_reads_writes_and_stores():
    formats = {entry["name"]: entry for entry in labelkit.formats()}
    assert list(formats) == ["coco", "voc", "yolo", "yolo-darknet", "classify", "ratings", "label-studio", "label-studio-min", "label-studio-csv", "cvat", "labelme", "mot", "sagemaker", "mturk", "appen", "scale", "nucleus", "trn"]
    assert all(formats[name]["read"] and formats[name]["write"] for name in ["coco", "voc", "yolo", "yolo-darknet"])
    # A rating table is read (as judgments by agree, as a dataset by the others), never written.
    assert (formats["ratings"]["read"], formats["ratings"]["write"]) == (True, False)
    assert formats["ratings"]["file_extensions"] == [".csv", ".tsv", ".jsonl", ".ndjson"]
    assert formats["coco"]["file_extensions"] == [".json"] and formats["voc"]["file_extensions"] == []
    assert formats["coco"]["stores"]["masks"] and not formats["yolo"]["stores"]["masks"]
    assert formats["yolo"]["stores"]["oriented-boxes"] and formats["yolo"]["one_shape_kind"]
    assert not formats["voc"]["stores"]["polygons"] and not formats["coco"]["one_shape_kind"]
    assert sorted(formats["coco"]["stores"]) == sorted([
        "boxes", "polygons", "masks", "oriented-boxes", "keypoints", "attributes", "iscrowd", "scores",
        "category-ids", "image-ids", "dataset-info", "subsets", "ratings", "item-labels", "texts", "annotators",
        "tracks"])
    assert formats["label-studio"]["stores"]["annotators"] and not formats["coco"]["stores"]["annotators"]


def test_format_names_are_taken_in_any_case_and_by_their_aliases(examples):
    # The aliases are the registry's (`labelkit formats` lists them), shared with the CLI.
    aliases = {entry["name"]: entry["aliases"] for entry in labelkit.formats()}
    assert aliases["voc"] == ["pascal", "pascal-voc", "pascal_voc", "pascalvoc"]
    assert labelkit.load(examples / "voc", "Pascal_VOC").format == "voc"
    assert labelkit.load(examples / "yolo", "YOLOv8").format == "yolo"
    assert labelkit.load(examples / "coco", "COCO").format == "coco"
