// The image-classification folder format (classify): Ultralytics classify and ImageNet / ImageFolder
// layouts read, detected apart from the other folder formats, written, converted, split, agreed on
// and merged.
#include <doctest/doctest.h>

#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "labelkit/format.hpp"
#include "support.hpp"

using namespace labelkit;
using namespace labelkit::test;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

Dataset read_classify(const fs::path& root, DiagnosticSink& sink, bool lenient = false) {
    ReadOptions options;
    options.lenient = lenient;
    options.jobs = 1;
    return format_named("classify").read(root, options, sink);
}

// The class names of the item's labels, in label order.
std::vector<std::string> classes_of(const Dataset& dataset, const std::string& path, const std::string& subset = "") {
    std::vector<std::string> names;
    for (const Label& label : dataset.labels) {
        const Item& item = dataset.items[label.item];
        if (item.path == path && item.subset == subset) names.push_back(dataset.categories[label.category].name);
    }
    return names;
}

std::vector<std::string> category_names(const Dataset& dataset) {
    std::vector<std::string> names;
    for (const Category& category : dataset.categories) names.push_back(category.name);
    return names;
}

// Every PNG header of another size has other bytes: write_png(path, 10 + k, 10) files are distinct.
void write_images(const fs::path& root, const std::vector<std::string>& paths) {
    for (std::size_t i = 0; i < paths.size(); ++i) write_png(root / paths[i], static_cast<std::uint32_t>(10 + i), 10);
}

bool path_exists(const fs::path& path) {
    std::error_code error;
    return fs::exists(fs::symlink_status(path, error));
}

}  // namespace

TEST_CASE("classify: the Datumaro/CVAT yolov8_classification asset reads as Ultralytics classify" * needs_shared) {
    const fs::path root = corpus("cvat-datumaro/yolo_dataset/yolov8_classification");
    const DetectionResult detection = detect_format(all_formats(), root);
    REQUIRE(detection.format.has_value());
    CHECK(detection.format->name == "classify");
    DiagnosticSink sink;
    const Dataset dataset = read_classify(root, sink);
    // The asset: train/label_0/{1,2}.jpg and train/label_1/3.jpg, JPEGs of 15 x 10 (`file` says so).
    CHECK(category_names(dataset) == std::vector<std::string>{"label_0", "label_1"});
    CHECK(dataset.subsets == std::vector<std::string>{"train"});
    REQUIRE(dataset.items.size() == 3);
    CHECK(dataset.items[0].path == "1.jpg");
    CHECK(dataset.items[2].path == "3.jpg");
    CHECK(dataset.items[0].subset == "train");
    CHECK(dataset.items[0].width == 15);
    CHECK(dataset.items[0].height == 10);
    CHECK(classes_of(dataset, "1.jpg", "train") == std::vector<std::string>{"label_0"});
    CHECK(classes_of(dataset, "2.jpg", "train") == std::vector<std::string>{"label_0"});
    CHECK(classes_of(dataset, "3.jpg", "train") == std::vector<std::string>{"label_1"});
    CHECK(dataset.annotations.empty());
    CHECK(sink.diagnostics().empty());
}

TEST_CASE("classify: lint on the asset finds its three identical files, one of them under the other class" * needs_shared) {
    // md5sum: 1.jpg, 2.jpg and 3.jpg are the same 631 bytes. 2.jpg is a copy within its class (no
    // rule); 3.jpg is the same image filed under label_1.
    DiagnosticSink sink;
    read_classify(corpus("cvat-datumaro/yolo_dataset/yolov8_classification"), sink, true);
    REQUIRE(count_rule(sink, "classify/image-in-two-classes") == 1);
    const Diagnostic* finding = find_rule(sink, "classify/image-in-two-classes");
    CHECK(finding->location.path.ends_with("train/label_1/3.jpg"));
    CHECK(finding->message.find("'1.jpg' of class 'label_0'") != std::string::npos);
    CHECK(count_rule(sink, "classify/subset-leakage") == 0);
}

TEST_CASE("classify: no other corpus dataset is taken for a classification folder" * needs_shared) {
    const Format& classify = format_named("classify");
    const std::vector<std::string> others = {
        "datumaro/coco_dataset/coco", "datumaro/coco_dataset/coco_instances", "datumaro/voc_dataset/voc_dataset1",
        "datumaro/voc_dataset/voc_dataset2", "datumaro/voc_dataset/voc_dataset3", "datumaro/yolo_dataset/strict",
        "datumaro/yolo_dataset/labels", "datumaro/yolo_dataset/annotations", "cvat-datumaro/yolo_dataset/yolo",
        "cvat-datumaro/yolo_dataset/yolov8_detection", "cvat-datumaro/yolo_dataset/yolov8_segmentation",
        "cvat-datumaro/yolo_dataset/yolov8_pose", "cvat-datumaro/yolo_dataset/yolov8_oriented_boxes",
        "cvat-datumaro/yolo_dataset/yolov8_detection_with_subset_txt"};
    for (const std::string& path : others) {
        CAPTURE(path);
        CHECK(classify.detect(corpus(path)).score == 0);
    }
    std::size_t realworld = 0;
    for (const fs::directory_entry& entry : fs::directory_iterator(corpus("realworld"))) {
        if (!entry.is_directory()) continue;
        CAPTURE(entry.path().string());
        const DetectionResult detection = detect_format(all_formats(), entry.path());
        if (detection.format) CHECK(detection.format->name != "classify");
        ++realworld;
    }
    CHECK(realworld > 0);
}

TEST_CASE("classify: detection tells the layouts apart from YOLO and VOC folders") {
    const Format& classify = format_named("classify");
    TempDir dir;
    write_images(dir / "cls", {"train/cat/a.jpg", "val/cat/b.jpg"});
    CHECK(classify.detect(dir / "cls").score == 70);
    write_images(dir / "imagenet", {"n01440764/x.JPEG", "n01443537/y.JPEG"});
    CHECK(classify.detect(dir / "imagenet").score == 30);
    // Roboflow's Darknet export: images straight in train/.
    write_images(dir / "darknet", {"train/a.jpg"});
    write_file(dir / "darknet/train/a.txt", "0 0.5 0.5 0.1 0.1\n");
    CHECK(classify.detect(dir / "darknet").score == 0);
    // YOLO: images/ and labels/.
    write_images(dir / "yolo", {"images/train/a.jpg"});
    write_file(dir / "yolo/labels/train/a.txt", "0 0.5 0.5 0.1 0.1\n");
    CHECK(classify.detect(dir / "yolo").score == 0);
    // VOC without ImageSets: JPEGImages/ beside Annotations/.
    write_images(dir / "voc", {"JPEGImages/a.jpg"});
    write_file(dir / "voc/Annotations/a.xml", "<annotation/>");
    CHECK(classify.detect(dir / "voc").score == 0);
    // Label files beside the images of a would-be class folder (LabelMe, YOLO without images/).
    write_images(dir / "labelme", {"shots/a.jpg"});
    write_file(dir / "labelme/shots/a.json", "{}");
    CHECK(classify.detect(dir / "labelme").score == 0);
    CHECK(classify.detect(dir / "cls/train/cat/a.jpg").score == 0);
}

TEST_CASE("classify: ImageNet-style folders: classes sorted by bytes, nested images, no subsets") {
    TempDir dir;
    // Python's sorted(): 'B' (66) < '_' (95) < 'a' (97).
    write_images(dir.path(), {"a/x.png", "B/y.png", "_c/deep/z.png"});
    DiagnosticSink sink;
    const Dataset dataset = read_classify(dir.path(), sink);
    CHECK(category_names(dataset) == std::vector<std::string>{"B", "_c", "a"});
    CHECK(dataset.categories[2].id == 2);
    CHECK(dataset.subsets.empty());
    CHECK(classes_of(dataset, "deep/z.png") == std::vector<std::string>{"_c"});
    CHECK(classes_of(dataset, "x.png") == std::vector<std::string>{"a"});
}

TEST_CASE("classify: the same name in two class folders is one image with two classes") {
    TempDir dir;
    write_images(dir.path(), {"train/cat/a.png", "train/dog/b.png", "val/cat/c.png", "val/dog/d.png"});
    write_png(dir / "train/dog/a.png", 10, 10);
    write_file(dir / "train/cat/notes.md", "x");
    fs::create_directories(dir / "extra");
    DiagnosticSink sink;
    const Dataset dataset = read_classify(dir.path(), sink);
    CHECK(dataset.items.size() == 4);
    CHECK(classes_of(dataset, "a.png", "train") == std::vector<std::string>{"cat", "dog"});
    const Diagnostic* two = find_rule(sink, "classify/image-in-two-classes");
    REQUIRE(two != nullptr);
    CHECK(two->message == "1 image path in two or more class folders of one subset: each read as one image with every "
                          "class it is filed under");
    CHECK(count_rule(sink, "classify/unread-files") == 2);  // notes.md, and extra/ beside the subsets
}

TEST_CASE("classify: hidden folders are classes, as Ultralytics and torchvision count them; loose images are counted") {
    TempDir dir;
    write_images(dir.path(), {"train/cat/a.png", "train/loose.png"});
    fs::create_directories(dir / "train/.ipynb_checkpoints");
    DiagnosticSink sink;
    const Dataset dataset = read_classify(dir.path(), sink);
    CHECK(category_names(dataset) == std::vector<std::string>{".ipynb_checkpoints", "cat"});
    CHECK(dataset.items.size() == 1);
    const Diagnostic* empty = find_rule(sink, "classify/empty-class");
    REQUIRE(empty != nullptr);
    CHECK(empty->location.path.ends_with("train/.ipynb_checkpoints"));
    const Diagnostic* loose = find_rule(sink, "classify/unread-files");
    REQUIRE(loose != nullptr);
    CHECK(loose->message.starts_with("1 image outside any class folder"));
}

TEST_CASE("classify: a folder that is neither layout is refused with the reason") {
    TempDir dir;
    fs::create_directories(dir / "train");
    DiagnosticSink sink;
    ReadOptions options;
    try {
        format_named("classify").read(dir.path(), options, sink);
        FAIL("no error");
    } catch (const Error& error) {
        CHECK(std::string(error.message()).find("no class folders") != std::string::npos);
    }
}

TEST_CASE("classify: convert copies each image into its subset's class folder and says what it could not place") {
    TempDir dir;
    write_images(dir / "src", {"train/cat/a.png", "train/dog/b.png", "val/cat/c.png"});
    write_png(dir / "src/train/dog/a.png", 10, 10);  // a.png: cat and dog
    fs::create_directories(dir / "src/val/bird");     // a class without images
    const CommandResult result =
        run_labelkit(fmt::format("convert {} {} --to classify --images copy", q(dir / "src"), q(dir / "out")));
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    CHECK(result.err.find("detected format: classify") != std::string::npos);
    for (const char* path : {"train/cat/a.png", "train/dog/a.png", "train/dog/b.png", "val/cat/c.png"}) {
        CAPTURE(path);
        CHECK(fs::is_regular_file(dir / "out" / path));
        CHECK_FALSE(fs::is_symlink(dir / "out" / path));
    }
    CHECK(result.err.find("1 item with several classes written into each of their class folders (1 extra copy)") !=
          std::string::npos);
    CHECK(result.err.find("1 class without an image has no folder") != std::string::npos);
    CHECK_FALSE(path_exists(dir / "out/val/bird"));
    // The round trip reads the same items and classes.
    DiagnosticSink sink;
    const Dataset back = read_classify(dir / "out", sink);
    CHECK(back.items.size() == 3);
    CHECK(classes_of(back, "a.png", "train") == std::vector<std::string>{"cat", "dog"});
    CHECK(classes_of(back, "c.png", "val") == std::vector<std::string>{"cat"});

    const CommandResult none =
        run_labelkit(fmt::format("convert {} {} --to classify --images none", q(dir / "src"), q(dir / "none")));
    CHECK(none.exit_code == 2);
    CHECK(none.err.find("--images none would write nothing") != std::string::npos);
    CHECK_FALSE(path_exists(dir / "none"));
}

TEST_CASE("classify: to COCO the classes are lost with a count, to Label Studio they are choices and come back") {
    TempDir dir;
    write_images(dir / "src", {"cat/a.png", "cat/b.png", "dog/c.png"});
    const CommandResult coco = run_labelkit(fmt::format("convert {} {} --to coco", q(dir / "src"), q(dir / "out.json")));
    REQUIRE_MESSAGE(coco.exit_code == 0, coco.err);
    CHECK(coco.err.find("coco cannot store labels of whole items or spans (classifications, CVAT tags, Label Studio "
                        "choices): 3 dropped [convert/labels]") != std::string::npos);
    const json written = json::parse(read_file(dir / "out.json"));
    CHECK(written["images"].size() == 3);
    CHECK(written["images"][0]["width"] == 10);  // from the PNG header

    const CommandResult ls =
        run_labelkit(fmt::format("convert {} {} --to label-studio", q(dir / "src"), q(dir / "tasks.json")));
    REQUIRE_MESSAGE(ls.exit_code == 0, ls.err);
    const json tasks = json::parse(read_file(dir / "tasks.json"));
    REQUIRE(tasks.size() == 3);
    CHECK(tasks[2]["annotations"][0]["result"][0]["value"]["choices"] == json::array({"dog"}));

    // Label Studio knows no image files: --image-root finds them (here all in one folder).
    write_images(dir / "flat", {"a.png", "b.png", "c.png"});
    const CommandResult back = run_labelkit(fmt::format("convert {} {} --to classify --image-root {}", q(dir / "tasks.json"),
                                                        q(dir / "back"), q(dir / "flat")));
    REQUIRE_MESSAGE(back.exit_code == 0, back.err);
    CHECK(fs::is_symlink(dir / "back/cat/a.png"));
    CHECK(fs::is_symlink(dir / "back/cat/b.png"));
    CHECK(fs::is_symlink(dir / "back/dog/c.png"));
}

TEST_CASE("classify: Label Studio choices become class folders; unlabelled tasks are counted") {
    TempDir dir;
    const auto task = [](int id, const std::string& image, const std::string& result) {
        return fmt::format(R"({{"id": {}, "data": {{"image": "/data/upload/1/{}"}}, "annotations": [{{"completed_by": 1, "result": [{}]}}]}})",
                           id, image, result);
    };
    const auto choice = [](const std::string& name) {
        return fmt::format(R"({{"type": "choices", "from_name": "c", "to_name": "image", "value": {{"choices": ["{}"]}}}})", name);
    };
    write_file(dir / "export.json",
               "[" + task(1, "p.png", choice("good")) + "," + task(2, "q.png", choice("bad")) + "," + task(3, "r.png", "") + "]");
    write_images(dir / "media", {"p.png", "q.png", "r.png"});
    const CommandResult result = run_labelkit(fmt::format("convert {} {} --to classify --images copy --image-root {}",
                                                          q(dir / "export.json"), q(dir / "out"), q(dir / "media")));
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    CHECK(fs::is_regular_file(dir / "out/good/p.png"));
    CHECK(fs::is_regular_file(dir / "out/bad/q.png"));
    CHECK(result.err.find("1 item without a class label not written") != std::string::npos);
}

TEST_CASE("classify: split writes classify subsets, stratified by class") {
    TempDir dir;
    std::vector<std::string> images;
    for (int i = 0; i < 10; ++i) images.push_back(fmt::format("cat/c{}.png", i));
    for (int i = 0; i < 10; ++i) images.push_back(fmt::format("dog/d{}.png", i));
    write_images(dir / "src", images);
    const CommandResult result = run_labelkit(fmt::format("split {} -o {} --to classify --ratios 0.8,0.2 --names train,val "
                                                          "--images copy --json",
                                                          q(dir / "src"), q(dir / "out")));
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    DiagnosticSink sink;
    const Dataset back = read_classify(dir / "out", sink);
    CHECK(back.subsets == std::vector<std::string>{"train", "val"});
    // 10 images per class at 0.8/0.2: 8 and 2 of each in train and val.
    std::map<std::pair<std::string, std::string>, int> counts;
    for (const Label& label : back.labels) ++counts[{back.items[label.item].subset, back.categories[label.category].name}];
    CHECK(counts[{"train", "cat"}] == 8);
    CHECK(counts[{"train", "dog"}] == 8);
    CHECK(counts[{"val", "cat"}] == 2);
    CHECK(counts[{"val", "dog"}] == 2);
}

TEST_CASE("classify: agree on two annotators' folders gives the hand-computed Cohen's kappa; merge writes the consensus") {
    TempDir dir;
    // alice: a, b, c cat; d, e dog. bob moved c to dog.
    write_images(dir / "alice", {"train/cat/a.png", "train/cat/b.png", "train/cat/c.png", "train/dog/d.png", "train/dog/e.png"});
    write_images(dir / "bob", {"train/cat/a.png", "train/cat/b.png", "train/dog/c.png", "train/dog/d.png", "train/dog/e.png"});
    const CommandResult agree = run_labelkit(fmt::format("agree --format json {} {}", q(dir / "alice"), q(dir / "bob")));
    REQUIRE_MESSAGE(agree.exit_code == 0, agree.err);
    const json report = json::parse(agree.out);
    const json& categorical = report["categorical"];
    CHECK(categorical["unit"] == "item");
    CHECK(categorical["items"] == 5);
    // P_o = 4/5; alice 3 cat 2 dog, bob 2 cat 3 dog: P_e = 3/5 * 2/5 + 2/5 * 3/5 = 12/25.
    // kappa = (4/5 - 12/25) / (1 - 12/25) = (8/25) / (13/25) = 8/13.
    CHECK(categorical["percent_agreement"] == 0.8);
    CHECK_NEAR(categorical["pairs"][0]["cohen_kappa"].get<double>(), 8.0 / 13.0, 1e-12);

    const CommandResult merge = run_labelkit(fmt::format("merge --mode consensus {} {} -o {} --to classify --quorum 2",
                                                         q(dir / "alice"), q(dir / "bob"), q(dir / "consensus")));
    REQUIRE_MESSAGE(merge.exit_code == 0, merge.err);
    // Both gave a, b cat and d, e dog; c has no class two annotators gave: it has no folder.
    for (const char* path : {"train/cat/a.png", "train/cat/b.png", "train/dog/d.png", "train/dog/e.png"}) {
        CAPTURE(path);
        CHECK(path_exists(dir / "consensus" / path));
    }
    CHECK_FALSE(path_exists(dir / "consensus/train/cat/c.png"));
    CHECK_FALSE(path_exists(dir / "consensus/train/dog/c.png"));
    CHECK(merge.err.find("1 item without a class label not written") != std::string::npos);
}

TEST_CASE("classify: a path that one annotator has in two subsets is keyed by subset in every annotator's dataset") {
    // Was: each dataset chose "subset/path" keys by its own clashes, so q's "val/2.png" and p's "2.png"
    // were two items (merge gave 5 rows, agree 5 items and a pair of n = 2).
    TempDir dir;
    write_images(dir / "p", {"train/cat/1.png", "val/dog/1.png", "val/cat/2.png"});
    write_images(dir / "q", {"train/cat/1.png", "val/dog/1.png", "val/cat/2.png", "train/cat/2.png"});
    const CommandResult merge = run_labelkit(fmt::format("merge --mode consensus --method mv {} {} --to csv -o {}",
                                                         q(dir / "p"), q(dir / "q"), q(dir / "pq.csv")));
    REQUIRE_MESSAGE(merge.exit_code == 0, merge.err);
    // Keyed by hand: 1.png and 2.png are in two subsets of q, so all four images are subset/path.
    CHECK(lines_of(read_file(dir / "pq.csv")) == std::vector<std::string>{"item,label,confidence,annotators,tie",
                                                                          "train/1.png,cat,1,2,false",
                                                                          "train/2.png,cat,1,1,false",
                                                                          "val/1.png,dog,1,2,false",
                                                                          "val/2.png,cat,1,2,false"});

    const CommandResult agree = run_labelkit(fmt::format("agree --format json {} {}", q(dir / "p"), q(dir / "q")));
    REQUIRE_MESSAGE(agree.exit_code == 0, agree.err);
    const json categorical = json::parse(agree.out)["categorical"];
    CHECK(categorical["items"] == 4);
    CHECK(categorical["pairs"][0]["n"] == 3);
}

TEST_CASE("classify: without subsets a class named like a subset folder is refused, naming the class") {
    // Was: class 'val' was written as root/val/, which reads back as a subset folder (and 'cat' was ignored).
    TempDir dir;
    write_images(dir / "src", {"a.png", "b.png"});
    Dataset dataset;
    dataset.categories = {Category{0, "cat", "", {}, {}}, Category{1, "val", "", {}, {}}};
    for (const std::string name : {"a.png", "b.png"}) {
        Item item;
        item.path = name;
        item.image_file = (dir / "src" / name).string();
        dataset.items.push_back(item);
    }
    dataset.labels.resize(2);
    dataset.labels[0].item = 0;
    dataset.labels[0].category = 0;
    dataset.labels[1].item = 1;
    dataset.labels[1].category = 1;
    DiagnosticSink sink;
    const auto write = [&](const fs::path& output) { format_named("classify").write(dataset, output, WriteOptions{ImageMode::copy}, sink); };
    CHECK_THROWS_WITH(write(dir / "out"),
                      "class 'val' would be the folder val/ at the root, which reads back as a subset folder (and the "
                      "other classes would be ignored): give the items subsets (labelkit split) or rename the class");
    CHECK_FALSE(path_exists(dir / "out"));
    // With subsets the class folder is train/val/, which reads back as a class.
    for (Item& item : dataset.items) item.subset = "train";
    write(dir / "subsets");
    const Dataset back = read_classify(dir / "subsets", sink);
    CHECK(classes_of(back, "a.png", "train") == std::vector<std::string>{"cat"});
    CHECK(classes_of(back, "b.png", "train") == std::vector<std::string>{"val"});
}
