// labelkit: convert, check, describe, draw, compare, merge and split annotation datasets.
#include <exception>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "choices.hpp"
#include "commands.hpp"
#include "format_help.hpp"
#include "console.hpp"
#include "progress_display.hpp"
#include "usage_errors.hpp"
#include "labelkit/error.hpp"
#include "labelkit/output.hpp"
#include "labelkit/version.hpp"

int main(int argc, char** argv) {
    using namespace labelkit::cli;
    Console console(ColorMode::automatic);  // starts no thread: the interrupt handler comes first
    // Ctrl-C also clears the progress line.
    labelkit::remove_temporaries_on_interrupt([line = console.stderr_line()] { line->close(); });
    // Named, so that the usage line says labelkit and not the path it was run from (argv[0]).
    CLI::App app{"labelkit: convert, check, describe, draw, compare, merge and split annotation datasets (" + dataset_formats() + ")", "labelkit"};
    app.require_subcommand(1);
    app.footer("Examples:\n"
               "  labelkit formats\n"
               "  labelkit convert examples/coco -o voc --to voc\n"
               "  labelkit lint examples/coco --format sarif > lint.sarif\n"
               "  labelkit help convert\n"
               "Global options (-q, -v, --progress, --color, --jobs) go before or after the command.");
    app.set_version_flag("--version", std::string("labelkit ") + labelkit::version());
    ColorMode color = ColorMode::automatic;
    add_choice(app, "--color", color, "colour in messages: " + labelkit::names_text<ColorMode>());
    bool quiet = false;
    CLI::Option* quiet_flag = app.add_flag("-q,--quiet", quiet, "print only errors on stderr");
    bool verbose = false;
    app.add_flag("-v,--verbose", verbose,
                 "more detail on stderr: the format read and why, the output written, the threads and the time "
                 "each phase took")
        ->excludes(quiet_flag);
    ProgressMode progress = ProgressMode::automatic;
    add_choice(app, "--progress", progress,
               "progress line on stderr: auto (on a terminal, for runs over a second), always (also in logs, a line "
               "a second), never");
    std::size_t jobs = 0;  // 0: one thread per core
    app.add_option("--jobs", jobs, "threads that read and write datasets (default: one per core; 1: the calling "
                                   "thread only)")
        ->check(CLI::Validator(
            [](const std::string& text) {
                // More threads than this cannot be started on common systems, and would not help.
                constexpr std::size_t most_jobs = 1024;
                const bool whole = !text.empty() && text.size() <= 4 &&
                                   text.find_first_not_of("0123456789") == std::string::npos;
                return whole && std::stoul(text) >= 1 && std::stoul(text) <= most_jobs
                           ? std::string()
                           : fmt::format("--jobs is a whole number of threads from 1 to {}, found '{}'", most_jobs, text);
            },
            "N"));
    // The global options are accepted after the subcommand too ("labelkit lint x -q"): an option
    // a subcommand does not know falls through to the app. Set before the subcommands are added,
    // which inherit it.
    app.fallthrough();

    Action action;
    add_convert_command(app, console, action);
    add_formats_command(app, console, action);
    add_lint_command(app, console, action);
    add_agree_command(app, console, action);
    add_merge_command(app, console, action);
    add_split_command(app, console, action);
    add_draw_command(app, console, action);
    add_stats_command(app, console, action);
    add_report_command(app, console, action);
    add_completion_command(app, action);
    add_man_command(app, action);
    add_help_command(app, action);

    if (argc == 1) {  // as git: the usage on stdout, and the exit code of a usage error
        fmt::print("{}", usage_text(app));
        return 2;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& asked) {  // --help, --version
        return app.exit(asked);
    } catch (const CLI::ParseError& error) {
        console.error(usage_error_message(app, error));
        console.message(help_hint(app));
        return 2;
    }
    console.set_color(color);
    console.set_quiet(quiet);
    console.set_verbose(verbose);
    try {
        ProgressDisplay display(console, progress, jobs);  // cleared before an error is printed
        const int code = action ? action(jobs) : 0;
        display.finish();
        return code;
    } catch (const labelkit::Error& error) {
        console.error(error.message(), error.where());
    } catch (const std::exception& error) {
        console.error(error.what());
    }
    return 2;
}
