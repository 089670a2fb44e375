// labelkit lint INPUT: read the dataset leniently, run every enabled rule, print one report,
// and exit 1 when there are findings at or above --fail-on. --fix writes a corrected copy.
#include <memory>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "dataset_input.hpp"
#include "dataset_output.hpp"
#include "labelkit/error.hpp"
#include "labelkit/format.hpp"
#include "labelkit/io.hpp"
#include "labelkit/ops/convert.hpp"
#include "labelkit/ops/lint.hpp"
#include "labelkit/report.hpp"

namespace labelkit::cli {

namespace {

struct LintOptions {
    std::string input;
    std::string from;
    std::string format = "text";
    std::string fail_on = "error";
    std::string config;
    InputOptions input_options;
    std::string fix;
    bool check_images = false;
    bool overwrite = false;
    bool list_rules = false;
    std::size_t max_per_rule = 1000;
};

std::string parameters_text(const RuleInfo& rule) {
    std::string text;
    for (const RuleParameter& parameter : rule.parameters)
        text += fmt::format("{}{}={}", text.empty() ? "" : ", ", parameter.name, parameter.default_value);
    return text;
}

int list_rules(const LintOptions& options) {
    const std::vector<RuleInfo> rules = all_rules(all_formats());
    if (options.format == "json") {
        nlohmann::json list = nlohmann::json::array();
        for (const RuleInfo& rule : rules) {
            nlohmann::json parameters = nlohmann::json::array();
            for (const RuleParameter& p : rule.parameters)
                parameters.push_back({{"name", p.name}, {"default", p.default_value}, {"description", p.description}});
            list.push_back({{"id", rule.id},
                            {"default_severity", to_string(rule.default_severity)},
                            {"description", rule.short_description},
                            {"help", rule.help},
                            {"parameters", parameters},
                            {"fix", rule.fix.empty() ? nlohmann::json(nullptr) : nlohmann::json(rule.fix)}});
        }
        fmt::print("{}\n", nlohmann::json{{"rules", list}}.dump(2));
        return 0;
    }
    if (options.format != "text") throw Error("--list-rules prints text or json (--format json)");
    for (const RuleInfo& rule : rules) {
        fmt::print("{:<38} {:<8} {}\n", rule.id, to_string(rule.default_severity), rule.short_description);
        if (!rule.parameters.empty()) fmt::print("{:<47} parameters: {}\n", "", parameters_text(rule));
        if (!rule.fix.empty()) fmt::print("{:<47} --fix: {}\n", "", rule.fix);
    }
    return 0;
}

LintConfig load_config(const LintOptions& options, const std::vector<Format>& formats, const Console& console) {
    LintConfig config(all_rules(formats));
    config.base = is_folder(options.input) ? std::filesystem::path(options.input)
                                                                : std::filesystem::path(options.input).parent_path();
    std::optional<std::filesystem::path> file;
    if (!options.config.empty()) file = options.config;
    else file = find_lint_config(options.input);
    if (file) {
        if (options.config.empty()) console.message(fmt::format("using {}", file->string()));
        read_lint_config(*file, config);
    }
    return config;
}

std::optional<Severity> threshold(const std::string& fail_on) {
    if (fail_on == "error") return Severity::error;
    if (fail_on == "warning") return Severity::warning;
    if (fail_on == "info") return Severity::info;
    return std::nullopt;  // never
}

// The rules under which a reader reports what it left out: a fixed copy would silently lose it.
std::set<std::string, std::less<>> reader_error_rules(const std::vector<Format>& formats) {
    std::set<std::string, std::less<>> rules;
    for (const Format& format : formats)
        for (const RuleInfo& rule : format.rules)
            if (rule.default_severity == Severity::error) rules.insert(rule.id);
    return rules;
}

void write_fixed_copy(Dataset& dataset, const Format& format, const LintOptions& options, std::size_t skipped,
                      const LintConfig& config, const Console& console) {
    if (!format.write) throw Error(fmt::format("labelkit cannot write {}: --fix needs a format it writes", format.name));
    if (skipped > 0)
        throw Error(fmt::format("no fixed copy written: {} problem{} made the reader leave parts of the input out "
                                "(see the report); --fix would drop them silently, so fix {} by hand first",
                                skipped, skipped == 1 ? "" : "s", skipped == 1 ? "it" : "them"),
                    {options.fix});
    const std::vector<FixCount> fixes = apply_safe_fixes(dataset, config);
    DiagnosticSink sink = console.make_sink();
    adapt_to_target(dataset, format, {}, sink);
    std::vector<std::filesystem::path> inputs{options.input};
    if (!options.config.empty()) inputs.emplace_back(options.config);
    write_dataset(dataset, format, {options.fix, options.overwrite, inputs},
                  write_options(format.default_images, options.input_options), sink);
    for (const FixCount& fix : fixes) console.message(fmt::format("fixed [{}]: {} {}", fix.rule, fix.count, fix.what));
    console.message(fmt::format("wrote {} ({} fix{})", options.fix, fixes.size(), fixes.size() == 1 ? "" : "es"));
}

int run_lint(const LintOptions& options, const Console& console) {
    if (options.list_rules) return list_rules(options);
    if (options.input.empty()) throw Error("lint needs INPUT (or --list-rules)");
    const std::optional<ReportFormat> report_format = parse_report_format(options.format);
    if (!report_format) throw Error(fmt::format("unknown --format '{}'", options.format));
    if (is_standard_output(options.fix))
        throw Error("standard output carries the report: write the fixed copy to a file", {options.fix});
    const std::vector<Format> formats = all_formats();
    const LintConfig config = load_config(options, formats, console);

    ReadOptions read = read_options(options.input_options);
    read.lenient = true;
    read.normalised_tolerance = config.parameter("yolo/coordinate-out-of-range", "tolerance");
    // The filter applies the config as findings arrive; every reader error is counted first,
    // also those of disabled rules, because --fix must not write a copy missing what was skipped.
    FindingFilter filter(config, options.max_per_rule);
    const auto reader_rules = reader_error_rules(formats);
    std::size_t reader_errors = 0;
    DiagnosticSink sink;
    sink.set_filter(
        [&](Diagnostic& d) {
            if (d.severity == Severity::error && reader_rules.contains(d.rule)) ++reader_errors;
            return filter.keep(d);
        },
        [&](std::string_view rule) { return filter.claim(rule); });
    LoadedDataset loaded;
    try {
        loaded = load_dataset(formats, options.input, options.from, read, sink);
    } catch (const Error& error) {
        if (error.rule().empty()) throw;  // not readable at all: exit 2
        sink.report(error.as_diagnostic(error.rule()));  // a fatal content problem is a finding
    }
    if (loaded.format) {
        lint_dataset(loaded.dataset, *loaded.format, config, sink);
        if (options.check_images) check_images(loaded.dataset, *loaded.format, config, sink);
    }
    std::vector<Diagnostic> diagnostics = sink.diagnostics();
    if (loaded.format && loaded.format->add_lines) loaded.format->add_lines(diagnostics);
    const std::vector<UnlistedFindings> unlisted = filter.unlisted();

    ReportInput report{diagnostics, config.rules(), loaded.dataset.source_files, options.input, "0.1.0"};
    report.unlisted = unlisted;
    report.max_per_rule = options.max_per_rule;
    fmt::print("{}", render_report(*report_format, report));
    std::fflush(stdout);

    if (!options.fix.empty()) {
        if (!loaded.format) throw Error("no fixed copy written: the input could not be read", {options.fix});
        write_fixed_copy(loaded.dataset, *loaded.format, options, reader_errors, config, console);
    }
    static_cast<void>(new Dataset(std::move(loaded.dataset)));  // freed by the OS at exit (see convert)
    const std::optional<Severity> fail_at = threshold(options.fail_on);
    if (!fail_at) return 0;
    for (const Diagnostic& d : diagnostics)
        if (d.severity >= *fail_at) return 1;
    for (const UnlistedFindings& u : unlisted)
        if (u.severity >= *fail_at) return 1;
    return 0;
}

}  // namespace

void add_lint_command(CLI::App& app, Console& console, Action& action) {
    auto options = std::make_shared<LintOptions>();
    CLI::App* command = app.add_subcommand("lint", "check a dataset for problems and report them (for CI)");
    command->add_option("input", options->input, "dataset to check (file or directory)");
    command->add_option("--from", options->from, "its format (detected when left out)");
    command->add_option("--format", options->format, "report format: text, json, sarif, github or junit")
        ->check(CLI::IsMember({"text", "json", "sarif", "github", "junit"}));
    command->add_option("--fail-on", options->fail_on,
                        "exit 1 when a finding is at or above this severity: error (default), warning, info or never")
        ->check(CLI::IsMember({"error", "warning", "info", "never"}));
    command->add_option("--config", options->config,
                        "lint configuration (YAML); default: .labelkit.yaml beside INPUT or in a folder above");
    command->add_flag("--check-images", options->check_images,
                      "also check the images: present, readable, of the declared size, EXIF orientation");
    add_input_options(*command, options->input_options);
    command->add_option("--fix", options->fix, "write a copy with the safe fixes applied to this path (input untouched)");
    command->add_flag("--overwrite", options->overwrite, "with --fix: replace the output if it exists");
    command->add_option("--max-per-rule", options->max_per_rule,
                        "list at most this many findings per rule, then say how many more (0: all; default 1000)");
    command->add_flag("--list-rules", options->list_rules, "print every rule (with --format json: as JSON) and exit");
    command->callback([&console, &action, options] {
        action = [&console, options](std::size_t jobs) {
            options->input_options.jobs = jobs;
            return run_lint(*options, console);
        };
    });
}

}  // namespace labelkit::cli
