// The agree operation: a rating table or several annotators' datasets, the statistics, the matrix.
#include "labelkit/ops/agree.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "labelkit/error.hpp"
#include "labelkit/gold_units.hpp"
#include "labelkit/ops/box_scorecard.hpp"
#include "labelkit/io.hpp"
#include "labelkit/progress.hpp"
#include "ops/dataset_output.hpp"
#include "ops/dataset_transcripts.hpp"

namespace labelkit {

namespace {

// What --gold is: a table of item labels (item,label) when it reads as a rating table (.csv,
// .jsonl), otherwise a dataset of gold shapes (any format agree reads, detected).
enum class GoldInput { none, labels, shapes };

GoldInput gold_input(const std::vector<Format>& formats, const AgreeOptions& options) {
    if (options.gold.empty()) return GoldInput::none;
    return rating_table_format(formats, options.gold, "") ? GoldInput::labels : GoldInput::shapes;
}

// The gold labels of --gold FILE and of the source's gold units (a crowd report's test
// questions): the file's for the items it has, the source's for the others. `file` is "" for none.
GoldLabels scorecard_gold(const std::filesystem::path& file, const GoldUnits& units, std::string& source,
                          DiagnosticSink& sink) {
    GoldLabels gold = file.empty() ? GoldLabels{} : read_gold_labels(file, sink);
    if (const std::vector<std::string> empty = units_without_answer(units, gold); !empty.empty())
        sink.warn("agree/gold-empty",
                  fmt::format("{} (_golden true) with an empty gold answer cell (<question>_gold): not gold, none "
                              "of their judgments counts for gold accuracy (first: '{}')",
                              counted(empty.size(), "gold unit"), shorten(empty.front())));
    if (!units.conflicting.empty())
        sink.warn("agree/gold-conflict",
                  fmt::format("the source gives different gold answers on different rows of {} (first: '{}'); the "
                              "first row's are used",
                              counted(units.conflicting.size(), "gold unit"), shorten(units.first_conflicting)));
    source = gold.empty() ? (units.answers.empty() ? "" : "source") : (units.answers.empty() ? "file" : "file+source");
    std::size_t differing = 0;
    std::string first_differing;
    for (const auto& [item, accepted] : units.answers) {
        const auto [at, added] = gold.try_emplace(item, accepted);
        if (added || same_answers(at->second, accepted)) continue;
        if (differing++ == 0) first_differing = item;
    }
    if (differing > 0)
        sink.warn("agree/gold-conflict",
                  fmt::format("--gold gives other labels than the source's gold answers for {} (first: '{}'); the "
                              "file's are used",
                              counted(differing, "gold unit"), shorten(first_differing)));
    return gold;
}

// The judgments on gold units the reader left out that have a gold label (from the source or
// --gold FILE): those of units with an empty gold cell count only when the file gives their gold.
std::vector<Judgment> scored_left_out(const GoldUnits& units, const GoldLabels& gold) {
    std::vector<Judgment> scored;
    for (const Judgment& judgment : units.left_out)
        if (gold.contains(judgment.item)) scored.push_back(judgment);
    return scored;
}

// The scorecard of single-label item judgments, against the gold labels of --gold and of the
// source's gold units; the judgments on gold units that the agreement leaves out are scored too.
Scorecard scorecard(const RatingTable& table, const CategoricalReport& categorical, const AgreeOptions& options,
                    const GoldUnits& units, GoldInput gold_kind, DiagnosticSink& sink) {
    std::string source;
    const GoldLabels gold =
        scorecard_gold(gold_kind == GoldInput::labels ? options.gold : std::filesystem::path(), units, source, sink);
    Scorecard card =
        annotator_scorecard(with_judgments(table, scored_left_out(units, gold)), categorical.pairs, gold, sink);
    if (card.reference == "gold") card.gold_source = source;
    if (gold_kind == GoldInput::shapes)
        card.notes.push_back("the --gold dataset scores the shapes (spatial scorecard); item labels are scored against "
                             "gold given as a table of item,label (.csv or .jsonl)");
    return card;
}

// The gold dataset: one reference. A dataset that names its annotators may name one (model
// predictions aside).
Dataset read_gold_dataset(const std::vector<Format>& formats, const AgreeOptions& options, DiagnosticSink& sink) {
    Dataset gold = load_dataset(formats, options.gold, "", options.read, sink).dataset;
    if (gold.annotators.empty()) return gold;
    AnnotatorDatasets parts = split_by_annotator(gold, {});
    if (parts.datasets.size() != 1)
        throw Error(fmt::format("{}: the gold dataset names {} annotators; gold is one reference (give one annotator's "
                                "dataset)",
                                options.gold.string(), parts.datasets.size()));
    return std::move(parts.datasets.front());
}

bool any_shapes(const AnnotatorDatasets& inputs) {
    return std::any_of(inputs.datasets.begin(), inputs.datasets.end(),
                       [](const Dataset& dataset) { return !dataset.annotations.empty(); });
}

// Each annotator's shapes against the gold dataset (read here; the inputs are copied, as the
// gold is lined up with them apart from the report's alignment).
GoldBoxScorecard score_against_gold_shapes(const std::vector<Format>& formats, const AgreeOptions& options,
                                           const AnnotatorDatasets& inputs, DiagnosticSink& sink) {
    if (!any_shapes(inputs))
        throw Error(fmt::format("{}: --gold is a dataset (gold shapes) and these datasets hold no shapes; to score item "
                                "labels give a table of item,label (.csv or .jsonl)",
                                options.gold.string()));
    Dataset gold = read_gold_dataset(formats, options, sink);
    return gold_box_scorecard(inputs.datasets, inputs.names, std::move(gold), options.iou, sink);
}

CategoricalOptions categorical_options(const AgreeOptions& options) {
    return {options.level, options.bootstrap, options.seed, options.confidence};
}

bool normalises(const TextNormalisation& text) { return text.lowercase || text.strip_punctuation; }

// Options about labels that transcripts have no use for are refused rather than ignored.
void check_transcript_options(const AgreeOptions& options) {
    if (!options.order.empty()) throw Error("--order is for labels; the inputs hold texts (transcripts)");
    if (options.level != AlphaLevel::nominal) throw Error("--level is for labels; the inputs hold texts (transcripts)");
    if (options.bootstrap > 0) throw Error("--bootstrap is for labels; the inputs hold texts (transcripts)");
    if (!options.matrix.empty()) throw Error("--matrix is for labels and shapes; the inputs hold texts (transcripts)");
    if (!options.gold.empty()) throw Error("--gold is for labels and shapes; the inputs hold texts (transcripts)");
}

void check_label_options(const AgreeOptions& options) {
    if (normalises(options.text))
        throw Error("--lowercase and --strip-punctuation are for texts (transcripts); the inputs hold none");
}

AgreementReport transcript_report(const AgreeOptions& options, const TranscriptSet& set) {
    check_transcript_options(options);
    AgreementReport report;
    report.annotators = set.annotators;
    report.items = set.utterances.size();
    report.seed = options.seed;
    report.transcripts = transcript_agreement(set, options.text);
    return report;
}

// A table of texts (a text column and no labels): one transcript per row.
bool holds_transcripts(const std::vector<Judgment>& judgments) {
    return std::all_of(judgments.begin(), judgments.end(), [](const Judgment& j) { return j.missing; }) &&
           std::any_of(judgments.begin(), judgments.end(), [](const Judgment& j) { return !j.text.empty(); });
}

TranscriptSet table_transcripts(const std::vector<Judgment>& judgments, DiagnosticSink& sink) {
    TranscriptSetBuilder builder;
    builder.reserve(judgments.size());
    for (const Judgment& judgment : judgments) builder.add(builder.annotator(judgment.annotator), judgment.item, judgment.text);
    return builder.finish(sink);
}

AgreementReport table_report(const AgreeOptions& options, const Format& format, GoldInput gold, DiagnosticSink& sink) {
    if (gold == GoldInput::shapes)
        throw Error(fmt::format("{}: --gold is a dataset (gold shapes); a rating table is scored against a table of "
                                "item,label (.csv or .jsonl)",
                                options.gold.string()));
    if (!options.names.empty()) throw Error("--names is for datasets: a rating table names its annotators");
    if (!options.annotators.empty()) throw Error("--annotators is for datasets that name their annotators");
    const std::filesystem::path& input = options.inputs.front();
    GoldUnits units;
    const std::vector<Judgment> judgments =
        formats_collecting_gold({format}, units).front().read_judgments(input, options.read, sink);
    if (holds_transcripts(judgments)) {
        TranscriptSet set = table_transcripts(judgments, sink);
        if (set.annotators.size() < 2)
            throw Error(fmt::format("{}: agreement needs at least two transcribers; the table has {}", input.string(),
                                    set.annotators.size()));
        return transcript_report(options, set);
    }
    check_label_options(options);
    const RatingTable table = make_rating_table(judgments, options.order);
    if (table.annotators.size() < 2)
        throw Error(fmt::format("{}: agreement needs at least two annotators; the table has {}", input.string(),
                                table.annotators.size()));
    AgreementReport report;
    report.annotators = table.annotators;
    report.items = table.items.size();
    report.labels = table.labels;
    report.categorical_unit = "item";
    report.seed = options.seed;
    report.categorical = categorical_agreement(table, categorical_options(options));
    report.scorecard = scorecard(table, *report.categorical, options, units, gold, sink);
    return report;
}

// One input that is neither a rating table nor names its annotators cannot be compared.
void check_count(const AgreeOptions& options, std::size_t annotators) {
    if (options.inputs.size() == 1 && annotators < 2)
        throw Error(fmt::format("{}: agree needs two or more datasets (one per annotator), a dataset that names two or "
                                "more annotators (Label Studio, SageMaker worker responses, an Appen full report...), "
                                "or one rating table ({} with item,annotator,label){}",
                                options.inputs.front().string(), or_list(rating_table_extensions()),
                                annotators == 1 ? "; this one has one annotator (model predictions are left out "
                                                  "unless --annotators names them)"
                                                : ""));
}

// The first item (in key order) and annotator with two different item labels.
std::pair<std::string, std::string> first_with_two_labels(const AlignedAnnotators& annotators) {
    for (std::size_t item = 0; item < annotators.items().size(); ++item)
        for (std::size_t a = 0; a < annotators.annotators().size(); ++a) {
            std::vector<std::uint32_t> labels = annotators.item_labels(a, item);
            std::sort(labels.begin(), labels.end());
            if (std::unique(labels.begin(), labels.end()) - labels.begin() > 1)
                return {annotators.items()[item], annotators.annotators()[a]};
        }
    return {};
}

// Agreement on the class labels of whole items (image or text classification).
void add_item_label_statistics(AgreementReport& report, const AlignedAnnotators& annotators, const AgreeOptions& options,
                               GoldUnits& units, GoldInput gold, DiagnosticSink& sink) {
    ItemLabelTable labels = item_label_table(annotators);
    report.labels = labels.table.labels;
    report.categorical_unit = labels.multi_label ? "item-class" : "item";
    report.categorical = categorical_agreement(labels.table, categorical_options(options));
    if (!labels.multi_label) {
        // With --annotators, the gold judgments of the others are not theirs to score.
        if (!options.annotators.empty())
            std::erase_if(units.left_out, [&](const Judgment& judgment) {
                return std::find(labels.table.annotators.begin(), labels.table.annotators.end(), judgment.annotator) ==
                       labels.table.annotators.end();
            });
        report.scorecard = scorecard(labels.table, *report.categorical, options, units, gold, sink);
        return;
    }
    report.scorecard.emplace();
    report.scorecard->notes.push_back("annotators: empty, as the item labels are multi-label (an annotator gave an "
                                      "item two labels); the scorecard is for one label per item");
    if (gold != GoldInput::labels && units.answers.empty()) return;
    const auto [item, annotator] = first_with_two_labels(annotators);
    sink.warn("agree/no-scorecard",
              fmt::format("no scorecard{}: annotator '{}' gave item '{}' several labels (an Appen answer of several "
                          "lines, for one), and gold accuracy is for one label per item",
                          gold == GoldInput::labels ? fmt::format(", so --gold {} is not used", options.gold.string())
                                                    : ", so the source's gold units are not scored",
                          shorten(annotator), shorten(item)));
}

// images_read, when given, collects the image files the datasets were read with (for the matrix).
AgreementReport dataset_report(const AgreeOptions& options, const std::vector<Format>& formats, GoldInput gold,
                               DiagnosticSink& sink, std::vector<std::filesystem::path>* images_read,
                               std::shared_ptr<const AlignedAnnotators>& aligned) {
    // One input that names its annotators (a crowd report) may hold gold units for the scorecard.
    GoldUnits units;
    AnnotatorDatasets inputs =
        load_annotators(options.inputs.size() == 1 ? formats_collecting_gold(formats, units) : formats, options.inputs,
                        options.from, options.read, options.names, options.annotators, sink, images_read);
    check_count(options, inputs.datasets.size());
    if (holds_transcripts(inputs)) return transcript_report(options, dataset_transcripts(inputs, "agree", sink));
    warn_of_texts_beside_shapes(inputs, sink);
    check_label_options(options);
    if (!options.order.empty()) throw Error("--order is for rating tables; dataset classes have no order");
    if (options.level != AlphaLevel::nominal)
        throw Error("--level is for rating tables: the labels of datasets (class present or absent) are nominal");
    if (options.iou <= 0 || options.iou > 1) throw Error(fmt::format("--iou must be in (0, 1], not {}", options.iou));
    std::optional<GoldBoxScorecard> gold_boxes;
    if (gold == GoldInput::shapes) gold_boxes = score_against_gold_shapes(formats, options, inputs, sink);
    const ProgressPhase comparing(options.read.progress, "comparing annotators");
    aligned = std::make_shared<const AlignedAnnotators>(std::move(inputs.datasets), std::move(inputs.names));
    const AlignedAnnotators& annotators = *aligned;

    AgreementReport report;
    report.annotators = annotators.annotators();
    report.items = annotators.items().size();
    report.categories = annotators.categories();
    report.item_names = annotators.items();
    report.seed = options.seed;
    // Item labels (a choice per image or text), when there are any, are what categorical
    // agreement is about; otherwise it is on the classes each image's shapes show.
    const bool item_labels = annotators.any_item_labels();
    if (!item_labels && gold == GoldInput::labels)
        throw Error(fmt::format("{}: --gold is a table of item labels (a class per image or text) and these datasets "
                                "have none; to score shapes give a dataset of gold shapes",
                                options.gold.string()));
    if (item_labels) add_item_label_statistics(report, annotators, options, units, gold, sink);
    if (item_labels && !annotators.any_shapes()) return report;
    report.spatial = spatial_agreement(annotators, SpatialOptions{options.iou, options.worst});
    if (gold_boxes) {
        report.spatial->scorecard = std::move(gold_boxes->scores);
        report.spatial->scorecard_gold = gold_boxes->gold;
    } else {
        report.spatial->scorecard = box_scorecard(annotators, options.iou);
    }
    if (has_video_frames(annotators)) report.tracks = track_agreement(annotators, options.iou);
    if (item_labels) {
        report.categorical->notes.push_back(
            "on the class labels of whole items; the shapes are compared in spatial (the classes each image's shapes "
            "show are not compared on their own)");
        return report;
    }
    report.labels = {"absent", "present"};
    report.categorical_unit = "image-class";
    report.categorical = categorical_agreement(class_presence(annotators), categorical_options(options));
    return report;
}

void write_matrix(const AgreementReport& report, PendingOutputFile& file) {
    const std::string title = report.spatial ? "pairwise F1 of matched shapes" : "pairwise Cohen's kappa";
    const std::vector<std::uint8_t> png = agreement_matrix_png(report.annotators, agreement_matrix(report), title);
    file.write(std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
}

std::string rendered(const AgreeResult& result, AgreeReportFormat format) {
    switch (format) {
        case AgreeReportFormat::json: return result.json.dump(2) + "\n";
        case AgreeReportFormat::csv: return agreement_csv(result.report);
        case AgreeReportFormat::text: return agreement_text(result.report);
    }
    return "";
}

}  // namespace

std::vector<std::string> rating_table_extensions() {
    std::vector<std::string> extensions;
    for (const Format& format : all_formats())
        if (format.read_judgments) extensions.insert(extensions.end(), format.file_extensions.begin(), format.file_extensions.end());
    return extensions;
}

AgreeResult agree(const AgreeOptions& options, DiagnosticSink& sink) {
    if (options.inputs.empty()) throw Error("agree needs two or more datasets, or one rating table");
    if (options.confidence <= 0 || options.confidence >= 1)
        throw Error(fmt::format("--confidence must be between 0 and 1, not {}", options.confidence));
    const std::vector<Format> formats = all_formats();
    const GoldInput gold = gold_input(formats, options);
    const std::optional<Format> table = options.inputs.size() == 1 ? rating_table_format(formats, options.inputs.front(), options.from)
                                                                   : std::nullopt;
    for (const std::filesystem::path& input : options.inputs)
        if (options.inputs.size() > 1 && rating_table_format(formats, input, options.from))
            throw Error(fmt::format("{}: a rating table is compared on its own; give it as the only input", input.string()));

    // Opened first: a path the matrix may not take is refused before the work.
    std::optional<PendingOutputFile> matrix_file;
    if (!options.matrix.empty())
        matrix_file.emplace(OutputPath{options.matrix, options.overwrite, options.inputs}, sink);
    std::vector<std::filesystem::path> images_read;
    AgreeResult result;
    result.rating_table = table.has_value();
    result.report = table ? table_report(options, *table, gold, sink)
                          : dataset_report(options, formats, gold, sink, matrix_file ? &images_read : nullptr,
                                           result.annotators);
    if (matrix_file) {
        matrix_file->refuse_inputs(images_read);
        write_matrix(result.report, *matrix_file);
    }
    result.json = agreement_json(result.report);
    result.rendered = rendered(result, options.format);
    return result;
}

}  // namespace labelkit
