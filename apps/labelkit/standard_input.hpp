#pragma once
// Inputs that are streams: "-" (standard input), /dev/stdin, /dev/fd/N (the shell's <(...)), a
// named pipe (mkfifo), a device. A stream can be read once, cannot be seeked nor mapped, and has no
// name to tell its format by, while readers read their file twice (detection, then reading), map
// it, and tell CSV from TSV and JSON from JSON Lines by its extension. So each stream is copied
// once, as it arrives, into a private temporary folder (labelkit/output.hpp's TemporaryFolder,
// removed at the end and on interrupt), under a name with the extension its content calls for,
// and the command reads the copy. Standard input redirected from a regular file is not copied: a
// link with that extension leads to it.
//
// Every error, diagnostic and report names the input as the user typed it ("-" as <stdin>, as
// compilers do), never the copy: the command hands its sink to rename_in, runs its operation
// through run(), and renames what the operation returns.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "labelkit/diagnostics.hpp"
#include "labelkit/error.hpp"
#include "labelkit/output.hpp"
#include "labelkit/report.hpp"

namespace labelkit::cli {

// What a stream may hold: beyond, the copy stops with an error (a 1 GB COCO file is far below;
// /dev/zero is not).
constexpr std::uint64_t max_stream_bytes = std::uint64_t{16} << 30;

// How "-" is named in messages and reports.
inline constexpr const char* standard_input_name = "<stdin>";

// Whether the input the user typed is a stream: "-", /dev/stdin, /dev/fd/N, a pipe, a device.
bool is_stream_input(const std::filesystem::path& typed);

// How messages name an input the user typed: "-" as <stdin>, any other as typed.
std::string shown_input(const std::filesystem::path& typed);

class StreamInputs {
public:
    StreamInputs() = default;
    StreamInputs(const StreamInputs&) = delete;
    StreamInputs& operator=(const StreamInputs&) = delete;

    // Replaces each input that is a stream by the path of its copy. `from` is the format given
    // with --from ("" when detected): a format that reads folders is refused for a stream.
    // Throws labelkit::Error for "-" (or /dev/stdin) given twice, standard input that is a
    // terminal, a stream beyond max_stream_bytes and a copy that cannot be written.
    void take(std::filesystem::path& input, const std::string& from);
    void take(std::vector<std::filesystem::path>& inputs, const std::string& from);

    // Whether any input was a stream.
    bool any() const { return !copies_.empty(); }

    // The text with every copy's path replaced by the name the user typed.
    std::string shown(std::string text) const;
    void rename(Location& where) const;
    void rename(Diagnostic& diagnostic) const;
    void rename(ReportInput& report) const;
    Error renamed(const Error& error) const;
    // The sink's diagnostics are renamed as they arrive, before they are printed or kept. The sink
    // must not outlive this object.
    void rename_in(DiagnosticSink& sink) const;

    // run(), with its labelkit::Error renamed.
    template <class Run>
    auto run(Run&& operation) const {
        try {
            return operation();
        } catch (const Error& error) {
            throw renamed(error);
        }
    }

private:
    struct Copy {
        std::string path;  // the copy (or link) the command reads
        std::string name;  // what the user typed ("-" shown as <stdin>)
    };
    std::filesystem::path copy_stream(const std::filesystem::path& typed);
    std::filesystem::path new_copy_path(const std::string& stem, const std::string& extension);

    std::optional<TemporaryFolder> folder_;
    std::vector<Copy> copies_;
    std::string standard_input_typed_;  // how standard input was given ("-", /dev/stdin), once
};

}  // namespace labelkit::cli
