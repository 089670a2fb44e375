#pragma once
// How far a long operation is, for a display to show (the CLI's progress line on a terminal).
// An operation works in phases ("reading annotations.json", "checking images", "writing yolo"),
// each counting the units done out of a total, known or not. Workers add to a phase's counter, a
// relaxed atomic (no lock, no system call), once per file, per chunk or per thousand objects; the
// display reads snapshots from its own thread and never slows them down.
//
// Operations find the Progress in their options (ReadOptions::progress, WriteOptions::progress):
// null, the default, reports nothing. Phases nest (a reader checking image headers inside
// "reading"); they are opened and closed by one thread, innermost first (ProgressPhase, a scope).
#include <atomic>
#include <chrono>
#include <functional>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "labelkit/enum_names.hpp"

namespace labelkit {

// What a phase counts; bytes are shown as kB, MB and GB.
enum class ProgressUnit { items, files, images, annotations, tasks, bytes };
template <>
struct EnumTable<ProgressUnit> {
    static constexpr EnumName<ProgressUnit> entries[] = {
        {ProgressUnit::items, "items"},     {ProgressUnit::files, "files"}, {ProgressUnit::images, "images"},
        {ProgressUnit::annotations, "annotations"}, {ProgressUnit::tasks, "tasks"}, {ProgressUnit::bytes, "bytes"}};
};

// One phase as a display sees it at a moment, or as it ended.
struct PhaseSnapshot {
    std::string name;
    ProgressUnit unit = ProgressUnit::items;
    std::uint64_t done = 0;
    std::uint64_t total = 0;  // 0: not known
    double seconds = 0;       // since the phase began (until it ended)
    int depth = 0;            // 0: a phase of the operation itself; 1: one inside it, ...
};

class Progress {
public:
    using Clock = std::chrono::steady_clock;

    // The state of an open phase. Only ProgressPhase makes and ends them.
    struct Phase {
        std::string name;
        ProgressUnit unit = ProgressUnit::items;
        Clock::time_point began;
        int depth = 0;
        std::atomic<std::uint64_t> done{0};
        std::atomic<std::uint64_t> total{0};
    };

    Progress() = default;
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    // The innermost open phase, or nothing between phases.
    std::optional<PhaseSnapshot> current() const;
    // The phases ended so far, in the order they ended.
    std::vector<PhaseSnapshot> finished() const;

    // Details for whoever wants more than the progress (the CLI's -v): the format read and why,
    // the output written. From any thread; rare.
    void note(std::string text);
    // The notes from the n-th on.
    std::vector<std::string> notes_from(std::size_t n) const;

    // Called on the thread that closed it when the last open phase closes (a display clears its
    // line there, before the command prints its results). Set before the operation starts.
    void set_idle_callback(std::function<void()> callback) { idle_ = std::move(callback); }

private:
    friend class ProgressPhase;
    Phase* open(std::string name, std::uint64_t total, ProgressUnit unit);
    void close(Phase* phase);

    mutable std::mutex mutex_;  // guards the lists, never the counters
    std::vector<std::unique_ptr<Phase>> open_;
    std::vector<PhaseSnapshot> finished_;
    std::vector<std::string> notes_;
    std::function<void()> idle_;
};

// Adds a note when there is a Progress.
inline void note(Progress* progress, std::string text) {
    if (progress != nullptr) progress->note(std::move(text));
}

// A phase for as long as the scope lasts; with a null Progress it does nothing.
class ProgressPhase {
public:
    ProgressPhase(Progress* progress, std::string name, std::uint64_t total = 0,
                  ProgressUnit unit = ProgressUnit::items);
    ~ProgressPhase();
    ProgressPhase(const ProgressPhase&) = delete;
    ProgressPhase& operator=(const ProgressPhase&) = delete;

    // From any thread.
    void advance(std::uint64_t count = 1) const noexcept {
        if (phase_ != nullptr) phase_->done.fetch_add(count, std::memory_order_relaxed);
    }
    void set_total(std::uint64_t total) const noexcept {
        if (phase_ != nullptr) phase_->total.store(total, std::memory_order_relaxed);
    }
    // All of the total done (what was counted in steps may stop short of it).
    void complete() const noexcept {
        if (phase_ != nullptr) phase_->done.store(phase_->total.load(std::memory_order_relaxed), std::memory_order_relaxed);
    }

private:
    Progress* progress_;
    Progress::Phase* phase_ = nullptr;
};

// The line a display shows for a phase, in at most width - 1 columns (the last column of a
// terminal would wrap): its name, a bar and the percentage when the total is known, the count,
// the rate and, for a known total, the time left; "reading a.json [#####-----]  47% 186.2/396.0 MB
// 93.1 MB/s 2s left". Control characters of the name (a file's) are shown as '?'.
std::string progress_line(const PhaseSnapshot& phase, std::size_t width);

// The timings of the phases of depth 0, for -v: "reading a.json 1.23 s, writing coco 0.80 s,
// total 2.10 s".
std::string timings_line(const std::vector<PhaseSnapshot>& finished, double total_seconds);

}  // namespace labelkit
