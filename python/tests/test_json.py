"""Free-form JSON (attributes, info, licenses, extra image fields) comes back as json.loads gives it;
text that is not UTF-8 comes back as os.fsdecode gives it."""
import json
import os

import labelkit

ATTRIBUTES = {
    "nested": {"list": [1, -2, 3.5, True, False, None, "é ☃"], "empty": {}, "none": []},
    "largest": 2**64 - 1,
    "smallest": -2**63,
    "huge": 1e300,
    "tiny": 5e-324,
    "text": "line\nbreak \"quoted\"",
}


def test_json_values_of_every_type_are_read_back_as_json_loads_gives_them(examples, tmp_path):
    document = json.loads((examples / "coco" / "annotations" / "instances_train.json").read_text())
    document["annotations"][0]["attributes"] = ATTRIBUTES
    document["images"][0]["flickr_url"] = "http://example.org/ünïcode"
    document["info"] = {"year": 2026, "contributors": ["a", "b"], "ratio": 0.5, "draft": False, "notes": None}
    path = tmp_path / "values.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    dataset = labelkit.load(path)
    attributes = dataset.annotations[0].attributes
    assert attributes == ATTRIBUTES
    assert type(attributes["largest"]) is int and type(attributes["huge"]) is float
    assert type(attributes["nested"]["list"][3]) is bool and type(attributes["nested"]["list"][0]) is int
    assert dataset.images[0].extra == {"license": 1, "flickr_url": "http://example.org/ünïcode"}
    assert dataset.info == document["info"]
    assert dataset.annotations[1].attributes is None


def test_a_file_name_that_is_not_utf8_round_trips_through_os_fsencode(tmp_path):
    (tmp_path / "data.yaml").write_text("train: images/train\nnames: [cat]\n")
    images = tmp_path / "images" / "train"
    labels = tmp_path / "labels" / "train"
    images.mkdir(parents=True)
    labels.mkdir(parents=True)
    with open(bytes(labels) + b"/caf\xe9.txt", "w") as label:
        label.write("0 0.5 0.5 0.2 0.2\n")
    dataset = labelkit.load(tmp_path, image_size=(10, 10))
    [image] = dataset.images
    assert os.fsencode(image.path) == b"caf\xe9.jpg"  # a label without its image is named <label>.jpg
