// labelkit lint INPUT: the lint operation (labelkit/ops/lint.hpp): print its report, and exit 1
// when there are findings at or above --fail-on. --list-rules prints the rule catalogue.
#include <filesystem>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "choices.hpp"
#include "commands.hpp"
#include "dataset_input.hpp"
#include "labelkit/error.hpp"
#include "labelkit/ops/lint.hpp"
#include "standard_input.hpp"
#include "standard_output.hpp"

namespace labelkit::cli {

namespace {

struct LintCommand {
    LintOptions options;
    std::string image_size;
    bool list_rules = false;
};

std::string parameters_text(const RuleInfo& rule) {
    std::string text;
    for (const RuleParameter& parameter : rule.parameters)
        text += fmt::format("{}{}={}", text.empty() ? "" : ", ", parameter.name, parameter.default_value);
    return text;
}

int list_rules(ReportFormat format) {
    const std::vector<RuleInfo> rules = all_rules(all_formats());
    if (format == ReportFormat::json) {
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
    if (format != ReportFormat::text) throw Error("--list-rules prints text or json (--format json)");
    for (const RuleInfo& rule : rules) {
        fmt::print("{:<38} {:<8} {}\n", rule.id, to_string(rule.default_severity), rule.short_description);
        if (!rule.parameters.empty()) fmt::print("{:<47} parameters: {}\n", "", parameters_text(rule));
        if (!rule.fix.empty()) fmt::print("{:<47} --fix: {}\n", "", rule.fix);
    }
    return 0;
}

// A stream's copy lies in a temporary folder: its lint config is looked for from the current
// folder instead (as ESLint does for --stdin).
void find_config_of_stream(LintCommand& command, const Console& console) {
    if (!command.options.config.empty()) return;
    const std::optional<std::filesystem::path> found = find_lint_config(std::filesystem::current_path());
    if (!found) return;
    command.options.config = *found;
    console.message(fmt::format("using {}", found->string()));
}

int run_lint(LintCommand& command, const Console& console) {
    const LintOptions& options = command.options;
    if (command.list_rules) return list_rules(options.format);
    if (is_standard_output(options.fix))
        throw Error("standard output carries the report: write the fixed copy to a file", {options.fix.string()});
    set_image_size(command.options.read, command.image_size);
    const std::filesystem::path typed_input = options.input;
    StreamInputs streams;
    DiagnosticSink sink = console.make_sink();
    streams.rename_in(sink);
    LintResult result;
    try {
        streams.take(command.options.input, options.from);
        if (streams.any()) find_config_of_stream(command, console);
        result = streams.run([&] { return lint(options, sink); });
    } catch (const Error& error) {
        // A CI job uploads the report whatever the exit status: a machine-readable one says why
        // nothing was checked. Text goes to a person, who reads the error on stderr.
        if (options.format != ReportFormat::text) {
            LintOptions as_typed = options;
            as_typed.input = typed_input == "-" ? standard_input_name : typed_input;
            fmt::print("{}", lint_failure_report(as_typed, error));
            std::fflush(stdout);
        }
        throw;
    }
    leave_to_exit(std::move(result.dataset));
    if (!result.config_found.empty()) console.message(fmt::format("using {}", result.config_found.string()));
    if (streams.any()) {
        streams.rename(result.report);
        result.rendered = render_report(options.format, result.report);
    }
    fmt::print("{}", result.rendered);
    std::fflush(stdout);
    if (!result.fix_refused.empty()) throw Error(result.fix_refused, {options.fix.string()});
    if (result.fixed_copy_written) {
        for (const FixCount& fix : result.fixes) console.message(fmt::format("fixed [{}]: {} {}", fix.rule, fix.count, fix.what));
        console.message(fmt::format("wrote {} ({} fix{})", options.fix.string(), result.fixes.size(),
                                    result.fixes.size() == 1 ? "" : "es"));
        const LintSummary& left = *result.fixed_summary;
        console.message(fmt::format("left in {}: {} error{}, {} warning{}, {} info{} (the exit status follows these)",
                                    options.fix.string(), left.errors, left.errors == 1 ? "" : "s", left.warnings,
                                    left.warnings == 1 ? "" : "s", left.infos, left.infos == 1 ? "" : "s"));
    }
    return result.failed ? 1 : 0;
}

}  // namespace

void add_lint_command(CLI::App& app, Console& console, Action& action) {
    auto command = std::make_shared<LintCommand>();
    LintOptions& options = command->options;
    CLI::App* lint = app.add_subcommand("lint", "check a dataset for problems and report them (for CI)");
    lint->add_option("input", options.input, "dataset to check (file or directory; - or a pipe: one file read from it)");
    add_format_option(*lint, "--from", options.from, FormatRole::read, "its format, detected when left out");
    add_choice(*lint, "--format", options.format, fmt::format("report format: {}", names_text<ReportFormat>()));
    add_choice(*lint, "--fail-on", options.fail_on,
               "exit 1 when a finding is at or above this severity: error (default), warning, info or never");
    lint->add_option("--config", options.config,
                     "lint configuration (YAML); default: .labelkit.yaml beside INPUT or in a folder above");
    lint->add_flag("--check-images", options.check_images,
                   "also check the images: present, readable, of the declared size, EXIF orientation");
    add_input_options(*lint, options.read, command->image_size);
    lint->add_option("--fix", options.fix, "write a copy with the safe fixes applied to this path (input untouched)");
    lint->add_flag("--overwrite", options.overwrite, "with --fix: replace the output if it exists");
    lint->add_option("--max-per-rule", options.max_per_rule,
                     "list at most this many findings per rule, then say how many more (0: all; default 1000)");
    lint->add_flag("--list-rules", command->list_rules, "print every rule (with --format json: as JSON) and exit");
    lint->footer("Examples:\n"
                 "  labelkit lint examples/coco\n"
                 "  labelkit lint examples/yolo --fail-on warning --format json\n"
                 "  labelkit lint examples/coco --format sarif > lint.sarif\n"
                 "  labelkit lint examples/voc --fix voc-fixed\n"
                 "  labelkit lint --list-rules");
    run_when_chosen(*lint, action, console, command, run_lint);
}

}  // namespace labelkit::cli
