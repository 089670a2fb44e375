#pragma once
// stderr, shared by the messages and the progress line drawn below them: a message clears the
// line first, so that the two never mix (the line is drawn again on the display's next tick).
#include <mutex>
#include <string>

namespace labelkit::cli {

class StderrLine {
public:
    // The text and a newline, after clearing the progress line.
    void message(const std::string& text);
    // The progress line: on a terminal drawn over the one shown ("\r", ESC[2K, the text, no
    // newline); elsewhere a line of its own.
    void status(const std::string& text, bool terminal);
    // Clears the progress line, when one is shown (at the end, on an error).
    void clear();
    // Clears it for good: no progress line is drawn after this (Ctrl-C, as the process ends).
    void close();

private:
    void clear_locked();
    std::mutex mutex_;
    bool shown_ = false;  // a status line without a newline is on the terminal
    bool closed_ = false;
};

}  // namespace labelkit::cli
