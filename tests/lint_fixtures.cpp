#include "lint_fixtures.hpp"

#include <algorithm>

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "support.hpp"

namespace labelkit::test {

namespace fs = std::filesystem;

namespace {

// A minimal EXIF APP1 segment (little-endian TIFF, IFD0 with one Orientation entry).
std::string exif_segment(int orientation) {
    const unsigned char body[] = {'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0,
                                  static_cast<unsigned char>(orientation), 0, 0, 0, 0, 0, 0, 0};
    const std::size_t length = sizeof(body) + 2;
    std::string segment = {'\xFF', '\xE1', static_cast<char>(length >> 8), static_cast<char>(length & 0xFF)};
    segment.append(reinterpret_cast<const char*>(body), sizeof(body));
    return segment;
}

void write_image(const fs::path& path, const std::string& spec) {
    int width = 0, height = 0, orientation = 0;
    char kind[4] = {};
    const int fields = std::sscanf(spec.c_str(), "%3[a-z]:%dx%d:exif=%d", kind, &width, &height, &orientation);
    REQUIRE(fields >= 3);
    const cv::Mat pixels(height, width, CV_8UC3, cv::Scalar(40, 90, 160));
    std::vector<unsigned char> bytes;
    REQUIRE(cv::imencode(std::string(".") + kind, pixels, bytes));
    std::string data(bytes.begin(), bytes.end());
    if (orientation > 0) data.insert(2, exif_segment(orientation));  // right after SOI
    write_file(path, data);
}

}  // namespace

void write_files(const fs::path& root, const Files& files) {
    for (const auto& [path, content] : files) {
        fs::create_directories((root / path).parent_path());
        if (content.starts_with("png:") || content.starts_with("jpg:")) write_image(root / path, content);
        else if (content.starts_with("corpus:")) fs::copy_file(corpus(content.substr(7)), root / path);
        else write_file(root / path, content);
    }
}

Files with(Files files, const std::string& path, const std::string& content) {
    if (content.empty()) files.erase(path);
    else files[path] = content;
    return files;
}

std::string coco_json(const std::vector<std::string>& images, const std::vector<std::string>& annotations,
                      const std::vector<std::string>& categories) {
    const auto list = [](const std::vector<std::string>& elements) {
        std::string text;
        for (const std::string& element : elements) text += (text.empty() ? "\n" : ",\n") + element;
        return text + "\n";
    };
    return fmt::format("{{\"images\": [{}],\n\"annotations\": [{}],\n\"categories\": [{}]}}\n", list(images),
                       list(annotations), list(categories));
}

std::string coco_image(int id, const std::string& file, int width, int height) {
    return fmt::format(R"({{"id": {}, "file_name": "{}", "width": {}, "height": {}}})", id, file, width, height);
}

std::string coco_box(int id, int image, int category, double x, double y, double w, double h) {
    return fmt::format(R"({{"id": {}, "image_id": {}, "category_id": {}, "bbox": [{}, {}, {}, {}], "area": {}, "iscrowd": 0}})",
                       id, image, category, x, y, w, h, w * h);
}

Files coco_dataset(const std::vector<std::string>& extra_annotations) {
    std::vector<std::string> annotations = {coco_box(1, 1, 1, 10, 10, 100, 50), coco_box(2, 2, 2, 200, 100, 50, 50)};
    annotations.insert(annotations.end(), extra_annotations.begin(), extra_annotations.end());
    return {{"annotations/instances_default.json",
             coco_json({coco_image(1, "a.jpg"), coco_image(2, "b.jpg")}, annotations)}};
}

Files yolo_dataset() {
    return {{"data.yaml", "train: images/train\nnames:\n  0: cat\n  1: dog\n"},
            {"images/train/a.png", "png:64x48"},
            {"images/train/b.png", "png:64x48"},
            {"labels/train/a.txt", "0 0.5 0.5 0.25 0.25\n"},
            {"labels/train/b.txt", "1 0.25 0.25 0.125 0.125\n"}};
}

std::string voc_object(const std::string& name, const std::string& xmin, const std::string& ymin,
                       const std::string& xmax, const std::string& ymax) {
    return fmt::format("  <object>\n    <name>{}</name>\n    <bndbox>\n      <xmin>{}</xmin>\n      <ymin>{}</ymin>\n"
                       "      <xmax>{}</xmax>\n      <ymax>{}</ymax>\n    </bndbox>\n  </object>\n",
                       name, xmin, ymin, xmax, ymax);
}

std::string voc_xml(const std::string& filename, const std::string& objects, bool with_size) {
    const std::string size =
        with_size ? "  <size>\n    <width>64</width>\n    <height>48</height>\n    <depth>3</depth>\n  </size>\n" : "";
    return fmt::format("<annotation>\n  <filename>{}</filename>\n{}{}</annotation>\n", filename, size, objects);
}

Files voc_dataset() {
    return {{"Annotations/a.xml", voc_xml("a.jpg", voc_object("cat", "5", "5", "20", "20"))},
            {"Annotations/b.xml", voc_xml("b.jpg", voc_object("dog", "10", "10", "30", "30"))},
            {"ImageSets/Main/train.txt", "a\nb\n"}};
}

std::size_t count_rule(const LintOutcome& outcome, const std::string& rule) {
    return static_cast<std::size_t>(std::count_if(outcome.findings.begin(), outcome.findings.end(),
                                                  [&](const Finding& f) { return f.rule == rule; }));
}

const Finding* find_rule(const LintOutcome& outcome, const std::string& rule) {
    for (const Finding& finding : outcome.findings)
        if (finding.rule == rule) return &finding;
    return nullptr;
}

bool mentions(const LintOutcome& outcome, const std::string& rule) {
    for (const Finding& finding : outcome.findings)
        if (finding.rule == rule) return true;
    return false;
}

LintOutcome lint(const fs::path& input, const std::string& extra) {
    const CommandResult result =
        run_labelkit(fmt::format("lint '{}' --format json --fail-on never {}", input.string(), extra));
    LintOutcome outcome;
    outcome.exit_code = result.exit_code;
    outcome.err = result.err;
    if (result.exit_code != 0) return outcome;
    const nlohmann::json report = nlohmann::json::parse(result.out);
    for (const nlohmann::json& d : report.at("diagnostics")) {
        const nlohmann::json& at = d.at("location");
        std::string where = at.value("path", "");
        if (at.contains("line")) where += fmt::format(":{}", at["line"].get<int>());
        if (at.contains("column")) where += fmt::format(":{}", at["column"].get<int>());
        if (at.contains("json_pointer")) where += fmt::format(" (at {})", at["json_pointer"].get<std::string>());
        outcome.findings.push_back({d.at("rule"), d.at("severity"), d.at("message"), where});
    }
    return outcome;
}

}  // namespace labelkit::test
