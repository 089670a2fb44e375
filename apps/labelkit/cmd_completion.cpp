// labelkit completion SHELL: print the completion script for bash, zsh or fish, generated from
// the commands as the App declares them (as `gh completion` and `rustup completions` do).
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "choices.hpp"
#include "commands.hpp"
#include "completion.hpp"

namespace labelkit::cli {

void add_completion_command(CLI::App& app, Action& action) {
    auto shell = std::make_shared<std::optional<Shell>>();
    CLI::App* command = app.add_subcommand(
        "completion", fmt::format("print the shell completion script for {} (generated from the commands)",
                                  names_text<Shell>()));
    add_choice(*command, "shell", *shell, fmt::format("the shell: {}", names_text<Shell>()))->required();
    command->footer("Examples:\n"
                    "  labelkit completion bash\n"
                    "  labelkit completion fish\n"
                    "Enable it without installing (make install puts it where each shell looks):\n"
                    "  bash: source <(labelkit completion bash)   (in ~/.bashrc)\n"
                    "  zsh:  labelkit completion zsh > ~/.zfunc/_labelkit   (with fpath=(~/.zfunc $fpath) before compinit)\n"
                    "  fish: labelkit completion fish > ~/.config/fish/completions/labelkit.fish");
    command->callback([&app, &action, shell] {
        action = [&app, shell](std::size_t) {
            fmt::print("{}", completion_script(describe_program(app), **shell));
            return 0;
        };
    });
}

}  // namespace labelkit::cli
