"""labelkit.merge: the union or consensus `labelkit merge` writes, and its report."""
import json

import pytest

import labelkit


def test_the_union_of_the_example_with_itself_keeps_each_annotation_once(examples, tmp_path):
    output = tmp_path / "union.json"
    report = tmp_path / "report.json"
    result = labelkit.merge([examples / "coco", examples / "voc"], output, to="coco", report=report)
    assert (result["mode"], result["inputs"], result["images"], result["annotations"], result["categories"]) == (
        "union", 2, 4, 6, 3)
    first, second = result["report"]["inputs"]
    assert (first["input"], first["items"], first["annotations"], first["duplicates"]) == (str(examples / "coco"), 4, 6, 0)
    assert (second["input"], second["shared_items"], second["duplicates"]) == (str(examples / "voc"), 4, 6)
    assert [c["name"] for c in result["report"]["categories"]] == ["circle", "square", "triangle"]
    assert result["report"] == json.loads(report.read_text())
    assert [d["rule"] for d in result["diagnostics"]] == ["voc/coordinates"]
    assert len(labelkit.load(output).annotations) == 6


def test_a_label_map_renames_classes(examples, tmp_path):
    label_map = tmp_path / "labels.yaml"
    label_map.write_text("circle: round\ntriangle: null\n")
    result = labelkit.merge([examples / "coco", examples / "yolo"], tmp_path / "out", to="voc", label_map=label_map)
    assert [c["name"] for c in result["report"]["categories"]] == ["round", "square"]
    assert [i["dropped_by_label_map"] for i in result["report"]["inputs"]] == [2, 2]
    # YOLO holds the crowd circle's RLE mask as its outline, which is no duplicate of the mask.
    assert [i["duplicates"] for i in result["report"]["inputs"]] == [0, 3]
    assert result["annotations"] == 4 + 1


def test_consensus_of_two_annotators(examples, tmp_path):
    result = labelkit.merge([examples / "coco", examples / "yolo"], tmp_path / "consensus", to="coco",
                            mode="consensus", quorum="2", fuse="median", names=["alice", "bob"])
    assert (result["mode"], result["annotations"]) == ("consensus", 6)
    assert result["report"]["mode"] == "consensus"
    report = result["report"]
    assert report["annotators"] == [{"name": "alice", "shapes": 6, "unmatched": 0}, {"name": "bob", "shapes": 6, "unmatched": 0}]
    assert (report["quorum"], report["fuse"], report["groups"], report["kept"]) == ("2", "median", 6, 6)
    merged = labelkit.load(tmp_path / "consensus")
    assert [a.attributes["annotators"] for a in merged.annotations] == [["alice", "bob"]] * 6


def test_an_existing_output_needs_overwrite(examples, tmp_path):
    output = tmp_path / "union.json"
    output.write_text("{}")
    with pytest.raises(labelkit.Error, match="this path exists") as raised:
        labelkit.merge([examples / "coco", examples / "voc"], output, to="coco")
    assert raised.value.path == str(output)
    assert labelkit.merge([examples / "coco", examples / "voc"], output, to="coco", overwrite=True)["annotations"] == 6


@pytest.mark.parametrize("options, error, message", [
    ({"mode": "intersection"}, ValueError, "mode 'intersection': expected 'union' or 'consensus'"),
    ({"on_conflict": "skip"}, ValueError, "on_conflict 'skip': expected 'error', 'first', 'last' or 'rename'"),
    ({"mode": "consensus", "fuse": "mean"}, ValueError, "fuse 'mean': expected 'wbf', 'median' or 'best'"),
    ({"mode": "consensus", "quorum": "most"}, ValueError, "quorum 'most': expected a count"),
    ({"mode": "consensus", "duplicate_tolerance": 1.0}, labelkit.Error, "--duplicate-tolerance is for --mode union"),
])
def test_options_that_do_not_fit(examples, tmp_path, options, error, message):
    with pytest.raises(error, match=message):
        labelkit.merge([examples / "coco", examples / "voc"], tmp_path / "out.json", to="coco", **options)
    assert not (tmp_path / "out.json").exists()


def test_annotators_picks_those_merged_by_consensus(mturk_excerpt, tmp_path):
    result = labelkit.merge([mturk_excerpt], tmp_path / "merged.json", to="coco", mode="consensus",
                            annotators=["line 7", "line 9", "line 12"])
    report = result["report"]
    assert [a["name"] for a in report["annotators"]] == ["line 7", "line 9", "line 12"]
    # The three boxes overlap pairwise at IoU 0.71 to 0.85: one group, kept by the majority.
    assert (report["kept"], result["annotations"]) == (1, 1)
    [annotation] = labelkit.load(tmp_path / "merged.json").annotations
    assert annotation.attributes["annotators"] == ["line 7", "line 9", "line 12"]
    everyone = labelkit.merge([mturk_excerpt], tmp_path / "all.json", to="coco", mode="consensus")
    assert len(everyone["report"]["annotators"]) == 6


def test_method_aggregates_item_labels_into_a_table(tmp_path):
    # Hand-worked: i1 a (x, y) against b (z): a, 2/3. i2 b (x) against a (y): a tie, a sorts first.
    table = tmp_path / "r.csv"
    table.write_text("item,annotator,label\ni1,x,a\ni1,y,a\ni1,z,b\ni2,x,b\ni2,y,a\n")
    result = labelkit.merge([table], tmp_path / "mv.csv", to="csv", mode="consensus", method="mv")
    assert (tmp_path / "mv.csv").read_text() == (
        "item,label,confidence,annotators,tie\ni1,a,0.6666666666666666,3,false\ni2,a,0.5,2,true\n")
    assert result["report"]["item_labels"]["ties"] == 1
    assert [d["rule"] for d in result["diagnostics"]] == ["merge/label-ties"]
    # Weights x 3, y 1, z 1: i1 a 4 of 5; i2 b 3 of 4.
    weights = tmp_path / "w.csv"
    weights.write_text("annotator,weight\nx,3\ny,1\nz,1\n")
    labelkit.merge([table], tmp_path / "w.jsonl", to="jsonl", mode="consensus", method="mv", weights=str(weights))
    rows = [json.loads(line) for line in (tmp_path / "w.jsonl").read_text().splitlines()]
    assert rows == [{"item": "i1", "label": "a", "confidence": 0.8, "annotators": 3, "tie": False},
                    {"item": "i2", "label": "b", "confidence": 0.75, "annotators": 2, "tie": False}]
    with pytest.raises(ValueError):
        labelkit.merge([table], tmp_path / "x.csv", to="csv", mode="consensus", method="em")
