#include "labelkit/ops/lint.hpp"

namespace labelkit {

FindingFilter::FindingFilter(const LintConfig& config, std::size_t max_per_rule)
    : config_(config), max_per_rule_(max_per_rule) {}

bool FindingFilter::ignored(const std::string& path) {
    if (config_.ignore.empty()) return false;
    auto known = ignored_paths_.find(path);
    if (known == ignored_paths_.end()) known = ignored_paths_.emplace(path, config_.ignored(path)).first;
    return known->second;
}

bool FindingFilter::keep(Diagnostic& diagnostic) {
    const bool known = config_.find(diagnostic.rule) != nullptr;
    if (known && !config_.enabled(diagnostic.rule)) return false;
    if (ignored(diagnostic.location.path)) return false;
    if (known && config_.severity_configured(diagnostic.rule)) diagnostic.severity = config_.severity(diagnostic.rule);
    std::size_t& kept = kept_[diagnostic.rule];
    if (max_per_rule_ > 0 && kept >= max_per_rule_) {
        count_unlisted(diagnostic.rule, diagnostic.severity);
        return false;
    }
    ++kept;
    return true;
}

bool FindingFilter::claim(std::string_view rule) {
    if (!config_.enabled(rule)) return false;
    // With ignore patterns the path decides, so the finding must be built to be judged.
    if (max_per_rule_ == 0 || !config_.ignore.empty()) return true;
    const auto kept = kept_.find(rule);
    if (kept == kept_.end() || kept->second < max_per_rule_) return true;
    // keep() would have given it the configured severity; claim() is asked only of known rules.
    count_unlisted(rule, config_.severity(rule));
    return false;
}

void FindingFilter::count_unlisted(std::string_view rule, Severity severity) {
    auto counts = unlisted_.find(rule);
    if (counts == unlisted_.end()) counts = unlisted_.emplace(std::string(rule), std::array<std::size_t, 3>{}).first;
    ++counts->second[static_cast<std::size_t>(severity)];
}

std::vector<UnlistedFindings> FindingFilter::unlisted() const {
    std::vector<UnlistedFindings> unlisted;
    for (const auto& [rule, counts] : unlisted_) {
        for (const Severity severity : {Severity::error, Severity::warning, Severity::info}) {
            const std::size_t count = counts[static_cast<std::size_t>(severity)];
            if (count > 0) unlisted.push_back({rule, severity, count});
        }
    }
    return unlisted;
}

void FindingFilter::attach(DiagnosticSink& sink) {
    sink.set_filter([this](Diagnostic& d) { return keep(d); }, [this](std::string_view rule) { return claim(rule); });
}

}  // namespace labelkit
