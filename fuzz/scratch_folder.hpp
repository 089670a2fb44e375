#pragma once
// The parsers that read a file path (COCO mmaps its file; data.yaml, obj.data, lists, rating
// tables and configs read theirs) get each input as a file in a private folder in /dev/shm
// (memory, so no disk is worn), one folder per process, removed when the fuzzer exits.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>

class ScratchFolder {
public:
    explicit ScratchFolder(std::string_view target)
        : path_(std::filesystem::path("/dev/shm") /
                ("labelkit-fuzz-" + std::string(target) + "-" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~ScratchFolder() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    ScratchFolder(const ScratchFolder&) = delete;
    ScratchFolder& operator=(const ScratchFolder&) = delete;

    const std::filesystem::path& path() const { return path_; }

    // Creates or replaces path()/relative (and its folders) with these bytes.
    std::filesystem::path write(const std::string& relative, std::string_view bytes) const {
        const std::filesystem::path file = path_ / relative;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out.flush()) throw std::runtime_error("cannot write the fuzz input to " + file.string());
        return file;
    }
    std::filesystem::path write(const std::string& relative, const std::uint8_t* data, std::size_t size) const {
        return write(relative, std::string_view(reinterpret_cast<const char*>(data), size));
    }

private:
    std::filesystem::path path_;
};
