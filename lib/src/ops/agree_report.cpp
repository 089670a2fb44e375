#include "labelkit/ops/agree_report.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "core/csv.hpp"

namespace labelkit {

namespace {

using nlohmann::json;

json number_or_null(const std::optional<double>& value) { return value ? json(*value) : json(nullptr); }

json interval(const Statistic& statistic) {
    if (!statistic.ci_low || !statistic.ci_high) return nullptr;
    return json::array({*statistic.ci_low, *statistic.ci_high});
}

// name -> statistic, for the statistics of one section, in one list so that the JSON, the
// notes and the intervals name them the same way.
using NamedStatistics = std::vector<std::pair<const char*, const Statistic*>>;

NamedStatistics multi_rater_statistics(const CategoricalReport& c) {
    return {{"percent_agreement", &c.overall.percent_agreement}, {"fleiss_kappa", &c.overall.fleiss_kappa},
            {"conger_kappa", &c.overall.conger_kappa},           {"randolph_kappa", &c.overall.randolph_kappa},
            {"gwet_ac1", &c.overall.gwet_ac1},                   {"brennan_prediger", &c.overall.brennan_prediger},
            {"krippendorff_alpha", &c.alpha.alpha}};
}

NamedStatistics pair_statistics(const PairResult& p) {
    return {{"percent_agreement", &p.percent_agreement},
            {"cohen_kappa", &p.cohen_kappa},
            {"cohen_kappa_linear", &p.cohen_kappa_linear},
            {"cohen_kappa_quadratic", &p.cohen_kappa_quadratic},
            {"scott_pi", &p.scott_pi}};
}

// Each annotator's mean Cohen's kappa with the others, lowest first.
std::vector<AnnotatorAgreement> kappa_ranking(const CategoricalReport& c, std::size_t annotators) {
    std::vector<PairValue> kappas;
    for (const PairResult& pair : c.pairs) kappas.push_back({pair.a, pair.b, pair.cohen_kappa.value});
    return rank_annotators(annotators, kappas);
}

json categorical_json(const AgreementReport& report) {
    const CategoricalReport& c = *report.categorical;
    json section{{"unit", report.categorical_unit},
                 {"items", c.items},
                 {"items_rated", c.overall.items_rated},
                 {"items_pairable", c.overall.items_pairable},
                 {"labels", report.labels}};
    for (const auto& [name, statistic] : multi_rater_statistics(c))
        if (std::string(name) != "krippendorff_alpha") section[name] = number_or_null(statistic->value);
    section["krippendorff_alpha"] = {{"level", to_string(c.level)},
                                     {"value", number_or_null(c.alpha.alpha.value)},
                                     {"observed_disagreement", number_or_null(c.alpha.observed_disagreement)},
                                     {"expected_disagreement", number_or_null(c.alpha.expected_disagreement)},
                                     {"pairable_values", c.alpha.pairable_values}};
    section["chance_agreement"] = {{"fleiss_kappa", number_or_null(c.overall.fleiss_chance)},
                                   {"gwet_ac1", number_or_null(c.overall.gwet_chance)}};
    if (c.bootstrap > 0) {
        json intervals{{"confidence", c.confidence}, {"resamples", c.bootstrap}, {"seed", report.seed}};
        for (const auto& [name, statistic] : multi_rater_statistics(c)) intervals[name] = interval(*statistic);
        section["confidence_intervals"] = intervals;
    }
    json pairs = json::array();
    for (const PairResult& pair : c.pairs) {
        json entry{{"a", report.annotators[pair.a]}, {"b", report.annotators[pair.b]}, {"n", pair.n}};
        for (const auto& [name, statistic] : pair_statistics(pair)) entry[name] = number_or_null(statistic->value);
        if (c.bootstrap > 0) {
            json intervals = json::object();
            for (const auto& [name, statistic] : pair_statistics(pair)) intervals[name] = interval(*statistic);
            entry["confidence_intervals"] = intervals;
        }
        pairs.push_back(entry);
    }
    section["pairs"] = pairs;
    json ranking = json::array();
    for (const auto& [who, mean] : kappa_ranking(c, report.annotators.size()))
        ranking.push_back({{"name", report.annotators[who]}, {"mean_cohen_kappa", number_or_null(mean)}});
    section["annotators"] = ranking;
    return section;
}

json counts_json(const MatchCounts& counts) {
    return {{"matched", counts.matched},
            {"only_a", counts.only_a},
            {"only_b", counts.only_b},
            {"f1", number_or_null(counts.f1())},
            {"mean_iou", number_or_null(counts.mean_iou())}};
}

bool drawn(const MatchCounts& counts) { return counts.matched + counts.only_a + counts.only_b > 0; }

// The annotator furthest from the others, when there is one to name: three or more
// annotators and a defined mean.
std::optional<std::uint32_t> furthest(const SpatialReport& s) {
    if (s.annotators.size() < 3 || !s.annotators.front().mean) return std::nullopt;
    return s.annotators.front().annotator;
}

// What the box scorecard scores against: "gold" (agree --gold DATASET) or "consensus".
const char* box_reference(const SpatialReport& s) { return s.scorecard_gold ? "gold" : "consensus"; }

json scorecard_gold_json(const SpatialReport& s) {
    if (!s.scorecard_gold) return nullptr;
    const GoldShapes& gold = *s.scorecard_gold;
    return {{"images", gold.images},
            {"shapes", gold.shapes},
            {"images_without_annotators", gold.images_without_annotators},
            {"annotator_images_without_gold", gold.annotator_images_without_gold}};
}

json spatial_scorecard_json(const AgreementReport& report) {
    json entries = json::array();
    for (const BoxScore& score : report.spatial->scorecard)
        entries.push_back({{"annotator", report.annotators[score.annotator]},
                           {"reference", box_reference(*report.spatial)},
                           {"images", score.images},
                           {"shapes", score.shapes()},
                           {"matched", score.counts.matched},
                           {"reference_shapes", score.counts.matched + score.counts.only_b},
                           {"precision", number_or_null(score.precision())},
                           {"recall", number_or_null(score.recall())},
                           {"f1", number_or_null(score.counts.f1())},
                           {"mean_iou", number_or_null(score.counts.mean_iou())}});
    return entries;
}

json spatial_json(const AgreementReport& report) {
    const SpatialReport& s = *report.spatial;
    json pairs = json::array();
    for (const SpatialPair& pair : s.pairs) {
        json entry = counts_json(pair.all);
        entry["a"] = report.annotators[pair.a];
        entry["b"] = report.annotators[pair.b];
        entry["items"] = pair.items;
        json per_class = json::object();
        for (std::size_t c = 0; c < pair.per_class.size(); ++c)
            if (drawn(pair.per_class[c])) per_class[report.categories[c]] = counts_json(pair.per_class[c]);
        entry["per_class"] = per_class;
        pairs.push_back(entry);
    }
    json worst = json::array();
    for (const ImageAgreement& image : s.worst_images)
        worst.push_back({{"image", report.item_names[image.item]}, {"mean_f1", image.mean_f1}, {"pairs", image.pairs}});
    json ranking = json::array();
    for (const AnnotatorAgreement& annotator : s.annotators)
        ranking.push_back({{"name", report.annotators[annotator.annotator]}, {"mean_f1", number_or_null(annotator.mean)}});
    const auto outlier = furthest(s);
    return {{"iou_threshold", s.iou_threshold},
            {"items", s.items},
            {"shapes", s.shapes},
            {"units", s.units},
            {"krippendorff_alpha", number_or_null(s.alpha.alpha.value)},
            {"pairs", pairs},
            {"worst_images", worst},
            {"annotators", ranking},
            {"scorecard", spatial_scorecard_json(report)},
            {"scorecard_gold", scorecard_gold_json(s)},
            {"furthest_annotator", outlier ? json(report.annotators[*outlier]) : json(nullptr)}};
}

std::optional<double> mean_of(const std::optional<double>& x, const std::optional<double>& y) {
    if (!x || !y) return std::nullopt;
    return (*x + *y) / 2;
}

json direction_json(const TrackScores& s, const std::string& reference, const std::string& hypothesis) {
    return {{"reference", reference},
            {"hypothesis", hypothesis},
            {"mota", number_or_null(s.clear.mota())},
            {"motp", number_or_null(s.clear.motp())},
            {"id_switches", s.clear.switches},
            {"fragmentations", s.clear.fragmentations},
            {"idf1", number_or_null(s.id.idf1())},
            {"idp", number_or_null(s.id.idp())},
            {"idr", number_or_null(s.id.idr())},
            {"objects", s.clear.objects},
            {"predictions", s.clear.predictions},
            {"matches", s.clear.matches},
            {"misses", s.clear.misses},
            {"false_positives", s.clear.false_positives},
            {"idtp", s.id.idtp},
            {"idfp", s.id.idfp},
            {"idfn", s.id.idfn}};
}

// The mean of both directions (MOTA and MOTP are not symmetric; IDF1 is); a value undefined in
// either direction is undefined.
struct TrackMean {
    std::optional<double> mota, motp, idf1;
    double switches = 0, fragmentations = 0;
};

TrackMean track_mean(const TrackPair& pair) {
    const ClearMot& x = pair.a_reference.clear;
    const ClearMot& y = pair.b_reference.clear;
    return {mean_of(x.mota(), y.mota()), mean_of(x.motp(), y.motp()),
            mean_of(pair.a_reference.id.idf1(), pair.b_reference.id.idf1()),
            static_cast<double>(x.switches + y.switches) / 2, static_cast<double>(x.fragmentations + y.fragmentations) / 2};
}

json mean_direction_json(const TrackPair& pair) {
    const TrackMean mean = track_mean(pair);
    return {{"mota", number_or_null(mean.mota)},
            {"motp", number_or_null(mean.motp)},
            {"id_switches", mean.switches},
            {"fragmentations", mean.fragmentations},
            {"idf1", number_or_null(mean.idf1)}};
}

json tracks_json(const AgreementReport& report) {
    const TrackReport& t = *report.tracks;
    json pairs = json::array();
    for (const TrackPair& pair : t.pairs) {
        const std::string& a = report.annotators[pair.a];
        const std::string& b = report.annotators[pair.b];
        pairs.push_back({{"a", a},
                         {"b", b},
                         {"frames", pair.frames},
                         {"sequences", pair.sequences},
                         {"a_reference", direction_json(pair.a_reference, a, b)},
                         {"b_reference", direction_json(pair.b_reference, b, a)},
                         {"mean", mean_direction_json(pair)}});
    }
    return {{"iou_threshold", t.iou_threshold},
            {"frames", t.frames},
            {"sequences", t.sequences},
            {"motp_measure", "mean 1 - IoU of matched boxes (py-motmetrics); 0 is perfect"},
            {"pairs", pairs}};
}

json scorecard_json(const AgreementReport& report) {
    const Scorecard& card = *report.scorecard;
    json annotators = json::array();
    for (const AnnotatorScore& score : card.annotators)
        annotators.push_back({{"name", card.annotator_names[score.annotator]},
                              {"items", score.items},
                              {"gold_items", score.gold_items},
                              {"gold_accuracy", number_or_null(score.gold_accuracy)},
                              {"consensus_agreement", number_or_null(score.consensus_agreement)},
                              {"mean_cohen_kappa", number_or_null(score.mean_cohen_kappa)},
                              {"pairs_with_kappa", score.pairs_with_kappa},
                              {"confusion", score.confusion}});
    return {{"reference", card.reference.empty() ? json(nullptr) : json(card.reference)},
            {"gold_source", card.gold_source.empty() ? json(nullptr) : json(card.gold_source)},
            {"classes", card.classes},
            {"gold_items", card.gold_items},
            {"gold_unmatched", card.gold_unmatched},
            {"annotators", annotators}};
}

// A note shared by several pairs is given once, naming the pairs ("[*]" when it is all).
std::vector<std::string> pair_notes(const AgreementReport& report) {
    const std::vector<PairResult>& pairs = report.categorical->pairs;
    std::vector<std::pair<std::string, std::vector<std::string>>> grouped;  // "name: note" -> pairs
    for (const PairResult& pair : pairs)
        for (const auto& [name, statistic] : pair_statistics(pair)) {
            if (statistic->value || statistic->note.empty()) continue;
            const std::string key = fmt::format("{}: {}", name, statistic->note);
            auto it = std::find_if(grouped.begin(), grouped.end(), [&](const auto& g) { return g.first == key; });
            if (it == grouped.end()) it = grouped.insert(grouped.end(), {key, {}});
            it->second.push_back(fmt::format("{},{}", report.annotators[pair.a], report.annotators[pair.b]));
        }
    std::vector<std::string> notes;
    for (const auto& [key, which] : grouped)
        notes.push_back(fmt::format("categorical.pairs[{}].{}", which.size() == pairs.size() ? "*" : fmt::format("{}", fmt::join(which, "; ")), key));
    return notes;
}

}  // namespace

std::vector<std::string> report_notes(const AgreementReport& report) {
    std::vector<std::string> notes;
    auto note = [&](const std::string& where, const Statistic& statistic) {
        if (!statistic.value && !statistic.note.empty()) notes.push_back(where + ": " + statistic.note);
    };
    if (report.categorical) {
        const CategoricalReport& c = *report.categorical;
        for (const std::string& text : c.notes) notes.push_back("categorical: " + text);
        for (const auto& [name, statistic] : multi_rater_statistics(c)) note(fmt::format("categorical.{}", name), *statistic);
        for (std::string& text : pair_notes(report)) notes.push_back(std::move(text));
    }
    if (report.scorecard)
        for (const std::string& text : report.scorecard->notes) notes.push_back("scorecard." + text);
    if (report.spatial) {
        for (const std::string& text : report.spatial->notes) notes.push_back("spatial: " + text);
        note("spatial.krippendorff_alpha", report.spatial->alpha.alpha);
    }
    if (report.tracks)
        for (const std::string& text : report.tracks->notes) notes.push_back("tracks: " + text);
    if (report.transcripts)
        for (const std::string& text : report.transcripts->notes) notes.push_back("transcripts: " + text);
    return notes;
}

nlohmann::json agreement_json(const AgreementReport& report) {
    json document{{"items", report.items}, {"annotators", report.annotators}};
    document["categorical"] = report.categorical ? categorical_json(report) : json(nullptr);
    document["spatial"] = report.spatial ? spatial_json(report) : json(nullptr);
    document["tracks"] = report.tracks ? tracks_json(report) : json(nullptr);
    document["transcripts"] = report.transcripts ? transcripts_json(*report.transcripts, report.annotators) : json(nullptr);
    document["scorecard"] = report.scorecard ? scorecard_json(report) : json(nullptr);
    document["notes"] = report_notes(report);
    return document;
}

namespace {

std::string shown(const std::optional<double>& value, int digits = 3) {
    return value ? fmt::format("{:.{}f}", *value, digits) : "n/a";
}

std::string shown(const Statistic& statistic) {
    std::string text = shown(statistic.value);
    if (statistic.ci_low && statistic.ci_high)
        text += fmt::format(" [{:.3f}, {:.3f}]", *statistic.ci_low, *statistic.ci_high);
    return text;
}

std::size_t name_width(const std::vector<std::string>& names) {
    std::size_t width = 4;
    for (const std::string& name : names) width = std::max(width, name.size());
    return width;
}

void categorical_text(const AgreementReport& report, std::string& out) {
    const CategoricalReport& c = *report.categorical;
    out += fmt::format("\nCategorical agreement ({} {}s, {} labels{})\n", c.items,
                       report.categorical_unit == "item" ? "item" : report.categorical_unit + " unit", report.labels.size(),
                       c.bootstrap ? fmt::format(", {:.0f}% bootstrap intervals over {} resamples",
                                                 c.confidence * 100, c.bootstrap)
                                   : "");
    for (const auto& [name, statistic] : multi_rater_statistics(c)) {
        std::string label = name;
        if (label == "krippendorff_alpha") label += fmt::format(" ({})", to_string(c.level));
        out += fmt::format("  {:<32} {}\n", label, shown(*statistic));
    }
    const std::size_t width = name_width(report.annotators);
    out += fmt::format("\n  {:<{}}  {:<{}}  {:>6}  {:>7}  {:>7}  {:>7}  {:>7}  {:>7}\n", "a", width, "b", width, "n",
                       "agree", "kappa", "linear", "quadr.", "pi");
    for (const PairResult& p : c.pairs)
        out += fmt::format("  {:<{}}  {:<{}}  {:>6}  {:>7}  {:>7}  {:>7}  {:>7}  {:>7}\n", report.annotators[p.a], width,
                           report.annotators[p.b], width, p.n, shown(p.percent_agreement.value),
                           shown(p.cohen_kappa.value), shown(p.cohen_kappa_linear.value),
                           shown(p.cohen_kappa_quadratic.value), shown(p.scott_pi.value));
    if (report.annotators.size() < 3) return;
    out += "\n  annotators by mean Cohen's kappa with the others:\n";
    for (const auto& [who, mean] : kappa_ranking(c, report.annotators.size()))
        out += fmt::format("    {:>6}  {}\n", shown(mean), report.annotators[who]);
}

void spatial_text(const AgreementReport& report, std::string& out) {
    const SpatialReport& s = *report.spatial;
    out += fmt::format("\nSpatial agreement ({} images, {} shapes, IoU >= {})\n", s.items, s.shapes, s.iou_threshold);
    out += fmt::format("  {:<32} {} over {} units\n", "krippendorff_alpha (detection)", shown(s.alpha.alpha.value), s.units);
    const std::size_t width = name_width(report.annotators);
    out += fmt::format("\n  {:<{}}  {:<{}}  {:>8}  {:>8}  {:>8}  {:>6}  {:>8}\n", "a", width, "b", width, "matched",
                       "only_a", "only_b", "F1", "mean IoU");
    for (const SpatialPair& p : s.pairs)
        out += fmt::format("  {:<{}}  {:<{}}  {:>8}  {:>8}  {:>8}  {:>6}  {:>8}\n", report.annotators[p.a], width,
                           report.annotators[p.b], width, p.all.matched, p.all.only_a, p.all.only_b, shown(p.all.f1()),
                           shown(p.all.mean_iou()));
    if (!s.worst_images.empty()) {
        out += "\n  images that agree least (mean pairwise F1):\n";
        for (const ImageAgreement& image : s.worst_images)
            out += fmt::format("    {:.3f}  {}\n", image.mean_f1, report.item_names[image.item]);
    }
    out += "\n  annotators by mean F1 with the others:\n";
    for (const AnnotatorAgreement& a : s.annotators)
        out += fmt::format("    {:>5}  {}\n", shown(a.mean), report.annotators[a.annotator]);
    if (const auto outlier = furthest(s))
        out += fmt::format("  furthest from the others: {}\n", report.annotators[*outlier]);
    if (const auto& gold = s.scorecard_gold)
        out += fmt::format("\n  annotators against the gold ({} images, {} shapes; IoU >= {}), lowest F1 first:\n",
                           gold->images, gold->shapes, s.iou_threshold);
    else
        out += fmt::format("\n  annotators against the consensus (majority of the annotators, IoU >= {}), lowest F1 first:\n",
                           s.iou_threshold);
    const std::size_t card_width = std::max<std::size_t>(width, 9);
    out += fmt::format("    {:<{}}  {:>6}  {:>6}  {:>9}  {:>6}  {:>6}  {:>8}\n", "annotator", card_width, "images", "shapes",
                       "precision", "recall", "F1", "mean IoU");
    for (const BoxScore& score : s.scorecard)
        out += fmt::format("    {:<{}}  {:>6}  {:>6}  {:>9}  {:>6}  {:>6}  {:>8}\n", report.annotators[score.annotator],
                           card_width, score.images, score.shapes(), shown(score.precision()), shown(score.recall()),
                           shown(score.counts.f1()), shown(score.counts.mean_iou()));
}

std::string track_row(const std::string& reference, const std::string& hypothesis, std::size_t width,
                      std::size_t frames, const TrackScores& s) {
    return fmt::format("  {:<{}}  {:<{}}  {:>6}  {:>7}  {:>6}  {:>5}  {:>5}  {:>6}  {:>6}  {:>6}\n", reference, width,
                       hypothesis, width, frames, shown(s.clear.mota()), shown(s.clear.motp()), s.clear.switches,
                       s.clear.fragmentations, shown(s.id.idf1()), s.clear.false_positives, s.clear.misses);
}

void tracks_text(const AgreementReport& report, std::string& out) {
    const TrackReport& t = *report.tracks;
    out += fmt::format("\nTrack agreement ({} frames in {} sequence{}, IoU >= {}; CLEAR MOT and IDF1 with each annotator "
                       "of a pair as the reference in turn; MOTP = mean 1 - IoU, 0 is perfect)\n",
                       t.frames, t.sequences, t.sequences == 1 ? "" : "s", t.iou_threshold);
    const std::size_t width = std::max<std::size_t>(name_width(report.annotators), 9);
    out += fmt::format("\n  {:<{}}  {:<{}}  {:>6}  {:>7}  {:>6}  {:>5}  {:>5}  {:>6}  {:>6}  {:>6}\n", "reference", width,
                       "hypothesis", width, "frames", "MOTA", "MOTP", "IDSW", "Frag", "IDF1", "FP", "FN");
    for (const TrackPair& p : t.pairs) {
        const std::string& a = report.annotators[p.a];
        const std::string& b = report.annotators[p.b];
        out += track_row(a, b, width, p.frames, p.a_reference);
        out += track_row(b, a, width, p.frames, p.b_reference);
        const TrackMean mean = track_mean(p);
        out += fmt::format("  {:<{}}  {:<{}}  {:>6}  {:>7}  {:>6}  {:>5}  {:>5}  {:>6}\n", "(mean)", width, "", width, "",
                           shown(mean.mota), shown(mean.motp), shown(mean.switches, 1), shown(mean.fragmentations, 1),
                           shown(mean.idf1));
    }
}

// Confusion matrices are printed up to this many classes (all of them are in the JSON).
constexpr std::size_t confusion_text_classes = 12;

void confusion_text(const AgreementReport& report, const AnnotatorScore& score, std::string& out) {
    const Scorecard& card = *report.scorecard;
    const std::size_t width = std::max<std::size_t>(5, name_width(card.classes));
    out += fmt::format("\n  {} (rows: {}, columns: given)\n  {:<{}}", card.annotator_names[score.annotator],
                       card.reference == "gold" ? "gold label" : "majority vote", "", width);
    for (const std::string& name : card.classes) out += fmt::format("  {:>{}}", name, width);
    out += "\n";
    for (std::size_t r = 0; r < card.classes.size(); ++r) {
        out += fmt::format("  {:<{}}", card.classes[r], width);
        for (const std::size_t count : score.confusion[r]) out += fmt::format("  {:>{}}", count, width);
        out += "\n";
    }
}

// Where the gold labels came from, as the scorecard's heading says it.
std::string gold_source_text(const std::string& source) {
    if (source == "file") return ", from --gold";
    if (source == "source") return ", from the source's gold units";
    if (source == "file+source") return ", from --gold and the source's gold units";
    return "";
}

void scorecard_text(const AgreementReport& report, std::string& out) {
    const Scorecard& card = *report.scorecard;
    if (card.reference.empty()) return;
    out += fmt::format("\nAnnotators, worst first (by {})\n",
                       card.reference == "gold" ? fmt::format("accuracy on {}{}", counted(card.gold_items, "gold item"),
                                                              gold_source_text(card.gold_source))
                                                : "agreement with the majority vote");
    const std::size_t width = name_width(card.annotator_names);
    out += fmt::format("  {:<{}}  {:>6}  {:>6}  {:>9}  {:>9}  {:>10}\n", "name", width, "items", "gold", "gold acc.",
                       "consensus", "mean kappa");
    for (const AnnotatorScore& s : card.annotators)
        out += fmt::format("  {:<{}}  {:>6}  {:>6}  {:>9}  {:>9}  {:>10}\n", card.annotator_names[s.annotator], width, s.items,
                           s.gold_items, shown(s.gold_accuracy), shown(s.consensus_agreement), shown(s.mean_cohen_kappa));
    if (card.annotators.empty() || card.annotators.front().confusion.empty()) return;
    if (card.classes.size() > confusion_text_classes) {
        out += fmt::format("\n  confusion matrices: {} classes, in --format json\n", card.classes.size());
        return;
    }
    for (const AnnotatorScore& s : card.annotators) confusion_text(report, s, out);
}

std::string csv_number(const std::optional<double>& value) { return value ? fmt::format("{}", *value) : ""; }

// The agreement CSV: one header, every kind of row filling the columns it has by name.
constexpr std::array csv_columns = {
    "kind", "a", "b", "class", "n", "matched", "only_a", "only_b", "f1", "mean_iou", "percent_agreement",
    "cohen_kappa", "cohen_kappa_linear", "cohen_kappa_quadratic", "scott_pi", "reference", "mota", "motp",
    "id_switches", "fragmentations", "idf1", "precision", "recall", "gold_items", "gold_accuracy",
    "consensus_agreement", "mean_cohen_kappa"};

class CsvRows {
public:
    CsvRows() {
        for (std::size_t c = 0; c < csv_columns.size(); ++c) out_ += (c ? "," : "") + std::string(csv_columns[c]);
        out_ += '\n';
    }
    // A row of these (column, value) cells; the other columns are empty. Values are quoted as needed.
    void add(std::initializer_list<std::pair<std::string_view, std::string>> cells) {
        std::array<std::string, csv_columns.size()> row;
        for (const auto& [column, value] : cells) {
            const auto at = std::find(csv_columns.begin(), csv_columns.end(), column);
            row[static_cast<std::size_t>(at - csv_columns.begin())] = csv_field(value);
        }
        for (std::size_t c = 0; c < row.size(); ++c) out_ += (c ? "," : "") + row[c];
        out_ += '\n';
    }
    std::string take() { return std::move(out_); }

private:
    std::string out_;
};

std::string count_text(std::size_t n) { return fmt::format("{}", n); }

void spatial_csv_row(CsvRows& rows, const std::string& a, const std::string& b, const std::string& category,
                     std::size_t items, const MatchCounts& counts) {
    rows.add({{"kind", "spatial"}, {"a", a}, {"b", b}, {"class", category}, {"n", count_text(items)},
              {"matched", count_text(counts.matched)}, {"only_a", count_text(counts.only_a)},
              {"only_b", count_text(counts.only_b)}, {"f1", csv_number(counts.f1())}, {"mean_iou", csv_number(counts.mean_iou())}});
}

void tracks_csv_row(CsvRows& rows, const TrackPair& p, const std::string& a, const std::string& b,
                    const std::string& reference, const std::string& mota, const std::string& motp,
                    const std::string& switches, const std::string& fragmentations, const std::string& idf1) {
    rows.add({{"kind", "tracks"}, {"a", a}, {"b", b}, {"n", count_text(p.frames)}, {"reference", reference},
              {"mota", mota}, {"motp", motp}, {"id_switches", switches}, {"fragmentations", fragmentations}, {"idf1", idf1}});
}

// Per pair, a row with each as the reference, then their mean.
void tracks_csv(const AgreementReport& report, CsvRows& rows) {
    for (const TrackPair& p : report.tracks->pairs) {
        const std::string& a = report.annotators[p.a];
        const std::string& b = report.annotators[p.b];
        for (const auto& [reference, s] : {std::pair{a, &p.a_reference}, std::pair{b, &p.b_reference}})
            tracks_csv_row(rows, p, a, b, reference, csv_number(s->clear.mota()), csv_number(s->clear.motp()),
                           count_text(s->clear.switches), count_text(s->clear.fragmentations), csv_number(s->id.idf1()));
        const TrackMean mean = track_mean(p);
        tracks_csv_row(rows, p, a, b, "mean", csv_number(mean.mota), csv_number(mean.motp), csv_number(mean.switches),
                       csv_number(mean.fragmentations), csv_number(mean.idf1));
    }
}

// Each annotator's shapes against the gold or the consensus (b and reference: gold or consensus).
void spatial_scorecard_csv(const AgreementReport& report, CsvRows& rows) {
    const std::string reference = box_reference(*report.spatial);
    for (const BoxScore& score : report.spatial->scorecard)
        rows.add({{"kind", "spatial_scorecard"}, {"a", report.annotators[score.annotator]}, {"b", reference},
                  {"class", "*"}, {"n", count_text(score.images)}, {"matched", count_text(score.counts.matched)},
                  {"only_a", count_text(score.counts.only_a)}, {"only_b", count_text(score.counts.only_b)},
                  {"f1", csv_number(score.counts.f1())}, {"mean_iou", csv_number(score.counts.mean_iou())},
                  {"reference", reference}, {"precision", csv_number(score.precision())},
                  {"recall", csv_number(score.recall())}});
}

// One row per annotator, worst first (b: what it is scored against, gold or consensus), then
// its confusion counts (b: the reference class, class: the class it gave; only counts above 0).
void scorecard_csv(const AgreementReport& report, CsvRows& rows) {
    const Scorecard& card = *report.scorecard;
    for (const AnnotatorScore& s : card.annotators) {
        const std::string& name = card.annotator_names[s.annotator];
        rows.add({{"kind", "scorecard"}, {"a", name}, {"b", card.reference}, {"reference", card.gold_source},
                  {"n", count_text(s.items)},
                  {"gold_items", count_text(s.gold_items)}, {"gold_accuracy", csv_number(s.gold_accuracy)},
                  {"consensus_agreement", csv_number(s.consensus_agreement)},
                  {"mean_cohen_kappa", csv_number(s.mean_cohen_kappa)}});
        for (std::size_t r = 0; r < s.confusion.size(); ++r)
            for (std::size_t g = 0; g < s.confusion[r].size(); ++g)
                if (s.confusion[r][g] > 0)
                    rows.add({{"kind", "scorecard_confusion"}, {"a", name}, {"b", card.classes[r]},
                              {"class", card.classes[g]}, {"n", count_text(s.confusion[r][g])}});
    }
}

}  // namespace

std::string agreement_text(const AgreementReport& report) {
    std::string out = fmt::format("{} annotators: {}; {} items\n", report.annotators.size(),
                                  fmt::join(report.annotators, ", "), report.items);
    if (report.categorical) categorical_text(report, out);
    if (report.spatial) spatial_text(report, out);
    if (report.tracks) tracks_text(report, out);
    if (report.transcripts) out += transcripts_text(*report.transcripts, report.annotators);
    if (report.scorecard) scorecard_text(report, out);
    const std::vector<std::string> notes = report_notes(report);
    if (!notes.empty()) out += "\nNotes\n";
    for (const std::string& note : notes) out += "  - " + note + "\n";
    return out;
}

std::string agreement_csv(const AgreementReport& report) {
    if (report.transcripts) return transcripts_csv(*report.transcripts, report.annotators);
    CsvRows rows;
    if (report.categorical)
        for (const PairResult& p : report.categorical->pairs)
            rows.add({{"kind", "categorical"}, {"a", report.annotators[p.a]}, {"b", report.annotators[p.b]},
                      {"n", count_text(p.n)}, {"percent_agreement", csv_number(p.percent_agreement.value)},
                      {"cohen_kappa", csv_number(p.cohen_kappa.value)},
                      {"cohen_kappa_linear", csv_number(p.cohen_kappa_linear.value)},
                      {"cohen_kappa_quadratic", csv_number(p.cohen_kappa_quadratic.value)},
                      {"scott_pi", csv_number(p.scott_pi.value)}});
    if (report.spatial) {
        for (const SpatialPair& p : report.spatial->pairs) {
            const std::string& a = report.annotators[p.a];
            const std::string& b = report.annotators[p.b];
            spatial_csv_row(rows, a, b, "*", p.items, p.all);
            for (std::size_t c = 0; c < p.per_class.size(); ++c)
                if (drawn(p.per_class[c])) spatial_csv_row(rows, a, b, report.categories[c], p.items, p.per_class[c]);
        }
        spatial_scorecard_csv(report, rows);
    }
    if (report.tracks) tracks_csv(report, rows);
    if (report.scorecard) scorecard_csv(report, rows);
    return rows.take();
}

std::vector<std::vector<std::optional<double>>> agreement_matrix(const AgreementReport& report) {
    const std::size_t n = report.annotators.size();
    std::vector<std::vector<std::optional<double>>> matrix(n, std::vector<std::optional<double>>(n));
    for (std::size_t a = 0; a < n; ++a) matrix[a][a] = 1.0;
    auto set = [&](std::uint32_t a, std::uint32_t b, std::optional<double> value) {
        matrix[a][b] = matrix[b][a] = value;
    };
    if (report.spatial)
        for (const SpatialPair& p : report.spatial->pairs) set(p.a, p.b, p.all.f1());
    else if (report.categorical)
        for (const PairResult& p : report.categorical->pairs) set(p.a, p.b, p.cohen_kappa.value);
    return matrix;
}

}  // namespace labelkit
