// Pascal VOC driver: the corpus files read as checked by hand, exact round trips, and precise
// errors for malformed annotation files.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "labelkit/error.hpp"
#include "labelkit/format.hpp"
#include "labelkit/io.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using labelkit::Box;
using labelkit::Dataset;
using labelkit::DiagnosticSink;
using labelkit::Error;
using labelkit::Format;
using labelkit::Item;
using nlohmann::json;
namespace lt = labelkit::test;

namespace {

const Format& voc() {
    return labelkit::test::format_named("voc");
}

Dataset read_voc(const fs::path& path, DiagnosticSink& sink) { return voc().read(path, {}, sink); }

Dataset read_voc(const fs::path& path) {
    DiagnosticSink sink;
    Dataset dataset = read_voc(path, sink);
    for (const auto& diagnostic : sink.diagnostics()) MESSAGE(diagnostic.rule << ": " << diagnostic.message);
    return dataset;
}

// The diagnostics, without the info that every conversion gives about VOC's pixel convention.
std::vector<labelkit::Diagnostic> findings(const DiagnosticSink& sink) {
    std::vector<labelkit::Diagnostic> kept;
    for (const auto& diagnostic : sink.diagnostics())
        if (diagnostic.rule != "voc/coordinates") kept.push_back(diagnostic);
    return kept;
}

fs::path voc_corpus(const std::string& name) { return lt::corpus("datumaro/voc_dataset/" + name); }

const Item& item_named(const Dataset& dataset, const std::string& path) {
    for (const Item& item : dataset.items)
        if (item.path == path) return item;
    FAIL("no item " << path);
    throw std::logic_error("unreachable");
}

std::vector<const labelkit::Annotation*> annotations_of(const Dataset& dataset, const std::string& path) {
    std::vector<const labelkit::Annotation*> found;
    for (const auto& annotation : dataset.annotations)
        if (dataset.items[annotation.item].path == path) found.push_back(&annotation);
    return found;
}

std::string category_of(const Dataset& dataset, const labelkit::Annotation& annotation) {
    return dataset.categories[annotation.category].name;
}

// Everything VOC stores must come back equal (ids, origins and image files are not stored).
void check_same_content(const Dataset& a, const Dataset& b) {
    REQUIRE(a.categories.size() == b.categories.size());
    for (std::size_t i = 0; i < a.categories.size(); ++i) CHECK(a.categories[i].name == b.categories[i].name);
    CHECK(a.subsets == b.subsets);
    REQUIRE(a.items.size() == b.items.size());
    for (std::size_t i = 0; i < a.items.size(); ++i) {
        CHECK(a.items[i].path == b.items[i].path);
        CHECK(a.items[i].width == b.items[i].width);
        CHECK(a.items[i].height == b.items[i].height);
        CHECK(a.items[i].subset == b.items[i].subset);
        CHECK(a.items[i].extra == b.items[i].extra);
    }
    REQUIRE(a.annotations.size() == b.annotations.size());
    for (std::size_t i = 0; i < a.annotations.size(); ++i) {
        CHECK(a.annotations[i].item == b.annotations[i].item);
        CHECK(category_of(a, a.annotations[i]) == category_of(b, b.annotations[i]));
        CHECK(a.annotations[i].box == b.annotations[i].box);  // exact, bit for bit
        CHECK(a.annotations[i].attributes == b.annotations[i].attributes);
    }
}

Dataset write_and_read(const Dataset& dataset, const fs::path& output, DiagnosticSink& sink,
                       labelkit::ImageMode images = labelkit::ImageMode::none) {
    fs::create_directories(output);
    voc().write(dataset, output, {images}, sink);
    return read_voc(output, sink);
}

std::string annotation_xml(const std::string& objects, const std::string& filename = "a.jpg") {
    return "<annotation>\n  <filename>" + filename +
           "</filename>\n  <size><width>10</width><height>10</height></size>\n" + objects + "</annotation>\n";
}

// A one-image dataset in a temporary folder; returns the XML's path.
fs::path write_one(const lt::TempDir& dir, const std::string& xml, const std::string& id = "a") {
    const fs::path file = dir / "Annotations" / (id + ".xml");
    lt::write_file(file, xml);
    return file;
}

// Reading must throw an Error at file:line(:column) whose message contains `words`.
void check_error(const fs::path& root, const fs::path& file, std::uint32_t line, std::uint32_t column,
                 const std::string& words) {
    DiagnosticSink sink;
    try {
        voc().read(root, {}, sink);
        FAIL("no error for " << file);
    } catch (const Error& error) {
        INFO(error.what());
        CHECK(error.where().path == file.string());
        CHECK(error.where().line == line);
        if (column > 0) CHECK(error.where().column == column);
        CHECK(error.message().find(words) != std::string::npos);
    }
}

const std::string cat_object =
    "  <object>\n    <name>cat</name>\n    <bndbox><xmin>1</xmin><ymin>2</ymin><xmax>3</xmax><ymax>4</ymax></bndbox>\n"
    "  </object>\n";

}  // namespace

TEST_CASE("voc: voc_dataset1 reads as the devkit numbers it" * lt::needs_shared) {
    const Dataset dataset = read_voc(voc_corpus("voc_dataset1"));
    // No labelmap.txt: the class names the XMLs use, sorted, ids from 1.
    REQUIRE(dataset.categories.size() == 2);
    CHECK(dataset.categories[0].name == "cat");
    CHECK(dataset.categories[0].id == 1);
    CHECK(dataset.categories[1].name == "person");
    CHECK(dataset.categories[1].id == 2);
    // Main/train.txt and test.txt; the per-class lists (cat_train.txt, train_train.txt) are not subsets.
    CHECK(dataset.subsets == std::vector<std::string>{"train", "test"});
    REQUIRE(dataset.items.size() == 2);

    const Item& first = item_named(dataset, "2007_000001.jpg");
    CHECK(first.subset == "train");
    CHECK(first.width == 20);
    CHECK(first.height == 10);
    CHECK(fs::path(first.image_file) == voc_corpus("voc_dataset1") / "JPEGImages/2007_000001.jpg");
    // Elements the model has no field for; depth 3 is what the writer puts anyway.
    CHECK(first.extra == json{{"folder", "VOC2007"}, {"segmented", "1"}});

    // No XML: an image without objects, its size from the JPEG header (20x10).
    const Item& second = item_named(dataset, "2007_000002.jpg");
    CHECK(second.subset == "test");
    CHECK(second.width == 20);
    CHECK(second.height == 10);
    CHECK(annotations_of(dataset, "2007_000002.jpg").empty());

    const auto objects = annotations_of(dataset, "2007_000001.jpg");
    REQUIRE(objects.size() == 2);
    const auto& cat = *objects[0];
    CHECK(category_of(dataset, cat) == "cat");
    CHECK(cat.box == Box{0, 1, 3, 3});  // xmin 1 ymin 2 xmax 3 ymax 4, inclusive and 1-based
    // pose Unspecified and difficult 0 are VOC's defaults: they say nothing and are not kept
    CHECK(cat.attributes == json{{"truncated", true}});
    CHECK(dataset.source_files.at(cat.origin.file) ==
          (voc_corpus("voc_dataset1") / "Annotations/2007_000001.xml").string());
    CHECK(cat.origin.position == 11);

    const auto& person = *objects[1];
    CHECK(category_of(dataset, person) == "person");
    CHECK(person.box == Box{3, 4, 3, 3});
    CHECK(person.origin.position == 23);
    // head: xmin 5.5 ymin 6 xmax 7.5 ymax 8
    CHECK(person.attributes["parts"] == json::parse(R"([{"name": "head", "bbox": [4.5, 5, 3, 3]}])"));
    CHECK(person.attributes["actions"] == json{{"other", true}, {"jumping", false}, {"phoning", true},
                                               {"playinginstrument", false}, {"reading", true},
                                               {"ridingbike", false}, {"ridinghorse", true}, {"running", false},
                                               {"takingphoto", true}, {"usingcomputer", false}, {"walking", true}});
    CHECK(!person.attributes.contains("pose"));  // only what the XML says
    CHECK(!person.attributes.contains("truncated"));
}

TEST_CASE("voc: voc_dataset2 keeps its labelmap order, float boxes and an empty @.xml" * lt::needs_shared) {
    DiagnosticSink sink;
    const Dataset dataset = read_voc(voc_corpus("voc_dataset2"), sink);
    CHECK(findings(sink).empty());
    REQUIRE(sink.diagnostics().size() == 1);
    CHECK(sink.diagnostics()[0].message.find("1-based and inclusive (x = xmin - 1, width = xmax - xmin + 1)") !=
          std::string::npos);
    REQUIRE(dataset.categories.size() == 22);
    CHECK(dataset.categories[0].name == "background");
    CHECK(dataset.categories[0].id == 0);
    CHECK(dataset.categories[1].name == "aeroplane");
    CHECK(dataset.categories[20].name == "tvmonitor");
    CHECK(dataset.categories[21].name == "ignored");
    CHECK(dataset.categories[21].id == 21);
    CHECK(dataset.subsets == std::vector<std::string>{"trainval"});
    REQUIRE(dataset.items.size() == 5);
    CHECK(dataset.items[0].path == "@.jpg");  // sorted ids: '@' < 'a'
    for (const Item& item : dataset.items) CHECK(item.subset == "trainval");

    const Item& at = item_named(dataset, "@.jpg");
    CHECK(annotations_of(dataset, "@.jpg").empty());
    CHECK(at.width == 0);  // no <size> and no image
    CHECK(at.image_file.empty());
    CHECK(at.extra["source"] == json{{"database", "Unknown"}, {"annotation", "Unknown"}, {"image", "Unknown"}});
    CHECK(!at.extra.contains("folder"));  // empty, as the writer writes it anyway
    CHECK(!at.extra.contains("segmented"));

    const auto a = annotations_of(dataset, "a.jpg");
    REQUIRE(a.size() == 1);
    CHECK(category_of(dataset, *a[0]) == "background");
    CHECK(a[0]->box == Box{0, 1, 4, 5});  // 1.0 2.0 4.0 6.0
    CHECK(a[0]->attributes == json{{"occluded", true}});  // truncated 0 and difficult 0 are the defaults
    const auto c = annotations_of(dataset, "c.jpg");
    REQUIRE(c.size() == 1);
    CHECK(category_of(dataset, *c[0]) == "bicycle");
    CHECK(c[0]->box == Box{2, 0, 9, 6});  // 3.0 1.0 11.0 6.0
    CHECK(c[0]->attributes.is_null());  // occluded 0, the default
}

TEST_CASE("voc: voc_dataset3 list with a blank line and a comment" * lt::needs_shared) {
    const Dataset dataset = read_voc(voc_corpus("voc_dataset3"));
    REQUIRE(dataset.items.size() == 1);
    CHECK(dataset.items[0].path == "2007_000001.jpg");
    CHECK(dataset.items[0].subset == "train");
    CHECK(dataset.items[0].origin.position == 2);  // line of <annotation>
    CHECK(dataset.subsets == std::vector<std::string>{"train"});
    REQUIRE(dataset.annotations.size() == 1);
    CHECK(dataset.annotations[0].box == Box{0, 1, 3, 3});
}

TEST_CASE("voc: corpus write -> read is exact, and a second write gives the same files" * lt::needs_shared) {
    for (const char* name : {"voc_dataset1", "voc_dataset2", "voc_dataset3"}) {
        CAPTURE(name);
        const Dataset original = read_voc(voc_corpus(name));
        lt::TempDir dir;
        DiagnosticSink sink;
        const Dataset again = write_and_read(original, dir / "once", sink);
        CHECK(sink.count(labelkit::Severity::warning) == 0);
        check_same_content(original, again);
        write_and_read(again, dir / "twice", sink);
        for (const Item& item : again.items) {
            const std::string id = item.path.substr(0, item.path.rfind('.'));
            CHECK(lt::read_file(dir / ("once/Annotations/" + id + ".xml")) ==
                  lt::read_file(dir / ("twice/Annotations/" + id + ".xml")));
        }
        for (const std::string& subset : original.subsets)
            CHECK(lt::read_file(dir / ("once/ImageSets/Main/" + subset + ".txt")) ==
                  lt::read_file(dir / ("twice/ImageSets/Main/" + subset + ".txt")));
    }
}

TEST_CASE("voc: written files follow the devkit layout" * lt::needs_shared) {
    const Dataset original = read_voc(voc_corpus("voc_dataset1"));
    lt::TempDir dir;
    DiagnosticSink sink;
    voc().write(original, dir.path(), {}, sink);
    const std::string xml = lt::read_file(dir / "Annotations/2007_000001.xml");
    CHECK(xml.find("<folder>VOC2007</folder>") != std::string::npos);
    CHECK(xml.find("<segmented>1</segmented>") != std::string::npos);
    CHECK(xml.find("<xmin>1</xmin>") != std::string::npos);  // integers stay integers
    CHECK(xml.find("<xmin>5.5</xmin>") != std::string::npos);  // the head part
    CHECK(xml.find("<truncated>1</truncated>") != std::string::npos);
    CHECK(xml.find("<phoning>1</phoning>") != std::string::npos);
    // 2007_000002 has no objects and still gets an XML.
    CHECK(lt::read_file(dir / "Annotations/2007_000002.xml").find("<width>20</width>") != std::string::npos);
    CHECK(lt::read_file(dir / "ImageSets/Main/train.txt") == "2007_000001\n");
    CHECK(lt::read_file(dir / "ImageSets/Main/test.txt") == "2007_000002\n");
    CHECK(lt::read_file(dir / "labelmap.txt") ==
          "# label:color_rgb:parts:actions\ncat:::\nperson::head:jumping,other,phoning,playinginstrument,reading,"
          "ridingbike,ridinghorse,running,takingphoto,usingcomputer,walking\n");
}

TEST_CASE("voc: awkward coordinates survive write -> read bit for bit") {
    Dataset dataset;
    dataset.categories.push_back({1, "thing"});
    dataset.items.push_back({labelkit::no_id, "dir/one two.png", 0, 0, "train"});
    dataset.subsets = {"train"};
    const std::vector<Box> boxes{{0.1, 0.2, 0.3, 1e-7},           {1234.5678, 1e-3, 999.999, 0.1},
                                 {-3.75, -0.5, 2.25, 1e20},        {1.0 / 3.0, 2.0 / 3.0, 1e-300, 12345678.9},
                                 {0, 0, 0, 0},                     {4503599627370497.0, 7, 1, 0.5}};
    for (const Box& box : boxes) {
        labelkit::Annotation annotation;
        annotation.box = box;
        annotation.attributes = {{"parts", json::array({json{{"name", "p"}, {"bbox", {box.x, box.y, 0.7, 0.1}}}})}};
        dataset.annotations.push_back(annotation);
    }
    lt::TempDir dir;
    DiagnosticSink sink;
    const Dataset again = write_and_read(dataset, dir.path(), sink);
    REQUIRE(again.annotations.size() == boxes.size());
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        CAPTURE(i);
        CHECK(again.annotations[i].box == boxes[i]);
        CHECK(again.annotations[i].attributes == dataset.annotations[i].attributes);
    }
    CHECK(again.items[0].path == "dir/one two.png");  // the id is dir/one_two, the filename says it all
    CHECK(fs::exists(dir / "Annotations/dir/one_two.xml"));
    // 0.1 + 1 is written as 1.1, not 1.1000000000000001.
    CHECK(lt::read_file(dir / "Annotations/dir/one_two.xml").find("<xmin>1.1</xmin>") != std::string::npos);
}

TEST_CASE("voc: decimal text is converted exactly, and read -> write keeps it") {
    lt::TempDir dir;
    write_one(dir, annotation_xml("  <object><name>x</name><bndbox><xmin>1.1</xmin><ymin>0.3</ymin>"
                                  "<xmax>1000.3</xmax><ymax>2.2e1</ymax></bndbox></object>\n"
                                  // Under a pixel wide: xmax < xmin is how VOC writes it.
                                  "  <object><name>x</name><bndbox><xmin>5</xmin><ymin>5</ymin>"
                                  "<xmax>4.5</xmax><ymax>4</ymax></bndbox></object>\n"));
    const Dataset dataset = read_voc(dir.path());
    REQUIRE(dataset.annotations.size() == 2);
    CHECK(dataset.annotations[0].box == Box{0.1, -0.7, 1000.2, 22.7});
    CHECK(dataset.annotations[1].box == Box{4, 4, 0.5, 0});
    lt::TempDir out;
    DiagnosticSink sink;
    voc().write(dataset, out.path(), {}, sink);
    const std::string xml = lt::read_file(out / "Annotations/a.xml");
    for (const char* text : {"<xmin>1.1</xmin>", "<ymin>0.3</ymin>", "<xmax>1000.3</xmax>", "<ymax>22</ymax>"})
        CHECK_MESSAGE(xml.find(text) != std::string::npos, text);
}

TEST_CASE("voc: attributes, CVAT attributes and extras round-trip; names are escaped") {
    lt::TempDir dir;
    write_one(dir, annotation_xml(
                       "  <owner><name>me &amp; you</name></owner>\n"
                       "  <object><name>R&amp;D &lt;x&gt;</name><pose>Left</pose><occluded>true</occluded>\n"
                       "    <bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox>\n"
                       "    <attributes><attribute><name>rotation</name><value>12.5</value></attribute>\n"
                       "      <attribute><name>track</name><value>3</value></attribute>\n"
                       "      <attribute><name>moving</name><value>True</value></attribute>\n"
                       "      <attribute><name>colour</name><value>dark red</value></attribute></attributes>\n"
                       "  </object>\n",
                       "a &amp; b.jpg"),
              "a & b");
    const Dataset dataset = read_voc(dir.path());
    REQUIRE(dataset.annotations.size() == 1);
    CHECK(dataset.items[0].path == "a & b.jpg");
    CHECK(dataset.items[0].subset == "default");  // no ImageSets at all
    CHECK(dataset.items[0].extra["owner"] == json{{"name", "me & you"}});
    CHECK(dataset.categories[0].name == "R&D <x>");
    CHECK(dataset.annotations[0].attributes == json{{"pose", "Left"}, {"occluded", true}, {"rotation", 12.5},
                                                    {"track", 3}, {"moving", true}, {"colour", "dark red"}});
    lt::TempDir out;
    DiagnosticSink sink;
    check_same_content(dataset, write_and_read(dataset, out.path(), sink));
    CHECK(fs::exists(out / "Annotations/a_&_b.xml"));
    CHECK(lt::read_file(out / "ImageSets/Main/default.txt") == "a_&_b\n");
}

TEST_CASE("voc: an image listed in several subsets is kept once, in its first, with one warning") {
    lt::TempDir dir;
    for (const char* id : {"a", "b", "c"}) lt::write_file(dir / ("Annotations/" + std::string(id) + ".xml"),
                                                          annotation_xml(cat_object, std::string(id) + ".jpg"));
    lt::write_file(dir / "ImageSets/Main/train.txt", "a\n");
    lt::write_file(dir / "ImageSets/Main/val.txt", "b\n");
    lt::write_file(dir / "ImageSets/Main/trainval.txt", "a\nb\nc\n");
    lt::write_file(dir / "ImageSets/Main/cat_trainval.txt", "a  1\nb -1\nc -1\n");  // per-class: not a subset
    DiagnosticSink sink;
    const Dataset dataset = read_voc(dir.path(), sink);
    CHECK(dataset.subsets == std::vector<std::string>{"train", "val", "trainval"});
    REQUIRE(dataset.items.size() == 3);
    CHECK(dataset.items[0].subset == "train");
    CHECK(dataset.items[1].subset == "val");
    CHECK(dataset.items[2].subset == "trainval");
    REQUIRE(findings(sink).size() == 1);
    CHECK(findings(sink)[0].rule == "voc/multiple-subsets");
    CHECK(findings(sink)[0].message.find("2 images are listed in several subsets") == 0);
    CHECK(findings(sink)[0].message.find("train before val before trainval") != std::string::npos);
}

TEST_CASE("voc: missing bndbox, bad numbers, truncated files and unknown classes are precise errors") {
    SUBCASE("missing bndbox") {
        lt::TempDir dir;
        const auto file = write_one(dir, annotation_xml("  <object>\n    <name>cat</name>\n  </object>\n"));
        check_error(dir.path(), file, 4, 3, "object 'cat' has no <bndbox>");
    }
    SUBCASE("missing coordinate") {
        lt::TempDir dir;
        const auto file = write_one(dir, annotation_xml("  <object><name>cat</name>\n    <bndbox><xmin>1</xmin>"
                                                        "<ymin>2</ymin><xmax>3</xmax></bndbox></object>\n"));
        check_error(dir.path(), file, 5, 5, "<bndbox> has no <ymax>");
    }
    SUBCASE("non-numeric xmin") {
        lt::TempDir dir;
        const auto file = write_one(dir, annotation_xml("  <object><name>cat</name>\n    <bndbox><xmin>1O</xmin>"
                                                        "<ymin>2</ymin><xmax>3</xmax><ymax>4</ymax></bndbox></object>\n"));
        check_error(dir.path(), file, 5, 19, "<xmin> is '1O', expected a number");
    }
    SUBCASE("truncated XML") {
        lt::TempDir dir;
        const auto file = write_one(dir, annotation_xml(cat_object).substr(0, 120));
        check_error(dir.path(), file, 5, 0, "malformed XML");
    }
    SUBCASE("xmin > xmax") {
        lt::TempDir dir;
        const auto file = write_one(dir, annotation_xml("  <object><name>cat</name>\n    <bndbox><xmin>5</xmin>"
                                                        "<ymin>2</ymin><xmax>3</xmax><ymax>4</ymax></bndbox></object>\n"));
        check_error(dir.path(), file, 5, 5, "xmin (5) is greater than xmax (3) + 1: the box would have a negative size");
    }
    SUBCASE("unknown class with a labelmap") {
        lt::TempDir dir;
        lt::write_file(dir / "labelmap.txt", "# label:color_rgb:parts:actions\ndog:0,0,0::\n");
        const auto file = write_one(dir, annotation_xml(cat_object));
        check_error(dir.path(), file, 5, 11, "unknown class 'cat'");
    }
    SUBCASE("file name escaping the dataset") {
        lt::TempDir dir;
        const auto file = write_one(dir, annotation_xml(cat_object, "../../etc/passwd"));
        check_error(dir.path(), file, 2, 13, "would escape the dataset directory");
    }
    SUBCASE("the first bad file in id order is thrown, and only it (lint reports each)") {
        lt::TempDir dir;
        lt::write_file(dir / "Annotations/b.xml", "<annotation><object>");
        lt::write_file(dir / "Annotations/c.xml", "<annotation><object>");
        for (const std::size_t jobs : {1, 4}) {
            DiagnosticSink sink;
            labelkit::ReadOptions options;
            options.jobs = jobs;
            CHECK_THROWS_WITH_AS(voc().read(dir.path(), options, sink), doctest::Contains("b.xml"), Error);
            CHECK(sink.diagnostics().empty());
        }
        DiagnosticSink lint;
        labelkit::ReadOptions lenient;
        lenient.lenient = true;
        voc().read(dir.path(), lenient, lint);
        REQUIRE(lint.diagnostics().size() == 2);
        CHECK(lint.diagnostics()[0].location.path == (dir / "Annotations/b.xml").string());
        CHECK(lint.diagnostics()[1].location.path == (dir / "Annotations/c.xml").string());
    }
}

TEST_CASE("voc: writer defaults, images and name clashes" * lt::needs_shared) {
    Dataset dataset;
    dataset.categories = {{0, "used"}, {7, "unused"}};
    Item a{labelkit::no_id, "a.jpg", 0, 0, "train"};
    a.image_file = (voc_corpus("voc_dataset1") / "JPEGImages/2007_000001.jpg").string();
    Item b{labelkit::no_id, "a.jpg", 0, 0, "val"};  // another subset's a.jpg: COCO keeps one folder per subset
    Item c{labelkit::no_id, "c.jpg", 30, 40, ""};
    dataset.items = {a, b, c};
    labelkit::Annotation annotation;
    annotation.item = 2;
    annotation.box = {1, 2, 3, 4};
    dataset.annotations.push_back(annotation);

    lt::TempDir dir;
    DiagnosticSink sink;
    const Dataset again = write_and_read(dataset, dir.path(), sink, labelkit::ImageMode::copy);
    CHECK(fs::exists(dir / "JPEGImages/train/a.jpg"));
    CHECK(lt::read_file(dir / "labelmap.txt") == "# label:color_rgb:parts:actions\nused:::\nunused:::\n");
    REQUIRE(again.categories.size() == 2);
    CHECK(again.categories[1].name == "unused");
    REQUIRE(again.items.size() == 3);
    CHECK(again.items[0].path == "c.jpg");
    CHECK(again.items[0].subset == "default");
    CHECK(again.items[0].width == 30);
    CHECK(again.items[1].path == "train/a.jpg");
    CHECK(again.items[1].width == 20);  // the copied image's header
    CHECK(again.items[2].path == "val/a.jpg");
    CHECK(again.items[2].width == 0);
    CHECK(again.annotations.at(0).box == Box{1, 2, 3, 4});
    std::vector<std::string> rules;
    for (const auto& diagnostic : findings(sink)) rules.push_back(diagnostic.rule);
    CHECK(rules == std::vector<std::string>{"voc/renamed-images", "voc/missing-images"});
    CHECK(findings(sink)[1].message.find("2 images could not be copied") == 0);  // val/a.jpg and c.jpg
}

TEST_CASE("voc: without images, a stale <filename> still gives way to the id") {
    // Two annotation files of an annotation-only download, both with a stale tag naming 000099.jpg.
    lt::TempDir dir;
    for (const char* id : {"000001", "000002"}) write_one(dir, annotation_xml(cat_object, "000099.jpg"), id);
    DiagnosticSink sink;
    const Dataset dataset = read_voc(dir.path(), sink);
    REQUIRE(dataset.items.size() == 2);
    CHECK(dataset.items[0].path == "000001.jpg");
    CHECK(dataset.items[1].path == "000002.jpg");
    REQUIRE(findings(sink).size() == 1);  // read strictly: one line with the count
    CHECK(findings(sink)[0].message.find("2 annotation files name another image") == 0);
}

TEST_CASE("voc: a.jpg and a.png keep their names through the writer's ids, with or without images") {
    Dataset dataset;
    dataset.categories.push_back({1, "cat"});
    for (const char* path : {"a.jpg", "a.png"}) dataset.items.push_back({labelkit::no_id, path, 10, 10, "train"});
    lt::TempDir dir;
    DiagnosticSink sink;
    const Dataset again = write_and_read(dataset, dir.path(), sink);
    CHECK(fs::exists(dir / "Annotations/a.xml"));
    CHECK(fs::exists(dir / "Annotations/a.png.xml"));
    REQUIRE(again.items.size() == 2);
    CHECK(again.items[0].path == "a.jpg");
    CHECK(again.items[1].path == "a.png");
    CHECK(findings(sink).empty());
}

TEST_CASE("voc: an image whose name starts with '#' keeps its subset (its list line is no comment)") {
    Dataset dataset;
    dataset.categories = {{0, "cat"}};
    dataset.items = {{labelkit::no_id, "#1.jpg", 10, 10, "train"}, {labelkit::no_id, "#tag/b.jpg", 10, 10, "val"},
                     {labelkit::no_id, "sub/#2.jpg", 10, 10, "val"}};
    for (std::uint32_t item = 0; item < 3; ++item) {
        labelkit::Annotation annotation;
        annotation.item = item;
        annotation.box = {1, 2, 3, 4};
        dataset.annotations.push_back(annotation);
    }
    for (const auto images : {labelkit::ImageMode::none, labelkit::ImageMode::copy}) {
        CAPTURE(static_cast<int>(images));
        lt::TempDir dir;
        if (images == labelkit::ImageMode::copy)
            for (Item& item : dataset.items) {
                item.image_file = (dir / "source" / item.path).string();
                lt::write_png(item.image_file, 10, 10);
            }
        DiagnosticSink sink;
        const Dataset again = write_and_read(dataset, dir / "voc", sink, images);
        CHECK(lt::read_file(dir / "voc/ImageSets/Main/train.txt") == "_1\n");
        CHECK(lt::read_file(dir / "voc/ImageSets/Main/val.txt") == "_tag/b\nsub/_2\n");
        REQUIRE(again.items.size() == 3);
        CHECK(item_named(again, "#1.jpg").subset == "train");
        CHECK(item_named(again, "#tag/b.jpg").subset == "val");
        CHECK(item_named(again, "sub/#2.jpg").subset == "val");
        CHECK(again.annotations.size() == 3);
        CHECK(findings(sink).empty());
    }
}

TEST_CASE("voc: detection explains itself" * lt::needs_shared) {
    for (const char* name : {"voc_dataset1", "voc_dataset2", "voc_dataset3"}) {
        const auto detection = voc().detect(voc_corpus(name));
        CHECK(detection.score == 90);
        CHECK(detection.reason.find("Annotations/") != std::string::npos);
    }
    const auto yolo = voc().detect(lt::corpus("datumaro/yolo_dataset/annotations"));
    CHECK(yolo.score == 0);
    CHECK(yolo.reason == "Annotations/ holds no .xml files");
    CHECK(voc().detect(lt::corpus("datumaro/coco_dataset")).reason ==
          "no Annotations/ folder and no folder of VOC .xml files (files whose root element is <annotation>)");
    CHECK(voc().detect(voc_corpus("voc_dataset1/Annotations/2007_000001.xml")).score == 0);
}

TEST_CASE("voc: a box under a pixel wide, written with xmax < xmin, reads back leniently (lint) with a warning, kept") {
    Dataset dataset;
    dataset.categories.push_back({1, "cat"});
    dataset.items.push_back({labelkit::no_id, "a.jpg", 100, 100, "train"});
    labelkit::Annotation annotation;
    annotation.item = 0;
    annotation.category = 0;
    annotation.box = Box{10, 10, 0.25, 0.5};
    dataset.annotations.push_back(annotation);
    lt::TempDir dir;
    DiagnosticSink written;
    voc().write(dataset, dir.path(), {labelkit::ImageMode::none}, written);
    CHECK(lt::read_file(dir / "Annotations/a.xml").find("<xmin>11</xmin>") != std::string::npos);
    CHECK(lt::read_file(dir / "Annotations/a.xml").find("<xmax>10.25</xmax>") != std::string::npos);
    DiagnosticSink sink;
    labelkit::ReadOptions lenient;
    lenient.lenient = true;
    const Dataset again = voc().read(dir.path(), lenient, sink);
    REQUIRE(again.annotations.size() == 1);
    CHECK(again.annotations[0].box.width == 0.25);
    CHECK(again.annotations[0].box.height == 0.5);
    CHECK(sink.count(labelkit::Severity::error) == 0);
    const auto problems = findings(sink);
    REQUIRE(problems.size() == 2);  // xmin > xmax and ymin > ymax, each said
    CHECK(problems[0].rule == "voc/inverted-box");
    CHECK(problems[0].message.find("less than a pixel wide") != std::string::npos);
}

TEST_CASE("voc: two categories of one name are refused on writing, never a labelmap.txt that cannot be read back") {
    Dataset dataset;
    dataset.categories.push_back({1, "x"});
    dataset.categories.push_back({2, "x"});
    dataset.items.push_back({labelkit::no_id, "a.jpg", 100, 100, "train"});
    lt::TempDir dir;
    DiagnosticSink sink;
    try {
        voc().write(dataset, dir.path(), {labelkit::ImageMode::none}, sink);
        FAIL("written");
    } catch (const Error& error) {
        CHECK(error.message().starts_with("categories 1 and 2 are both named 'x'"));
    }
    CHECK_FALSE(fs::exists(dir / "labelmap.txt"));
}

TEST_CASE("voc: an object with a second <bndbox> or <name> is an error at it, never one of them dropped in silence") {
    for (const auto& [second, line] : {std::pair{std::string("<bndbox><xmin>10</xmin><ymin>10</ymin><xmax>50</xmax><ymax>50</ymax></bndbox>"), 7},
                                       std::pair{std::string("<name>dog</name>"), 7}}) {
        lt::TempDir dir;
        lt::write_file(dir / "Annotations/a.xml",
                       "<annotation>\n  <filename>a.jpg</filename>\n"
                       "  <size><width>100</width><height>100</height><depth>3</depth></size>\n"
                       "  <object>\n    <name>cat</name>\n"
                       "    <bndbox><xmin>1</xmin><ymin>1</ymin><xmax>5</xmax><ymax>5</ymax></bndbox>\n    " +
                           second + "\n  </object>\n</annotation>\n");
        try {
            read_voc(dir.path());
            FAIL("read");
        } catch (const Error& error) {
            CHECK(error.where().line == static_cast<std::uint32_t>(line));
            CHECK(error.message().find("has a second <") != std::string::npos);
        }
    }
}
