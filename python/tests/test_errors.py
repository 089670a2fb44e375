"""labelkit.Error: what labelkit cannot read, with where it is; ValueError for arguments out of range."""
import pytest

import labelkit

BAD_COCO = """{"images": [{"id": 1, "file_name": "a.jpg", "width": 10, "height": 10}],
 "annotations": [
  {"id": 1, "image_id": 1, "category_id": 1, "bbox": [1, 2, 3, 4]},
  {"id": 2, "image_id": 1, "category_id": 1, "bbox": [1, 2, 3]}
 ],
 "categories": [{"id": 1, "name": "a"}]}
"""


def test_a_malformed_coco_file_raises_with_its_line_column_and_pointer(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(BAD_COCO)
    column = BAD_COCO.splitlines()[3].index("[1, 2, 3]") + 1
    with pytest.raises(labelkit.Error) as raised:
        labelkit.load(path)
    error = raised.value
    assert (error.path, error.line, error.column, error.pointer) == (str(path), 4, column, "/annotations/1/bbox")
    assert error.message == "bbox must have 4 numbers [x, y, width, height], found 3"
    assert error.rule == "coco/schema"
    assert str(error) == f"{path}:4:{column}: {error.message} (at /annotations/1/bbox)"


def test_a_malformed_yolo_line_raises_with_its_line(tmp_path):
    (tmp_path / "data.yaml").write_text("train: images/train\nnames: [cat]\n")
    (tmp_path / "images" / "train").mkdir(parents=True)
    (tmp_path / "labels" / "train").mkdir(parents=True)
    label = tmp_path / "labels" / "train" / "a.txt"
    label.write_text("0 0.5 0.5 0.25 0.5\n0 0.5 0.5 0.25\n")
    with pytest.raises(labelkit.Error) as raised:
        labelkit.load(tmp_path, image_size=(100, 100))
    assert (raised.value.path, raised.value.line, raised.value.pointer) == (str(label), 2, None)
    assert str(raised.value).startswith(f"{label}:2")


def test_a_missing_input_names_its_path(tmp_path):
    missing = tmp_path / "nothing.json"
    with pytest.raises(labelkit.Error) as raised:
        labelkit.load(missing)
    assert (raised.value.path, raised.value.line, raised.value.message) == (str(missing), None, "input does not exist")


def test_an_unknown_format_lists_the_known_ones(examples):
    with pytest.raises(labelkit.Error, match=r"unknown format 'cocoa' \(known: coco, voc, yolo, yolo-darknet, classify, ratings, label-studio, label-studio-min, label-studio-csv, cvat, labelme, mot, sagemaker, mturk, appen, scale, nucleus, trn\)") as raised:
        labelkit.load(examples / "coco", "cocoa")
    assert raised.value.path is None


def test_a_folder_of_no_known_format_says_what_was_considered(tmp_path):
    with pytest.raises(labelkit.Error, match="cannot tell the format") as raised:
        labelkit.load(tmp_path)
    assert raised.value.path == str(tmp_path)


def test_error_is_an_exception_of_its_own():
    assert issubclass(labelkit.Error, Exception) and not issubclass(labelkit.Error, ValueError)
    raised_by_hand = labelkit.Error("text")
    assert (str(raised_by_hand), raised_by_hand.path, raised_by_hand.line) == ("text", None, None)


@pytest.mark.parametrize("options, message", [
    ({"voc_coordinates": "middle"}, "voc_coordinates 'middle': expected 'devkit' or 'edges'"),
    ({"image_size": (0, 10)}, r"image_size \(0, 10\): expected \(width, height\) in pixels, from 1 to 1073741824"),
    ({"image_size": (10, 2**30 + 1)}, "image_size"),
])
def test_arguments_out_of_range_raise_value_error(examples, options, message):
    with pytest.raises(ValueError, match=message):
        labelkit.load(examples / "voc", **options)


def test_options_are_keywords_only(examples):
    with pytest.raises(TypeError):
        labelkit.load(examples / "voc", "voc", None)
