"""labelkit.agree: the report of `labelkit agree --format json`, over datasets and over a rating table."""
import json

import pytest

import labelkit

# Three items, two annotators who differ on item 2.
RATINGS = "item,annotator,label\n1,a,x\n1,b,x\n2,a,x\n2,b,y\n3,a,y\n3,b,y\n"


def without_diagnostics(result):
    return {key: value for key, value in result.items() if key != "diagnostics"}


def test_the_example_agrees_perfectly_with_itself_in_another_format(examples):
    result = labelkit.agree([examples / "coco", examples / "voc"], names=["alice", "bob"])
    assert (result["annotators"], result["items"]) == (["alice", "bob"], 4)
    [pair] = result["spatial"]["pairs"]
    assert (pair["a"], pair["b"], pair["matched"], pair["only_a"], pair["only_b"]) == ("alice", "bob", 6, 0, 0)
    assert pair["f1"] == 1.0
    assert result["spatial"]["krippendorff_alpha"] == 1.0
    categorical = result["categorical"]
    assert (categorical["unit"], categorical["items"]) == ("image-class", 12)  # 4 images x 3 classes
    assert categorical["percent_agreement"] == categorical["fleiss_kappa"] == categorical["krippendorff_alpha"]["value"] == 1.0
    assert categorical["pairs"][0]["cohen_kappa"] == 1.0
    assert [d["rule"] for d in result["diagnostics"]] == ["voc/coordinates"]


def test_the_report_is_the_cli_json(examples, cli):
    inputs = [examples / "coco", examples / "yolo"]
    result = labelkit.agree(inputs, iou=0.75, worst=2)
    printed = json.loads(cli("agree", *inputs, "--iou", "0.75", "--worst", "2", "--format", "json"))
    assert without_diagnostics(result) == printed
    assert result["spatial"]["iou_threshold"] == 0.75


def test_a_rating_table(tmp_path, cli):
    table = tmp_path / "ratings.csv"
    table.write_text(RATINGS)
    result = labelkit.agree([table])
    categorical = result["categorical"]
    assert (result["annotators"], categorical["items"], categorical["labels"]) == (["a", "b"], 3, ["x", "y"])
    assert categorical["percent_agreement"] == pytest.approx(2 / 3, abs=1e-15)
    # Cohen: p_o 2/3, p_e 2/3 * 1/3 + 1/3 * 2/3 = 4/9, kappa (2/3 - 4/9) / (5/9) = 0.4.
    assert categorical["pairs"][0]["cohen_kappa"] == pytest.approx(0.4, abs=1e-15)
    # Fleiss: pooled shares 1/2 each, p_e 1/2: (2/3 - 1/2) / (1/2) = 1/3.
    assert categorical["fleiss_kappa"] == pytest.approx(1 / 3, abs=1e-15)
    # Krippendorff (nominal): D_o 1/3, D_e 3/5, alpha 1 - 5/9 = 4/9.
    assert categorical["krippendorff_alpha"]["value"] == pytest.approx(4 / 9, abs=1e-15)
    assert result["spatial"] is None

    resampled = labelkit.agree([table], bootstrap=100, seed=3, confidence=0.9, level="ordinal", order=["x", "y"])
    assert resampled["categorical"]["krippendorff_alpha"]["level"] == "ordinal"
    assert resampled["categorical"]["confidence_intervals"]["resamples"] == 100
    printed = json.loads(cli("agree", table, "--bootstrap", "100", "--seed", "3", "--confidence", "0.9",
                             "--level", "ordinal", "--order", "x,y", "--format", "json"))
    assert without_diagnostics(resampled) == printed


def test_the_scorecard_against_gold(tmp_path, cli):
    table = tmp_path / "ratings.csv"
    table.write_text(RATINGS)
    gold = tmp_path / "gold.csv"
    gold.write_text("item,label\n1,x\n2,y\n")
    result = labelkit.agree([table], gold=gold)
    card = result["scorecard"]
    # Gold 1 x, 2 y: a (x, x) is right once, b (x, y) twice; worst first.
    assert card["reference"] == "gold"
    assert [(entry["name"], entry["gold_accuracy"]) for entry in card["annotators"]] == [("a", 0.5), ("b", 1.0)]
    # Rows gold, columns given, over the gold items: a gave x where the gold is y.
    assert card["annotators"][0]["confusion"] == [[1, 0], [1, 0]]
    assert without_diagnostics(result) == json.loads(cli("agree", table, "--gold", gold, "--format", "json"))


def test_the_matrix_is_written_as_png(examples, tmp_path):
    matrix = tmp_path / "matrix.png"
    labelkit.agree([examples / "coco", examples / "voc"], matrix=matrix)
    assert matrix.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(labelkit.Error, match="this path exists"):
        labelkit.agree([examples / "coco", examples / "voc"], matrix=matrix)
    labelkit.agree([examples / "coco", examples / "voc"], matrix=matrix, overwrite=True)


def test_options_that_do_not_fit(examples, tmp_path):
    with pytest.raises(ValueError, match="level 'ordinals': expected 'nominal', 'ordinal', 'interval' or 'ratio'"):
        labelkit.agree([examples / "coco", examples / "voc"], level="ordinals")
    with pytest.raises(labelkit.Error, match="--order is for rating tables"):
        labelkit.agree([examples / "coco", examples / "voc"], order=["circle", "square"])
    with pytest.raises(TypeError):
        labelkit.agree(str(examples / "coco"))  # a list of inputs, not one path


def test_annotators_picks_those_compared_as_the_cli_does(mturk_excerpt, cli):
    # Six workers drew one Car box each on one image: all boxes match pairwise at IoU >= 0.5 (by
    # hand, lines 7 and 9: boxes 361,441 191x252 and 366,439 165x218, intersection 165x216 =
    # 35640, union 48132 + 35970 - 35640 = 48462, IoU 0.735).
    everyone = labelkit.agree([mturk_excerpt])
    assert len(everyone["annotators"]) == 6 and len(everyone["spatial"]["pairs"]) == 15  # 6 * 5 / 2
    chosen = labelkit.agree([mturk_excerpt], annotators=["line 9", "line 7", "line 12"])
    assert chosen["annotators"] == ["line 9", "line 7", "line 12"]  # in the order given
    pairs = [(p["a"], p["b"], p["matched"], p["only_a"], p["only_b"]) for p in chosen["spatial"]["pairs"]]
    assert pairs == [("line 9", "line 7", 1, 0, 0), ("line 9", "line 12", 1, 0, 0), ("line 7", "line 12", 1, 0, 0)]
    printed = json.loads(cli("agree", mturk_excerpt, "--annotators", "line 9,line 7,line 12", "--format", "json"))
    assert without_diagnostics(chosen) == printed
    assert labelkit.agree([mturk_excerpt], annotators=None)["annotators"] == everyone["annotators"]
    with pytest.raises(labelkit.Error, match="line 99"):
        labelkit.agree([mturk_excerpt], annotators=["line 7", "line 99"])


def test_transcripts_and_their_normalisation(tmp_path, cli):
    table = tmp_path / "texts.csv"
    table.write_text("task,worker,text\nu1,a,Hello world\nu1,b,hello world!\nu2,a,a b c\nu2,b,a c\n")
    strict = labelkit.agree([table])
    assert without_diagnostics(strict) == json.loads(cli("agree", table, "--format", "json"))
    [pair] = strict["transcripts"]["pairs"]
    # By hand: u1 two substitutions, u2 one deletion; 3 errors over 5 reference words.
    assert (pair["hits"], pair["substitutions"], pair["deletions"], pair["insertions"]) == (2, 2, 1, 0)
    assert pair["wer"] == pytest.approx(3 / 5)
    [loose] = labelkit.agree([table], lowercase=True, strip_punctuation=True)["transcripts"]["pairs"]
    assert (loose["hits"], loose["deletions"], loose["wer"]) == (4, 1, pytest.approx(1 / 5))


def coco(path, boxes, categories=({"id": 1, "name": "cat"},)):
    """A COCO file of one 100 x 100 image a.jpg with these [x, y, w, h] boxes (class: the first category)."""
    path.write_text(json.dumps({
        "images": [{"id": 1, "file_name": "a.jpg", "width": 100, "height": 100}],
        "annotations": [{"id": i + 1, "image_id": 1, "category_id": categories[0]["id"], "bbox": box,
                         "area": box[2] * box[3], "iscrowd": 0} for i, box in enumerate(boxes)],
        "categories": list(categories)}))
    return path


def test_the_box_scorecard_against_a_gold_dataset(tmp_path, cli):
    # The gold calls cat 9: classes are matched by name.
    gold = coco(tmp_path / "gold.json", [[0, 0, 10, 10], [50, 50, 10, 10]], ({"id": 9, "name": "cat"},))
    alice = coco(tmp_path / "alice.json", [[0, 0, 10, 10], [50, 50, 10, 10]])
    # bob finds one of the two gold boxes, 10 x 8 inside 10 x 10: IoU 0.8; recall 1/2, F1 2/3.
    bob = coco(tmp_path / "bob.json", [[0, 0, 10, 8]])
    result = labelkit.agree([alice, bob], gold=gold)
    card = result["spatial"]["scorecard"]
    assert [(e["annotator"], e["reference"], e["precision"], e["recall"]) for e in card] == [
        ("bob", "gold", 1.0, 0.5), ("alice", "gold", 1.0, 1.0)]
    assert card[0]["f1"] == pytest.approx(2 / 3, rel=1e-12)
    assert card[0]["mean_iou"] == pytest.approx(0.8, rel=1e-12)
    assert result["spatial"]["scorecard_gold"] == {"images": 1, "shapes": 2, "images_without_annotators": 0,
                                                   "annotator_images_without_gold": 0}
    assert without_diagnostics(result) == json.loads(cli("agree", alice, bob, "--gold", gold, "--format", "json"))


def test_an_unreadable_gold_dataset_is_an_error_naming_it(tmp_path):
    alice = coco(tmp_path / "alice.json", [[0, 0, 10, 10]])
    bob = coco(tmp_path / "bob.json", [[0, 0, 10, 10]])
    with pytest.raises(labelkit.Error, match="nowhere.json"):
        labelkit.agree([alice, bob], gold=tmp_path / "nowhere.json")
