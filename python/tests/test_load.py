"""labelkit.load on the example dataset in its three formats: counts, images, categories,
annotations and their geometry, as the files give them."""
import pytest

import labelkit


@pytest.mark.parametrize("folder, detected", [("coco", "coco"), ("voc", "voc"), ("yolo", "yolo")])
def test_each_format_of_the_example_is_detected_and_read_whole(examples, folder, detected):
    dataset = labelkit.load(examples / folder)
    assert dataset.format == detected
    assert dataset.detection_reason  # why the format was chosen
    assert (len(dataset.images), len(dataset.annotations), len(dataset.categories)) == (4, 6, 3)
    assert [category.name for category in dataset.categories] == ["circle", "square", "triangle"]
    assert [image.path for image in dataset.images] == [f"shapes_00{n}.png" for n in range(1, 5)]
    assert [image.subset for image in dataset.images] == ["train", "train", "train", "val"]
    assert all((image.width, image.height) == (96, 64) for image in dataset.images)
    assert dataset.subsets == ["train", "val"]
    # shapes_003 has no objects; the others have two each.
    assert [annotation.image_index for annotation in dataset.annotations] == [0, 0, 1, 1, 3, 3]


def test_a_named_format_is_not_detected(examples):
    dataset = labelkit.load(str(examples / "coco" / "annotations" / "instances_train.json"), "coco")
    assert dataset.format == "coco"
    assert dataset.detection_reason is None
    assert (len(dataset.images), len(dataset.annotations)) == (3, 4)


def test_coco_annotations_keep_ids_shapes_and_attributes(examples):
    dataset = labelkit.load(examples / "coco")
    square, circle, triangle, occluded_square, crowd, _ = dataset.annotations
    # instances_train.json, annotation id 1: "bbox": [10, 10, 30, 30], a 4-point polygon.
    assert (square.id, square.category_id, square.kind) == (1, 3, "polygon")
    assert square.bbox == (10.0, 10.0, 30.0, 30.0)
    assert square.polygons == [[(10.0, 10.0), (40.0, 10.0), (40.0, 40.0), (10.0, 40.0)]]
    assert square.attributes == {"colour": "white"}
    assert square.area == 900.0
    assert circle.area == pytest.approx(599.932, abs=1e-9)
    assert len(circle.polygons[0]) == 16
    assert triangle.polygons == [[(20.0, 50.0), (45.0, 8.0), (70.0, 50.0)]]
    # annotation id 4: "segmentation": [] leaves the box alone.
    assert (occluded_square.kind, occluded_square.polygons, occluded_square.attributes) == ("box", None, {"occluded": True})
    # instances_val.json, annotation id 101: a crowd RLE mask of 64 x 96, 796 background pixels first.
    assert (crowd.id, crowd.kind, crowd.iscrowd, crowd.area) == (101, "mask", True, 1012.0)
    assert crowd.rle["size"] == (64, 96)
    assert crowd.rle["counts"][:3] == [796, 8, 53] and crowd.rle["counts"][-1] == 3100
    assert sum(crowd.rle["counts"]) == 64 * 96
    assert (crowd.polygons, crowd.oriented_box, crowd.keypoints, crowd.score) == (None, None, [], None)
    assert crowd.bbox == (12.0, 14.0, 36.0, 36.0)


def test_coco_images_and_categories_keep_their_ids_and_extra_fields(examples):
    dataset = labelkit.load(examples / "coco")
    assert [image.id for image in dataset.images] == [100, 101, 102, 103]
    assert dataset.images[0].extra == {"license": 1}
    assert dataset.images[0].file == str(examples / "coco" / "images" / "train" / "shapes_001.png")
    assert [(category.id, category.supercategory) for category in dataset.categories] == [
        (1, "shape"), (3, "shape"), (7, "shape")]
    assert dataset.categories[0].keypoints == [] and dataset.categories[0].skeleton == []
    assert dataset.info == {"description": "labelkit example: shapes", "version": "1.0", "year": 2026}
    assert dataset.licenses == [
        {"id": 1, "name": "CC0-1.0", "url": "https://creativecommons.org/publicdomain/zero/1.0/"}]


def test_yolo_coordinates_are_absolute_pixels(examples):
    # labels/train/shapes_002.txt: "2 0.20833333333333334 0.78125 0.46875 0.125 0.7291666666666666 0.78125"
    # in a 96 x 64 image: the triangle (20, 50), (45, 8), (70, 50).
    dataset = labelkit.load(examples / "yolo" / "data.yaml")
    triangle = dataset.annotations[2]
    assert (triangle.kind, triangle.category_index, triangle.id) == ("polygon", 2, None)
    assert dataset.categories[triangle.category_index].name == "triangle"
    assert triangle.polygons[0] == pytest.approx([(20, 50), (45, 8), (70, 50)], abs=1e-12)
    assert triangle.bbox == pytest.approx((20, 8, 50, 42), abs=1e-12)
    assert dataset.images[0].id is None and dataset.images[0].extra is None


def test_voc_boxes_follow_the_coordinate_convention(examples):
    # Annotations/shapes_001.xml, the square: <xmin>11</xmin> <ymin>11</ymin> <xmax>40</xmax> <ymax>40</ymax>.
    devkit = labelkit.load(examples / "voc").annotations[0]
    assert (devkit.kind, devkit.bbox, devkit.attributes) == ("box", (10.0, 10.0, 30.0, 30.0), {"colour": "white"})
    edges = labelkit.load(examples / "voc", voc_coordinates="edges").annotations[0]
    assert edges.bbox == (11.0, 11.0, 29.0, 29.0)


def test_a_yolo_label_file_without_its_image_takes_the_size_given(tmp_path):
    (tmp_path / "data.yaml").write_text("train: images/train\nnames: [cat]\n")
    (tmp_path / "images" / "train").mkdir(parents=True)
    (tmp_path / "labels" / "train").mkdir(parents=True)
    (tmp_path / "labels" / "train" / "a.txt").write_text("0 0.5 0.5 0.25 0.5\n")
    dataset = labelkit.load(tmp_path, image_size=(200, 100))
    assert (dataset.images[0].width, dataset.images[0].height) == (200, 100)
    assert dataset.annotations[0].bbox == (75.0, 25.0, 50.0, 50.0)


def test_sequences_index_like_lists(examples):
    dataset = labelkit.load(examples / "coco")
    annotations = dataset.annotations
    assert annotations[-1].index == 5 and annotations[-6].index == 0
    with pytest.raises(IndexError):
        annotations[6]
    with pytest.raises(IndexError):
        annotations[-7]
    assert [annotation.index for annotation in annotations] == list(range(6))
    assert repr(annotations[3]) == "<labelkit.Annotation 3: image 1, 'square', box [x 72, y 40, w 18, h 18]>"
    assert repr(dataset) == "<labelkit.Dataset coco: 4 images, 6 annotations, 3 categories>"


def test_elements_outlive_the_dataset_they_came_from(examples):
    images = labelkit.load(examples / "coco").images
    annotation = labelkit.load(examples / "coco").annotations[4]
    assert images[3].path == "shapes_004.png"
    assert annotation.rle["size"] == (64, 96)

