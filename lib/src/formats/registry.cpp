// The one explicit list of formats. Adding a format is adding its folder and one line here.
#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "formats/appen/appen_format.hpp"
#include "formats/classify/classify_format.hpp"
#include "formats/coco/coco_format.hpp"
#include "formats/cvat/cvat_format.hpp"
#include "formats/label_studio/label_studio_format.hpp"
#include "formats/labelme/labelme_format.hpp"
#include "formats/mot/mot_format.hpp"
#include "formats/ratings/ratings_format.hpp"
#include "formats/sagemaker/sagemaker_format.hpp"
#include "formats/scale/scale_format.hpp"
#include "formats/trn/trn_format.hpp"
#include "formats/voc/voc_format.hpp"
#include "formats/yolo/yolo_format.hpp"
#include "labelkit/error.hpp"
#include "labelkit/format.hpp"
#include "labelkit/suggest.hpp"

namespace labelkit {

std::vector<Format> all_formats() {
    return {make_coco_format(), make_voc_format(), make_yolo_format(), make_yolo_darknet_format(), make_classify_format(), make_ratings_format(),
            make_label_studio_format(), make_label_studio_min_format(), make_label_studio_csv_format(), make_cvat_format(), make_labelme_format(), make_mot_format(), make_sagemaker_format(),
            make_mturk_format(), make_appen_format(), make_scale_format(), make_nucleus_format(), make_trn_format()};
}

bool goes_by(const Format& format, const std::string& name) {
    const std::string lower = ascii_lower(name);
    return format.name == lower || std::ranges::find(format.aliases, lower) != format.aliases.end();
}

const Format& find_format(const std::vector<Format>& formats, const std::string& name) {
    for (const Format& format : formats)
        if (goes_by(format, name)) return format;
    std::vector<std::string> names, typed_names;  // typed_names: names and aliases
    for (const Format& format : formats) {
        names.push_back(format.name);
        typed_names.push_back(format.name);
        typed_names.insert(typed_names.end(), format.aliases.begin(), format.aliases.end());
    }
    std::vector<std::string> closest;  // the formats of the nearest names and aliases
    for (const std::string& near : closest_names(typed_names, ascii_lower(name)))
        for (const Format& format : formats)
            if (goes_by(format, near) && std::ranges::find(closest, format.name) == closest.end())
                closest.push_back(format.name);
    const std::string suggestion = closest.empty() ? "" : "; " + did_you_mean(closest);
    throw Error(fmt::format("unknown format '{}' (known: {}){}", name, fmt::join(names, ", "), suggestion));
}

DetectionResult detect_format(const std::vector<Format>& formats, const std::filesystem::path& input) {
    DetectionResult result;
    int best = 0;
    for (const Format& format : formats) {
        const Detection detection = format.detect(input);
        result.considered.push_back(fmt::format("{}: {}", format.name, detection.reason));
        if (detection.score > best) {
            best = detection.score;
            result.format = format;
        }
    }
    return result;
}

}  // namespace labelkit
