// COCO format: the corpus datasets read with values checked by hand in their JSON, writing
// and reading back, detection, and malformed inputs (each an Error with file, pointer and
// line:column).
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "formats/coco/coco_format.hpp"
#include "labelkit/error.hpp"
#include "labelkit/format.hpp"
#include "labelkit/geometry.hpp"
#include "support.hpp"

using namespace labelkit;
using labelkit::test::corpus;
using labelkit::test::needs_shared;
using labelkit::test::read_file;
using labelkit::test::TempDir;
using labelkit::test::write_file;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

const Format& coco() {
    static const Format format = make_coco_format();
    return format;
}

fs::path coco_corpus(const std::string& name) { return corpus("datumaro/coco_dataset/" + name); }

Dataset read_coco(const fs::path& path, DiagnosticSink& sink, const ReadOptions& options = {}) {
    return coco().read(path, options, sink);
}
Dataset read_coco(const fs::path& path) {
    DiagnosticSink sink;
    return read_coco(path, sink);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
bool ends_with(const std::string& text, const std::string& end) {
    return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
}

std::vector<const Diagnostic*> with_rule(const DiagnosticSink& sink, const std::string& rule) {
    std::vector<const Diagnostic*> found;
    for (const Diagnostic& d : sink.diagnostics())
        if (d.rule == rule) found.push_back(&d);
    return found;
}

const Item& item_named(const Dataset& dataset, const std::string& subset, const std::string& path) {
    for (const Item& item : dataset.items)
        if (item.subset == subset && item.path == path) return item;
    FAIL("no item " << subset << "/" << path);
    throw;
}

// The annotations of one subset with this COCO id.
const Annotation& annotation_with(const Dataset& dataset, const std::string& subset, std::int64_t id) {
    for (const Annotation& a : dataset.annotations)
        if (a.id == id && dataset.items[a.item].subset == subset) return a;
    FAIL("no annotation " << subset << "/" << id);
    throw;
}

std::vector<std::int64_t> category_ids(const Dataset& dataset) {
    std::vector<std::int64_t> ids;
    for (const Category& c : dataset.categories) ids.push_back(c.id);
    return ids;
}

// A minimal valid instances file with one image and one box; pieces can be replaced.
std::string instances_json(const std::string& images, const std::string& annotations,
                           const std::string& categories = R"([{"id": 1, "name": "cat"}])") {
    return "{\n\"images\": " + images + ",\n\"annotations\": " + annotations + ",\n\"categories\": " + categories + "\n}\n";
}
const std::string one_image = R"([{"id": 5, "file_name": "a.jpg", "width": 10, "height": 5}])";

// Writes text to a file and reads it: the Error it throws (fails the test if none).
Error read_error(const TempDir& tmp, const std::string& text, const std::string& name = "bad.json") {
    const fs::path path = tmp / name;
    write_file(path, text);
    try {
        read_coco(path);
    } catch (const Error& error) {
        CHECK(error.where().path == path.string());
        return error;
    }
    FAIL("no error for " << text);
    throw;
}

// Line and column of the first occurrence of `part` in text (1-based).
std::pair<std::uint32_t, std::uint32_t> line_column_of(const std::string& text, const std::string& part) {
    const std::size_t at = text.find(part);
    REQUIRE(at != std::string::npos);
    const auto line = static_cast<std::uint32_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n') + 1);
    const std::size_t line_start = text.rfind('\n', at == 0 ? 0 : at - 1);
    const auto column = static_cast<std::uint32_t>(line_start == std::string::npos || at == 0 ? at + 1 : at - line_start);
    return {line, column};
}

void check_same(const Dataset& a, const Dataset& b) {
    CHECK(a.info == b.info);
    CHECK(a.licenses == b.licenses);
    CHECK(a.subsets == b.subsets);
    REQUIRE(a.categories.size() == b.categories.size());
    for (std::size_t i = 0; i < a.categories.size(); ++i) {
        CAPTURE(i);
        CHECK(a.categories[i].id == b.categories[i].id);
        CHECK(a.categories[i].name == b.categories[i].name);
        CHECK(a.categories[i].supercategory == b.categories[i].supercategory);
        CHECK(a.categories[i].keypoint_names == b.categories[i].keypoint_names);
        CHECK(a.categories[i].skeleton == b.categories[i].skeleton);
    }
    REQUIRE(a.items.size() == b.items.size());
    for (std::size_t i = 0; i < a.items.size(); ++i) {
        CAPTURE(i);
        CHECK(a.items[i].id == b.items[i].id);
        CHECK(a.items[i].path == b.items[i].path);
        CHECK(a.items[i].width == b.items[i].width);
        CHECK(a.items[i].height == b.items[i].height);
        CHECK(a.items[i].subset == b.items[i].subset);
        CHECK(a.items[i].extra == b.items[i].extra);
    }
    REQUIRE(a.annotations.size() == b.annotations.size());
    for (std::size_t i = 0; i < a.annotations.size(); ++i) {
        CAPTURE(i);
        const Annotation& x = a.annotations[i];
        const Annotation& y = b.annotations[i];
        CHECK(x.id == y.id);
        CHECK(x.item == y.item);
        CHECK(x.category == y.category);
        CHECK(x.box == y.box);
        CHECK(x.shape == y.shape);
        CHECK(x.keypoints == y.keypoints);
        CHECK(x.area == y.area);
        CHECK(x.score == y.score);
        CHECK(x.iscrowd == y.iscrowd);
        CHECK(x.attributes == y.attributes);
    }
}

}  // namespace

TEST_CASE("coco: descriptor says what COCO stores") {
    const Format& format = coco();
    CHECK(format.name == "coco");
    CHECK(!format.description.empty());
    CHECK(format.description.find('\n') == std::string::npos);
    CHECK(format.stores.boxes);
    CHECK(format.stores.polygons);
    CHECK(format.stores.rle_masks);
    CHECK(!format.stores.oriented_boxes);
    CHECK(format.stores.keypoints);
    CHECK(format.stores.attributes);
    CHECK(format.stores.iscrowd);
    CHECK(format.stores.scores);
    CHECK(format.stores.category_ids);
    CHECK(format.stores.image_ids);
    CHECK(format.stores.dataset_info);
    CHECK(format.stores.subsets);
    CHECK(format.default_images == ImageMode::none);
}

TEST_CASE("coco: coco_instances reads boxes, a polygon, an uncompressed RLE, attributes and gapped ids" *
          needs_shared) {
    DiagnosticSink sink;
    const Dataset d = read_coco(coco_corpus("coco_instances"), sink);
    CHECK(sink.diagnostics().empty());
    CHECK(d.subsets == std::vector<std::string>{"train", "val"});
    CHECK(category_ids(d) == std::vector<std::int64_t>{1, 2, 4});
    CHECK(d.categories[2].name == "c");
    CHECK(d.categories[2].supercategory == "");

    REQUIRE(d.items.size() == 2);
    const Item& a = item_named(d, "train", "a.jpg");
    CHECK(a.id == 5);
    CHECK(a.width == 10);
    CHECK(a.height == 5);
    CHECK(a.extra == json{{"license", 0}, {"flickr_url", ""}, {"coco_url", ""}, {"date_captured", 0}});
    CHECK(ends_with(a.image_file, "coco_instances/images/train/a.jpg"));
    const Item& b = item_named(d, "val", "b.jpg");
    CHECK(b.id == 40);
    CHECK(b.width == 5);
    CHECK(b.height == 10);

    REQUIRE(d.annotations.size() == 3);
    const Annotation& box = annotation_with(d, "train", 1);
    CHECK(d.categories[box.category].id == 2);
    CHECK(box.box == Box{2, 2, 3, 1});
    CHECK(std::holds_alternative<std::monostate>(box.shape));
    CHECK(box.area == 3.0);
    CHECK(!box.iscrowd);
    CHECK(box.attributes.is_null());
    CHECK(!box.score);

    const Annotation& polygon = annotation_with(d, "val", 1);
    CHECK(d.items[polygon.item].path == "b.jpg");
    CHECK(d.categories[polygon.category].name == "a");
    REQUIRE(std::holds_alternative<PolygonSet>(polygon.shape));
    CHECK(std::get<PolygonSet>(polygon.shape).rings ==
          std::vector<std::vector<Point>>{{{0, 0}, {1, 0}, {1, 2}, {0, 2}}});
    CHECK(polygon.box == Box{0, 0, 1, 2});
    CHECK(polygon.area == 2.0);
    CHECK(polygon.attributes == json{{"x", 1}, {"y", "hello"}});

    const Annotation& rle = annotation_with(d, "val", 2);
    REQUIRE(std::holds_alternative<RleMask>(rle.shape));
    const RleMask& mask = std::get<RleMask>(rle.shape);
    CHECK(mask.height == 10);
    CHECK(mask.width == 5);
    CHECK(mask.counts == std::vector<std::uint32_t>{0, 20, 30});
    CHECK(rle.iscrowd);
    CHECK(rle.area == 20.0);
    CHECK(rle.box == Box{0, 0, 1, 9});

    // Where each annotation came from: the file and its index in "annotations".
    CHECK(ends_with(d.source_files[rle.origin.file], "instances_val.json"));
    CHECK(rle.origin.position == 1);
    CHECK(ends_with(d.source_files[b.origin.file], "instances_val.json"));
    CHECK(b.origin.position == 0);

    CHECK(d.info == json{{"contributor", ""}, {"date_created", ""}, {"description", ""},
                         {"url", ""}, {"version", ""}, {"year", ""}});
    CHECK(d.licenses == json::array({{{"name", ""}, {"id", 0}, {"url", ""}}}));
}

TEST_CASE("coco: person keypoints keep visibility, the skeleton and crowd RLE" * needs_shared) {
    const Dataset d = read_coco(coco_corpus("coco_person_keypoints"));
    CHECK(d.subsets == std::vector<std::string>{"train", "val"});
    REQUIRE(d.categories.size() == 2);
    CHECK(d.categories[0].keypoint_names.empty());
    CHECK(d.categories[0].skeleton == std::vector<std::array<int, 2>>{{0, 1}, {1, 2}});

    const Annotation& train = annotation_with(d, "train", 1);
    CHECK(train.keypoints == std::vector<Keypoint>{{0, 0, 0}, {0, 2, 1}, {4, 1, 2}});
    CHECK(std::holds_alternative<std::monostate>(train.shape));

    const Annotation& person = annotation_with(d, "val", 1);
    CHECK(person.keypoints == std::vector<Keypoint>{{1, 2, 2}, {3, 4, 2}, {2, 3, 2}});
    CHECK(person.attributes == json{{"x", 1}, {"y", "hello"}});
    const Annotation& crowd = annotation_with(d, "val", 2);
    CHECK(crowd.iscrowd);
    CHECK(std::holds_alternative<RleMask>(crowd.shape));
    CHECK(crowd.keypoints == std::vector<Keypoint>{{2, 4, 2}, {4, 4, 2}, {4, 2, 2}});
}

TEST_CASE("coco: the full coco/ folder skips non-instance files and merges person_keypoints into instances" *
          needs_shared) {
    DiagnosticSink sink;
    const Dataset d = read_coco(coco_corpus("coco"), sink);
    const auto skipped = with_rule(sink, "coco/skipped-file");
    std::vector<std::string> names;
    for (const Diagnostic* diagnostic : skipped) names.push_back(fs::path(diagnostic->location.path).filename().string());
    CHECK(names == std::vector<std::string>{"captions_train.json", "captions_val.json", "image_info_train.json",
                                            "image_info_val.json", "labels_train.json", "labels_val.json",
                                            "panoptic_train.json", "panoptic_val.json", "stuff_train.json",
                                            "stuff_val.json"});
    CHECK(contains(skipped[0]->message, "captions"));
    CHECK(skipped[0]->severity == Severity::warning);

    CHECK(d.subsets == std::vector<std::string>{"train", "val"});
    CHECK(d.source_files.size() == 4);
    CHECK(category_ids(d) == std::vector<std::int64_t>{1, 2, 4});
    // The keypoints file's categories 1 and 2 bring the skeleton.
    CHECK(d.categories[1].skeleton == std::vector<std::array<int, 2>>{{0, 1}, {1, 2}});
    CHECK(d.categories[2].skeleton.empty());
    // Same image ids in both files of a subset: one item each.
    CHECK(d.items.size() == 2);
    // person_keypoints repeats the instances annotations (same ids): they gain keypoints.
    REQUIRE(d.annotations.size() == 3);
    CHECK(annotation_with(d, "train", 1).keypoints.size() == 3);
    CHECK(annotation_with(d, "val", 1).keypoints == std::vector<Keypoint>{{1, 2, 2}, {3, 4, 2}, {2, 3, 2}});
    CHECK(std::holds_alternative<PolygonSet>(annotation_with(d, "val", 1).shape));
    CHECK(with_rule(sink, "coco/merged-keypoints").size() == 2);
}

TEST_CASE("coco: Roboflow and mmdet layouts find subsets and images" * needs_shared) {
    const Dataset roboflow = read_coco(coco_corpus("coco_roboflow"));
    CHECK(roboflow.subsets == std::vector<std::string>{"train", "val"});
    CHECK(roboflow.annotations.size() == 3);
    CHECK(ends_with(item_named(roboflow, "val", "b.jpg").image_file, "coco_roboflow/val/b.jpg"));

    const Dataset mmdet = read_coco(coco_corpus("mmdet_coco"));
    CHECK(mmdet.subsets == std::vector<std::string>{"train", "val"});
    CHECK(ends_with(item_named(mmdet, "train", "a.jpg").image_file, "mmdet_coco/train/a.jpg"));
}

TEST_CASE("coco: a single file's subset comes from its name; --image-root is tried first" * needs_shared) {
    const Dataset val = read_coco(coco_corpus("coco_instances/annotations/instances_val.json"));
    CHECK(val.subsets == std::vector<std::string>{"val"});
    CHECK(ends_with(val.items[0].image_file, "coco_instances/images/val/b.jpg"));

    const Dataset keypoints = read_coco(coco_corpus("coco_person_keypoints/annotations/person_keypoints_train.json"));
    CHECK(keypoints.subsets == std::vector<std::string>{"train"});

    TempDir tmp;
    write_file(tmp / "labels.json", read_file(coco_corpus("coco_instances/annotations/instances_val.json")));
    write_file(tmp / "pictures/b.jpg", "not really a jpeg");
    DiagnosticSink sink;
    const Dataset renamed = read_coco(tmp / "labels.json", sink, ReadOptions{tmp / "pictures"});
    CHECK(renamed.subsets == std::vector<std::string>{"default"});
    CHECK(renamed.items[0].subset == "default");
    CHECK(renamed.items[0].image_file == (tmp / "pictures/b.jpg").string());

    // A UTF-8 byte order mark is allowed.
    write_file(tmp / "bom.json", "\xEF\xBB\xBF" + instances_json(one_image, "[]"));
    CHECK(read_coco(tmp / "bom.json").items.size() == 1);
    CHECK(coco().detect(tmp / "bom.json").score == 100);

    // A Roboflow subset folder given directly is that subset.
    const Dataset train = read_coco(coco_corpus("coco_roboflow/train"));
    CHECK(train.subsets == std::vector<std::string>{"train"});

    // The image list without annotations, given directly, is a dataset of images.
    const Dataset images = read_coco(coco_corpus("coco_image_info/annotations/image_info_train.json"));
    CHECK(images.items.size() == 1);
    CHECK(images.annotations.empty());
}

TEST_CASE("coco: directories without an instances file say what they hold" * needs_shared) {
    struct Case {
        const char* folder;
        const char* found;
    };
    for (const Case c : {Case{"coco_captions", "captions_train.json (a captions file)"},
                         Case{"coco_image_info", "image_info_train.json (an image list without annotations)"},
                         Case{"coco_labels", "labels_val.json (an image-level labels file)"},
                         Case{"coco_panoptic", "panoptic_train.json (a panoptic segmentation file)"},
                         Case{"coco_stuff", "stuff_val.json (a stuff segmentation file)"}}) {
        CAPTURE(c.folder);
        DiagnosticSink sink;
        try {
            read_coco(coco_corpus(c.folder), sink);
            FAIL("no error");
        } catch (const Error& error) {
            CHECK(contains(error.message(), "no COCO instances file"));
            CHECK(contains(error.message(), c.found));
            CHECK(contains(error.message(), "instances_<subset>.json"));
            CHECK(error.where().path == coco_corpus(c.folder).string());
        }
        CHECK(with_rule(sink, "coco/skipped-file").size() == 2);
    }
    TempDir empty;
    try {
        read_coco(empty.path());
        FAIL("no error");
    } catch (const Error& error) {
        CHECK(contains(error.message(), "no .json file and no annotations/ folder"));
    }
}

TEST_CASE("coco: other COCO tasks given as a file are errors that say what the file is" * needs_shared) {
    const auto error_of = [](const fs::path& path) {
        try {
            read_coco(path);
        } catch (const Error& error) {
            return error;
        }
        FAIL("no error for " << path);
        throw;
    };
    const Error captions = error_of(coco_corpus("coco_captions/annotations/captions_train.json"));
    CHECK(captions.where().json_pointer == "/annotations/0");
    CHECK(captions.where().line == 33);
    CHECK(contains(captions.message(), "captions file"));
    CHECK(contains(captions.message(), "expected objects with \"bbox\" or \"segmentation\""));

    const Error panoptic = error_of(coco_corpus("coco_panoptic/annotations/panoptic_val.json"));
    CHECK(panoptic.where().json_pointer == "/annotations/0");
    CHECK(contains(panoptic.message(), "panoptic"));

    const Error labels = error_of(coco_corpus("coco_labels/annotations/labels_train.json"));
    CHECK(labels.where().json_pointer == "/annotations/0");
    CHECK(contains(labels.message(), "neither \"bbox\" nor \"segmentation\""));

    // A stuff file is instance-shaped (crowd RLE): it reads.
    const Dataset stuff = read_coco(coco_corpus("coco_stuff/annotations/stuff_train.json"));
    REQUIRE(stuff.annotations.size() == 1);
    CHECK(std::get<RleMask>(stuff.annotations[0].shape).counts == std::vector<std::uint32_t>{10, 10, 5, 10, 15});
}

TEST_CASE("coco: detection scores files and folders and explains itself" * needs_shared) {
    const Detection file = coco().detect(coco_corpus("coco_instances/annotations/instances_val.json"));
    CHECK(file.score == 100);
    CHECK(contains(file.reason, "\"images\""));
    const Detection folder = coco().detect(coco_corpus("coco"));
    CHECK(folder.score == 90);
    CHECK(contains(folder.reason, "annotations/instances_train.json"));
    CHECK(coco().detect(coco_corpus("coco_roboflow")).score == 90);
    CHECK(coco().detect(coco_corpus("mmdet_coco/")).score == 90);

    const Detection captions = coco().detect(coco_corpus("coco_captions"));
    CHECK(captions.score == 0);
    CHECK(contains(captions.reason, "captions_train.json"));

    TempDir tmp;
    const Detection empty = coco().detect(tmp.path());
    CHECK(empty.score == 0);
    CHECK(contains(empty.reason, "no .json file and no annotations/ folder"));
    write_file(tmp / "other.json", R"({"names": ["a"]})");
    CHECK(coco().detect(tmp / "other.json").score == 0);
    write_file(tmp / "list.txt", "a.jpg\n");
    CHECK(coco().detect(tmp / "list.txt").score == 0);
    CHECK(coco().detect(tmp / "missing").score == 0);
    CHECK(coco().detect(corpus("datumaro/voc_dataset/voc_dataset1")).score == 0);
}

TEST_CASE("coco: compressed RLE counts and boxes computed from segmentations") {
    TempDir tmp;
    // pycocotools' string for the runs [0, 20, 30] of a 10x5 mask: "0d0n0".
    const std::string text = instances_json(R"([{"id": 1, "file_name": "a.jpg", "width": 5, "height": 10}])", R"([
        {"id": 1, "image_id": 1, "category_id": 1, "segmentation": {"size": [10, 5], "counts": "0d0n0"}, "iscrowd": 1},
        {"id": 2, "image_id": 1, "category_id": 1, "segmentation": [[1, 1, 4, 1, 4, 3]], "score": 0.25, "iscrowd": false}])");
    write_file(tmp / "rle.json", text);
    const Dataset d = read_coco(tmp / "rle.json");
    REQUIRE(d.annotations.size() == 2);
    CHECK(std::get<RleMask>(d.annotations[0].shape).counts == std::vector<std::uint32_t>{0, 20, 30});
    CHECK(d.annotations[0].box == Box{0, 0, 2, 10});  // pixels 0..19 in column-major order: columns 0 and 1
    CHECK(!d.annotations[0].area);
    CHECK(d.annotations[1].box == Box{1, 1, 3, 2});
    CHECK(d.annotations[1].score == 0.25);
    CHECK(!d.annotations[1].iscrowd);
}

TEST_CASE("coco: unknown annotation fields are counted in one warning per file") {
    TempDir tmp;
    write_file(tmp / "extra.json", instances_json(one_image, R"([
        {"id": 1, "image_id": 5, "category_id": 1, "bbox": [0, 0, 1, 1], "foo": 1},
        {"id": 2, "image_id": 5, "category_id": 1, "bbox": [0, 0, 1, 1], "foo": 2, "bar": [1, {"a": "}"}]},
        {"id": 3, "image_id": 5, "category_id": 1, "bbox": [0, 0, 1, 1]}])",
                                                   R"([{"id": 1, "name": "cat", "color": "red"}])"));
    DiagnosticSink sink;
    const Dataset d = read_coco(tmp / "extra.json", sink);
    CHECK(d.annotations.size() == 3);
    const auto unknown = with_rule(sink, "coco/unknown-fields");
    REQUIRE(unknown.size() == 2);
    CHECK(unknown[0]->message == "1 categories have fields labelkit does not keep: color");
    CHECK(unknown[1]->message == "2 annotations have fields labelkit does not keep: foo, bar");
    CHECK(unknown[1]->location.path == (tmp / "extra.json").string());
}

TEST_CASE("coco: malformed JSON is an error at the line and column where it fails" * needs_shared) {
    TempDir tmp;
    const std::string good = read_file(coco_corpus("coco_instances/annotations/instances_val.json"));
    SUBCASE("truncated") {
        const std::string cut = good.substr(0, good.find("\"segmentation\":{"));
        const Error error = read_error(tmp, cut);
        CHECK(contains(error.message(), "truncated"));
        const auto lines = static_cast<std::uint32_t>(std::count(cut.begin(), cut.end(), '\n'));
        CHECK(error.where().line == lines + 1);
        CHECK(error.where().column == cut.size() - cut.rfind('\n'));
    }
    SUBCASE("missing comma between elements") {
        const std::string text = instances_json(R"([{"id": 1, "file_name": "a.jpg", "width": 1, "height": 1} {"id": 2}])", "[]");
        const Error error = read_error(tmp, text);
        CHECK(contains(error.message(), "expected ',' or ']'"));
        CHECK(error.where().json_pointer == "/images/0");
        const auto [line, column] = line_column_of(text, "{\"id\": 2}");
        CHECK(error.where().line == line);
        CHECK(error.where().column == column);
    }
    SUBCASE("NaN is not JSON") {
        const std::string text = instances_json(one_image, R"([{"id": 1, "image_id": 5, "category_id": 1, "bbox": [1, 2, NaN, 4]}])");
        const Error error = read_error(tmp, text);
        CHECK(error.where().json_pointer == "/annotations/0/bbox/2");
        CHECK(contains(error.message(), "NaN"));
        CHECK(contains(error.message(), "not valid JSON"));
        const auto [line, column] = line_column_of(text, "NaN");
        CHECK(error.where().line == line);
        CHECK(error.where().column == column);
    }
    SUBCASE("Infinity and numbers out of range") {
        CHECK(contains(read_error(tmp, instances_json(one_image, R"([{"id": 1, "image_id": 5, "category_id": 1, "bbox": [1, 2, 3, -Infinity]}])")).message(), "NaN and Infinity"));
        const Error huge = read_error(tmp, instances_json(one_image, R"([{"id": 1, "image_id": 5, "category_id": 1, "area": 1e999, "bbox": [1, 2, 3, 4]}])"));
        CHECK(huge.where().json_pointer == "/annotations/0/area");
        CHECK(contains(huge.message(), "1e999"));
    }
    SUBCASE("text after the object") {
        const Error error = read_error(tmp, instances_json(one_image, "[]") + "]");
        CHECK(contains(error.message(), "after the end of the top-level object"));
        CHECK(error.where().line == 6);
    }
    SUBCASE("broken structure inside an element") {
        const std::string text = instances_json(R"([{"id": 5,, "file_name": "a.jpg", "width": 10, "height": 5}])", "[]");
        const Error error = read_error(tmp, text);
        CHECK(error.where().json_pointer == "/images/0");
        CHECK(contains(error.message(), "invalid JSON"));
        CHECK(error.where().column == line_column_of(text, ",,").second + 1);
    }
    SUBCASE("invalid escape in a string") {
        const Error error = read_error(tmp, instances_json(R"([{"id": 5, "file_name": "a\qb.jpg", "width": 10, "height": 5}])", "[]"));
        CHECK(error.where().json_pointer == "/images/0/file_name");
        CHECK(contains(error.message(), "invalid JSON"));
    }
    SUBCASE("invalid JSON in a value kept verbatim") {
        const std::string text = instances_json(one_image, R"([{"id": 1, "image_id": 5, "category_id": 1, "bbox": [1, 2, 3, 4], "attributes": {"a": tru}}])");
        const Error error = read_error(tmp, text);
        CHECK(error.where().json_pointer == "/annotations/0/attributes");
        CHECK(contains(error.message(), "invalid literal"));
    }
    SUBCASE("a number beyond a double's range in a value kept verbatim") {
        // nlohmann's out_of_range escaped as another exception (found by fuzz/coco_fuzzer).
        const Error in_attributes = read_error(tmp, instances_json(one_image, R"([{"id": 1, "image_id": 5, "category_id": 1, "bbox": [1, 2, 3, 4], "attributes": {"a": 1e309}}])"));
        CHECK(in_attributes.where().json_pointer == "/annotations/0/attributes");
        CHECK(in_attributes.message() == "invalid JSON: number overflow parsing '1e309'");
        const std::string text = "{\"info\": {\"year\": -1e400},\n\"images\": [], \"annotations\": [], \"categories\": []}";
        const Error in_info = read_error(tmp, text);
        CHECK(in_info.where().json_pointer == "/info");
        CHECK(in_info.rule() == "coco/json-syntax");
        DiagnosticSink sink;
        ReadOptions lenient;
        lenient.lenient = true;
        write_file(tmp / "info.json", text);
        read_coco(tmp / "info.json", sink, lenient);
        CHECK(with_rule(sink, "coco/json-syntax").size() == 1);
    }
    SUBCASE("not an object") {
        CHECK(contains(read_error(tmp, "[1, 2]").message(), "expected '{'"));
        CHECK(contains(read_error(tmp, "").message(), "empty"));
    }
}

TEST_CASE("coco: invalid values are errors with their JSON pointer") {
    TempDir tmp;
    SUBCASE("bbox with 3 numbers") {
        const std::string text = instances_json(one_image, R"([{"id": 1, "image_id": 5, "category_id": 1, "bbox": [1, 2, 3]}])");
        const Error error = read_error(tmp, text);
        CHECK(error.where().json_pointer == "/annotations/0/bbox");
        CHECK(error.message() == "bbox must have 4 numbers [x, y, width, height], found 3");
        CHECK(error.where().line == line_column_of(text, "[1, 2, 3]").first);
        CHECK(error.where().column == line_column_of(text, "[1, 2, 3]").second);
    }
    SUBCASE("bbox of strings") {
        const Error error = read_error(tmp, instances_json(one_image, R"([{"id": 1, "image_id": 5, "category_id": 1, "bbox": ["1", 2, 3, 4]}])"));
        CHECK(error.where().json_pointer == "/annotations/0/bbox/0");
        CHECK(contains(error.message(), "expected a number, found the string \"1\""));
    }
    SUBCASE("unknown category id") {
        const std::string text = instances_json(one_image, R"([{"id": 1, "image_id": 5, "category_id": 7, "bbox": [1, 2, 3, 4]}])");
        const Error error = read_error(tmp, text);
        CHECK(error.where().json_pointer == "/annotations/0/category_id");
        CHECK(contains(error.message(), "unknown category_id 7"));
        CHECK(error.where().column == line_column_of(text, "7,").second);
    }
    SUBCASE("unknown image id") {
        const Error error = read_error(tmp, instances_json(one_image, R"([{"id": 1, "image_id": 6, "category_id": 1, "bbox": [1, 2, 3, 4]}])"));
        CHECK(error.where().json_pointer == "/annotations/0/image_id");
        CHECK(contains(error.message(), "unknown image_id 6"));
    }
    SUBCASE("duplicate image id") {
        const std::string text = instances_json(R"([{"id": 5, "file_name": "a.jpg", "width": 1, "height": 1},
{"id": 5, "file_name": "b.jpg", "width": 1, "height": 1}])", "[]");
        const Error error = read_error(tmp, text);
        CHECK(error.where().json_pointer == "/images/1/id");
        CHECK(error.message() == "duplicate image id 5 (also at /images/0)");
        CHECK(error.where().line == 3);
    }
    SUBCASE("duplicate category id") {
        const Error error = read_error(tmp, instances_json(one_image, "[]", R"([{"id": 1, "name": "a"}, {"id": 1, "name": "b"}])"));
        CHECK(error.where().json_pointer == "/categories/1/id");
        CHECK(contains(error.message(), "duplicate category id 1"));
    }
    SUBCASE("polygon with an odd number of coordinates") {
        const Error error = read_error(tmp, instances_json(one_image, R"([{"id": 1, "image_id": 5, "category_id": 1,
            "segmentation": [[0, 0, 4, 0, 4, 4], [1, 1, 2, 2, 3]]}])"));
        CHECK(error.where().json_pointer == "/annotations/0/segmentation/1");
        CHECK(contains(error.message(), "odd number of coordinates (5)"));
    }
    SUBCASE("file name escaping the dataset") {
        const Error error = read_error(tmp, instances_json(R"([{"id": 5, "file_name": "../../etc/passwd", "width": 1, "height": 1}])", "[]"));
        CHECK(error.where().json_pointer == "/images/0/file_name");
        CHECK(contains(error.message(), "escape"));
    }
    SUBCASE("missing required fields") {
        CHECK(read_error(tmp, instances_json(R"([{"id": 5, "file_name": "a.jpg", "height": 1}])", "[]")).message() == "image has no \"width\"");
        const Error no_id = read_error(tmp, instances_json(one_image, R"([{"image_id": 5, "category_id": 1, "bbox": [1, 2, 3, 4]}])"));
        CHECK(no_id.message() == "annotation has no \"id\"");
        CHECK(no_id.where().json_pointer == "/annotations/0");
        CHECK(read_error(tmp, instances_json(one_image, "[]", R"([{"id": 1}])")).message() == "category has no \"name\"");
        CHECK(contains(read_error(tmp, R"({"annotations": []})").message(), "no \"images\" array"));
        CHECK(contains(read_error(tmp, R"({"images": null, "annotations": []})").message(), "no \"images\" array"));
        const Error twice = read_error(tmp, R"({"images": [], "images": []})");
        CHECK(contains(twice.message(), "\"images\" appears twice"));
    }
    SUBCASE("wrong types") {
        const Error id = read_error(tmp, instances_json(one_image, R"([{"id": "one", "image_id": 5, "category_id": 1, "bbox": [1, 2, 3, 4]}])"));
        CHECK(id.where().json_pointer == "/annotations/0/id");
        CHECK(id.message() == "expected an integer, found the string \"one\"");
        const Error width = read_error(tmp, instances_json(R"([{"id": 5, "file_name": "a.jpg", "width": -3, "height": 1}])", "[]"));
        CHECK(width.where().json_pointer == "/images/0/width");
        const Error crowd = read_error(tmp, instances_json(one_image, R"([{"id": 1, "image_id": 5, "category_id": 1, "bbox": [1, 2, 3, 4], "iscrowd": 2}])"));
        CHECK(crowd.message() == "iscrowd must be 0 or 1, found 2");
        const Error images = read_error(tmp, R"({"images": {}})");
        CHECK(images.where().json_pointer == "/images");
        const Error element = read_error(tmp, R"({"images": [3]})");
        CHECK(element.where().json_pointer == "/images/0");
        CHECK(contains(element.message(), "must be an object"));
    }
    SUBCASE("RLE whose runs do not fill the mask") {
        const Error error = read_error(tmp, instances_json(one_image, R"([{"id": 1, "image_id": 5, "category_id": 1,
            "segmentation": {"size": [10, 5], "counts": [0, 20, 20]}, "bbox": [0, 0, 1, 1]}])"));
        CHECK(error.where().json_pointer == "/annotations/0/segmentation/counts");
        CHECK(contains(error.message(), "40 pixels"));
    }
    SUBCASE("keypoints not in triplets") {
        const Error error = read_error(tmp, instances_json(one_image, R"([{"id": 1, "image_id": 5, "category_id": 1, "bbox": [1, 2, 3, 4], "keypoints": [1, 2]}])"));
        CHECK(error.where().json_pointer == "/annotations/0/keypoints");
    }
}

TEST_CASE("coco: categories merge by id across files, and a different name for an id is an error") {
    TempDir tmp;
    write_file(tmp / "annotations/instances_train.json", instances_json(one_image, "[]", R"([{"id": 1, "name": "cat"}])"));
    write_file(tmp / "annotations/instances_val.json",
               instances_json(one_image, "[]", R"([{"id": 1, "name": "cat"}, {"id": 3, "name": "dog"}])"));
    const Dataset d = read_coco(tmp.path());
    CHECK(category_ids(d) == std::vector<std::int64_t>{1, 3});
    CHECK(d.items.size() == 2);  // image id 5 in both subsets: two items

    // Other .json files are skipped, each with a warning that names it.
    write_file(tmp / "annotations/notes.json", "{}");
    DiagnosticSink sink;
    CHECK(read_coco(tmp.path(), sink).items.size() == 2);
    const auto skipped = with_rule(sink, "coco/skipped-file");
    REQUIRE(skipped.size() == 1);
    CHECK(skipped[0]->message == "skipped notes.json: not named instances_<subset>.json or person_keypoints_<subset>.json");

    write_file(tmp / "annotations/instances_val.json", instances_json(one_image, "[]", R"([{"id": 1, "name": "dog"}])"));
    try {
        read_coco(tmp.path());
        FAIL("no error");
    } catch (const Error& error) {
        CHECK(error.where().json_pointer == "/categories/0/name");
        CHECK(ends_with(error.where().path, "instances_val.json"));
        CHECK(contains(error.message(), "category id 1 is named \"dog\" here but \"cat\" in"));
    }
}

TEST_CASE("coco: writing and reading back keeps every field" * needs_shared) {
    for (const char* name : {"coco_instances", "coco_person_keypoints", "coco"}) {
        CAPTURE(name);
        const Dataset before = read_coco(coco_corpus(name));
        TempDir tmp;
        DiagnosticSink sink;
        coco().write(before, tmp.path(), {}, sink);
        CHECK(sink.diagnostics().empty());
        CHECK(fs::is_regular_file(tmp / "annotations/instances_train.json"));
        CHECK(fs::is_regular_file(tmp / "annotations/instances_val.json"));
        check_same(before, read_coco(tmp.path()));
    }
}

TEST_CASE("coco: written files look like COCO's own" * needs_shared) {
    const Dataset d = read_coco(coco_corpus("coco_instances"));
    TempDir tmp;
    DiagnosticSink sink;
    coco().write(d, tmp / "all.json", {}, sink);
    const std::string text = read_file(tmp / "all.json");
    const json doc = json::parse(text);
    CHECK(text.find("{\"info\":") == 0);
    CHECK(text.find("\"licenses\":") < text.find("\"images\":"));
    CHECK(text.find("\"images\":") < text.find("\"annotations\":"));
    CHECK(text.find("\"annotations\":") < text.find("\"categories\":"));
    CHECK(doc["images"][0] == json::parse(R"({"id": 5, "width": 10, "height": 5, "file_name": "a.jpg",
        "license": 0, "flickr_url": "", "coco_url": "", "date_captured": 0})"));
    CHECK(text.find(R"({"id":1,"image_id":5,"category_id":2,"segmentation":[],"area":3,"bbox":[2,2,3,1],"iscrowd":0})") != std::string::npos);
    CHECK(text.find(R"("segmentation":{"size":[10,5],"counts":[0,20,30]},"area":20,"bbox":[0,0,1,9],"iscrowd":1)") != std::string::npos);
    CHECK(text.find(R"("attributes":{"x":1,"y":"hello"})") != std::string::npos);
    CHECK(doc["categories"][2] == json::parse(R"({"id": 4, "name": "c", "supercategory": ""})"));
    // Two subsets in one file: said, with counts.
    const auto merged = with_rule(sink, "coco/subsets-merged");
    REQUIRE(merged.size() == 1);
    CHECK(merged[0]->message == "2 subsets are merged into one file: train (1 images, 1 annotations), val (1 images, 2 annotations)");
    const Dataset back = read_coco(tmp / "all.json");
    CHECK(back.items.size() == 2);
    CHECK(back.annotations.size() == 3);
}

TEST_CASE("coco: writing fills in what the model leaves open") {
    Dataset d;
    d.categories = {{7, "bird \"tweety\"", "animal", {"head", "tail"}, {{1, 2}}}, {7, "fish\t\u00e9\x01", "", {}, {}}};
    d.items.push_back({no_id, "sub/dir/x.jpg", 20, 10, "", "", nullptr, {}});
    d.items.push_back({no_id, "y\\u.jpg", 4, 4, "", "", json{{"license", 3}, {"note", "line\nbreak"}}, {}});
    Annotation box;
    box.item = 0;
    box.box = {1, 2, 3, 4};
    box.score = 0.5;
    Annotation polygon;
    polygon.item = 0;
    polygon.category = 1;
    polygon.shape = PolygonSet{{{{0, 0}, {4, 0}, {4, 3}}}};
    polygon.box = {0, 0, 4, 3};
    polygon.keypoints = {{1, 1, 2}, {0, 0, 0}};
    Annotation oriented;
    oriented.item = 1;
    oriented.id = 4;
    oriented.shape = OrientedBox{{Point{1, 0}, Point{2, 1}, Point{1, 2}, Point{0, 1}}};
    oriented.box = {0, 0, 2, 2};
    Annotation repeated = oriented;
    d.annotations = {box, polygon, oriented, repeated};
    d.add_subset("");

    TempDir tmp;
    DiagnosticSink sink;
    coco().write(d, tmp.path(), {}, sink);
    const std::string text = read_file(tmp / "annotations/instances_default.json");
    const json doc = json::parse(text);
    CHECK(!doc.contains("info"));
    // Images without ids are numbered 1..N; annotation ids are kept when unique, else fresh.
    CHECK(doc["images"][0]["id"] == 1);
    CHECK(doc["images"][1]["id"] == 2);
    CHECK(doc["images"][1]["file_name"] == "y\\u.jpg");
    CHECK(doc["images"][1]["license"] == 3);
    std::vector<std::int64_t> ids;
    for (const json& a : doc["annotations"]) ids.push_back(a["id"]);
    CHECK(ids == std::vector<std::int64_t>{5, 6, 4, 7});
    CHECK(doc["annotations"][0]["area"] == 12);
    CHECK(doc["annotations"][0]["score"] == 0.5);
    CHECK(doc["annotations"][0]["segmentation"] == json::array());
    CHECK(doc["annotations"][1]["area"] == 6);
    CHECK(doc["annotations"][1]["keypoints"] == json::parse("[1, 1, 2, 0, 0, 0]"));
    CHECK(doc["annotations"][1]["num_keypoints"] == 1);
    CHECK(doc["annotations"][2]["segmentation"] == json::parse("[[1, 0, 2, 1, 1, 2, 0, 1]]"));
    CHECK(doc["annotations"][2]["area"] == 2);
    // Repeated category ids: the second gets a fresh one.
    CHECK(doc["categories"][0] == json::parse(R"({"id": 7, "name": "bird \"tweety\"", "supercategory": "animal",
        "keypoints": ["head", "tail"], "skeleton": [[1, 2]]})"));
    CHECK(doc["categories"][1]["id"] == 8);
    CHECK(doc["categories"][1]["name"] == "fish\t\u00e9\x01");
    CHECK(text.find(R"("name":"fish\t\u00e9\u0001")") == std::string::npos);  // raw UTF-8, escaped controls
    CHECK(text.find("\"name\":\"fish\\t\u00e9\\u0001\"") != std::string::npos);
    CHECK(doc["images"][1]["note"] == "line\nbreak");
    CHECK(with_rule(sink, "coco/ids-renumbered").size() == 2);  // categories and annotation 4

    const Dataset back = read_coco(tmp.path());
    CHECK(back.items[0].path == "sub/dir/x.jpg");
    CHECK(back.categories[1].name == d.categories[1].name);
    CHECK(back.items[1].extra == d.items[1].extra);

    // What JSON cannot hold is an error naming the annotation, not a broken file.
    d.annotations[1].box.width = std::numeric_limits<double>::quiet_NaN();
    TempDir bad;
    try {
        coco().write(d, bad.path(), {}, sink);
        FAIL("no error");
    } catch (const Error& error) {
        CHECK(error.where().json_pointer == "/annotations/1");
        CHECK(contains(error.message(), "annotation 1 of image \"sub/dir/x.jpg\""));
        CHECK(contains(error.message(), "finite"));
    }
    CHECK(std::get<PolygonSet>(back.annotations[2].shape).rings[0].size() == 4);
}

TEST_CASE("coco: --images copy places images under images/<subset>/ and counts the missing ones" * needs_shared) {
    Dataset d = read_coco(coco_corpus("coco_instances"));
    d.items.push_back(d.items[0]);
    d.items.back().path = "gone.jpg";
    d.items.back().id = 99;
    d.items.back().image_file = "/nonexistent/gone.jpg";
    d.items.push_back(d.items.back());
    d.items.back().id = 100;
    d.items.back().path = "gone2.jpg";
    TempDir tmp;
    DiagnosticSink sink;
    coco().write(d, tmp.path(), WriteOptions{ImageMode::copy}, sink);
    CHECK(fs::is_regular_file(tmp / "images/train/a.jpg"));
    CHECK(fs::is_regular_file(tmp / "images/val/b.jpg"));
    CHECK(read_file(tmp / "images/val/b.jpg") == read_file(coco_corpus("coco_instances/images/val/b.jpg")));
    const auto missing = with_rule(sink, "coco/missing-images");
    REQUIRE(missing.size() == 1);
    CHECK(contains(missing[0]->message, "2 images were not found"));

    TempDir linked;
    DiagnosticSink quiet;
    coco().write(read_coco(coco_corpus("coco_instances")), linked.path(), WriteOptions{ImageMode::link}, quiet);
    CHECK(fs::is_symlink(linked / "images/train/a.jpg"));
    CHECK(quiet.diagnostics().empty());
}

TEST_CASE("coco: a larger file reads on two threads in file order, errors included") {
    // Enough annotations for the parallel path; the error is in the second half.
    std::string annotations = "[";
    const int count = 50000;
    for (int i = 0; i < count; ++i) {
        if (i > 0) annotations += ",\n";
        annotations += "{\"id\":" + std::to_string(i + 1) + ",\"image_id\":5,\"category_id\":1,\"segmentation\":[[" +
                       std::to_string(i) + ".5,0,2,0,2,2]],\"bbox\":[0,0,2,2],\"area\":1}";
    }
    annotations += "]";
    TempDir tmp;
    write_file(tmp / "big.json", instances_json(one_image, annotations));
    const Dataset d = read_coco(tmp / "big.json");
    REQUIRE(d.annotations.size() == count);
    for (int i = 0; i < count; i += 997) {
        CHECK(d.annotations[i].id == i + 1);
        CHECK(d.annotations[i].origin.position == static_cast<std::uint32_t>(i));
        CHECK(std::get<PolygonSet>(d.annotations[i].shape).rings[0][0].x == i + 0.5);
    }
    std::string broken = annotations;
    const std::string bad = "\"id\":40000,\"image_id\":5,\"category_id\":1";
    broken.replace(broken.find(bad), bad.size(), "\"id\":40000,\"image_id\":5,\"category_id\":2");
    const std::string other = "\"id\":45000,\"image_id\":5,";
    broken.replace(broken.find(other), other.size(), "\"id\":45000,\"image_id\":6,");
    const Error error = read_error(tmp, instances_json(one_image, broken));
    CHECK(error.where().json_pointer == "/annotations/39999/category_id");
    CHECK(error.where().line == 40002);
}
