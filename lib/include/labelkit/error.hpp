#pragma once
// The one error type of labelkit: thrown for bad input, usage and I/O problems,
// caught once in main and turned into exit code 2. An error about the content of an input
// file names the lint rule it breaks, so that a lenient reader (lint) can report it and go on.
#include <stdexcept>
#include <string>
#include <system_error>

#include "labelkit/diagnostics.hpp"

namespace labelkit {

class Error : public std::runtime_error {
public:
    // what() is "path:line:col: message (at /pointer)", or as much of it as is known. The CLI
    // prints message() and where() in the compiler form instead (apps/labelkit/main.cpp).
    explicit Error(std::string message, Location where = {}, std::string rule = {})
        : std::runtime_error(describe(message, where)),
          message_(std::move(message)), where_(std::move(where)), rule_(std::move(rule)) {}

    const std::string& message() const { return message_; }
    const Location& where() const { return where_; }
    // "<format>/<kebab-name>", or empty when the error is not about an input's content.
    const std::string& rule() const { return rule_; }

    // The error as a lint finding (severity error); `fallback` names the rule when it has none.
    Diagnostic as_diagnostic(const std::string& fallback) const {
        return {rule_.empty() ? fallback : rule_, Severity::error, message_, where_};
    }

private:
    static std::string describe(const std::string& message, const Location& where) {
        const std::string position = where.position();
        const std::string text = with_pointer(message, where);
        return position.empty() ? text : position + ": " + text;
    }

    std::string message_;
    Location where_;
    std::string rule_;
};

// The system's text for an errno value ("No space left on device"), for messages.
inline std::string error_text(int error_number) { return std::generic_category().message(error_number); }

}  // namespace labelkit
