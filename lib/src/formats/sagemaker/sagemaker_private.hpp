#pragma once
// SageMaker Ground Truth and Mechanical Turk share the crowd HTML elements' answers
// (crowd-bounding-box "annotatedResult", crowd-classifier "label"): one parser (crowd_answer.cpp)
// reads them from worker-response files and from MTurk batch CSVs. Boxes are left/top/width/
// height in whole pixels, edges of the box: the model's coordinates as they are.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "labelkit/format.hpp"

namespace labelkit::sagemaker {

// Items by path, categories by name and annotators by id, added as a reader meets them.
class DatasetBuilder {
public:
    explicit DatasetBuilder(Dataset& dataset) : dataset_(dataset) {}
    std::uint32_t add_file(const std::filesystem::path& path);
    // The item with this path, added (with this kind and origin) if it is new.
    std::uint32_t item(const std::string& path, ItemKind kind, Origin origin);
    // The category named `name`, added if it is new: with id `preferred_id` when no category has
    // it yet (a class-map's index), else with the next free id.
    std::uint32_t category(const std::string& name, std::optional<std::int64_t> preferred_id = std::nullopt);
    // The annotator (worker) with this id, added if it is new.
    std::uint32_t annotator(const std::string& id);
    // Sets the item's size when it has none yet.
    void set_size(std::uint32_t item, std::uint32_t width, std::uint32_t height);
    Dataset& dataset() { return dataset_; }

private:
    Dataset& dataset_;
    std::unordered_map<std::string, std::uint32_t> items_;
    std::unordered_map<std::string, std::uint32_t> categories_;
    std::unordered_map<std::string, std::uint32_t> annotators_;
    std::unordered_map<std::int64_t, bool> used_ids_;
    std::int64_t next_id_ = 1;
};

// Where one answer is and whose it is. `where` locates the answer content; the pointers of errors
// inside it are appended to where.json_pointer. For MTurk, `columns` are the Answer.* column
// names: an error's pointer is then turned into the column's name and the pointer inside its cell.
struct AnswerSource {
    Location where;
    std::uint32_t item = 0;
    std::uint32_t annotator = no_index;
    Origin origin;
    std::string format;  // "sagemaker" or "mturk": the prefix of the rule ids
    const std::vector<std::string>* columns = nullptr;
};

// The elements of an answer content ({"<element name>": <element output>, ...}): box answers
// (boundingBoxes, inputImageProperties) become annotations, class answers ("label", "labels")
// item labels. Elements of other kinds are counted in `unread` (name -> count).
void read_answer_content(const nlohmann::json& content, const AnswerSource& source, DatasetBuilder& builder,
                         const ReadOptions& options, DiagnosticSink& sink,
                         std::unordered_map<std::string, std::size_t>& unread);

// Reports the counts of elements (or label attributes) not read, one warning per file.
void report_unread(const std::unordered_map<std::string, std::size_t>& unread, const std::string& rule,
                   const std::string& what, const Location& where, DiagnosticSink& sink);

// A side of an image in pixels: a whole number from 1 to 2^30 (as valid_image_size checks).
bool whole_pixels(double side);

// "a/b" as one segment of a JSON pointer ("a~1b").
std::string pointer_segment(const std::string& key);

// Parses a JSON text; throws labelkit::Error (rule `rule`) at `where` when it is not JSON.
nlohmann::json parse_json(std::string_view text, const Location& where, const std::string& rule);

// The readers (manifest.cpp, worker_responses.cpp, mturk_csv.cpp).
Dataset read_manifest(const std::filesystem::path& path, const ReadOptions& options, DiagnosticSink& sink);
Dataset read_worker_responses(const std::filesystem::path& input, const ReadOptions& options, DiagnosticSink& sink);
Dataset read_mturk(const std::filesystem::path& path, const ReadOptions& options, DiagnosticSink& sink);
Dataset read(const std::filesystem::path& input, const ReadOptions& options, DiagnosticSink& sink);

// Detection (sagemaker_detect.cpp).
enum class SagemakerFile { none, manifest, worker_response };
// What a file's first bytes show it to be.
SagemakerFile classify_file(const std::filesystem::path& path);
Detection detect_sagemaker(const std::filesystem::path& input);
Detection detect_mturk(const std::filesystem::path& input);
// A Ground Truth job writes <job>/annotations/worker-response/iteration-N/<object index>/<time>.json
// (the workers' answers) and, beside it, consolidated-annotation/consolidation-request/ (the same
// answers batched: the post-annotation Lambda's input) and consolidation-response/ (its output).
struct ResponseFolder {
    std::vector<std::filesystem::path> answers;   // worker-response files, outside consolidated-annotation/
    std::vector<std::filesystem::path> requests;  // worker-response files under consolidation-request/
    std::size_t consolidation_responses = 0;      // JSON files under consolidation-response/: never answers
};
// The JSON files under a folder by their place in that layout, each list sorted.
ResponseFolder response_folder_files(const std::filesystem::path& folder);

std::vector<RuleInfo> sagemaker_rules();
std::vector<RuleInfo> mturk_rules();

}  // namespace labelkit::sagemaker
