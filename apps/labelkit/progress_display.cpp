#include "progress_display.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace labelkit::cli {

namespace {

constexpr auto tick_interval = std::chrono::milliseconds(100);  // ten redraws a second at most
constexpr auto show_after = std::chrono::seconds(1);            // shorter runs show nothing
constexpr auto plain_line_interval = std::chrono::seconds(1);   // not on a terminal
constexpr std::size_t plain_width = 1000;                       // a log's lines are not cut

// The terminal's width in columns (TIOCGWINSZ), 80 when it does not say.
std::size_t terminal_width() {
    winsize size{};
    if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    return 80;
}

std::string threads_text(std::size_t jobs) {
    if (jobs > 0) return fmt::format("up to {} thread{} (--jobs {})", jobs, jobs == 1 ? "" : "s", jobs);
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    return fmt::format("up to {} thread{} (one per core)", cores, cores == 1 ? "" : "s");
}

}  // namespace

ProgressDisplay::ProgressDisplay(Console& console, ProgressMode mode, std::size_t jobs)
    : console_(console), mode_(mode), jobs_(jobs) {
    if (console.quiet()) return;
    terminal_ = isatty(STDERR_FILENO) != 0;
    show_progress_ = mode == ProgressMode::always || (mode == ProgressMode::automatic && terminal_);
    verbose_ = console.verbose();
    if (!show_progress_ && !verbose_) return;
    progress_.set_idle_callback([this] { settle(); });
    console_.set_progress(&progress_);
    ticker_ = std::thread([this] { run(); });
}

ProgressDisplay::~ProgressDisplay() { stop(); }

void ProgressDisplay::finish() {
    stop();
    if (!verbose_) return;
    const std::vector<PhaseSnapshot> phases = progress_.finished();
    if (phases.empty()) return;  // a command without long work (formats, help)
    const double seconds = std::chrono::duration<double>(Clock::now() - began_).count();
    console_.stderr_line()->message(fmt::format("used {}", threads_text(jobs_)));
    console_.stderr_line()->message("timings: " + timings_line(phases, seconds));
}

void ProgressDisplay::stop() {
    if (!ticker_.joinable()) return;
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    ticker_.join();
    console_.set_progress(nullptr);
}

void ProgressDisplay::run() {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, tick_interval, [&] { return stopping_; })) tick(false);
    tick(true);
}

void ProgressDisplay::tick(bool last) {
    if (verbose_) show_notes();
    if (!show_progress_) return;
    const std::size_t width = terminal_ ? terminal_width() : plain_width;
    if (mode_ == ProgressMode::always) show_finished_phases(width);
    StderrLine& line = *console_.stderr_line();
    if (last) {
        line.clear();
        return;
    }

    const Clock::time_point now = Clock::now();
    if (mode_ == ProgressMode::automatic && now - began_ < show_after) return;
    const std::optional<PhaseSnapshot> phase = progress_.current();
    if (!phase) return;
    if (!terminal_) {
        if (now - last_plain_line_ < plain_line_interval) return;
        last_plain_line_ = now;
    }
    line.status(progress_line(*phase, width), terminal_);
}

// Between phases (the operation has ended, or is between reading and writing): the notes so far
// and, with --progress always, the phases just finished are shown, and the line is cleared, so that what the command
// prints next does not land on it. Under the ticker's lock: a tick that found the phase still
// open has drawn it by then.
void ProgressDisplay::settle() {
    const std::lock_guard lock(mutex_);
    if (verbose_) show_notes();
    if (show_progress_ && mode_ == ProgressMode::always) show_finished_phases(terminal_ ? terminal_width() : plain_width);
    console_.stderr_line()->clear();
}

void ProgressDisplay::show_notes() {
    for (const std::string& note : progress_.notes_from(notes_shown_)) {
        console_.stderr_line()->message(note);
        ++notes_shown_;
    }
}

// --progress always: each phase's last state, so that a log shows every phase, also short ones.
void ProgressDisplay::show_finished_phases(std::size_t width) {
    const std::vector<PhaseSnapshot> phases = progress_.finished();
    for (; phases_shown_ < phases.size(); ++phases_shown_)
        console_.stderr_line()->status(progress_line(phases[phases_shown_], width), terminal_);
}

}  // namespace labelkit::cli
