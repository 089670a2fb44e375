"""labelkit.split: the subsets `labelkit split` writes, its summary, and the dataset with its subsets."""
import json

import pytest

import labelkit


def subset_of_each_image(dataset):
    return {image.path: image.subset for image in dataset.images}


def test_ratios_give_their_shares_of_the_four_images(examples, tmp_path, cli):
    result = labelkit.split(examples / "coco", tmp_path / "split", to="coco", ratios=[0.5, 0.25, 0.25],
                            strategy="random", seed=7)
    assert (result["strategy"], result["seed"], result["group_by"], result["items"]) == ("random", 7, None, 4)
    assert [(s["name"], s["items"], s["requested_ratio"], s["achieved_ratio"]) for s in result["subsets"]] == [
        ("train", 2, 0.5, 0.5), ("val", 1, 0.25, 0.25), ("test", 1, 0.25, 0.25)]
    assert sum(s["annotations"] for s in result["subsets"]) == 6
    written = labelkit.load(tmp_path / "split")
    assert subset_of_each_image(written) == subset_of_each_image(result["dataset"])
    assert sorted(written.subsets) == ["test", "train", "val"]
    # Every class absent from a subset is a warning, and listed.
    absent = [(a["class"], a["subset"]) for a in result["absent"]]
    assert len(absent) == 4  # val and test hold one image each
    assert [d["message"] for d in result["diagnostics"]] == [f"class '{c}' has no image in '{s}'" for c, s in absent]

    printed = cli("split", examples / "coco", "-o", tmp_path / "by-cli", "--to", "coco", "--ratios", "0.5,0.25,0.25",
                  "--strategy", "random", "--seed", "7", "--json")
    assert {k: v for k, v in result.items() if k not in ("diagnostics", "dataset")} == json.loads(printed)


@pytest.mark.parametrize("strategy", ["random", "stratified", "hash"])
def test_a_seed_gives_the_same_split_again(examples, tmp_path, strategy):
    first = labelkit.split(examples / "voc", tmp_path / "a", to="voc", ratios=[0.5, 0.5], names=["x", "y"],
                           strategy=strategy, seed=11)
    again = labelkit.split(examples / "voc", tmp_path / "b", to="voc", ratios=[0.5, 0.5], names=["x", "y"],
                           strategy=strategy, seed=11)
    assert subset_of_each_image(first["dataset"]) == subset_of_each_image(again["dataset"])
    assert set(subset_of_each_image(first["dataset"]).values()) <= {"x", "y"}
    assert first["subsets"] == again["subsets"]


def test_counts_and_folds(examples, tmp_path):
    counted = labelkit.split(examples / "yolo", tmp_path / "counted", to="yolo", counts=[3, 1], names=["train", "val"])
    assert [(s["name"], s["items"]) for s in counted["subsets"]] == [("train", 3), ("val", 1)]
    folds = labelkit.split(examples / "coco", tmp_path / "folds", to="coco", kfold=2)
    assert [s["name"] for s in folds["subsets"]] == ["fold_1", "fold_2"]
    assert sum(s["items"] for s in folds["subsets"]) == 4
    assert (tmp_path / "folds" / "fold_2" / "annotations").is_dir()


@pytest.mark.parametrize("options, error, message", [
    ({"strategy": "shuffle"}, ValueError, "strategy 'shuffle': expected 'random', 'stratified' or 'hash'"),
    ({"kfold": 1}, ValueError, r"kfold 1: expected 2 or more folds \(or None\)"),
    ({"ratios": [0.5, 0.4]}, labelkit.Error, "split ratios sum to 0.9, not 1"),
    ({"kfold": 2, "ratios": [0.5, 0.5]}, labelkit.Error, "--kfold makes k equal folds"),
])
def test_options_that_do_not_fit(examples, tmp_path, options, error, message):
    with pytest.raises(error, match=message):
        labelkit.split(examples / "coco", tmp_path / "out", to="coco", **options)
    assert not (tmp_path / "out").exists()


def test_an_existing_output_needs_overwrite(examples, tmp_path):
    (tmp_path / "out").mkdir()
    with pytest.raises(labelkit.Error, match="this path exists"):
        labelkit.split(examples / "coco", tmp_path / "out", to="coco")
    assert labelkit.split(examples / "coco", tmp_path / "out", to="coco", overwrite=True)["items"] == 4
