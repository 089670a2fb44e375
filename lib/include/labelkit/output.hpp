#pragma once
// Every file and folder labelkit writes (OUTPUT, --report, --matrix, --fix) follows one set of
// rules, kept here:
// - it is written into a temporary sibling and put in place only when complete, atomically: a
//   rename that does not replace (renameat2 RENAME_NOREPLACE), so that an OUTPUT that appeared
//   meanwhile (another run) is never replaced; with --overwrite an existing folder is swapped
//   with the new one (RENAME_EXCHANGE), so the old stays whole until the new one is complete;
// - an existing path is refused without --overwrite; an input, or a folder holding one, is
//   always refused; a folder is never replaced by a file, nor a file by a folder;
// - the folder it goes in must exist, as for cp: it is not created;
// - a device, a FIFO or /dev/stdout is written into, never replaced (a single file), or refused
//   (a folder);
// - a temporary left by a run that died (SIGKILL, power loss) is removed by the next run writing
//   the same path, with a message; an interrupted run (SIGINT, SIGTERM, SIGHUP) removes its own.
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "labelkit/diagnostics.hpp"
#include "labelkit/error.hpp"

namespace labelkit {

enum class OutputKind { file, directory };

struct OutputRequest {
    std::filesystem::path target;
    OutputKind kind = OutputKind::directory;
    bool overwrite = false;
    std::vector<std::filesystem::path> inputs;  // never written over, nor a folder holding one
};

class AtomicOutput {
public:
    // Checks the rules above and creates the temporary. Throws labelkit::Error naming the
    // target. Temporaries that dead runs left for the same target are removed (an info in sink,
    // which must outlive the output).
    AtomicOutput(OutputRequest request, DiagnosticSink& sink);
    ~AtomicOutput();
    AtomicOutput(const AtomicOutput&) = delete;
    AtomicOutput& operator=(const AtomicOutput&) = delete;

    // Where to write: the temporary, or /dev/fd/N of a device or FIFO written into (nothing renamed).
    const std::filesystem::path& path() const { return temporary_; }
    // A path under path() as the user knows it (under the target): messages never name the
    // temporary.
    std::string user_path(std::string_view path) const;
    // A text (a message) with every mention of the temporary turned into the target.
    std::string user_text(std::string text) const;
    // An error or a message met while writing, as the user knows its paths.
    Error for_user(const Error& error) const;
    Diagnostic for_user(Diagnostic diagnostic) const;
    // Checks the target again against inputs known only after reading (the images a dataset was
    // read with). Throws labelkit::Error as the constructor does.
    void refuse_inputs(const std::vector<std::filesystem::path>& inputs) const;
    // Puts the output in place. Throws labelkit::Error when the target appeared meanwhile
    // (without --overwrite) or cannot be replaced.
    void commit();

private:
    std::filesystem::path target_;
    std::filesystem::path temporary_;
    OutputKind kind_ = OutputKind::directory;
    bool overwrite_ = false;
    int stream_ = -1;  // the special file, held open while the output is written
    int lock_ = -1;    // the temporary, locked while this run lives (see remove_stale_temporaries)
    bool committed_ = false;
    DiagnosticSink& sink_;  // outlives the output: a replaced folder that cannot be removed is said
};

// Throws labelkit::Error, as AtomicOutput would, when the target exists (and is not a special
// file, which is written into) and overwrite is off: the check a command makes before its work,
// so that a run is not spent on an output it may not write.
void refuse_existing_output(const std::filesystem::path& target, bool overwrite);

// The path absolute, with links and ".." resolved as far as it exists (for comparing two
// paths, one of which may not exist yet); empty when it cannot be resolved.
std::filesystem::path resolved_path(const std::filesystem::path& path);

// A device, FIFO or socket, a path under /proc, or one of the process's own descriptors
// (/dev/stdout, /dev/stderr, /dev/fd/N, even when it leads to a regular file): written into,
// never replaced.
bool is_special_file(const std::filesystem::path& path);

// A file being written: a temporary's (created, or truncated), or a special file written into as
// a stream, never truncated, through a copy of the descriptor when it is the process's own (so
// that writing goes on where the shell's redirection is, `>>` included).
struct OutputFile {
    int fd = -1;
    bool stream = false;
};
// Throws labelkit::Error naming the path.
OutputFile open_output_file(const std::filesystem::path& path);
// Writes all of data at the descriptor's position, then closes the descriptor (also on
// failure); a failed write or close is a labelkit::Error naming path and the reason (a full disk).
void write_and_close(int fd, std::string_view data, const std::filesystem::path& path);
// A folder of an output being written (never a special file), open to create many files in it
// without looking up its path every time.
class OpenFolder {
public:
    explicit OpenFolder(const std::filesystem::path& folder);
    ~OpenFolder();
    OpenFolder(const OpenFolder&) = delete;
    OpenFolder& operator=(const OpenFolder&) = delete;
    // Creates or truncates folder/relative and writes data (write_and_close). Throws
    // labelkit::Error naming the file and the reason.
    void write_file(const char* relative, std::string_view data) const;

private:
    std::filesystem::path folder_;
    int fd_ = -1;
};
// Writes the whole content into a file as open_output_file opens it. Throws labelkit::Error.
void write_output_text(const std::filesystem::path& path, std::string_view content);

// Whether the path is one of the temporaries an output is written into before it is put in place
// (".labelkit-tmp-..." beside the output): never data, though it may lie in an input folder.
bool is_output_temporary(const std::filesystem::path& path);

// A private folder of the system's temporary directory ($TMPDIR, else /tmp), created mode 0700
// under a fresh name: where the copies of inputs read from pipes live while a command runs.
// Removed with all it holds when destroyed, and on interrupt (remove_temporaries_on_interrupt).
// Throws labelkit::Error when it cannot be created.
class TemporaryFolder {
public:
    TemporaryFolder();
    ~TemporaryFolder();
    TemporaryFolder(const TemporaryFolder&) = delete;
    TemporaryFolder& operator=(const TemporaryFolder&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// Call once, first thing in main: on SIGINT, SIGTERM or SIGHUP the temporaries of the outputs
// being written are removed, then the process ends as the signal would have ended it. SIGPIPE
// and SIGXFSZ are ignored, so that writing into a closed pipe or past a file size limit is an
// error with a message (and the temporary removed), not a silent death. This is the one piece of
// process-wide state in labelkit: signals belong to the process. before_exit, when set, runs on
// the signal thread once the temporaries are removed (the CLI clears its progress line there).
void remove_temporaries_on_interrupt(std::function<void()> before_exit = {});

}  // namespace labelkit
