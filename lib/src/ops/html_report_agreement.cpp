// The agreement section of `labelkit report`: agree's report as tables and its heatmap.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "labelkit/ops/html_report.hpp"
#include "ops/html_report_sections.hpp"

namespace labelkit::html {

namespace {

std::string value(const std::optional<double>& number) { return number ? html::number(*number) : "n/a"; }  // as agree's text report says it

// The width and height of a PNG, from its IHDR chunk.
std::pair<std::uint32_t, std::uint32_t> png_size(const std::vector<std::uint8_t>& png) {
    const auto big_endian = [&png](std::size_t at) {
        return (std::uint32_t{png[at]} << 24) | (std::uint32_t{png[at + 1]} << 16) | (std::uint32_t{png[at + 2]} << 8) |
               png[at + 3];
    };
    return png.size() >= 24 ? std::pair{big_endian(16), big_endian(20)} : std::pair{0u, 0u};
}

// A table of annotator pairs (n annotators make n(n-1)/2): at most report_pair_rows rows, the
// rest counted.
std::string pairs_table(const std::vector<std::string>& headers, std::vector<std::vector<std::string>> rows) {
    const std::size_t all = rows.size();
    if (all <= report_pair_rows) return table(headers, rows);
    rows.resize(report_pair_rows);
    return table(headers, rows) + fmt::format("<p class=\"muted\">+{} more pairs (<code>labelkit agree --format json</code> "
                                              "lists them all)</p>\n",
                                              all - report_pair_rows);
}

std::string heatmap(const AgreementReport& report) {
    if (!report.spatial && !report.categorical) return "";
    const std::string title = report.spatial ? "pairwise F1 of matched shapes" : "pairwise Cohen's kappa";
    // 84 pixels a cell: 40 annotators make a picture of about 3,500 pixels square.
    if (report.annotators.size() > report_heatmap_annotators)
        return fmt::format("<h3>Pairwise agreement ({})</h3>\n<p>Not drawn for {} (at most {}); <code>labelkit agree "
                           "--matrix FILE</code> draws it.</p>\n",
                           escape(title), counted(report.annotators.size(), "annotator"), report_heatmap_annotators);
    const std::vector<std::uint8_t> png = agreement_matrix_png(report.annotators, agreement_matrix(report), title);
    const auto [width, height] = png_size(png);
    return fmt::format("<h3>Pairwise agreement ({})</h3>\n<p>{}</p>\n", escape(title),
                       png_image(png, width, height, "heatmap of " + title));
}

std::string spatial_pairs(const AgreementReport& report, const SpatialReport& spatial) {
    std::vector<std::vector<std::string>> rows;
    for (const SpatialPair& pair : spatial.pairs)
        rows.push_back({report.annotators[pair.a], report.annotators[pair.b], std::to_string(pair.items),
                        std::to_string(pair.all.matched), std::to_string(pair.all.only_a), std::to_string(pair.all.only_b),
                        value(pair.all.f1()), value(pair.all.mean_iou())});
    return fmt::format("<h3>Shapes (IoU &ge; {})</h3>\n<p>{} at least two annotators have, {}; Krippendorff's alpha "
                       "(detection) {} over {}.</p>\n",
                       spatial.iou_threshold, counted(spatial.items, "image"), counted(spatial.shapes, "shape"),
                       value(spatial.alpha.alpha.value), counted(spatial.units, "unit")) +
           pairs_table({"a", "b", "images", "matched", "only a", "only b", "F1", "mean IoU"}, std::move(rows));
}

std::string box_scorecard(const AgreementReport& report, const SpatialReport& spatial) {
    if (spatial.scorecard.empty()) return "";
    std::vector<std::vector<std::string>> rows;
    for (const BoxScore& score : spatial.scorecard)
        rows.push_back({report.annotators[score.annotator], std::to_string(score.images), std::to_string(score.shapes()),
                        value(score.precision()), value(score.recall()), value(score.counts.f1()),
                        value(score.counts.mean_iou())});
    return fmt::format("<h3>Annotators against the {}</h3>\n",
                       spatial.scorecard_gold ? "gold dataset" : "consensus (majority of the annotators)") +
           table({"annotator", "images", "shapes", "precision", "recall", "F1", "mean IoU"}, rows);
}

std::string worst_images(const AgreementReport& report, const SpatialReport& spatial) {
    if (spatial.worst_images.empty()) return "";
    std::vector<std::vector<std::string>> rows;
    for (const ImageAgreement& image : spatial.worst_images)
        rows.push_back({report.item_names[image.item], number(image.mean_f1), std::to_string(image.pairs)});
    return "<h3>Images that agree least</h3>\n" + table({"image", "mean pairwise F1", "pairs"}, rows);
}

std::string categorical(const AgreementReport& report, const CategoricalReport& categorical) {
    std::vector<std::vector<std::string>> rows;
    for (const PairResult& pair : categorical.pairs)
        rows.push_back({report.annotators[pair.a], report.annotators[pair.b], std::to_string(pair.n),
                        value(pair.percent_agreement.value), value(pair.cohen_kappa.value), value(pair.scott_pi.value)});
    const std::string unit = report.categorical_unit == "item" ? "item" : report.categorical_unit + " unit";
    return fmt::format("<h3>Labels ({}, {})</h3>\n<p>Fleiss' kappa {}, Krippendorff's alpha ({}) {}.</p>\n",
                       counted(categorical.items, unit), counted(report.labels.size(), "label"),
                       value(categorical.overall.fleiss_kappa.value), to_string(categorical.level),
                       value(categorical.alpha.alpha.value)) +
           pairs_table({"a", "b", "items", "agreement", "Cohen's kappa", "Scott's pi"}, std::move(rows));
}

std::string scorecard(const Scorecard& card) {
    if (card.annotators.empty()) return "";
    std::vector<std::vector<std::string>> rows;
    for (const AnnotatorScore& score : card.annotators)
        rows.push_back({card.annotator_names[score.annotator], std::to_string(score.items), value(score.gold_accuracy),
                        value(score.consensus_agreement), value(score.mean_cohen_kappa)});
    return fmt::format("<h3>Annotator scorecard (against the {})</h3>\n", escape(card.reference)) +
           table({"annotator", "items", "gold accuracy", "agreement with the majority", "mean Cohen's kappa"}, rows);
}

}  // namespace

std::string agreement_section(const AgreeResult& agreement) {
    const AgreementReport& report = agreement.report;
    std::string out = fmt::format("<p>{}: {}; {}.</p>\n", counted(report.annotators.size(), "annotator"),
                                  escape(fmt::format("{}", fmt::join(report.annotators, ", "))),
                                  counted(report.items, "item"));
    out += heatmap(report);
    if (report.spatial) out += spatial_pairs(report, *report.spatial) + box_scorecard(report, *report.spatial);
    if (report.categorical) out += categorical(report, *report.categorical);
    if (report.scorecard) out += scorecard(*report.scorecard);
    if (report.spatial) out += worst_images(report, *report.spatial);
    out += "<details><summary>agree's full report</summary>\n<pre>" + escape(agreement.rendered) + "</pre></details>\n";
    return out;
}

}  // namespace labelkit::html
