// The images that agree least, drawn for `labelkit report` as `draw --compare` draws them.
#include <algorithm>

#include <fmt/format.h>

#include "ops/html_report_sections.hpp"

namespace labelkit::html {

std::string worst_images_section(const AgreeResult& agreement, std::size_t most, std::uint32_t side,
                                 std::size_t& drawn, DiagnosticSink& sink) {
    drawn = 0;
    const AgreementReport& report = agreement.report;
    if (!agreement.annotators || !report.spatial || report.spatial->worst_images.empty()) return "";
    std::vector<std::size_t> items;
    std::vector<double> scores;
    for (const ImageAgreement& image : report.spatial->worst_images) {
        if (items.size() == most) break;
        items.push_back(image.item);
        scores.push_back(image.mean_f1);
    }
    const std::vector<ComparedPicture> pictures = draw_compared(*agreement.annotators, items, sink);
    std::string out = fmt::format("<p>Each annotator's shapes in its colour (the legend below each image), the "
                                  "class on the tag; lowest mean pairwise F1 first, at most {}.</p>\n<div>\n",
                                  counted(most, "image"));
    for (const ComparedPicture& compared : pictures) {
        const std::size_t rank =
            static_cast<std::size_t>(std::find(items.begin(), items.end(), compared.item) - items.begin());
        const std::string caption =
            fmt::format("{}: mean F1 {}{}", compared.name, number(scores[rank]),
                        compared.blank ? " (drawn on a grey canvas: the image was not found or not readable)" : "");
        out += fmt::format("<figure>{}<figcaption>{}</figcaption></figure>\n",
                           picture(thumbnail(compared.picture, side), compared.name), escape(caption));
        ++drawn;
    }
    return out + "</div>\n";
}

}  // namespace labelkit::html
