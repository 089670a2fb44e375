#include <fmt/format.h>

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
    if (known) diagnostic.severity = config_.severity(diagnostic.rule);
    std::size_t& kept = kept_[diagnostic.rule];
    if (max_per_rule_ > 0 && kept >= max_per_rule_) {
        ++over_[diagnostic.rule];
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
    const auto over = over_.find(rule);
    if (over == over_.end()) over_.emplace(std::string(rule), 1);
    else ++over->second;
    return false;
}

std::vector<Diagnostic> FindingFilter::overflow() const {
    std::vector<Diagnostic> notes;
    for (const auto& [rule, count] : over_)
        notes.push_back({rule, config_.find(rule) ? config_.severity(rule) : Severity::warning,
                         fmt::format("{} more finding{} of this rule not listed (at most {} per rule are; "
                                     "--max-per-rule 0 lists all)",
                                     count, count == 1 ? "" : "s", max_per_rule_),
                         {}});
    return notes;
}

void FindingFilter::attach(DiagnosticSink& sink) {
    sink.set_filter([this](Diagnostic& d) { return keep(d); }, [this](std::string_view rule) { return claim(rule); });
}

}  // namespace labelkit
