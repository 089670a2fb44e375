// The lint rules of the classification folder reader, and its check for images of identical
// bytes filed under two classes or in two subsets.
#include <fstream>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "core/parallel.hpp"
#include "formats/classify/classify_private.hpp"

namespace labelkit::classify {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t chunk_size = 64 * 1024;
constexpr std::uint64_t unreadable = 0;

// FNV-1a over the file's bytes (0 when it cannot be read); a match is confirmed by same_bytes.
std::uint64_t hash_file(const std::string& path, std::vector<char>& buffer) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return unreadable;
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    buffer.resize(chunk_size);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto count = static_cast<std::size_t>(in.gcount());
        for (std::size_t i = 0; i < count; ++i) hash = (hash ^ static_cast<unsigned char>(buffer[i])) * 0x100000001b3ULL;
    }
    return hash == unreadable ? 1 : hash;
}

bool same_bytes(const std::string& a, const std::string& b) {
    std::ifstream first(a, std::ios::binary), second(b, std::ios::binary);
    std::vector<char> x(chunk_size), y(chunk_size);
    while (first && second) {
        first.read(x.data(), static_cast<std::streamsize>(x.size()));
        second.read(y.data(), static_cast<std::streamsize>(y.size()));
        if (first.gcount() != second.gcount() ||
            !std::equal(x.begin(), x.begin() + first.gcount(), y.begin()))
            return false;
    }
    return !first && !second;
}

class IdenticalImages {
public:
    IdenticalImages(const Dataset& dataset, DiagnosticSink& sink) : dataset_(dataset), sink_(sink), labels_(dataset) {}

    // Items of one group of identical files, in item order.
    void report_group(const std::vector<std::uint32_t>& group) {
        std::map<std::string, std::uint32_t> seen;  // subset -> its first item of the group
        for (const std::uint32_t item : group) {
            const std::string& subset = dataset_.items[item].subset;
            for (const auto& [name, earlier] : seen)
                if (name != subset) {
                    report(item, "classify/subset-leakage",
                           fmt::format("has the same bytes as '{}' of subset '{}' (leakage: it would be trained and "
                                       "evaluated on)",
                                       dataset_.items[earlier].path, name));
                    break;
                }
            const auto [it, added] = seen.try_emplace(subset, item);
            if (added || class_of(it->second) == class_of(item)) continue;  // a copy in its own class: no rule
            report(item, "classify/image-in-two-classes",
                   fmt::format("has the same bytes as '{}' of class '{}': one image filed under two classes",
                               dataset_.items[it->second].path, class_name(it->second)));
        }
    }

private:
    std::uint32_t class_of(std::uint32_t item) const {
        const auto labels = labels_.of(item);
        return labels.empty() ? no_index : dataset_.labels[labels.front()].category;
    }
    std::string class_name(std::uint32_t item) const {
        const std::uint32_t category = class_of(item);
        return category == no_index ? "" : dataset_.categories[category].name;
    }

    void report(std::uint32_t item, const char* rule, const std::string& what) const {
        const Item& record = dataset_.items[item];
        sink_.report({rule, Severity::warning,
                      fmt::format("'{}' (class '{}'{}) {}", record.path, class_name(item),
                                  record.subset.empty() ? "" : ", subset '" + record.subset + "'", what),
                      Location{record.image_file}});
    }

    const Dataset& dataset_;
    DiagnosticSink& sink_;
    LabelsByItem labels_;
};

}  // namespace

void report_identical_images(const Dataset& dataset, DiagnosticSink& sink, std::size_t jobs) {
    std::unordered_map<std::uintmax_t, std::vector<std::uint32_t>> by_size;
    for (std::size_t i = 0; i < dataset.items.size(); ++i) {
        std::error_code error;
        const std::uintmax_t size = fs::file_size(dataset.items[i].image_file, error);
        if (!error) by_size[size].push_back(static_cast<std::uint32_t>(i));
    }
    std::vector<std::uint32_t> candidates;
    for (const auto& [size, items] : by_size)
        if (items.size() > 1) candidates.insert(candidates.end(), items.begin(), items.end());
    std::sort(candidates.begin(), candidates.end());
    std::vector<std::uint64_t> hashes(candidates.size());
    parallel_for<std::vector<char>>(candidates.size(), jobs, [&](std::vector<char>& buffer, std::size_t i) {
        hashes[i] = hash_file(dataset.items[candidates[i]].image_file, buffer);
    });
    // Groups of identical bytes: the same hash, confirmed against the group's first file.
    std::map<std::uint64_t, std::vector<std::vector<std::uint32_t>>> groups;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        if (hashes[i] == unreadable) continue;
        auto& same_hash = groups[hashes[i]];
        const std::string& file = dataset.items[candidates[i]].image_file;
        const auto group = std::find_if(same_hash.begin(), same_hash.end(), [&](const std::vector<std::uint32_t>& g) {
            return same_bytes(dataset.items[g.front()].image_file, file);
        });
        if (group == same_hash.end()) same_hash.push_back({candidates[i]});
        else group->push_back(candidates[i]);
    }
    IdenticalImages reporter(dataset, sink);
    std::vector<std::vector<std::uint32_t>> ordered;
    for (auto& [hash, list] : groups)
        for (auto& group : list)
            if (group.size() > 1) ordered.push_back(std::move(group));
    std::sort(ordered.begin(), ordered.end());  // by first item: findings in dataset order
    for (const auto& group : ordered) reporter.report_group(group);
}

std::vector<RuleInfo> rules() {
    return {
        make_rule("classify/image-in-two-classes", Severity::warning,
                  "One image is filed under two classes of one subset: the same path in two class folders (read as "
                  "one image with both classes), or, when linting, two files of identical bytes.",
                  "Keep the image in the one class folder it belongs to; a single-label classifier is trained "
                  "towards both classes."),
        make_rule("classify/subset-leakage", Severity::warning,
                  "Two files of identical bytes are in two subsets (checked when linting: files of equal size are "
                  "compared byte by byte), so the model is evaluated on an image it was trained on.",
                  "Remove the copy from the validation or test subset."),
        make_rule("classify/empty-class", Severity::warning,
                  "A class folder holds no image: torchvision's ImageFolder refuses the dataset, and Ultralytics "
                  "still counts the class.",
                  "Add images to the class, or remove its folder (class indices of the later classes change)."),
        make_rule("classify/missing-class", Severity::warning,
                  "A subset has no folder for a class another subset has: each subset folder's classes are numbered "
                  "by its own sorted folder names, so class indices differ between subsets.",
                  "Create the class folder in every subset (with images: an empty one is refused by ImageFolder)."),
        make_rule("classify/unread-files", Severity::warning,
                  "Files in class folders without an image extension, images outside any class folder, and folders "
                  "beside the subset folders (not train, val, validation, valid or test) are not read, as "
                  "Ultralytics does not read them.",
                  "Move images to a class folder of a subset, or rename them to an image extension."),
    };
}

}  // namespace labelkit::classify
