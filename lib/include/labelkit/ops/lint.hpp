#pragma once
// Linting: the rule catalogue, its configuration, the checks over a dataset read leniently,
// and the safe fixes. Format-specific structural rules are reported by each format's reader
// (Format::rules); the rules here work on the model and so apply to every format.
#include <array>
#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "labelkit/diagnostics.hpp"
#include "labelkit/error.hpp"
#include "labelkit/format.hpp"
#include "labelkit/model.hpp"
#include "labelkit/report.hpp"

namespace labelkit {

// What `lint --fix` changed for one rule.
struct FixCount {
    std::string rule;
    std::string what;  // "boxes clipped to the image", ...
    std::size_t count = 0;
};

// `labelkit lint`: read a dataset leniently, run every enabled rule, report the findings, and
// optionally write a copy with the safe fixes applied.

// The severity from which findings fail the run (exit 1), or never.
enum class FailOn { error, warning, info, never };
template <>
struct EnumTable<FailOn> {
    static constexpr EnumName<FailOn> entries[] = {
        {FailOn::error, "error"}, {FailOn::warning, "warning"}, {FailOn::info, "info"}, {FailOn::never, "never"}};
};

struct LintOptions {
    std::filesystem::path input;  // a file or folder
    std::string from;             // its format's name; "" to detect it
    // --image-root, --image-size, --voc-coordinates. Lint sets `lenient` and the normalised
    // tolerance (from the config) itself.
    ReadOptions read;
    std::filesystem::path config;  // a YAML lint config; "": .labelkit.yaml beside the input or above
    bool check_images = false;     // also check the image files
    std::size_t max_per_rule = 1000;  // findings listed per rule (0: all); the rest are counted
    ReportFormat format = ReportFormat::text;  // of LintResult::rendered
    FailOn fail_on = FailOn::error;
    std::filesystem::path fix;  // write a copy with the safe fixes here; "": none
    bool overwrite = false;     // with fix: replace an existing copy
};

struct LintSummary {
    std::size_t errors = 0;  // listed and unlisted findings of each severity
    std::size_t warnings = 0;
    std::size_t infos = 0;
    std::size_t files = 0;  // files checked
};

struct LintResult {
    std::string format;                   // the format read; "" when the input could not be read
    std::filesystem::path config_found;   // the .labelkit.yaml used when options.config was empty
    ReportInput report;                   // the findings listed, the unlisted counts, the rules that ran
    LintSummary summary;
    std::string rendered;                 // the report in options.format, as the CLI prints it
    // A finding at or above options.fail_on (exit 1) in what the run leaves: the fixed copy when
    // one was written (fixed_summary), else the input (summary).
    bool failed = false;
    std::vector<FixCount> fixes;          // what the fixed copy changed
    bool fixed_copy_written = false;
    // The findings left in the fixed copy, when written: the copy read back and linted with the
    // same config (see lint.cpp, lint_fixed_copy).
    std::optional<LintSummary> fixed_summary;
    // Why no fixed copy was written although options.fix asked for one (the reader left parts of
    // the input out, the input could not be read, the format cannot be written); "" otherwise.
    std::string fix_refused;
    // The dataset as read (and fixed, with fix), moved out of the operation: for a caller that goes on with it, and
    // for a command that ends right after and leaves its memory to the OS (freeing a million
    // annotations takes tenths of a second).
    Dataset dataset;
};

// Findings go into the result, not to sink: sink gets what happens to the fixed copy (the changes
// the format forces, the writer's messages). Throws labelkit::Error for an input that cannot be
// read at all (missing, no format fits), a config that cannot be read, and a fixed copy that
// cannot be written where asked.
LintResult lint(const LintOptions& options, DiagnosticSink& sink);

// The report of a lint that could not run because lint() threw `error`: no findings, and the
// failure said the way options.format says a tool that could not run (ReportInput::failure),
// located at the error's path, else at options.input. For CI jobs that upload the report.
std::string lint_failure_report(const LintOptions& options, const Error& error);

// The rules of the lint op itself: geometry/..., dataset/..., image/... (lib/src/ops/lint_rules.cpp).
std::vector<RuleInfo> lint_rules();

// lint_rules() followed by every format's rules, each id once.
std::vector<RuleInfo> all_rules(const std::vector<Format>& formats);

// Which rules run, at what severity, with which parameters, and which paths are ignored:
// the catalogue's defaults, changed by a config file.
class LintConfig {
public:
    explicit LintConfig(std::vector<RuleInfo> rules);

    const std::vector<RuleInfo>& rules() const { return rules_; }
    const RuleInfo* find(std::string_view rule) const;

    bool enabled(std::string_view rule) const;
    Severity severity(std::string_view rule) const;
    // Whether the config set the rule's severity (else a finding keeps the one it was reported
    // with: a rule may report some findings as warnings, as voc/inverted-box does).
    bool severity_configured(std::string_view rule) const;
    // The rule's parameter as configured, or its default. Throws labelkit::Error when the rule
    // has no such parameter (a programming error, caught by the tests).
    double parameter(std::string_view rule, std::string_view name) const;

    // These throw labelkit::Error (at `where`) for an unknown rule or parameter.
    void set_enabled(std::string_view rule, bool enabled, const Location& where = {});
    void set_severity(std::string_view rule, Severity severity, const Location& where = {});
    void set_parameter(std::string_view rule, std::string_view name, double value, const Location& where = {});

    // Glob patterns of paths whose diagnostics are dropped. `*` and `?` stay within one path
    // segment, `**` spans segments; a pattern without a slash matches the file name anywhere.
    std::vector<std::string> ignore;
    // Patterns match paths relative to this folder (the config file's folder, or the input's).
    std::filesystem::path base;
    bool ignored(std::string_view path) const;

private:
    struct Setting {
        bool enabled = true;
        Severity severity = Severity::warning;
        bool severity_configured = false;
        std::map<std::string, double, std::less<>> parameters;
    };
    std::vector<RuleInfo> rules_;
    std::map<std::string, Setting, std::less<>> settings_;
};

// True when path matches the glob pattern (see LintConfig::ignore). Both use forward slashes.
bool glob_match(std::string_view pattern, std::string_view path);

// Reads a YAML lint config (schemas/lint-config.schema.json) into config. Throws
// labelkit::Error with file, line and column for YAML syntax errors, unknown keys, unknown rule
// ids or parameters, and values of the wrong type.
void read_lint_config(const std::filesystem::path& file, LintConfig& config);

// `.labelkit.yaml` in the input's folder (the input itself when it is a folder) or the
// nearest folder above it; nullopt when there is none.
std::optional<std::filesystem::path> find_lint_config(const std::filesystem::path& input);

// The geometry, identity and dataset-level checks over a dataset read with the format.
void lint_dataset(const Dataset& dataset, const Format& format, const LintConfig& config, DiagnosticSink& sink);

// --check-images: every item's image exists, its header is readable, its size matches the
// declared size, and a JPEG's EXIF orientation does not swap width and height. Counts the images
// checked in `progress` (may be null).
void check_images(const Dataset& dataset, const Format& format, const LintConfig& config, DiagnosticSink& sink,
                  Progress* progress = nullptr);

// Drops diagnostics of disabled rules and ignored paths, and applies configured severities.
std::vector<Diagnostic> apply_config(std::vector<Diagnostic> diagnostics, const LintConfig& config);

// Applies the configuration to findings as they are reported (DiagnosticSink::set_filter) and
// keeps at most max_per_rule findings of each rule (0: no limit): GitHub code scanning takes
// 25,000 results per upload, and a report of a million lines helps nobody. The rest are
// counted by rule and severity, also those that claim() turned away before they were built,
// and unlisted() says how many there were (ReportInput::unlisted).
class FindingFilter {
public:
    FindingFilter(const LintConfig& config, std::size_t max_per_rule);
    bool keep(Diagnostic& diagnostic);
    bool claim(std::string_view rule);  // see DiagnosticSink::set_filter
    // The findings dropped for the limit, by rule (in id order), then severity (error first).
    std::vector<UnlistedFindings> unlisted() const;
    // Installs keep and claim on the sink; the filter must outlive it.
    void attach(DiagnosticSink& sink);

private:
    bool ignored(const std::string& path);
    void count_unlisted(std::string_view rule, Severity severity);
    const LintConfig& config_;
    std::size_t max_per_rule_;
    std::map<std::string, std::size_t, std::less<>> kept_;
    // Per rule, the number not listed of each severity, indexed by Severity.
    std::map<std::string, std::array<std::size_t, 3>, std::less<>> unlisted_;
    std::map<std::string, bool, std::less<>> ignored_paths_;
};

// Applies the safe fixes (clip boxes to the image, drop exact duplicates, drop degenerate
// boxes and polygons, renumber duplicate annotation ids) for the enabled rules that have one.
std::vector<FixCount> apply_safe_fixes(Dataset& dataset, const LintConfig& config);

}  // namespace labelkit
