#pragma once
// Runs independent per-file tasks across the machine's cores. Each index's exception is kept
// in its own slot, so that callers can report failures in index order, whatever the scheduling.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>
#include <string>
#include <vector>

#include "labelkit/error.hpp"

namespace labelkit::voc {

// Calls task(i) for every i in [0, count) on up to hardware_concurrency() threads.
// Returns one exception_ptr per index (null where the task succeeded).
template <class Task>
std::vector<std::exception_ptr> parallel_for(std::size_t count, const Task& task) {
    std::vector<std::exception_ptr> failures(count);
    std::atomic<std::size_t> next{0};
    const auto worker = [&] {
        for (std::size_t i = next.fetch_add(1); i < count; i = next.fetch_add(1)) {
            try {
                task(i);
            } catch (...) {
                failures[i] = std::current_exception();
            }
        }
    };
    const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
    const std::size_t threads = std::min(cores, count);
    if (threads <= 1) {
        worker();
        return failures;
    }
    std::vector<std::jthread> pool;
    pool.reserve(threads - 1);
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    pool.clear();  // joins: every task has finished before the failures are handed out
    return failures;
}

// A task's failure as a labelkit::Error: itself, or another exception's text at the file.
inline Error as_error(const std::exception_ptr& failure, const std::string& file) {
    try {
        std::rethrow_exception(failure);
    } catch (const Error& error) {
        return error;
    } catch (const std::exception& error) {
        return Error(error.what(), {file});
    }
}

}  // namespace labelkit::voc
