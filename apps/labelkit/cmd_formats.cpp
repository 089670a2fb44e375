// labelkit formats: what each format can read, write and store (labelkit/ops/formats.hpp).
#include <memory>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "choices.hpp"
#include "commands.hpp"
#include "labelkit/ops/formats.hpp"
#include "run_summary.hpp"

namespace labelkit::cli {

namespace {

int print_formats(bool as_json) {
    const std::vector<FormatSummary> formats = list_formats();
    if (as_json) {
        fmt::print("{}\n", formats_json(formats).dump(2));
        return 0;
    }
    for (const FormatSummary& format : formats) {
        std::string stores;
        for (const auto& [name, stored] : format.stores)
            if (stored) stores += fmt::format("{}{}", stores.empty() ? "" : ", ", name);
        fmt::print("{:<16} {}{} {}\n", format.name, format.read ? "r" : "-", format.write ? "w" : "-", format.description);
        fmt::print("{:<16}    stores: {}{}\n", "", stores, format.one_shape_kind ? " (one shape kind per dataset)" : "");
        if (!format.aliases.empty()) fmt::print("{:<16}    also named: {}\n", "", fmt::join(format.aliases, ", "));
    }
    return 0;
}

}  // namespace

void add_formats_command(CLI::App& app, Console&, Action& action) {
    struct FormatsCommand {
        bool as_json = false;
        SummaryFormat format = SummaryFormat::text;
    };
    auto options = std::make_shared<FormatsCommand>();
    CLI::App* command = app.add_subcommand("formats", "list formats: what each can read, write and store");
    add_choice(*command, "--format", options->format, fmt::format("how to print the list: {}", names_text<SummaryFormat>()));
    command->add_flag("--json", options->as_json, "the same as --format json");
    command->footer("Examples:\n  labelkit formats\n  labelkit formats --format json");
    command->callback([&action, options] {
        action = [options](std::size_t) {
            return print_formats(options->as_json || options->format == SummaryFormat::json);
        };
    });
}

}  // namespace labelkit::cli
