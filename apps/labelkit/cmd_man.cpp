// labelkit man: print the man page (roff), generated from the commands as the App declares them.
#include <fmt/format.h>

#include "commands.hpp"
#include "man_page.hpp"

namespace labelkit::cli {

void add_man_command(CLI::App& app, Action& action) {
    CLI::App* command = app.add_subcommand("man", "print the man page (roff; make install puts it in share/man/man1)");
    command->footer("Examples:\n"
                    "  labelkit man > labelkit.1\n"
                    "Read it without installing: man -l <(labelkit man)");
    command->callback([&app, &action] {
        action = [&app](std::size_t) {
            fmt::print("{}", man_page(describe_program(app)));
            return 0;
        };
    });
}

}  // namespace labelkit::cli
