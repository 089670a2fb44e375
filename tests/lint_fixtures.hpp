#pragma once
// Small real datasets for the lint tests, written file by file into a temporary folder.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace labelkit::test {

// Relative path -> content. Content "png:WxH" writes a PNG of that size, "jpg:WxH" a JPEG,
// "jpg:WxH:exif=N" a JPEG with EXIF orientation N, "corpus:PATH" a copy of that file of the
// shared corpus.
using Files = std::map<std::string, std::string>;

void write_files(const std::filesystem::path& root, const Files& files);

// Files with one replaced or added entry (an empty content removes the file).
Files with(Files files, const std::string& path, const std::string& content);

// COCO instances JSON, one element per line so that findings have distinct lines.
std::string coco_json(const std::vector<std::string>& images, const std::vector<std::string>& annotations,
                      const std::vector<std::string>& categories = {R"({"id": 1, "name": "cat"})",
                                                                    R"({"id": 2, "name": "dog"})"});
std::string coco_image(int id, const std::string& file, int width = 640, int height = 480);
std::string coco_box(int id, int image, int category, double x, double y, double w, double h);

// annotations/instances_default.json with images a.jpg (id 1) and b.jpg (id 2), a cat box on
// the first and a dog box on the second.
Files coco_dataset(const std::vector<std::string>& extra_annotations = {});

// Ultralytics: data.yaml (train: images/train, names cat, dog), a.png and b.png (64x48), one
// label line each.
Files yolo_dataset();

// Pascal VOC: Annotations/a.xml (cat) and b.xml (dog), ImageSets/Main/train.txt.
Files voc_dataset();
std::string voc_xml(const std::string& filename, const std::string& objects, bool with_size = true);
std::string voc_object(const std::string& name, const std::string& xmin, const std::string& ymin,
                       const std::string& xmax, const std::string& ymax);

// A finding as the JSON report has it.
struct Finding {
    std::string rule;
    std::string severity;
    std::string message;
    std::string where;  // "path:line:col (at json_pointer)", parts left out when absent
};

struct LintOutcome {
    int exit_code = 0;
    std::vector<Finding> findings;
    std::string err;
};

// Whether any finding is of the rule.
bool mentions(const LintOutcome& outcome, const std::string& rule);
// The findings with the rule: how many, the first.
std::size_t count_rule(const LintOutcome& outcome, const std::string& rule);
const Finding* find_rule(const LintOutcome& outcome, const std::string& rule);

// Runs `labelkit lint <input> --format json --fail-on never <extra>` and parses the report.
LintOutcome lint(const std::filesystem::path& input, const std::string& extra = "");

}  // namespace labelkit::test
