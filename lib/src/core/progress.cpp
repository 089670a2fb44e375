#include "labelkit/progress.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace labelkit {

std::optional<PhaseSnapshot> Progress::current() const {
    const std::lock_guard lock(mutex_);
    if (open_.empty()) return std::nullopt;
    const Phase& phase = *open_.back();
    return PhaseSnapshot{phase.name, phase.unit, phase.done.load(std::memory_order_relaxed),
                         phase.total.load(std::memory_order_relaxed),
                         std::chrono::duration<double>(Clock::now() - phase.began).count(), phase.depth};
}

std::vector<PhaseSnapshot> Progress::finished() const {
    const std::lock_guard lock(mutex_);
    return finished_;
}

void Progress::note(std::string text) {
    const std::lock_guard lock(mutex_);
    notes_.push_back(std::move(text));
}

std::vector<std::string> Progress::notes_from(std::size_t n) const {
    const std::lock_guard lock(mutex_);
    if (n >= notes_.size()) return {};
    return {notes_.begin() + static_cast<std::ptrdiff_t>(n), notes_.end()};
}

Progress::Phase* Progress::open(std::string name, std::uint64_t total, ProgressUnit unit) {
    auto phase = std::make_unique<Phase>();
    phase->name = std::move(name);
    phase->unit = unit;
    phase->total.store(total, std::memory_order_relaxed);
    phase->began = Clock::now();
    const std::lock_guard lock(mutex_);
    phase->depth = static_cast<int>(open_.size());
    open_.push_back(std::move(phase));
    return open_.back().get();
}

void Progress::close(Phase* phase) {
    const double seconds = std::chrono::duration<double>(Clock::now() - phase->began).count();
    bool idle = false;
    {
        const std::lock_guard lock(mutex_);
        const auto found = std::find_if(open_.begin(), open_.end(), [&](const auto& open) { return open.get() == phase; });
        if (found == open_.end()) return;
        finished_.push_back({phase->name, phase->unit, phase->done.load(std::memory_order_relaxed),
                             phase->total.load(std::memory_order_relaxed), seconds, phase->depth});
        open_.erase(found);
        idle = open_.empty();
    }
    if (idle && idle_) idle_();
}

ProgressPhase::ProgressPhase(Progress* progress, std::string name, std::uint64_t total, ProgressUnit unit)
    : progress_(progress) {
    if (progress_ != nullptr) phase_ = progress_->open(std::move(name), total, unit);
}

ProgressPhase::~ProgressPhase() {
    if (progress_ != nullptr) progress_->close(phase_);
}

namespace {

// 1234567 -> "1,234,567".
std::string with_separators(std::uint64_t n) {
    const std::string digits = std::to_string(n);
    std::string text;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) text += ',';
        text += digits[i];
    }
    return text;
}

// Bytes in decimal units (pip, rich and cargo's kB and MB), the unit chosen by `largest`.
struct ByteScale {
    double divisor;
    const char* suffix;
};
ByteScale byte_scale(std::uint64_t largest) {
    if (largest >= 1'000'000'000) return {1e9, "GB"};
    if (largest >= 1'000'000) return {1e6, "MB"};
    if (largest >= 1'000) return {1e3, "kB"};
    return {1, "B"};
}
std::string scaled(double bytes, const ByteScale& scale) {
    return scale.divisor == 1 ? fmt::format("{:.0f}", bytes) : fmt::format("{:.1f}", bytes / scale.divisor);
}

// 5 -> "5s", 65 -> "1:05", 3725 -> "1:02:05".
std::string duration_text(double seconds) {
    const auto whole = static_cast<std::uint64_t>(std::max(0.0, std::floor(seconds)));
    if (whole < 60) return fmt::format("{}s", whole);
    if (whole < 3600) return fmt::format("{}:{:02}", whole / 60, whole % 60);
    return fmt::format("{}:{:02}:{:02}", whole / 3600, whole / 60 % 60, whole % 60);
}

// "186.2/396.0 MB", "12,345/50,000 images", "12,345 files".
std::string count_text(const PhaseSnapshot& phase) {
    if (phase.unit == ProgressUnit::bytes) {
        const ByteScale scale = byte_scale(std::max(phase.done, phase.total));
        return phase.total > 0 ? fmt::format("{}/{} {}", scaled(static_cast<double>(phase.done), scale),
                                             scaled(static_cast<double>(phase.total), scale), scale.suffix)
                               : fmt::format("{} {}", scaled(static_cast<double>(phase.done), scale), scale.suffix);
    }
    const std::string_view unit = to_string(phase.unit);
    return phase.total > 0 ? fmt::format("{}/{} {}", with_separators(phase.done), with_separators(phase.total), unit)
                           : fmt::format("{} {}", with_separators(phase.done), unit);
}

std::string rate_text(const PhaseSnapshot& phase, double per_second) {
    if (phase.unit == ProgressUnit::bytes) {
        const ByteScale scale = byte_scale(static_cast<std::uint64_t>(per_second));
        return fmt::format("{} {}/s", scaled(per_second, scale), scale.suffix);
    }
    return fmt::format("{}/s", with_separators(static_cast<std::uint64_t>(per_second)));
}

// The text after the name and the bar: counts, rate, and the time left or taken.
std::string details(const PhaseSnapshot& phase) {
    std::string text;
    const bool known = phase.total > 0;
    const std::uint64_t done = known ? std::min(phase.done, phase.total) : phase.done;
    if (known) text += fmt::format("{:3}% ", done * 100 / phase.total);
    if (known || phase.done > 0) text += count_text(phase);
    // A rate over less than half a second says little.
    const double per_second = phase.seconds >= 0.5 ? static_cast<double>(done) / phase.seconds : 0;
    if (per_second > 0) text += fmt::format(" {}", rate_text(phase, per_second));
    if (known && per_second > 0 && done < phase.total)
        text += fmt::format(" {} left", duration_text(static_cast<double>(phase.total - done) / per_second));
    else if (!known)
        text += fmt::format("{}{}", text.empty() ? "" : " ", duration_text(phase.seconds));
    return text;
}

// cargo's bar: "[=========>          ]".
std::string bar(const PhaseSnapshot& phase, std::size_t cells) {
    const std::size_t filled = static_cast<std::size_t>(std::min(phase.done, phase.total) * cells / phase.total);
    std::string text(1, '[');
    text.append(filled, '=');
    if (filled < cells) {
        text += '>';
        text.append(cells - filled - 1, ' ');
    }
    text += ']';
    return text;
}

// The first `columns` characters of UTF-8 text (a character taken as one column).
std::string first_columns(const std::string& text, std::size_t columns) {
    std::size_t seen = 0;
    for (std::size_t at = 0; at < text.size(); ++at) {
        const bool starts_character = (static_cast<unsigned char>(text[at]) & 0xC0) != 0x80;
        if (starts_character && seen++ == columns) return text.substr(0, at);
    }
    return text;
}

std::size_t column_count(const std::string& text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string printable(std::string text) {
    for (char& c : text)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    return text;
}

}  // namespace

std::string progress_line(const PhaseSnapshot& phase, std::size_t width) {
    constexpr std::size_t bar_cells = 20;
    const std::size_t columns = width > 0 ? width - 1 : 0;
    const std::string name = printable(phase.name);
    const std::string rest = details(phase);
    std::string line = rest.empty() ? name : fmt::format("{} {}", name, rest);
    if (phase.total > 0 && column_count(line) + bar_cells + 3 <= columns)
        line = fmt::format("{} {} {}", name, bar(phase, bar_cells), rest);
    return first_columns(line, columns);
}

std::string timings_line(const std::vector<PhaseSnapshot>& finished, double total_seconds) {
    std::string text;
    for (const PhaseSnapshot& phase : finished)
        if (phase.depth == 0) text += fmt::format("{}{} {:.2f} s", text.empty() ? "" : ", ", printable(phase.name), phase.seconds);
    return fmt::format("{}{}total {:.2f} s", text, text.empty() ? "" : ", ", total_seconds);
}

}  // namespace labelkit
