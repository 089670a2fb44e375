// Shell completion (bash, zsh, fish) and the man page, generated from the command definitions:
// each shell is run on the generated script and asked what it completes, and the man page is
// checked by groff and man for warnings and for every command and option that --help shows.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "labelkit/format.hpp"
#include "labelkit/ops/lint.hpp"
#include "support.hpp"

using labelkit::test::lines_of;
using labelkit::test::q;
using labelkit::test::read_file;
using labelkit::test::run_labelkit;
using labelkit::test::run_program;
using labelkit::test::TempDir;
using labelkit::test::write_file;
namespace fs = std::filesystem;
using Words = std::set<std::string>;

namespace {

// The shells and groff are test tools: `make test` installs them (Makefile TEST_PACKAGES). A
// missing one fails the test that needs it, never skips it in silence.
void require_program(const std::string& program, const std::string& package) {
    const bool found = run_program("/bin/sh", "-c 'command -v " + program + "'").exit_code == 0;
    REQUIRE_MESSAGE(found, program << " is not installed: `make test` installs it (apt-get install " << package << ")");
}

// The lines of `labelkit ... --help` in the section that starts with `heading` ("Options:").
std::vector<std::string> help_section(const std::string& help, const std::string& heading) {
    std::vector<std::string> section;
    bool inside = false;
    for (const std::string& line : lines_of(help)) {
        if (line == heading) {
            inside = true;
        } else if (inside && line.empty()) {
            break;
        } else if (inside) {
            section.push_back(line);
        }
    }
    return section;
}

// The commands `labelkit --help` lists.
std::vector<std::string> commands_in_help() {
    std::vector<std::string> commands;
    for (const std::string& line : help_section(run_labelkit("--help").out, "Subcommands:"))
        if (line.starts_with("  ") && line[2] != ' ') commands.push_back(line.substr(2, line.find(' ', 2) - 2));
    return commands;
}

// The spellings of the options `labelkit [COMMAND] --help` lists: "-o", "--output", ...
std::vector<std::string> options_in_help(const std::string& command) {
    std::vector<std::string> options;
    for (const std::string& line : help_section(run_labelkit(command + " --help").out, "Options:")) {
        if (!line.starts_with("  -")) continue;
        const std::string names = line.substr(2, line.find(' ', 2) - 2);  // "-o,--output"
        for (std::size_t start = 0; start < names.size();) {
            const std::size_t end = std::min(names.find(',', start), names.size());
            options.push_back(names.substr(start, end - start));
            start = end + 1;
        }
    }
    return options;
}

// The completion script for the shell, written to `path`.
void write_script(const std::string& shell, const fs::path& path) {
    const auto printed = run_labelkit("completion " + shell);
    REQUIRE(printed.exit_code == 0);
    REQUIRE(printed.err.empty());
    write_file(path, printed.out);
}

// COMP_WORDS as bash makes them of a line: split at blanks and at '=' (COMP_WORDBREAKS), the
// '=' a word of its own; a line that ends in a blank completes an empty word.
std::vector<std::string> comp_words(const std::string& line) {
    std::vector<std::string> words(1);
    for (const char c : line) {
        if (c == ' ') {
            if (!words.back().empty()) words.emplace_back();
        } else if (c == '=') {
            if (!words.back().empty()) words.emplace_back();
            words.back() = "=";
            words.emplace_back();
        } else {
            words.back() += c;
        }
    }
    return words;
}

// What the generated bash completion puts in COMPREPLY for the line (the cursor at its end), run
// in `folder`.
Words bash_complete(const fs::path& script, const std::string& line, const fs::path& folder) {
    const std::vector<std::string> words = comp_words(line);
    std::string array;
    for (const std::string& word : words) array += " '" + word + "'";
    TempDir driver;
    write_file(driver / "driver.bash",
               fmt::format("cd {} || exit 3\nsource {} || exit 3\n"
                           "COMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE='{}'\nCOMP_POINT={}\n"
                           "_labelkit\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
                           q(folder), q(script), array, words.size() - 1, line, line.size()));
    const auto run = run_program("bash", "--norc --noprofile " + q(driver / "driver.bash"));
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    CHECK_MESSAGE(run.err.empty(), run.err);
    Words replies;
    for (const std::string& reply : lines_of(run.out))
        if (!reply.empty()) replies.insert(reply);
    return replies;
}

// What fish's `complete -C` offers for the line with the generated script loaded, without the
// descriptions (after a tab).
Words fish_complete(const fs::path& script, const std::string& line, const fs::path& folder) {
    TempDir driver;
    write_file(driver / "driver.fish",
               fmt::format("cd {}; or exit 3\nsource {}; or exit 3\ncomplete -C '{}'\n", q(folder), q(script), line));
    const auto run = run_program("fish", "--no-config " + q(driver / "driver.fish"));
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    Words offered;
    for (const std::string& entry : lines_of(run.out)) offered.insert(entry.substr(0, entry.find('\t')));
    return offered;
}

// Drives an interactive zsh in a pseudo-terminal (zsh/zpty): loads compinit with the script
// autoloaded from a folder of $fpath (as installed) or sourced after compinit, wraps compadd to
// print each match it adds, types the line and a tab, and prints what the terminal showed.
// (zsh has no way to ask for completions without its line editor.)
constexpr const char* zsh_driver = R"(zmodload zsh/zpty || exit 3
local fpath_dir=$1 folder=$2 how=$3 line=$4
zpty z zsh -f -i
zpty -w z "PS1='' RPROMPT=''; cd ${(q)folder}"
if [[ $how == fpath ]]; then
    zpty -w z "fpath=(${(q)fpath_dir} \$fpath); autoload -U compinit; compinit -u -D"
else
    zpty -w z "autoload -U compinit; compinit -u -D; source ${(q)fpath_dir}/_labelkit"
fi
zpty -w z "zstyle ':completion:*' insert-tab false"
# The markers are split in what is typed, so that the echo of the typing is no match.
zpty -w z 'compadd() { local -a hits; builtin compadd -A hits "$@"; local h; for h in $hits; do print -r -- "<m""atch>$h</m""atch>"; done; builtin compadd "$@" }'
zpty -w z 'comppostfuncs=(completion-done); completion-done() { print -r -- "<do""ne/>" }'
zpty -w z "bindkey '^I' complete-word"
zpty -w -n z "$line"$'\t'
local out chunk deadline=$(( SECONDS + 30 ))
while (( SECONDS < deadline )) && [[ $out != *"<done/>"* ]]; do
    if zpty -rt z chunk; then out+=$chunk; else sleep 0.05; fi
done
zpty -d z
[[ $out == *"<done/>"* ]] || { print -u2 -r -- "zsh did not complete: $out"; exit 4 }
print -r -- "$out"
)";

// What zsh offers for the line, with the generated script as _labelkit in `fpath_dir`, loaded
// from $fpath ("fpath") or sourced ("source").
Words zsh_complete(const fs::path& fpath_dir, const std::string& how, const std::string& line, const fs::path& folder) {
    TempDir driver;
    write_file(driver / "driver.zsh", zsh_driver);
    const auto run = run_program("zsh", "-f " + q(driver / "driver.zsh") + " " + q(fpath_dir) + " " + q(folder) + " " +
                                            how + " '" + line + "'");
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    Words matches;
    const std::regex match("<match>([^<]*)</match>");
    for (std::sregex_iterator it(run.out.begin(), run.out.end(), match), end; it != end; ++it) matches.insert((*it)[1]);
    return matches;
}

// The names and aliases of the formats that write, starting with `prefix`: what --to takes.
Words writable_format_names(const std::string& prefix) {
    Words names;
    for (const labelkit::Format& format : labelkit::all_formats()) {
        if (!format.write) continue;
        if (format.name.starts_with(prefix)) names.insert(format.name);
        for (const std::string& alias : format.aliases)
            if (alias.starts_with(prefix)) names.insert(alias);
    }
    return names;
}

Words lint_report_formats() {
    const std::vector<std::string> names = labelkit::names<labelkit::ReportFormat>();
    return {names.begin(), names.end()};
}

// A folder to complete file names in: a file and a folder.
void make_files(const fs::path& folder) {
    write_file(folder / "train.json", "{}");
    fs::create_directories(folder / "images");
}

}  // namespace

TEST_CASE("completion: bash completes commands, options, format names and aliases, choices and file names") {
    require_program("bash", "bash");
    TempDir dir;
    write_script("bash", dir / "labelkit.bash");
    make_files(dir / "work");
    const auto complete = [&](const std::string& line) { return bash_complete(dir / "labelkit.bash", line, dir / "work"); };

    CHECK(complete("labelkit conv") == Words{"convert"});
    const std::vector<std::string> commands = commands_in_help();
    CHECK(complete("labelkit ") == Words(commands.begin(), commands.end()));
    // --to: the names and aliases of the formats that write (by hand: yolo, yolov5, yolov8,
    // yolo11 and yolo-darknet; yolo_darknet is an alias of yolo-darknet).
    const Words yo = complete("labelkit convert x --to yo");
    CHECK(yo == writable_format_names("yo"));
    for (const char* name : {"yolo", "yolo-darknet", "yolov8", "yolov5", "yolo11"}) CHECK(yo.contains(name));
    CHECK(complete("labelkit convert x --to=yo") == yo);
    CHECK(complete("labelkit convert --to ") == writable_format_names(""));
    CHECK_FALSE(complete("labelkit convert --to ").contains("ratings"));  // ratings is read, not written
    CHECK(complete("labelkit lint x --from rat") == Words{"ratings"});
    // Choices of add_choice: the help lists {text,json,sarif,github,junit}.
    CHECK(complete("labelkit lint --format ") == lint_report_formats());
    CHECK(complete("labelkit lint --format s") == Words{"sarif"});
    CHECK(complete("labelkit lint x --fail-on w") == Words{"warning"});
    CHECK(complete("labelkit convert --h") == Words{"--help"});
    CHECK(complete("labelkit completion ") == Words{"bash", "zsh", "fish"});
    // Global options: before the command, and after it (fallthrough); their values.
    CHECK(complete("labelkit --color ") == Words{"auto", "always", "never"});
    CHECK(complete("labelkit lint x --color a") == Words{"auto", "always"});
    CHECK(complete("labelkit --color always conv") == Words{"convert"});
    CHECK(complete("labelkit -q --jobs 2 li") == Words{"lint"});
    CHECK(complete("labelkit lint x --qu") == Words{"--quiet"});
    CHECK(complete("labelkit --qu") == Words{"--quiet"});
    // Paths: arguments and options that take a file or folder.
    CHECK(complete("labelkit convert ") == Words{"train.json", "images"});
    CHECK(complete("labelkit convert --to yolo tr") == Words{"train.json"});  // the value of --to is not an argument
    CHECK(complete("labelkit convert x -o i") == Words{"images"});
    CHECK(complete("labelkit lint x --config t") == Words{"train.json"});
    CHECK(complete("labelkit convert x --image-root=i") == Words{"images"});
    // Numbers: nothing to offer, no file names.
    CHECK(complete("labelkit agree a b --iou ").empty());
    CHECK(complete("labelkit --jobs ").empty());
    // A command without arguments takes none.
    CHECK(complete("labelkit formats ").empty());
    // The second argument of a command that takes one, and no third.
    CHECK(complete("labelkit completion bash ").empty());
}

TEST_CASE("completion: bash offers every option of every command, and the global ones after it") {
    require_program("bash", "bash");
    TempDir dir;
    write_script("bash", dir / "labelkit.bash");
    const std::vector<std::string> global = options_in_help("");
    CHECK(global.size() >= 5);  // -h --help --version --color -q --quiet --jobs
    const std::vector<std::string> commands = commands_in_help();
    CHECK(commands.size() >= 10);
    for (const std::string& command : commands) {
        CAPTURE(command);
        const Words offered = bash_complete(dir / "labelkit.bash", "labelkit " + command + " x -", dir.path());
        std::vector<std::string> expected = options_in_help(command);
        CHECK(expected.size() >= 2);
        expected.insert(expected.end(), global.begin(), global.end());
        for (const std::string& option : expected) {
            CAPTURE(option);
            CHECK(offered.contains(option));
        }
    }
}

TEST_CASE("completion: fish completes commands, options, format names and aliases, choices and file names") {
    require_program("fish", "fish");
    TempDir dir;
    write_script("fish", dir / "labelkit.fish");
    make_files(dir / "work");
    const auto complete = [&](const std::string& line) { return fish_complete(dir / "labelkit.fish", line, dir / "work"); };

    CHECK(complete("labelkit conv") == Words{"convert"});
    const std::vector<std::string> commands = commands_in_help();
    CHECK(complete("labelkit ") == Words(commands.begin(), commands.end()));
    CHECK(complete("labelkit convert x --to yo") == writable_format_names("yo"));
    CHECK(complete("labelkit convert x --to=yo") == Words{"--to=yolo", "--to=yolo-darknet", "--to=yolo11", "--to=yolov5",
                                                          "--to=yolov8", "--to=yolo_darknet"});
    CHECK(complete("labelkit lint --format ") == lint_report_formats());
    CHECK(complete("labelkit convert --h") == Words{"--help"});
    CHECK(complete("labelkit lint x --color ") == Words{"auto", "always", "never"});
    CHECK(complete("labelkit completion ") == Words{"bash", "zsh", "fish"});
    CHECK(complete("labelkit convert x -o ") == Words{"train.json", "images/"});
    CHECK(complete("labelkit convert tr") == Words{"train.json"});
    CHECK(complete("labelkit agree a b --iou ").empty());
    CHECK(complete("labelkit formats ").empty());
    // Every option of every command.
    for (const std::string& command : commands) {
        CAPTURE(command);
        const Words offered = complete("labelkit " + command + " x -");
        for (const std::string& option : options_in_help(command)) {
            CAPTURE(option);
            CHECK(offered.contains(option));
        }
    }
}

TEST_CASE("completion: zsh completes commands, options, format names and aliases, choices and file names") {
    require_program("zsh", "zsh");
    TempDir dir;
    write_script("zsh", dir / "functions/_labelkit");
    make_files(dir / "work");
    const auto complete = [&](const std::string& line) {
        return zsh_complete(dir / "functions", "fpath", line, dir / "work");
    };
    CHECK(complete("labelkit conv") == Words{"convert"});
    const std::vector<std::string> commands = commands_in_help();
    CHECK(complete("labelkit ") == Words(commands.begin(), commands.end()));
    CHECK(complete("labelkit convert x --to yo") == writable_format_names("yo"));
    CHECK(complete("labelkit convert x --to=yo") == writable_format_names("yo"));
    CHECK(complete("labelkit lint --format ") == lint_report_formats());
    CHECK(complete("labelkit convert --h") == Words{"--help"});
    CHECK(complete("labelkit lint x --color ") == Words{"auto", "always", "never"});
    CHECK(complete("labelkit --color always conv") == Words{"convert"});
    CHECK(complete("labelkit completion ") == Words{"bash", "zsh", "fish"});
    CHECK(complete("labelkit convert x -o ") == Words{"train.json", "images"});
    CHECK(complete("labelkit agree a b --iou ").empty());
    const Words lint_options = complete("labelkit lint x -");
    for (const std::string& option : options_in_help("lint")) {
        CAPTURE(option);
        CHECK(lint_options.contains(option));
    }
    // Sourced after compinit, as `source <(labelkit completion zsh)` does.
    CHECK(zsh_complete(dir / "functions", "source", "labelkit conv", dir / "work") == Words{"convert"});
}

TEST_CASE("man page: no groff or man warnings, every command and every option of each in its section") {
    require_program("groff", "groff-base");
    require_program("man", "man-db");
    TempDir dir;
    const auto printed = run_labelkit("man");
    REQUIRE(printed.exit_code == 0);
    CHECK(printed.err.empty());
    write_file(dir / "labelkit.1", printed.out);
    const auto groff = run_program("groff", "-man -ww -z " + q(dir / "labelkit.1"));
    CHECK(groff.exit_code == 0);
    CHECK_MESSAGE(groff.err.empty(), groff.err);
    const auto man = run_program("man", "--warnings -E UTF-8 -l -Tutf8 -Z " + q(dir / "labelkit.1"));
    CHECK(man.exit_code == 0);
    CHECK_MESSAGE(man.err.empty(), man.err);

    // As a reader sees it: plain text, wide enough that no option heading is broken.
    const auto text = run_program("groff", "-man -Tascii -P-cbou -rLL=250n " + q(dir / "labelkit.1"));
    REQUIRE(text.exit_code == 0);
    const std::string page = text.out;
    for (const char* heading : {"NAME\n", "SYNOPSIS\n", "DESCRIPTION\n", "OPTIONS\n", "COMMANDS\n", "EXIT STATUS\n",
                                "ENVIRONMENT\n", "EXAMPLES\n", "SEE ALSO\n"}) {
        CAPTURE(heading);
        CHECK(page.find("\n" + std::string(heading)) != std::string::npos);
    }
    CHECK(page.find("labelkit - convert, check, describe, draw, compare, merge and split annotation datasets\n") != std::string::npos);
    CHECK(page.find("NO_COLOR") != std::string::npos);
    CHECK(page.find("TMPDIR") != std::string::npos);
    const std::size_t commands_start = page.find("\nCOMMANDS\n");
    const std::size_t commands_end = page.find("\nEXIT STATUS\n");
    REQUIRE(commands_start < commands_end);
    for (const std::string& option : options_in_help("")) {
        CAPTURE(option);
        CHECK(page.substr(0, commands_start).find(option) != std::string::npos);
    }
    const std::vector<std::string> commands = commands_in_help();
    for (std::size_t i = 0; i < commands.size(); ++i) {
        CAPTURE(commands[i]);
        // Its section: from its heading to the next command's.
        const std::size_t start = page.find("\n   labelkit " + commands[i] + "\n", commands_start);
        REQUIRE(start < commands_end);
        const std::size_t end = i + 1 < commands.size() ? page.find("\n   labelkit " + commands[i + 1] + "\n", start)
                                                        : commands_end;
        REQUIRE(end <= commands_end);
        // The spellings its option headings name ("       -o, --output TEXT").
        Words headed;
        for (const std::string& line : lines_of(page.substr(start, end - start))) {
            if (!line.starts_with("       -")) continue;
            std::istringstream names(line);
            for (std::string name; names >> name;)
                if (name.starts_with("-")) headed.insert(name.substr(0, name.find(',')));
        }
        for (const std::string& option : options_in_help(commands[i])) {
            CAPTURE(option);
            CHECK(headed.contains(option));
        }
        // Its examples, as its --help gives them.
        for (const std::string& line : lines_of(run_labelkit(commands[i] + " --help").out))
            if (line.starts_with("  labelkit ")) CHECK(page.find(line.substr(2), commands_end) != std::string::npos);
    }
    // Exit status as the README defines it.
    const std::string exit_status = page.substr(commands_end, page.find("\nENVIRONMENT\n") - commands_end);
    CHECK(exit_status.find("0      success") != std::string::npos);
    CHECK(exit_status.find("2      usage, input or I/O errors") != std::string::npos);
}

TEST_CASE("completion and man page: the build's share/ holds what labelkit prints, for make install") {
    const fs::path build = fs::path(labelkit::test::labelkit_binary()).parent_path();
    const std::map<std::string, std::string> files = {
        {"share/man/man1/labelkit.1", "man"},
        {"share/bash-completion/completions/labelkit", "completion bash"},
        {"share/zsh/vendor-completions/_labelkit", "completion zsh"},
        {"share/fish/vendor_completions.d/labelkit.fish", "completion fish"},
    };
    for (const auto& [file, arguments] : files) {
        CAPTURE(file);
        REQUIRE(fs::exists(build / file));
        CHECK(read_file(build / file) == run_labelkit(arguments).out);
    }
}

TEST_CASE("completion: an unknown shell is a usage error that names the shells") {
    const auto run = run_labelkit("completion tcsh");
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK(lines_of(run.err).front() ==
          "error: shell: 'tcsh' is not bash, zsh or fish; did you mean 'bash', 'zsh' or 'fish'?");
}
