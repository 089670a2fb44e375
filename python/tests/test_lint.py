"""labelkit.lint: the findings of `labelkit lint` with where they are, its summary and its fixes."""
import shutil

import pytest

import labelkit

# 4.8 pixels past the right edge of the 96 x 64 image: x 81.6..100.8.
BOX_PAST_THE_EDGE = "0 0.95 0.5 0.2 0.2\n"


@pytest.fixture
def broken_yolo(examples, tmp_path):
    """The YOLO example with a third object on shapes_001 (line 3) that leaves the image."""
    folder = tmp_path / "yolo"
    shutil.copytree(examples / "yolo", folder)
    label = folder / "labels" / "train" / "shapes_001.txt"
    label.write_text(label.read_text() + BOX_PAST_THE_EDGE)
    return folder


def test_the_clean_example_has_one_note(examples):
    result = labelkit.lint(examples / "voc")
    assert result["format"] == "voc" and result["config_found"] is None
    assert result["findings"] == [{
        "rule": "dataset/image-without-annotations", "severity": "info",
        "message": "image 'shapes_003.png' has no annotations",
        "path": str(examples / "voc" / "Annotations" / "shapes_003.xml"), "line": 2, "column": None, "pointer": None}]
    assert result["summary"] == {"errors": 0, "warnings": 0, "infos": 1, "files": 6}
    assert result["failed"] is False
    assert (result["unlisted"], result["fixes"], result["fixed_copy_written"], result["fix_refused"]) == ([], [], False, None)
    assert result["fixed_summary"] is None
    assert labelkit.lint(examples / "voc", fail_on="info")["failed"] is True


def test_a_box_past_the_edge_is_found_on_its_line(broken_yolo):
    result = labelkit.lint(broken_yolo)
    [finding] = [f for f in result["findings"] if f["severity"] == "error"]
    assert finding["rule"] == "geometry/box-outside-image"
    assert (finding["path"], finding["line"], finding["column"]) == (
        str(broken_yolo / "labels" / "train" / "shapes_001.txt"), 3, None)
    assert "extends 4.799999999999997 px past the right edge (96x64 image)" in finding["message"]
    # the 4 label files
    assert result["summary"] == {"errors": 1, "warnings": 0, "infos": 1, "files": 4}
    assert result["failed"] is True
    assert labelkit.lint(broken_yolo, fail_on="never")["failed"] is False


def test_fix_writes_a_copy_with_the_box_clipped(broken_yolo, tmp_path):
    fixed = tmp_path / "fixed"
    result = labelkit.lint(broken_yolo, fix=fixed)
    assert result["fixed_copy_written"] is True and result["fix_refused"] is None
    assert result["fixes"] == [{"rule": "geometry/box-outside-image", "what": "boxes clipped to the image", "count": 1}]
    assert [d["rule"] for d in result["diagnostics"]] == ["convert/task", "convert/boxes"]  # the copy's writing
    clipped = labelkit.load(fixed).annotations[2]
    assert clipped.bbox == pytest.approx((81.6, 25.6, 14.4, 12.8), abs=1e-9)
    assert labelkit.lint(fixed)["summary"]["errors"] == 0
    # failed follows the copy, whose only error was clipped; the summary stays the input's
    assert result["summary"]["errors"] == 1 and result["failed"] is False
    assert result["fixed_summary"]["errors"] == 0
    with pytest.raises(labelkit.Error, match="this path exists"):
        labelkit.lint(broken_yolo, fix=fixed)
    assert labelkit.lint(broken_yolo, fix=fixed, overwrite=True)["fixed_copy_written"] is True


def test_findings_beyond_max_per_rule_are_counted(broken_yolo):
    label = broken_yolo / "labels" / "train" / "shapes_002.txt"
    label.write_text(label.read_text() + BOX_PAST_THE_EDGE)
    result = labelkit.lint(broken_yolo, max_per_rule=1)
    assert [f["rule"] for f in result["findings"]].count("geometry/box-outside-image") == 1
    assert result["unlisted"] == [{"rule": "geometry/box-outside-image", "severity": "error", "count": 1}]
    assert result["summary"]["errors"] == 2


def test_a_config_turns_a_rule_off(broken_yolo):
    config = broken_yolo / ".labelkit.yaml"
    config.write_text("rules:\n  geometry/box-outside-image: off\n")
    result = labelkit.lint(broken_yolo)
    assert result["config_found"] == str(config)
    assert result["summary"]["errors"] == 0
    elsewhere = broken_yolo.parent / "strict.yaml"
    elsewhere.write_text("rules:\n  geometry/box-outside-image: warning\n")
    assert labelkit.lint(broken_yolo, config=elsewhere)["summary"]["warnings"] == 1


def test_a_fixed_copy_is_refused_when_the_reader_left_something_out(examples, tmp_path):
    coco = tmp_path / "bad.json"
    text = (examples / "coco" / "annotations" / "instances_train.json").read_text()
    coco.write_text(text.replace('"bbox": [\n    10,\n    10,\n    30,\n    30\n   ]', '"bbox": [10, 10, 30]', 1))
    result = labelkit.lint(coco, fix=tmp_path / "fixed.json")
    [schema] = [f for f in result["findings"] if f["rule"] == "coco/schema"]
    assert schema["message"] == "bbox must have 4 numbers [x, y, width, height], found 3"
    assert schema["pointer"] == "/annotations/0/bbox" and schema["line"] is not None
    assert "no fixed copy written" in result["fix_refused"]
    assert result["fixed_copy_written"] is False and not (tmp_path / "fixed.json").exists()
    assert result["failed"] is True


def test_bad_choices_raise_value_error_and_a_missing_input_labelkit_error(examples, tmp_path):
    with pytest.raises(ValueError, match="fail_on 'warnings': expected 'error', 'warning', 'info' or 'never'"):
        labelkit.lint(examples / "voc", fail_on="warnings")
    with pytest.raises(labelkit.Error, match="input does not exist"):
        labelkit.lint(tmp_path / "nothing")
