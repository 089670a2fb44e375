"""dataset.diagnostics: what reading reported without failing, with where it is."""
import json

import labelkit


def test_a_clean_dataset_reports_nothing(examples):
    assert labelkit.load(examples / "coco").diagnostics == []


def test_fields_labelkit_does_not_keep_are_reported(examples, tmp_path):
    document = json.loads((examples / "coco" / "annotations" / "instances_train.json").read_text())
    document["annotations"][1]["reviewer"] = "ann"
    path = tmp_path / "extra.json"
    path.write_text(json.dumps(document))
    dataset = labelkit.load(path)
    assert dataset.diagnostics == [{
        "rule": "coco/unknown-fields", "severity": "warning",
        "message": "1 annotations have fields labelkit does not keep: reviewer",
        "path": str(path), "line": None, "column": None, "pointer": None}]
    assert len(dataset.annotations) == 4


def test_a_diagnostic_names_its_line_column_and_pointer(examples, tmp_path):
    # Two subsets whose "info" differ: the second one is not kept, and the warning points at it.
    folder = tmp_path / "annotations"
    folder.mkdir()
    train = json.loads((examples / "coco" / "annotations" / "instances_train.json").read_text())
    (folder / "instances_train.json").write_text(json.dumps(train))
    val = json.loads((examples / "coco" / "annotations" / "instances_val.json").read_text())
    val["info"]["version"] = "2.0"
    val_text = json.dumps(val, indent=1)
    (folder / "instances_val.json").write_text(val_text)
    info_line = val_text[:val_text.index('"info"')].count("\n") + 1
    dataset = labelkit.load(tmp_path)
    [diagnostic] = dataset.diagnostics
    assert (diagnostic["rule"], diagnostic["severity"]) == ("coco/info-differs", "warning")
    assert (diagnostic["path"], diagnostic["line"], diagnostic["pointer"]) == (str(folder / "instances_val.json"), info_line, "/info")
    assert diagnostic["column"] == len('"info": ') + 2  # the value, after one space of indent
    assert dataset.info["version"] == "1.0"


def test_notes_come_with_severity_info(examples):
    [note] = labelkit.load(examples / "voc").diagnostics
    assert (note["rule"], note["severity"], note["path"]) == ("voc/coordinates", "info", None)
    assert note["message"].startswith("VOC boxes read as the devkit numbers pixels")
