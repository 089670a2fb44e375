#pragma once
// JSON text output without a DOM: JsonText formats values into a growable memory buffer
// (numbers in shortest round-trip form, as fmt's "{}" prints them; strings escaped as JSON
// requires), JsonFile writes such buffers to a file.
#include <cstdint>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace labelkit::coco {

class JsonText {
public:
    void raw(std::string_view text) { append(text.data(), text.size()); }
    void raw(char c) {
        if (size_ == capacity_) grow(1);
        data_[size_++] = c;
    }
    void number(double value);  // throws Error for NaN and infinities (not JSON)
    void integer(std::int64_t value);
    void string(std::string_view text);
    void json(const nlohmann::json& value);

    std::string_view text() const { return {data_.get(), size_}; }
    std::size_t size() const { return size_; }
    void clear() { size_ = 0; }

private:
    void append(const char* text, std::size_t size);
    char* reserve(std::size_t bytes) {
        if (capacity_ - size_ < bytes) grow(bytes);
        return data_.get() + size_;
    }
    void grow(std::size_t bytes);

    std::unique_ptr<char[]> data_;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
};

class JsonFile {
public:
    explicit JsonFile(const std::filesystem::path& path);  // creates or truncates; throws Error
    ~JsonFile();
    JsonFile(const JsonFile&) = delete;
    JsonFile& operator=(const JsonFile&) = delete;

    void write(std::string_view text);  // at the end of what was written so far
    // Writes text at a given offset (from several threads at once, each its own range). Into a
    // pipe or device, which cannot seek, the ranges must come in order, without gaps, and a call
    // waits for the ranges before it: they are written one after the other.
    void write_at(std::string_view text, std::uint64_t offset);
    // What was written at [offset, offset + length) (a seekable file).
    std::string read_at(std::uint64_t offset, std::size_t length) const;
    std::uint64_t size() const { return size_; }
    void skip_to(std::uint64_t size) { size_ = size; }  // after write_at filled up to size
    void close();  // throws Error on failure

private:
    void write_all(std::string_view text, std::uint64_t offset) const;

    std::string path_;
    int fd_ = -1;
    std::uint64_t size_ = 0;
    bool seekable_ = true;
    std::mutex order_;
    std::condition_variable turn_;
    std::uint64_t streamed_ = 0;  // bytes written so far into a file that cannot seek
    bool failed_ = false;
};

}  // namespace labelkit::coco
