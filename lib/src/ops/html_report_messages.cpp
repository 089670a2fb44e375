// The run's own messages (reading, drawing) on `labelkit report`'s page.
#include <fmt/format.h>

#include "ops/html_report_sections.hpp"

namespace labelkit::html {

std::string messages_section(std::span<const Diagnostic> messages, std::size_t most) {
    if (messages.empty()) return "";
    std::string out = "<table>\n<tr><th>Severity</th><th>Message</th><th>Rule</th></tr>\n";
    std::size_t shown = 0;
    for (const Diagnostic& message : messages) {
        if (shown++ == most) break;
        const std::string severity(to_string(message.severity));
        const std::string text = message.location.empty() ? message.message
                                                           : message.location.to_string() + ": " + message.message;
        out += fmt::format("<tr><td class=\"{}\">{}</td><td>{}</td><td><code>{}</code></td></tr>\n", severity, severity,
                           escape(text), escape(message.rule));
    }
    if (messages.size() > most)
        out += fmt::format("<tr class=\"more\"><td colspan=\"3\">+{} more</td></tr>\n", messages.size() - most);
    return out + "</table>\n";
}

}  // namespace labelkit::html
