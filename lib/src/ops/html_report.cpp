// The report operation: each input linted (and its statistics taken), the agreement of several
// annotators, the images that agree least drawn, all in one HTML page written atomically.
#include "labelkit/ops/html_report.hpp"

#include <fmt/format.h>

#include "labelkit/error.hpp"
#include "labelkit/ops/agree.hpp"
#include "labelkit/ops/lint.hpp"
#include "labelkit/ops/stats.hpp"
#include "labelkit/version.hpp"
#include "ops/dataset_output.hpp"
#include "ops/html_report_sections.hpp"

namespace labelkit {

namespace {

constexpr std::size_t most_messages = 50;     // of the run's own messages on the page
constexpr std::size_t most_class_names = 20;  // named in a dataset's summary

struct InputReport {
    std::string name;  // as the user gave it
    LintResult lint;
};

InputReport lint_input(const std::filesystem::path& input, const HtmlReportOptions& options, DiagnosticSink& sink) {
    LintOptions lint_options;
    lint_options.input = input;
    lint_options.from = options.from;
    lint_options.read = options.read;
    lint_options.max_per_rule = report_findings_per_rule;
    lint_options.fail_on = FailOn::never;
    return {input.string(), lint(lint_options, sink)};
}

// Several inputs are annotators of the same images; one input may name several annotators.
bool compares_annotators(const std::vector<InputReport>& inputs) {
    return inputs.size() > 1 || inputs.front().lint.dataset.annotators.size() > 1;
}

struct Agreement {
    std::optional<AgreeResult> result;
    std::string failure;  // why there is none, when one was asked for
};

Agreement agreement_of(const HtmlReportOptions& options, DiagnosticSink& sink) {
    AgreeOptions agree_options;
    agree_options.inputs = options.inputs;
    agree_options.from = options.from;
    agree_options.read = options.read;
    agree_options.names = options.names;
    agree_options.iou = options.iou;
    agree_options.worst = report_worst_images;
    try {
        return {agree(agree_options, sink), ""};
    } catch (const Error& error) {
        sink.warn("report/no-agreement", "the page has no agreement: " + std::string(error.what()));
        return {std::nullopt, std::string(error.what())};
    }
}

// ": a, b, c" (the first most_class_names, then "and N more").
std::string class_names(const Dataset& dataset) {
    std::string names;
    for (std::size_t i = 0; i < dataset.categories.size() && i < most_class_names; ++i)
        names += (i == 0 ? ": " : ", ") + dataset.categories[i].name;
    if (dataset.categories.size() > most_class_names)
        names += fmt::format(" and {} more", dataset.categories.size() - most_class_names);
    return names;
}

std::vector<html::Section> input_sections(const std::vector<InputReport>& inputs) {
    std::vector<html::Section> sections;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const InputReport& input = inputs[i];
        const std::string id = fmt::format("dataset-{}", i + 1);
        const Dataset& dataset = input.lint.dataset;
        sections.push_back({id, "Dataset " + input.name,
                            fmt::format("<p>Read as {}: {}, {}, {}{}.</p>\n", html::escape(input.lint.format),
                                        counted(dataset.items.size(), "item"),
                                        counted(dataset.annotations.size(), "annotation"),
                                        counted(dataset.categories.size(), "class", "classes"),
                                        html::escape(class_names(dataset))),
                            2});
        sections.push_back({id + "-stats", "Statistics", html::stats_section(compute_stats(dataset)), 3});
        sections.push_back({id + "-lint", "Lint findings", html::lint_section(input.lint), 3});
    }
    return sections;
}

std::string intro(const HtmlReportOptions& options) {
    std::string list;
    for (const std::filesystem::path& input : options.inputs) list += "<li><code>" + html::escape(input.string()) + "</code></li>";
    return fmt::format("<p class=\"muted\">labelkit {}. Inputs:</p><ul>{}</ul>\n<p class=\"muted\">Limits of this "
                       "page: the first {} findings of each rule are listed (the rest counted), at most {} images are "
                       "drawn, scaled to fit {} pixels.</p>\n",
                       version(), list, report_findings_per_rule, report_worst_images, report_picture_side);
}

std::string render(const HtmlReportResult& result, const HtmlReportOptions& options) {
    return fmt::format("wrote {} ({} KB): {}, {}{}{}\n", options.output.string(), (result.bytes + 1023) / 1024,
                       counted(options.inputs.size(), "input"), counted(result.findings, "lint finding"),
                       result.agreement ? ", the agreement" : "",
                       result.drawn > 0 ? fmt::format(", {} drawn", counted(result.drawn, "image")) : "");
}

}  // namespace

HtmlReportResult html_report(const HtmlReportOptions& options, DiagnosticSink& sink) {
    if (options.inputs.empty()) throw Error("report needs a dataset");
    if (options.output.empty()) throw Error("report needs an output file (-o FILE)");
    if (options.inputs.size() > 1 && !options.names.empty() && options.names.size() != options.inputs.size())
        throw Error(fmt::format("--names gives {} for {}", counted(options.names.size(), "name"),
                                counted(options.inputs.size(), "input")));
    const std::size_t messages_before = sink.diagnostics().size();
    // Opened first: a path the page may not take is refused before the work.
    PendingOutputFile file(OutputPath{options.output, options.overwrite, options.inputs}, sink);
    std::vector<InputReport> inputs;
    HtmlReportResult result;
    for (const std::filesystem::path& input : options.inputs) {
        inputs.push_back(lint_input(input, options, sink));
        file.refuse_inputs(image_files_of(inputs.back().lint.dataset));
        const LintSummary& summary = inputs.back().lint.summary;
        result.findings += summary.errors + summary.warnings + summary.infos;
    }
    // Several annotators: their agreement first, what the page is mostly for; then each dataset.
    std::vector<html::Section> sections;
    if (compares_annotators(inputs)) {
        const Agreement agreement = agreement_of(options, sink);
        result.agreement = agreement.result.has_value();
        sections.push_back({"agreement", "Agreement",
                            agreement.result ? html::agreement_section(*agreement.result)
                                             : "<p>Not computed: " + html::escape(agreement.failure) + "</p>\n",
                            2});
        if (agreement.result)
            if (std::string worst = html::worst_images_section(*agreement.result, report_worst_images,
                                                                report_picture_side, result.drawn, sink);
                !worst.empty())
                sections.push_back({"worst-images", "Images that agree least, drawn", std::move(worst), 2});
    }
    for (html::Section& section : input_sections(inputs)) sections.push_back(std::move(section));
    const auto messages = std::span(sink.diagnostics()).subspan(messages_before);
    if (!messages.empty())
        sections.push_back({"messages", "Messages of this run", html::messages_section(messages, most_messages), 2});
    const std::string page = html::page("labelkit report", intro(options), sections);
    file.write(page);
    result.bytes = page.size();
    result.rendered = render(result, options);
    return result;
}

}  // namespace labelkit
