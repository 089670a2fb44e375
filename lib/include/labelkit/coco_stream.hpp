#pragma once
// A COCO file too large to hold as one Dataset (the union of big files): annotations are
// written to the file as they come, then the images and categories of the finished dataset.
// So the file lists "annotations" first, then "images", "categories", "info" and "licenses"
// (JSON key order carries no meaning: pycocotools and labelkit read it alike). An annotation
// withdrawn after it was written (--on-conflict last) is blanked out with spaces.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include "labelkit/format.hpp"
#include "labelkit/model.hpp"

namespace labelkit {

class CocoStreamWriter : public DatasetStreamWriter {
public:
    explicit CocoStreamWriter(std::filesystem::path output);
    ~CocoStreamWriter() override;
    CocoStreamWriter(const CocoStreamWriter&) = delete;
    CocoStreamWriter& operator=(const CocoStreamWriter&) = delete;

    void add(const Annotation& annotation, std::int64_t id, std::int64_t image_id, std::int64_t category_id) override;
    // The n-th annotation added, read back from what was written: its box, shape and keypoints
    // (to confirm a duplicate; its category, ids and attributes are not read).
    Annotation read_back(std::size_t n) const override;
    // Completes the file: blanks the n-th annotation added when withdrawn[n], then writes the
    // images (with Item::id), categories (with Category::id), info and licenses of `dataset`,
    // whose annotations are not used.
    void finish(const Dataset& dataset, const std::vector<bool>& withdrawn) override;

private:
    void blank_withdrawn(const std::vector<bool>& withdrawn);
    struct Lines;
    std::filesystem::path output_;
    std::unique_ptr<Lines> lines_;
};

}  // namespace labelkit
