#pragma once
// What a command shows on stderr while it runs (README: Progress and verbosity): the progress
// line, on a terminal and not with -q, once the run has lasted a second, redrawn ten times a
// second by a thread of its own (the workers only count), and with -v the details the operation
// notes (the format read and why, the output written) and, at the end, the threads and the time
// each phase took.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>

#include "console.hpp"
#include "labelkit/enum_names.hpp"
#include "labelkit/progress.hpp"

namespace labelkit::cli {

// --progress: auto (on a terminal, for runs over a second), always (also when stderr is not a
// terminal, a line per second and one per finished phase, and for short runs), never.
enum class ProgressMode { automatic, always, never };

}  // namespace labelkit::cli

template <>
struct labelkit::EnumTable<labelkit::cli::ProgressMode> {
    static constexpr EnumName<cli::ProgressMode> entries[] = {{cli::ProgressMode::automatic, "auto"},
                                                              {cli::ProgressMode::always, "always"},
                                                              {cli::ProgressMode::never, "never"}};
};

namespace labelkit::cli {

class ProgressDisplay {
public:
    // Sets the console's progress for the run (unless there is nothing to show: -q, or no
    // terminal without -v and --progress always) and starts the thread that shows it. jobs: the
    // global --jobs, for -v.
    ProgressDisplay(Console& console, ProgressMode mode, std::size_t jobs);
    // Stops the thread and clears the line; the console's progress is null again.
    ~ProgressDisplay();
    ProgressDisplay(const ProgressDisplay&) = delete;
    ProgressDisplay& operator=(const ProgressDisplay&) = delete;

    // The run went well: stops, and with -v says the threads and the phases' timings.
    void finish();

private:
    using Clock = std::chrono::steady_clock;
    void run();
    void tick(bool last);
    void settle();
    void show_notes();
    void show_finished_phases(std::size_t width);
    void stop();

    Console& console_;
    ProgressMode mode_;
    std::size_t jobs_;
    bool terminal_ = false;
    bool show_progress_ = false;
    bool verbose_ = false;
    Clock::time_point began_ = Clock::now();
    Clock::time_point last_plain_line_{};  // not on a terminal: a line a second at most
    std::size_t notes_shown_ = 0;
    std::size_t phases_shown_ = 0;
    Progress progress_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread ticker_;
};

}  // namespace labelkit::cli
