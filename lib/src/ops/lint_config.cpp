// The lint configuration: the rule catalogue's defaults, changed by a `.labelkit.yaml` file
// (schemas/lint-config.schema.json), and the glob patterns of ignored paths.
#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "labelkit/error.hpp"
#include "labelkit/io.hpp"
#include "labelkit/ops/lint.hpp"
#include "labelkit/suggest.hpp"

namespace labelkit {

namespace fs = std::filesystem;

namespace {

constexpr const char* config_file_name = ".labelkit.yaml";

// ---- rule and parameter look-up, with the messages shared by the setters and the reader

// The known ids nearest to `rule`, within 3 edits.
std::vector<std::string> closest_rules(const std::vector<RuleInfo>& rules, std::string_view rule) {
    std::vector<std::string> ids;
    for (const RuleInfo& info : rules) ids.push_back(info.id);
    return closest_names(ids, rule, 3);
}

Error unknown_rule(const std::vector<RuleInfo>& rules, std::string_view rule, const Location& where) {
    std::string message = fmt::format("unknown rule '{}'", rule);
    if (const auto closest = closest_rules(rules, rule); !closest.empty())
        message += fmt::format(" ({})", did_you_mean(closest));
    return Error(std::move(message), where);
}

Error unknown_parameter(const RuleInfo& info, std::string_view name, const Location& where) {
    std::string known;
    for (const RuleParameter& parameter : info.parameters) known += (known.empty() ? "" : ", ") + parameter.name;
    return Error(fmt::format("rule '{}' has no parameter '{}' ({})", info.id, name,
                             known.empty() ? "it has no parameters" : "its parameters: " + known),
                 where);
}

const RuleParameter* find_parameter(const RuleInfo& info, std::string_view name) {
    for (const RuleParameter& parameter : info.parameters)
        if (parameter.name == name) return &parameter;
    return nullptr;
}

// ---- glob patterns

// Whether the class at pattern[start] ('[') matches c; `end` is set past its ']'. Returns
// nullopt when there is no closing ']' (the '[' is then an ordinary character).
std::optional<bool> match_class(std::string_view pattern, std::size_t start, char c, std::size_t& end) {
    std::size_t i = start + 1;
    const bool negated = i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^');
    if (negated) ++i;
    bool matched = false;
    bool first = true;  // a ']' right after '[' or '[!' is a member, not the end
    for (; i < pattern.size() && (first || pattern[i] != ']'); first = false) {
        if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
            matched = matched || (pattern[i] <= c && c <= pattern[i + 2]);
            i += 3;
        } else {
            matched = matched || pattern[i] == c;
            ++i;
        }
    }
    if (i >= pattern.size()) return std::nullopt;
    end = i + 1;
    return matched != negated;
}

// Whether the pattern element at pattern[i] (not '*') matches c; `next` is set past it.
bool match_one(std::string_view pattern, std::size_t i, char c, std::size_t& next) {
    if (pattern[i] == '[') {
        if (const auto matched = match_class(pattern, i, c, next)) return *matched;
    }
    next = i + 1;
    return pattern[i] == '?' || pattern[i] == c;
}

// One path segment against one pattern segment. The usual wildcard matching that, on a
// mismatch, goes back only to the last '*': O(pattern * text) at worst, never exponential.
bool match_segment(std::string_view pattern, std::string_view text) {
    std::size_t p = 0, t = 0;
    std::size_t star_p = std::string_view::npos, star_t = 0;
    while (t < text.size()) {
        std::size_t next = 0;
        if (p < pattern.size() && pattern[p] == '*') {
            star_p = ++p;
            star_t = t;
        } else if (p < pattern.size() && match_one(pattern, p, text[t], next)) {
            p = next;
            ++t;
        } else if (star_p != std::string_view::npos) {
            p = star_p;
            t = ++star_t;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

std::vector<std::string_view> split_segments(std::string_view text) {
    std::vector<std::string_view> segments;
    std::size_t start = 0;
    while (true) {
        const std::size_t slash = text.find('/', start);
        segments.push_back(text.substr(start, slash == std::string_view::npos ? slash : slash - start));
        if (slash == std::string_view::npos) return segments;
        start = slash + 1;
    }
}

// ---- ignored paths

fs::path normalised(const fs::path& path) {
    std::error_code error;
    fs::path absolute = fs::absolute(path, error);
    if (error) return path.lexically_normal();
    fs::path canonical = fs::weakly_canonical(absolute, error);
    return error ? absolute.lexically_normal() : canonical;
}

// The path relative to base, forward slashes; nullopt when it does not lie under base.
std::optional<std::string> relative_to(const fs::path& path, const fs::path& base) {
    const fs::path relative = normalised(path).lexically_relative(normalised(base.empty() ? fs::path(".") : base));
    if (relative.empty() || relative == "." || *relative.begin() == "..") return std::nullopt;
    return relative.generic_string();
}

bool pattern_matches(std::string_view pattern, std::string_view file_name, const std::optional<std::string>& relative) {
    if (pattern.substr(0, 2) == "./") pattern.remove_prefix(2);
    if (pattern.find('/') == std::string_view::npos)
        return glob_match(pattern, file_name) || (relative && glob_match(pattern, *relative));
    if (!relative) return false;
    if (pattern.front() == '/') pattern.remove_prefix(1);
    if (pattern.empty()) return false;
    if (pattern.back() == '/') return glob_match(std::string(pattern) + "**", *relative);  // a folder: all below it
    return glob_match(pattern, *relative);
}

// ---- the YAML file

Location at(const fs::path& file, const YAML::Mark& mark) {
    if (mark.is_null() || mark.line < 0) return {file.string()};
    return {file.string(), static_cast<std::uint32_t>(mark.line + 1), static_cast<std::uint32_t>(mark.column + 1)};
}

YAML::Node load_yaml(const fs::path& file) {
    const std::string text = read_text_file(file, limits::max_yaml_bytes);
    try {
        return YAML::Load(text);
    } catch (const YAML::Exception& error) {
        throw Error(fmt::format("invalid YAML: {}", error.msg), at(file, error.mark));
    }
}

// A scalar written without quotes: only those are numbers and booleans (as in JSON).
bool is_plain(const YAML::Node& node) { return node.IsScalar() && node.Tag() != "!"; }

struct Entry {
    std::string key;
    YAML::Node key_node;
    YAML::Node value;
};

// The mapping's entries in file order, refusing a key given twice.
std::vector<Entry> entries_of(const fs::path& file, const YAML::Node& map) {
    std::vector<Entry> entries;
    std::set<std::string> seen;
    for (const auto& entry : map) {
        if (!entry.first.IsScalar()) throw Error("expected a plain key", at(file, entry.first.Mark()));
        const std::string& key = entry.first.Scalar();
        if (!seen.insert(key).second) throw Error(fmt::format("'{}' is given twice", key), at(file, entry.first.Mark()));
        entries.push_back({key, entry.first, entry.second});
    }
    return entries;
}

// Where an entry's value is; a missing value's mark is where the next token starts, so a
// missing value is reported at its key.
Location value_at(const fs::path& file, const Entry& entry) {
    return at(file, entry.value.IsNull() ? entry.key_node.Mark() : entry.value.Mark());
}

// `rule: off | on | error | warning | info`
void read_rule_shorthand(const fs::path& file, const std::string& rule, const YAML::Node& value, LintConfig& config) {
    const std::string& text = value.Scalar();
    if (text == "off") {
        config.set_enabled(rule, false);
    } else if (text == "on") {
        config.set_enabled(rule, true);
    } else if (const auto severity = parse<Severity>(text)) {
        config.set_enabled(rule, true);
        config.set_severity(rule, *severity);
    } else {
        throw Error(fmt::format("rule '{}': expected off, on, error, warning, info or a mapping, not '{}'", rule, text),
                    at(file, value.Mark()));
    }
}

double read_number(const fs::path& file, const std::string& rule, const Entry& entry) {
    const std::optional<double> number = is_plain(entry.value) ? parse_double(entry.value.Scalar()) : std::nullopt;
    if (!number || !std::isfinite(*number))
        throw Error(fmt::format("rule '{}': parameter '{}' must be a number", rule, entry.key), value_at(file, entry));
    return *number;
}

// `rule: {severity: ..., enabled: ..., <parameter>: <number>, ...}`
void read_rule_mapping(const fs::path& file, const std::string& rule, const YAML::Node& map, LintConfig& config) {
    std::optional<bool> enabled;
    std::optional<Severity> severity;
    bool off = false;
    Location severity_at;
    for (const Entry& entry : entries_of(file, map)) {
        if (entry.key == "severity") {
            const std::string text = entry.value.IsScalar() ? entry.value.Scalar() : "";
            severity = parse<Severity>(text);
            off = text == "off";
            severity_at = value_at(file, entry);
            if (!severity && !off)
                throw Error(fmt::format("rule '{}': severity must be error, warning, info or off", rule), severity_at);
        } else if (entry.key == "enabled") {
            const std::string text = is_plain(entry.value) ? entry.value.Scalar() : "";
            if (text != "true" && text != "false")
                throw Error(fmt::format("rule '{}': enabled must be true or false", rule), value_at(file, entry));
            enabled = text == "true";
        } else {
            config.set_parameter(rule, entry.key, read_number(file, rule, entry), at(file, entry.key_node.Mark()));
        }
    }
    if (off && enabled == true)
        throw Error(fmt::format("rule '{}': 'severity: off' contradicts 'enabled: true'", rule), severity_at);
    if (severity) config.set_severity(rule, *severity);
    if (severity || off || enabled.has_value()) config.set_enabled(rule, enabled.value_or(!off));
}

void read_rules(const fs::path& file, const YAML::Node& rules, LintConfig& config) {
    if (rules.IsNull()) return;
    if (!rules.IsMap()) throw Error("rules must be a mapping of rule ids", at(file, rules.Mark()));
    for (const Entry& entry : entries_of(file, rules)) {
        const std::string& rule = entry.key;
        if (!config.find(rule)) throw unknown_rule(config.rules(), rule, at(file, entry.key_node.Mark()));
        if (entry.value.IsScalar())
            read_rule_shorthand(file, rule, entry.value, config);
        else if (entry.value.IsMap())
            read_rule_mapping(file, rule, entry.value, config);
        else
            throw Error(fmt::format("rule '{}': expected off, on, error, warning, info or a mapping", rule),
                        value_at(file, entry));
    }
}

void read_ignore(const fs::path& file, const YAML::Node& ignore, LintConfig& config) {
    if (ignore.IsNull()) return;
    if (!ignore.IsSequence()) throw Error("ignore must be a list of glob patterns", at(file, ignore.Mark()));
    for (const YAML::Node& pattern : ignore) {
        if (!pattern.IsScalar() || pattern.Scalar().empty())
            throw Error("ignore: every pattern must be a non-empty string", at(file, pattern.Mark()));
        config.ignore.push_back(pattern.Scalar());
    }
}

void read_version(const fs::path& file, const Entry& entry) {
    if (!is_plain(entry.value) || entry.value.Scalar() != "1")
        throw Error("unsupported config version (only version 1 is known)", value_at(file, entry));
}

}  // namespace

LintConfig::LintConfig(std::vector<RuleInfo> rules) : rules_(std::move(rules)) {
    for (const RuleInfo& info : rules_) {
        Setting setting{true, info.default_severity, false, {}};
        for (const RuleParameter& parameter : info.parameters)
            setting.parameters.emplace(parameter.name, parameter.default_value);
        settings_.emplace(info.id, std::move(setting));  // the first of equal ids counts
    }
}

const RuleInfo* LintConfig::find(std::string_view rule) const {
    for (const RuleInfo& info : rules_)
        if (info.id == rule) return &info;
    return nullptr;
}

bool LintConfig::enabled(std::string_view rule) const {
    const auto setting = settings_.find(rule);
    if (setting == settings_.end()) throw unknown_rule(rules_, rule, {});
    return setting->second.enabled;
}

Severity LintConfig::severity(std::string_view rule) const {
    const auto setting = settings_.find(rule);
    if (setting == settings_.end()) throw unknown_rule(rules_, rule, {});
    return setting->second.severity;
}

double LintConfig::parameter(std::string_view rule, std::string_view name) const {
    const auto setting = settings_.find(rule);
    if (setting == settings_.end()) throw unknown_rule(rules_, rule, {});
    const auto value = setting->second.parameters.find(name);
    if (value == setting->second.parameters.end()) throw unknown_parameter(*find(rule), name, {});
    return value->second;
}

void LintConfig::set_enabled(std::string_view rule, bool enabled, const Location& where) {
    const auto setting = settings_.find(rule);
    if (setting == settings_.end()) throw unknown_rule(rules_, rule, where);
    setting->second.enabled = enabled;
}

void LintConfig::set_severity(std::string_view rule, Severity severity, const Location& where) {
    const auto setting = settings_.find(rule);
    if (setting == settings_.end()) throw unknown_rule(rules_, rule, where);
    setting->second.severity = severity;
    setting->second.severity_configured = true;
}

bool LintConfig::severity_configured(std::string_view rule) const {
    const auto setting = settings_.find(rule);
    return setting != settings_.end() && setting->second.severity_configured;
}

void LintConfig::set_parameter(std::string_view rule, std::string_view name, double value, const Location& where) {
    const auto setting = settings_.find(rule);
    if (setting == settings_.end()) throw unknown_rule(rules_, rule, where);
    const RuleInfo& info = *find(rule);
    const RuleParameter* parameter = find_parameter(info, name);
    if (!parameter) throw unknown_parameter(info, name, where);
    if (!(value >= parameter->minimum && value <= parameter->maximum))
        throw Error(std::isinf(parameter->maximum)
                        ? fmt::format("rule '{}': parameter '{}' must be at least {}", rule, name, parameter->minimum)
                        : fmt::format("rule '{}': parameter '{}' must be between {} and {}", rule, name,
                                      parameter->minimum, parameter->maximum),
                    where);
    setting->second.parameters.find(name)->second = value;
}

bool LintConfig::ignored(std::string_view path) const {
    if (ignore.empty() || path.empty()) return false;
    const fs::path given(path);
    const std::string file_name = given.filename().string();
    const std::optional<std::string> relative = relative_to(given, base);
    return std::any_of(ignore.begin(), ignore.end(), [&](const std::string& pattern) {
        return !pattern.empty() && pattern_matches(pattern, file_name, relative);
    });
}

// Segments are matched by a table over (pattern segment, path segment): a `**` segment
// matches zero or more path segments, any other matches exactly one.
bool glob_match(std::string_view pattern, std::string_view path) {
    const std::vector<std::string_view> patterns = split_segments(pattern);
    const std::vector<std::string_view> segments = split_segments(path);
    const std::size_t columns = segments.size() + 1;
    // matches[i * columns + j]: patterns[i..] match segments[j..]
    std::vector<char> matches((patterns.size() + 1) * columns, 0);
    matches[patterns.size() * columns + segments.size()] = 1;
    for (std::size_t i = patterns.size(); i-- > 0;) {
        for (std::size_t j = columns; j-- > 0;) {
            const bool more = j < segments.size();
            const bool result =
                patterns[i] == "**"
                    ? matches[(i + 1) * columns + j] || (more && matches[i * columns + j + 1])
                    : more && matches[(i + 1) * columns + j + 1] && match_segment(patterns[i], segments[j]);
            matches[i * columns + j] = result;
        }
    }
    return matches[0];
}

void read_lint_config(const fs::path& file, LintConfig& config) {
    const YAML::Node root = load_yaml(file);
    config.base = fs::absolute(file).parent_path().lexically_normal();
    if (root.IsNull()) return;  // an empty file, or only comments
    if (!root.IsMap()) throw Error("a lint config must be a mapping (rules, ignore)", at(file, root.Mark()));
    for (const Entry& entry : entries_of(file, root)) {
        if (entry.key == "rules")
            read_rules(file, entry.value, config);
        else if (entry.key == "ignore")
            read_ignore(file, entry.value, config);
        else if (entry.key == "version")
            read_version(file, entry);
        else
            throw Error(fmt::format("unknown key '{}' (expected rules, ignore or version)", entry.key),
                        at(file, entry.key_node.Mark()));
    }
}

std::optional<fs::path> find_lint_config(const fs::path& input) {
    fs::path folder = fs::absolute(input).lexically_normal();
    std::error_code error;
    // The parent of "a/b/" (an empty file name) is "a/b", the folder itself.
    if (!fs::is_directory(folder, error) || !folder.has_filename()) folder = folder.parent_path();
    while (true) {
        const fs::path candidate = folder / config_file_name;
        if (fs::is_regular_file(candidate, error)) return candidate;
        if (folder == folder.parent_path()) return std::nullopt;
        folder = folder.parent_path();
    }
}

std::vector<Diagnostic> apply_config(std::vector<Diagnostic> diagnostics, const LintConfig& config) {
    FindingFilter filter(config, 0);
    std::erase_if(diagnostics, [&](Diagnostic& diagnostic) { return !filter.keep(diagnostic); });
    return diagnostics;
}

}  // namespace labelkit
