#include "completion.hpp"

#include <fmt/format.h>

#include "labelkit/error.hpp"

namespace labelkit::cli {

std::string completion_script(const ProgramSpec& program, Shell shell) {
    switch (shell) {
        case Shell::bash: return bash_completion(program);
        case Shell::zsh: return zsh_completion(program);
        case Shell::fish: return fish_completion(program);
    }
    return "";
}

const std::string& plain(const std::string& name) {
    const bool is_plain = !name.empty() && name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                                   "0123456789._+-") == std::string::npos;
    if (!is_plain) throw Error(fmt::format("cannot put '{}' in a completion script: a name there is letters, digits "
                                           "and . _ + - only", name));
    return name;
}

std::string single_quoted(const std::string& text) {
    std::string quoted = "'";
    for (const char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

std::vector<OptionSpec> options_of(const ProgramSpec& program, const CommandSpec& command) {
    std::vector<OptionSpec> options = command.options;
    if (command.takes_global_options)
        for (const OptionSpec& global : program.options)
            if (std::ranges::none_of(options, [&global](const OptionSpec& own) { return spellings(own) == spellings(global); }))
                options.push_back(global);
    return options;
}

}  // namespace labelkit::cli
