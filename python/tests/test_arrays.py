"""The NumPy arrays for training code: one row per annotation, in the order of dataset.annotations."""
import json

import numpy as np
import pytest

import labelkit


def test_arrays_have_one_row_per_annotation(examples):
    dataset = labelkit.load(examples / "coco")
    boxes, images, classes = dataset.boxes(), dataset.image_index(), dataset.class_index()
    assert (boxes.shape, boxes.dtype) == ((6, 4), np.float64)
    assert (images.shape, images.dtype) == ((6,), np.int64)
    assert (classes.shape, classes.dtype) == ((6,), np.int64)
    assert boxes.flags.c_contiguous
    # instances_train.json, annotation id 3 (the triangle): "bbox": [20, 8, 50, 42].
    assert boxes[2].tolist() == [20.0, 8.0, 50.0, 42.0]
    assert boxes.tolist() == [list(annotation.bbox) for annotation in dataset.annotations]
    assert images.tolist() == [0, 0, 1, 1, 3, 3]
    # Positions in dataset.categories, not the COCO ids 1, 3, 7.
    assert classes.tolist() == [1, 0, 2, 1, 0, 2]
    assert [dataset.categories[int(c)].name for c in classes] == ["square", "circle", "triangle", "square", "circle", "triangle"]


def test_the_three_formats_of_the_example_give_the_same_arrays(examples):
    coco, voc, yolo = (labelkit.load(examples / folder) for folder in ("coco", "voc", "yolo"))
    # VOC's devkit numbers and YOLO's normalised values come back to the same pixels (YOLO's
    # division by the image size and multiplication back costs at most a few ulps).
    np.testing.assert_array_equal(voc.boxes(), coco.boxes())
    np.testing.assert_allclose(yolo.boxes(), coco.boxes(), rtol=0, atol=1e-12)
    for dataset in (voc, yolo):
        np.testing.assert_array_equal(dataset.image_index(), coco.image_index())
        np.testing.assert_array_equal(dataset.class_index(), coco.class_index())


def test_an_array_is_a_copy_the_dataset_does_not_share(examples):
    dataset = labelkit.load(examples / "coco")
    boxes = dataset.boxes()
    boxes[:] = -1
    assert dataset.boxes()[0].tolist() == [10.0, 10.0, 30.0, 30.0]
    assert dataset.annotations[0].bbox == (10.0, 10.0, 30.0, 30.0)


def test_a_dataset_without_annotations_gives_empty_arrays(tmp_path):
    path = tmp_path / "empty.json"
    path.write_text(json.dumps({"images": [{"id": 1, "file_name": "a.jpg", "width": 4, "height": 3}],
                                "annotations": [], "categories": [{"id": 1, "name": "a"}]}))
    dataset = labelkit.load(path)
    assert dataset.boxes().shape == (0, 4)
    assert dataset.image_index().shape == (0,) and dataset.class_index().shape == (0,)


def test_arrays_of_many_annotations_hold_every_value(tmp_path):
    count = 20_000
    path = tmp_path / "many.json"
    path.write_text(json.dumps({
        "images": [{"id": i, "file_name": f"{i}.jpg", "width": 640, "height": 480} for i in range(count // 4)],
        "annotations": [{"id": i, "image_id": i // 4, "category_id": 5 + i % 2, "bbox": [i % 600, i % 7 + 0.25, 20, 30]}
                        for i in range(count)],
        "categories": [{"id": 5, "name": "five"}, {"id": 6, "name": "six"}]}))
    dataset = labelkit.load(path)
    index = np.arange(count)
    expected = np.stack([index % 600, index % 7 + 0.25, np.full(count, 20.0), np.full(count, 30.0)], axis=1)
    np.testing.assert_array_equal(dataset.boxes(), expected)
    np.testing.assert_array_equal(dataset.image_index(), index // 4)
    np.testing.assert_array_equal(dataset.class_index(), index % 2)
