// The lint operation: read leniently, run the rules, report, and write the fixed copy.
#include <set>

#include <fmt/format.h>

#include "labelkit/error.hpp"
#include "labelkit/io.hpp"
#include "labelkit/ops/convert.hpp"
#include "labelkit/ops/lint.hpp"
#include "labelkit/progress.hpp"
#include "labelkit/version.hpp"
#include "ops/dataset_output.hpp"

namespace labelkit {

namespace {

// The catalogue's defaults, changed by the config file when there is one ("": none).
LintConfig load_config(const std::filesystem::path& file, const std::filesystem::path& input,
                       const std::vector<Format>& formats) {
    LintConfig config(all_rules(formats));
    config.base = is_folder(input) ? input : input.parent_path();
    if (!file.empty()) read_lint_config(file, config);
    return config;
}

// The rules under which a reader reports what it left out: a fixed copy would silently lose it.
std::set<std::string, std::less<>> reader_error_rules(const std::vector<Format>& formats) {
    std::set<std::string, std::less<>> rules;
    for (const Format& format : formats)
        for (const RuleInfo& rule : format.rules)
            if (rule.default_severity == Severity::error) rules.insert(rule.id);
    return rules;
}

LintSummary summarize(const ReportInput& report) {
    LintSummary summary;
    const auto add = [&](Severity severity, std::size_t count) {
        (severity == Severity::error ? summary.errors : severity == Severity::warning ? summary.warnings : summary.infos) += count;
    };
    for (const Diagnostic& d : report.diagnostics) add(d.severity, 1);
    for (const UnlistedFindings& u : report.unlisted) add(u.severity, u.count);
    std::set<std::string> files(report.files.begin(), report.files.end());
    for (const Diagnostic& d : report.diagnostics)
        if (!d.location.path.empty()) files.insert(d.location.path);
    summary.files = files.size();
    return summary;
}

bool fails(const LintSummary& summary, FailOn fail_on) {
    switch (fail_on) {
        case FailOn::error: return summary.errors > 0;
        case FailOn::warning: return summary.errors + summary.warnings > 0;
        case FailOn::info: return summary.errors + summary.warnings + summary.infos > 0;
        case FailOn::never: return false;
    }
    return false;
}

// Why no fixed copy may be written, or "".
std::string fix_refusal(const std::optional<Format>& format, std::size_t skipped) {
    if (!format) return "no fixed copy written: the input could not be read";
    if (!format->write) return fmt::format("labelkit cannot write {}: --fix needs a format it writes", format->name);
    if (skipped > 0)
        return fmt::format("no fixed copy written: {} problem{} made the reader leave parts of the input out "
                           "(see the report); --fix would drop them silently, so fix {} by hand first",
                           skipped, skipped == 1 ? "" : "s", skipped == 1 ? "it" : "them");
    return "";
}

// "out/" and "./out" name the folder "out".
std::string normal_text(const std::filesystem::path& path) {
    std::string text = path.lexically_normal().string();
    while (text.size() > 1 && text.back() == '/') text.pop_back();
    return text;
}

// How lint reads: leniently, with the config's tolerance for normalised coordinates.
ReadOptions lenient_read(const LintOptions& options, const LintConfig& config) {
    ReadOptions read = options.read;
    read.lenient = true;
    read.normalised_tolerance = config.parameter("yolo/coordinate-out-of-range", "tolerance");
    return read;
}

// A path the reader of the fixed copy reported, as the same file of the input: the copy mirrors
// the input, and the config's ignore patterns are written for the input's paths.
std::string as_input_path(const std::string& path, const LintOptions& options) {
    const std::string copy = normal_text(options.fix), reported = normal_text(path);
    if (reported == copy) return options.input.string();
    if (reported.size() > copy.size() && reported.starts_with(copy) && reported[copy.size()] == '/')
        return (options.input / reported.substr(copy.size() + 1)).string();
    return path;
}

bool is_image_rule(std::string_view rule) { return rule.starts_with("image/"); }

// The findings of the --check-images rules in a report: --fix changes no image, and the
// copy's images may be links or absent, so these carry over from the input.
LintSummary image_findings(const ReportInput& report) {
    ReportInput images;
    for (const Diagnostic& d : report.diagnostics)
        if (is_image_rule(d.rule)) images.diagnostics.push_back(d);
    for (const UnlistedFindings& u : report.unlisted)
        if (is_image_rule(u.rule)) images.unlisted.push_back(u);
    return summarize(images);
}

// What is left in the fixed copy: the copy read back with the input's format and linted with
// the same config, its paths mapped back to the input's so that ignore patterns match the same
// files, plus the input's image findings.
LintSummary lint_fixed_copy(const Format& format, const LintOptions& options, const LintConfig& config,
                            const ReportInput& original) {
    FindingFilter filter(config, options.max_per_rule);
    DiagnosticSink findings;
    findings.set_filter(
        [&](Diagnostic& d) {
            d.location.path = as_input_path(d.location.path, options);
            return !is_image_rule(d.rule) && filter.keep(d);
        },
        [&](std::string_view rule) { return filter.claim(rule); });
    LoadedDataset loaded;
    try {
        loaded = load_dataset({format}, options.fix, format.name, lenient_read(options, config), findings);
    } catch (const Error& error) {
        if (error.rule().empty()) throw;
        findings.report(error.as_diagnostic(error.rule()));
    }
    if (loaded.format) lint_dataset(loaded.dataset, *loaded.format, config, findings);
    ReportInput left;
    left.diagnostics = findings.diagnostics();
    left.unlisted = filter.unlisted();
    LintSummary summary = summarize(left);
    const LintSummary images = image_findings(original);
    summary.errors += images.errors;
    summary.warnings += images.warnings;
    summary.infos += images.infos;
    return summary;
}

void write_fixed_copy(Dataset& dataset, const Format& format, const LintOptions& options, const LintConfig& config,
                      LintResult& result, DiagnosticSink& sink) {
    result.fixes = apply_safe_fixes(dataset, config);
    adapt_to_target(dataset, format, {}, sink);
    std::vector<std::filesystem::path> inputs{options.input};
    if (!options.config.empty()) inputs.push_back(options.config);
    write_dataset(dataset, format, {options.fix, options.overwrite, inputs}, write_options(std::nullopt, format, options.read),
                  sink);
    result.fixed_copy_written = true;
    result.fixed_summary = lint_fixed_copy(format, options, config, result.report);
    result.failed = fails(*result.fixed_summary, options.fail_on);
}

}  // namespace

LintResult lint(const LintOptions& options, DiagnosticSink& sink) {
    if (options.input.empty()) throw Error("lint needs INPUT (or --list-rules)");
    const std::vector<Format> formats = all_formats();
    LintResult result;
    if (options.config.empty()) result.config_found = find_lint_config(options.input).value_or(std::filesystem::path());
    const LintConfig config =
        load_config(options.config.empty() ? result.config_found : options.config, options.input, formats);

    // The filter applies the config as findings arrive; every reader error is counted first,
    // also those of disabled rules, because --fix must not write a copy missing what was skipped.
    FindingFilter filter(config, options.max_per_rule);
    const auto reader_rules = reader_error_rules(formats);
    std::size_t reader_errors = 0;
    DiagnosticSink findings;
    findings.set_filter(
        [&](Diagnostic& d) {
            if (d.severity == Severity::error && reader_rules.contains(d.rule)) ++reader_errors;
            return filter.keep(d);
        },
        [&](std::string_view rule) { return filter.claim(rule); });
    LoadedDataset loaded;
    try {
        loaded = load_dataset(formats, options.input, options.from, lenient_read(options, config), findings);
    } catch (const Error& error) {
        if (error.rule().empty()) throw;  // not readable at all
        findings.report(error.as_diagnostic(error.rule()));  // a fatal content problem is a finding
    }
    if (loaded.format) {
        result.format = loaded.format->name;
        {
            const ProgressPhase checking(options.read.progress, "checking annotations");
            lint_dataset(loaded.dataset, *loaded.format, config, findings);
        }
        if (options.check_images)
            check_images(loaded.dataset, *loaded.format, config, findings, options.read.progress);
    }
    std::vector<Diagnostic> diagnostics = findings.diagnostics();
    if (loaded.format && loaded.format->add_lines) loaded.format->add_lines(diagnostics);

    result.report = {std::move(diagnostics), config.rules(), loaded.dataset.source_files, options.input.string(), version()};
    result.report.unlisted = filter.unlisted();
    result.report.max_per_rule = options.max_per_rule;
    result.summary = summarize(result.report);
    result.rendered = render_report(options.format, result.report);
    result.failed = fails(result.summary, options.fail_on);

    if (!options.fix.empty()) {
        result.fix_refused = fix_refusal(loaded.format, reader_errors);
        if (result.fix_refused.empty()) write_fixed_copy(loaded.dataset, *loaded.format, options, config, result, sink);
    }
    result.dataset = std::move(loaded.dataset);
    return result;
}

std::string lint_failure_report(const LintOptions& options, const Error& error) {
    ReportInput report;
    report.input = options.input.string();
    report.tool_version = version();
    Location where = error.where();
    if (where.path.empty()) where = Location{options.input.string()};
    report.failure = RunFailure{error.message(), std::move(where)};
    return render_report(options.format, report);
}

}  // namespace labelkit
