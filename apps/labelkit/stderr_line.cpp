#include "stderr_line.hpp"

#include <cstdio>

namespace labelkit::cli {

namespace {

constexpr const char* clear_line = "\r\033[2K";  // to the line's start, and erase it (ECMA-48 EL 2)

// A failure to write to stderr (a pipe whose reader has gone, a full disk) is ignored: there is
// nowhere left to say it, and throwing from here would abort the run or, from main's last catch,
// the process.
void write(const std::string& bytes) {
    if (std::fwrite(bytes.data(), 1, bytes.size(), stderr) != bytes.size()) std::clearerr(stderr);
}

}  // namespace

void StderrLine::message(const std::string& text) {
    const std::lock_guard lock(mutex_);
    clear_locked();
    write(text + "\n");
}

void StderrLine::status(const std::string& text, bool terminal) {
    const std::lock_guard lock(mutex_);
    if (closed_) return;
    if (!terminal) {
        write(text + "\n");
        return;
    }
    write(clear_line + text);
    shown_ = true;
}

void StderrLine::clear() {
    const std::lock_guard lock(mutex_);
    clear_locked();
}

void StderrLine::close() {
    const std::lock_guard lock(mutex_);
    clear_locked();
    closed_ = true;
}

void StderrLine::clear_locked() {
    if (!shown_) return;
    write(clear_line);
    shown_ = false;
}

}  // namespace labelkit::cli
