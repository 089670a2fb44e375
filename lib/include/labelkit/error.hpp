#pragma once
// The one error type of labelkit: thrown for bad input, usage and I/O problems,
// caught once in main and turned into exit code 2.
#include <stdexcept>
#include <string>

#include "labelkit/diagnostics.hpp"

namespace labelkit {

class Error : public std::runtime_error {
public:
    explicit Error(std::string message, Location where = {})
        : std::runtime_error(where.empty() ? message : where.to_string() + ": " + message),
          message_(std::move(message)), where_(std::move(where)) {}

    const std::string& message() const { return message_; }
    const Location& where() const { return where_; }

private:
    std::string message_;
    Location where_;
};

}  // namespace labelkit
