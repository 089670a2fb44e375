"""labelkit.convert: what `labelkit convert` does and reports, and the dataset it wrote."""
import numpy as np
import pytest

import labelkit


def rules(diagnostics):
    return {diagnostic["rule"]: diagnostic["severity"] for diagnostic in diagnostics}


def test_coco_to_yolo_writes_the_same_boxes_and_says_what_it_changed(examples, tmp_path):
    result = labelkit.convert(examples / "coco", tmp_path / "yolo", to="yolo")
    assert (result["from"], result["to"], result["images"]) == ("coco", "yolo", "link")
    assert result["detection_reason"] == "COCO files: annotations/instances_train.json, annotations/instances_val.json"
    assert result["counts"] == {"images": 4, "images_without_objects": 1, "annotations": 6, "categories": 3,
                                "subsets": {"train": 3, "val": 1}}
    # The crowd RLE mask becomes polygons, the box without a polygon a 4-corner polygon.
    assert rules(result["diagnostics"]) == {
        "convert/task": "info", "convert/masks": "warning", "convert/boxes": "warning",
        "convert/attributes": "warning", "convert/iscrowd": "warning", "convert/dataset-info": "warning",
        "convert/class-indices": "info"}
    assert (tmp_path / "yolo" / "images" / "train" / "shapes_001.png").is_symlink()

    source = labelkit.load(examples / "coco")
    written = labelkit.load(tmp_path / "yolo")
    assert written.format == "yolo"
    np.testing.assert_allclose(written.boxes(), source.boxes(), rtol=0, atol=1e-9)
    np.testing.assert_array_equal(written.class_index(), source.class_index())
    np.testing.assert_array_equal(written.image_index(), source.image_index())


def test_the_result_holds_the_dataset_as_written(examples, tmp_path):
    result = labelkit.convert(examples / "coco", tmp_path / "yolo", to="yolo")
    dataset = result["dataset"]
    written = labelkit.load(tmp_path / "yolo")
    assert (dataset.format, dataset.detection_reason) == ("yolo", None)
    assert repr(dataset) == "<labelkit.Dataset yolo: 4 images, 6 annotations, 3 categories>"
    np.testing.assert_allclose(dataset.boxes(), written.boxes(), rtol=0, atol=1e-9)
    np.testing.assert_array_equal(dataset.class_index(), written.class_index())
    # Adapted to YOLO: the crowd mask is polygons now, and no longer crowd.
    crowd = dataset.annotations[4]
    assert (crowd.kind, crowd.iscrowd) == ("polygon", False)
    assert dataset.diagnostics == result["diagnostics"]


def test_a_named_source_format_options_and_a_voc_output(examples, tmp_path):
    result = labelkit.convert(examples / "yolo" / "data.yaml", tmp_path / "voc", to="voc", from_="yolo",
                              images="none", voc_coordinates="edges")
    assert (result["from"], result["detection_reason"], result["images"]) == ("yolo", None, "none")
    assert not (tmp_path / "voc" / "JPEGImages").exists()
    # The square of shapes_001 is x 10..40: its edges, where the devkit numbers would say 11..40.
    xml = (tmp_path / "voc" / "Annotations" / "shapes_001.xml").read_text()
    assert "<xmin>10</xmin>" in xml and "<xmax>40</xmax>" in xml
    assert labelkit.load(tmp_path / "voc", voc_coordinates="edges").boxes()[0].tolist() == [10, 10, 30, 30]


def test_task_detect_writes_boxes_only(examples, tmp_path):
    labelkit.convert(examples / "coco", tmp_path / "yolo", to="yolo", task="detect")
    written = labelkit.load(tmp_path / "yolo")
    assert {annotation.kind for annotation in written.annotations} == {"box"}
    assert all(len(line.split()) == 5
               for line in (tmp_path / "yolo" / "labels" / "train" / "shapes_001.txt").read_text().splitlines())


def test_an_existing_output_is_replaced_only_with_overwrite(examples, tmp_path):
    output = tmp_path / "one.json"
    output.write_text("{}")
    with pytest.raises(labelkit.Error, match="this path exists") as raised:
        labelkit.convert(examples / "voc", output, to="coco")
    assert raised.value.path == str(output)
    assert output.read_text() == "{}"
    assert labelkit.convert(examples / "voc", output, to="coco", overwrite=True)["counts"]["annotations"] == 6
    assert len(labelkit.load(output).annotations) == 6


@pytest.mark.parametrize("options, message", [
    ({"images": "symlink"}, "images 'symlink': expected 'copy', 'link' or 'none'"),
    ({"task": "classify"}, "task 'classify': expected 'detect', 'segment', 'obb' or 'pose'"),
    ({"voc_coordinates": "middle"}, "voc_coordinates 'middle': expected 'devkit' or 'edges'"),
])
def test_a_choice_it_does_not_know_raises_value_error_naming_the_choices(examples, tmp_path, options, message):
    with pytest.raises(ValueError, match=message):
        labelkit.convert(examples / "coco", tmp_path / "out", to="yolo", **options)
    assert not (tmp_path / "out").exists()


def test_an_unknown_target_format_is_a_labelkit_error(examples, tmp_path):
    with pytest.raises(labelkit.Error, match="unknown format 'cocoa'"):
        labelkit.convert(examples / "coco", tmp_path / "out", to="cocoa")


def test_options_are_keywords_and_to_is_required(examples, tmp_path):
    with pytest.raises(TypeError):
        labelkit.convert(examples / "coco", tmp_path / "out", "yolo")
    with pytest.raises(TypeError):
        labelkit.convert(examples / "coco", tmp_path / "out")
