#include "labelkit/output.hpp"

#include <fcntl.h>
#include <csignal>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

#include <fmt/format.h>

#include "core/file_descriptor.hpp"
#include "labelkit/error.hpp"
#include "labelkit/io.hpp"

namespace labelkit {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view temporary_prefix = ".labelkit-tmp-";


// The temporaries of the outputs being written, for the signal thread to remove.
class Temporaries {
public:
    static Temporaries& of_process() {
        static Temporaries temporaries;
        return temporaries;
    }
    void add(const fs::path& path) {
        const std::lock_guard lock(mutex_);
        paths_.push_back(path);
    }
    void forget(const fs::path& path) {
        const std::lock_guard lock(mutex_);
        std::erase(paths_, path);
    }
    // Runs put_in_place unless an interrupt came first (then throws): the signal thread never
    // removes a temporary while it is being renamed, nor one that became the output.
    // rename() returns whether the path still holds something to remove (a replaced folder): then
    // it stays known to the signal thread until forget().
    template <typename PutInPlace>
    void put_in_place(const fs::path& path, PutInPlace&& rename) {
        const std::lock_guard lock(mutex_);
        if (interrupted_) throw Error("interrupted", {});
        if (!rename()) std::erase(paths_, path);
    }
    // Other threads may still be writing into them: a folder can come back non-empty.
    void remove_all() {
        const std::lock_guard lock(mutex_);
        interrupted_ = true;
        for (const fs::path& path : paths_) {
            std::error_code error;
            for (int attempt = 0; attempt < 50; ++attempt) {
                fs::remove_all(path, error);
                if (!error && !fs::exists(fs::symlink_status(path, error))) break;
            }
            if (fs::exists(fs::symlink_status(path, error)))
                std::fprintf(stderr, "labelkit: warning: cannot remove the temporary %s (the next run writing its output will)\n",
                             path.c_str());
        }
        paths_.clear();
    }

private:
    std::mutex mutex_;
    bool interrupted_ = false;
    std::vector<fs::path> paths_;
};


}  // namespace

namespace {

// The descriptor a path names when it is one of the process's own: /dev/stdout, /dev/stderr,
// /dev/fd/N, /proc/self/fd/N. Written through a copy of that descriptor, not opened again, so
// that writing goes on where the shell's redirection is (and appends after `>>`).
std::optional<int> own_descriptor(const fs::path& path) {
    const std::string text = path.lexically_normal().generic_string();
    if (text == "/dev/stdout") return 1;
    if (text == "/dev/stderr") return 2;
    for (const std::string_view prefix : {"/dev/fd/", "/proc/self/fd/"}) {
        if (!text.starts_with(prefix)) continue;
        int fd = -1;
        const char* begin = text.data() + prefix.size();
        const auto [end, error] = std::from_chars(begin, text.data() + text.size(), fd);
        if (error == std::errc() && end == text.data() + text.size() && end != begin) return fd;
    }
    return std::nullopt;
}

int copy_of(int fd, const fs::path& path) {
    const int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (copy < 0) throw Error(fmt::format("cannot write here: {}", error_text(errno)), {path.string()});
    return copy;
}

}  // namespace

fs::path resolved_path(const fs::path& path) {
    std::error_code error;
    const fs::path absolute = fs::absolute(path, error);
    if (error) return {};
    fs::path resolved = fs::weakly_canonical(absolute, error);
    return error ? fs::path() : resolved;
}

// /dev/stdout may lead to a regular file: it is still not ours to replace.
bool is_special_file(const fs::path& target) {
    if (own_descriptor(target)) return true;
    if (fs::absolute(target).lexically_normal().generic_string().starts_with("/proc/")) return true;
    struct stat info {};
    if (::stat(target.c_str(), &info) != 0) return false;
    return S_ISCHR(info.st_mode) || S_ISBLK(info.st_mode) || S_ISFIFO(info.st_mode) || S_ISSOCK(info.st_mode);
}

OutputFile open_output_file(const fs::path& path) {
    if (const auto fd = own_descriptor(path)) return {copy_of(*fd, path), true};
    if (is_special_file(path)) {
        const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
        if (fd < 0) throw Error(fmt::format("cannot write here: {}", error_text(errno)), {path.string()});
        return {fd, true};
    }
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0 && errno == EACCES) fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw Error(fmt::format("cannot create file: {}", error_text(errno)), {path.string()});
    return {fd, false};
}

namespace {

void write_all(int fd, std::string_view data, const fs::path& path) {
    while (!data.empty()) {
        const ssize_t written = ::write(fd, data.data(), data.size());
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0)
            throw Error(fmt::format("cannot write file: {}", written < 0 ? error_text(errno) : "nothing was written"),
                        {path.string()});
        data.remove_prefix(static_cast<std::size_t>(written));
    }
}

}  // namespace

void write_and_close(int fd, std::string_view content, const fs::path& path) {
    try {
        write_all(fd, content, path);
    } catch (const Error&) {
        ::close(fd);
        throw;
    }
    // A quota or a network file system may report a failed write only here.
    if (::close(fd) != 0) throw Error(fmt::format("cannot write file: {}", error_text(errno)), {path.string()});
}

OpenFolder::OpenFolder(const fs::path& folder) : folder_(folder) {
    fd_ = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd_ < 0) throw Error(fmt::format("cannot open folder: {}", error_text(errno)), {folder.string()});
}

OpenFolder::~OpenFolder() {
    if (fd_ >= 0) ::close(fd_);
}

void OpenFolder::write_file(const char* relative, std::string_view data) const {
    const int fd = ::openat(fd_, relative, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw Error(fmt::format("cannot create file: {}", error_text(errno)), {(folder_ / relative).string()});
    write_and_close(fd, data, folder_ / relative);
}

void write_output_text(const fs::path& path, std::string_view content) {
    write_and_close(open_output_file(path).fd, content, path);
}

namespace {

bool is_within(const fs::path& path, const fs::path& folder) {
    auto p = path.begin();
    for (auto f = folder.begin(); f != folder.end(); ++f, ++p)
        if (p == path.end() || *p != *f) return false;
    return true;
}

// The target against each input, links followed. A target that does not exist yet is no input
// (inputs were read) and may lie in an input folder (a new path there destroys nothing): nothing
// is resolved then, however many images were read.
void refuse_inputs_at(const fs::path& target, const std::vector<fs::path>& inputs) {
    std::error_code error;
    if (!fs::exists(fs::symlink_status(target, error))) return;
    const fs::path written = resolved_path(target);
    if (written.empty()) return;
    const bool special = is_special_file(target);  // written into where it is: nothing inside is replaced
    for (const fs::path& input : inputs) {
        const fs::path read = resolved_path(input);
        if (read.empty()) continue;
        if (read == written)
            throw Error(fmt::format("this is an input ({}): labelkit never writes over what it reads", input.string()),
                        {target.string()});
        if (is_within(read, written))
            throw Error(fmt::format("this folder holds an input ({}): labelkit never writes over what it reads",
                                    input.string()),
                        {target.string()});
        if (!special && is_within(written, read))
            throw Error(fmt::format("this path lies inside an input ({}): labelkit never writes over what it reads",
                                    input.string()),
                        {target.string()});
    }
}

const char* kind_name(bool directory) { return directory ? "a folder" : "a file"; }

Error exists_without_overwrite(const fs::path& target) {
    return Error("this path exists (use --overwrite to replace it)", {target.string()});
}

// Without --overwrite an existing path is refused; with it, only one of the same kind is replaced.
void check_existing(const fs::path& target, OutputKind kind, bool overwrite) {
    std::error_code error;
    const fs::file_status link = fs::symlink_status(target, error);
    if (!fs::exists(link)) return;
    if (!overwrite) throw exists_without_overwrite(target);
    const bool directory = fs::is_directory(fs::status(target, error));
    const bool wanted = kind == OutputKind::directory;
    if (directory != wanted)
        throw Error(fmt::format("this is {}, and labelkit writes {} here: it does not replace {} with {}",
                                kind_name(directory), kind_name(wanted), kind_name(directory), kind_name(wanted)),
                    {target.string()});
}

fs::path parent_of(const fs::path& target) { return target.has_parent_path() ? target.parent_path() : fs::path("."); }

void check_parent(const fs::path& parent, const fs::path& target) {
    std::error_code error;
    if (fs::is_directory(parent, error)) return;
    throw Error(fmt::format("the folder {} does not exist: labelkit creates this path, not the folders above it",
                            parent.string()),
                {target.string()});
}

// Whether the temporary at path is held by a run: each run holds a lock (flock) on its own for as
// long as it lives, which the kernel drops when the run dies, however it dies.
bool locked_by_a_run(const fs::path& path) {
    const FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW));
    if (fd.get() < 0) return true;  // cannot tell: left alone
    // Only EWOULDBLOCK says a run holds it; where flock is not supported (some NFS mounts) the
    // process id decides alone.
    return ::flock(fd.get(), LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
}

// Exactly ".labelkit-tmp-<pid>-<hex>-<name>", of a process that no longer runs here and whose lock
// is free (a run in another PID namespace, sharing the folder, still holds its lock).
bool left_by_a_dead_run(const fs::path& folder, std::string_view entry, std::string_view name) {
    if (!entry.starts_with(temporary_prefix) || !entry.ends_with(name)) return false;
    std::string_view middle = entry.substr(temporary_prefix.size(), entry.size() - temporary_prefix.size() - name.size());
    int pid = 0;
    const auto [end, error] = std::from_chars(middle.data(), middle.data() + middle.size(), pid);
    if (error != std::errc() || end == middle.data() || *end != '-' || pid <= 0) return false;
    middle.remove_prefix(static_cast<std::size_t>(end - middle.data()) + 1);
    if (middle.size() < 2 || middle.back() != '-') return false;
    middle.remove_suffix(1);
    if (middle.find_first_not_of("0123456789abcdef") != std::string_view::npos) return false;
    if (::kill(pid, 0) == 0 || errno != ESRCH) return false;
    return !locked_by_a_run(folder / entry);
}

void remove_stale_temporaries(const fs::path& parent, const std::string& name, DiagnosticSink& sink) {
    std::error_code error;
    for (fs::directory_iterator it(parent, error), end; !error && it != end; it.increment(error)) {
        const std::string entry = it->path().filename().string();
        if (!left_by_a_dead_run(parent, entry, name)) continue;
        std::error_code removal;
        fs::remove_all(it->path(), removal);
        if (removal)
            sink.warn("output/stale-temporary",
                      fmt::format("cannot remove {}, left by an interrupted run: {}", it->path().string(),
                                  removal.message()));
        else
            sink.info("output/stale-temporary",
                      fmt::format("removed {}, left by an interrupted run of labelkit", it->path().string()));
    }
}

struct Temporary {
    fs::path path;
    int lock = -1;  // open on the temporary and locked (flock) until the run ends
};

Temporary create_temporary(const fs::path& parent, const std::string& name, OutputKind kind) {
    std::random_device entropy;
    for (int attempt = 0;; ++attempt) {
        // The target's name stays at the end, so that its extension (".json") still says what it is.
        const fs::path path = parent / fmt::format("{}{}-{:x}-{}", temporary_prefix, ::getpid(), entropy(), name);
        // Known to the interrupt handler before it exists: a signal in between removes nothing
        // that is not there, rather than missing what is.
        Temporaries::of_process().add(path);
        int lock = -1;
        if (kind == OutputKind::directory) {
            if (::mkdir(path.c_str(), 0777) == 0) {
                lock = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (lock < 0) {
                    const int code = errno;
                    ::rmdir(path.c_str());
                    errno = code;
                }
            }
        } else {
            lock = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        }
        if (lock >= 0) {
            ::flock(lock, LOCK_EX | LOCK_NB);  // new, so free: another run tells this one alive by it
            return {path, lock};
        }
        const int code = errno;
        Temporaries::of_process().forget(path);
        errno = code;
        if (errno != EEXIST || attempt > 100)
            throw Error(fmt::format("cannot write here: {}", error_text(errno)), {(parent / name).string()});
    }
}

// rename(2) that fails with EEXIST when `to` exists (or, where RENAME_NOREPLACE is not supported,
// a hard link for a file, a rename after a last check for a folder).
int rename_no_replace(const fs::path& from, const fs::path& to, OutputKind kind) {
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
    if (errno != EINVAL && errno != ENOSYS) return -1;
    if (kind == OutputKind::file) {
        if (::link(from.c_str(), to.c_str()) != 0) return -1;
        ::unlink(from.c_str());
        return 0;
    }
    std::error_code error;
    if (fs::exists(fs::symlink_status(to, error))) {
        errno = EEXIST;
        return -1;
    }
    return ::rename(from.c_str(), to.c_str());
}

}  // namespace

void refuse_existing_output(const fs::path& target, bool overwrite) {
    std::error_code error;
    if (overwrite || is_special_file(target) || !fs::exists(fs::symlink_status(target, error))) return;
    throw exists_without_overwrite(target);
}


AtomicOutput::AtomicOutput(OutputRequest request, DiagnosticSink& sink)
    : target_(without_trailing_separator(request.target)), kind_(request.kind), overwrite_(request.overwrite), sink_(sink) {
    if (target_.empty()) throw Error("no output path given");
    refuse_inputs_at(target_, request.inputs);
    if (is_special_file(target_)) {
        std::error_code error;
        if (kind_ == OutputKind::directory || fs::is_directory(target_, error))
            throw Error("a device, pipe or system path: labelkit writes a folder of files here, which it cannot",
                        {target_.string()});
        // Opened now and held open: a FIFO without a reader is an error at once instead of a
        // wait without end, and a reader sees one stream until the output is complete. Writers
        // write through /dev/fd/<this descriptor>, which open_output_file copies.
        if (const auto fd = own_descriptor(target_)) {
            stream_ = copy_of(*fd, target_);
        } else {
            stream_ = ::open(target_.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
            if (stream_ < 0 && errno == ENXIO)
                throw Error("a FIFO or socket that no process reads: start its reader first", {target_.string()});
            if (stream_ < 0) throw Error(fmt::format("cannot write here: {}", error_text(errno)), {target_.string()});
            ::fcntl(stream_, F_SETFL, ::fcntl(stream_, F_GETFL) & ~O_NONBLOCK);
        }
        temporary_ = fmt::format("/dev/fd/{}", stream_);
        return;
    }
    check_existing(target_, kind_, overwrite_);
    const fs::path parent = parent_of(target_);
    check_parent(parent, target_);
    remove_stale_temporaries(parent, target_.filename().string(), sink);
    Temporary temporary = create_temporary(parent, target_.filename().string(), kind_);
    temporary_ = std::move(temporary.path);
    lock_ = temporary.lock;
}

AtomicOutput::~AtomicOutput() {
    if (stream_ >= 0) ::close(stream_);
    if (!committed_ && stream_ < 0) {
        std::error_code ignored;
        fs::remove_all(temporary_, ignored);
        Temporaries::of_process().forget(temporary_);
    }
    if (lock_ >= 0) ::close(lock_);
}

std::string AtomicOutput::user_path(std::string_view path) const {
    const std::string temporary = temporary_.string();
    if (!path.starts_with(temporary) || (path.size() > temporary.size() && path[temporary.size()] != '/'))
        return std::string(path);
    return target_.string() + std::string(path.substr(temporary.size()));
}

std::string AtomicOutput::user_text(std::string text) const {
    const std::string temporary = temporary_.string();
    for (std::size_t at = text.find(temporary); at != std::string::npos; at = text.find(temporary, at + target_.string().size()))
        text.replace(at, temporary.size(), target_.string());
    return text;
}

void AtomicOutput::refuse_inputs(const std::vector<fs::path>& inputs) const {
    refuse_inputs_at(target_, inputs);
}

Error AtomicOutput::for_user(const Error& error) const {
    Location where = error.where();
    where.path = user_path(where.path);
    return Error(user_text(error.message()), std::move(where), error.rule());
}

Diagnostic AtomicOutput::for_user(Diagnostic diagnostic) const {
    diagnostic.location.path = user_path(diagnostic.location.path);
    diagnostic.message = user_text(std::move(diagnostic.message));
    return diagnostic;
}

void AtomicOutput::commit() {
    if (committed_ || stream_ >= 0) {
        committed_ = true;
        return;
    }
    std::error_code error;
    const bool exists = fs::exists(fs::symlink_status(target_, error));
    bool swapped = false;
    Temporaries::of_process().put_in_place(temporary_, [&] {
        if (!overwrite_ || !exists) {
            if (rename_no_replace(temporary_, target_, kind_) == 0) return false;
            const int code = errno;
            if (code == EEXIST || code == ENOTEMPTY)
                throw Error("this path appeared while labelkit was writing it (another run?): it was not replaced "
                            "(use --overwrite to replace it)",
                            {target_.string()});
            throw Error(fmt::format("cannot put the output in place: {}", error_text(code)), {target_.string()});
        }
        check_existing(target_, kind_, true);  // still of the same kind
        if (kind_ == OutputKind::file) {
            if (::rename(temporary_.c_str(), target_.c_str()) != 0)
                throw Error(fmt::format("cannot replace the file: {}", error_text(errno)), {target_.string()});
            return false;
        }
        // The two folders trade places atomically; the old one, now at the temporary's name, goes.
        if (::renameat2(AT_FDCWD, temporary_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) != 0)
            throw Error(fmt::format("cannot replace the folder: {}", error_text(errno)), {target_.string()});
        swapped = true;
        return true;
    });
    committed_ = true;
    if (!swapped) return;
    fs::remove_all(temporary_, error);
    Temporaries::of_process().forget(temporary_);
    if (error)
        sink_.warn("output/stale-temporary", fmt::format("the replaced output, moved to {}, could not be removed: {}",
                                                         temporary_.string(), error.message()));
}

bool is_output_temporary(const fs::path& path) { return path.filename().string().starts_with(temporary_prefix); }

TemporaryFolder::TemporaryFolder() {
    const char* system_temporary = std::getenv("TMPDIR");
    const fs::path parent = system_temporary != nullptr && *system_temporary != '\0' ? system_temporary : "/tmp";
    std::string pattern = (parent / "labelkit-XXXXXX").string();
    // mkdtemp chooses the name, so the interrupt handler learns it just after: a signal in between
    // leaves at worst an empty folder.
    if (::mkdtemp(pattern.data()) == nullptr)
        throw Error(fmt::format("cannot create a temporary folder in {}: {}", parent.string(), error_text(errno)));
    path_ = pattern;
    Temporaries::of_process().add(path_);
}

TemporaryFolder::~TemporaryFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
    Temporaries::of_process().forget(path_);
}

void remove_temporaries_on_interrupt(std::function<void()> before_exit) {
    ::signal(SIGPIPE, SIG_IGN);
    ::signal(SIGXFSZ, SIG_IGN);
    sigset_t interrupts;
    sigemptyset(&interrupts);
    for (const int signal : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&interrupts, signal);
    // Blocked here, before any other thread starts, so that every thread inherits the mask and
    // only the waiting thread ever takes these signals.
    pthread_sigmask(SIG_BLOCK, &interrupts, nullptr);
    std::thread([interrupts, before_exit = std::move(before_exit)] {
        int signal = 0;
        if (sigwait(&interrupts, &signal) != 0) return;
        Temporaries::of_process().remove_all();
        if (before_exit) before_exit();
        ::signal(signal, SIG_DFL);
        sigset_t just_this;
        sigemptyset(&just_this);
        sigaddset(&just_this, signal);
        pthread_sigmask(SIG_UNBLOCK, &just_this, nullptr);
        ::raise(signal);
        ::_exit(128 + signal);
    }).detach();
}

}  // namespace labelkit
